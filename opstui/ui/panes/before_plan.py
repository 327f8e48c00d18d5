"""The Before pane's plan keys: plan and unplan, reorder, capacity, the week's load, rollover."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from opstui.ui.panes.base import short_day
from opstui.ui.panes.before_actions import BeforeActions
from opstui.ui.widgets.task_table import TaskTable

if TYPE_CHECKING:
    from opstui.domain.rollover import Leftover
    from opstui.ui.screens.week_load import WeekData


class BeforePlanActions(BeforeActions):
    """Changes to the viewed day's plan; ``BeforePane`` adds the layout and the bindings."""

    leftover_items: list[Leftover]

    def action_plan_task(self) -> None:
        """Put the highlighted backlog task on the viewed day's plan."""
        from opstui.actions.planning import plan_task

        task = self._current("backlog-table")
        if task is None:
            self.notify("The backlog has no task to plan")
            return
        self._act(plan_task, self.day, [task.id])

    def action_unplan_task(self) -> None:
        """Take the highlighted planned task off the plan (the task itself stays)."""
        from opstui.actions.planning import unplan_task

        task = self._current("plan-table")
        if task is None or self.view is None or self.view.plan is None:
            return
        self._act(unplan_task, self.day, [task.id])

    def action_move(self, offset: int) -> None:
        """Move the highlighted planned task ``offset`` places."""
        from opstui.actions.planning import move_in_plan

        table = self.query_one("#plan-table", TaskTable)
        task = table.highlighted_task
        if task is None or self.view is None or self.view.plan is None:
            return
        ids = self.view.plan.task_ids
        if task.id not in ids or not 0 <= ids.index(task.id) + offset < len(ids):
            return  # already first or last: nothing to save
        if self._act(move_in_plan, self.day, task.id, offset, quiet=True) is not None:
            table.focus()

    def action_capacity(self) -> None:
        """Set the viewed day's capacity and buffer."""
        from opstui.actions.planning import plan_of
        from opstui.ui.screens.resource_form import CapacityChoice, capacity_form

        if self.repo is None:
            return
        plan = plan_of(self.repo, self.day)  # shown in the form; the action saves it

        def saved(choice: CapacityChoice | None) -> None:
            from opstui.actions.planning import set_capacity

            if choice is None:
                return
            result = choice.plan
            done = self._act(set_capacity, self.day, result.capacity_hours, result.buffer_pct)
            if done is not None and choice.weekday_default and self.repo is not None:
                self.ops.settings_hook.save(
                    self.repo.settings().with_day_default(
                        result.day, result.capacity_hours, result.buffer_pct))

        self.app.push_screen(capacity_form(plan), saved)

    def week_data(self, day: date) -> WeekData | None:
        """The week holding ``day``: each day's load, planned tasks and recurring work."""
        from opstui.domain.models import DayPlan, Recurrence
        from opstui.domain.planning import week_load
        from opstui.domain.recurrence import planned_occurrences
        from opstui.ui.screens.week_load import WeekData

        repo = self.repo
        if repo is None:
            return None
        plans = {p.day: p for p in repo.all(DayPlan)}
        tasks = {t.id: t for t in repo.tasks()}
        settings = repo.settings()
        days = week_load(day, plans, tasks, settings.default_estimate_minutes,
                         settings.week_of(day).weekday())
        recurring: dict[date, list[str]] = {}
        for when, template in planned_occurrences(repo.all(Recurrence), tasks.values(),
                                                  max(days[0].day, self.today), days[-1].day):
            recurring.setdefault(when, []).append(template.title)
        planned = {d.day: [tasks[i] for i in dict.fromkeys(plans[d.day].task_ids) if i in tasks]
                   for d in days if d.day in plans}
        return WeekData(days, planned, recurring)

    def action_week(self) -> None:
        """The week to plan from: each day's load and tasks; enter views a day, < > move a
        task to the day before or after."""
        from opstui.domain.dates import iso_week_label
        from opstui.ui.screens.week_load import WeekLoadScreen

        week = self.week_data(self.day)
        if week is None:
            return

        def chosen(day: date | None) -> None:
            if day is not None:
                self.app.day = day  # type: ignore[attr-defined]

        def move(task_id: str, from_day: date, to_day: date) -> WeekData | None:
            from opstui.actions.planning import move_to_day

            if self._act(move_to_day, from_day, task_id, to_day) is None:
                return None
            return self.week_data(from_day)

        self.app.push_screen(WeekLoadScreen(week, self.day, self.today,
                                            iso_week_label(self.day), move=move), chosen)

    def action_rollover(self) -> None:
        """Offer the unfinished tasks of earlier plans for the viewed day."""
        from opstui.ui.screens.rollover import RolloverResult, RolloverScreen

        if not self.leftover_items:
            self.notify(f"Nothing to roll over onto {short_day(self.day)}")
            return

        def chosen(result: RolloverResult | None) -> None:
            from opstui.actions.planning import roll_over

            if result:
                items, reason = result
                self._act(roll_over, self.day, [i.task.id for i in items], reason)

        self.app.push_screen(RolloverScreen(self.leftover_items, self.day), chosen)
