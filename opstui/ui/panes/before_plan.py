"""The Before pane's plan keys: plan and unplan, reorder, capacity, the week's load, rollover."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from opstui.ui.panes.base import count_of, short_day
from opstui.ui.panes.before_actions import BeforeActions
from opstui.ui.widgets.task_table import TaskTable

if TYPE_CHECKING:
    from opstui.domain.rollover import Leftover
    from opstui.store.repository import Repository


class BeforePlanActions(BeforeActions):
    """Changes to the viewed day's plan; ``BeforePane`` adds the layout and the bindings."""

    leftover_items: list[Leftover]

    def action_plan_task(self) -> None:
        """Put the highlighted backlog task on the viewed day's plan."""
        from opstui.domain.planning import plan_with

        task = self._current("backlog-table")
        if task is None:
            self.notify("The backlog has no task to plan")
            return

        def change(repo: Repository) -> None:
            from opstui.domain.models import Task
            from opstui.domain.rollover import replanned

            with repo.transaction():
                repo.save(plan_with(self._plan(repo), [task.id]))
                fresh = repo.get(Task, task.id)
                if fresh is not None and (again := replanned(fresh, self.day)) is not fresh:
                    repo.save(again)  # planning it again undoes unplanning it that day

        self._write(change, f"Planned for {short_day(self.day)}: {task.title}")

    def action_unplan_task(self) -> None:
        """Take the highlighted planned task off the plan (the task itself stays)."""
        from opstui.domain.planning import plan_without

        task = self._current("plan-table")
        if task is None or self.view is None or self.view.plan is None:
            return
        day = self.day

        def change(repo: Repository) -> None:
            from opstui.domain.models import Task
            from opstui.domain.rollover import unplanned

            with repo.transaction():
                plan = repo.plan_for(day)
                if plan is not None:
                    repo.save(plan_without(plan, [task.id]))
                fresh = repo.get(Task, task.id)
                if fresh is not None and fresh.is_open:  # a slip: rollover leaves it alone
                    repo.save(unplanned(fresh, day))

        self._write(change, f"Off the plan: {task.title}")

    def action_move(self, offset: int) -> None:
        """Move the highlighted planned task ``offset`` places."""
        from opstui.domain.planning import plan_moved

        table = self.query_one("#plan-table", TaskTable)
        task = table.highlighted_task
        if task is None or self.view is None or self.view.plan is None:
            return
        moved = plan_moved(self.view.plan, task.id, offset)
        if moved.task_ids != self.view.plan.task_ids and self._write(lambda r: r.save(moved)):
            table.focus()

    def action_capacity(self) -> None:
        """Set the viewed day's capacity and buffer."""
        from opstui.ui.screens.resource_form import CapacityChoice, capacity_form

        if self.repo is None:
            return
        plan = self._plan(self.repo)

        def saved(choice: CapacityChoice | None) -> None:
            if choice is None:
                return
            result = choice.plan
            if self._write(lambda repo: repo.save(result),
                           f"Capacity {result.capacity_hours:g}h, buffer {result.buffer_pct}%"
                           ) and choice.weekday_default and self.repo is not None:
                self.app.settings_hook.save(self.repo.settings().with_day_default(  # type: ignore[attr-defined]
                    result.day, result.capacity_hours, result.buffer_pct))

        self.app.push_screen(capacity_form(plan), saved)

    def action_week(self) -> None:
        """Show each day's load in the viewed week; enter views that day."""
        from opstui.domain.dates import iso_week_label
        from opstui.domain.models import DayPlan
        from opstui.domain.planning import week_load
        from opstui.ui.screens.week_load import WeekLoadScreen

        repo = self.repo
        if repo is None:
            return
        plans = {p.day: p for p in repo.all(DayPlan)}
        tasks = {t.id: t for t in repo.tasks()}
        settings = repo.settings()
        days = week_load(self.day, plans, tasks, settings.default_estimate_minutes,
                         settings.week_of(self.day).weekday())

        def chosen(day: date | None) -> None:
            if day is not None:
                self.app.day = day  # type: ignore[attr-defined]

        self.app.push_screen(WeekLoadScreen(days, self.day, self.today,
                                            iso_week_label(self.day)), chosen)

    def action_rollover(self) -> None:
        """Offer the unfinished tasks of earlier plans for the viewed day."""
        from opstui.domain.rollover import Carry, roll_over
        from opstui.ui.screens.rollover import RolloverResult, RolloverScreen

        if not self.leftover_items:
            self.notify(f"Nothing to roll over onto {short_day(self.day)}")
            return

        def chosen(result: RolloverResult | None) -> None:
            if not result:
                return
            items, reason = result

            def change(repo: Repository) -> None:
                from opstui.domain.models import DayPlan, Task

                with repo.transaction():
                    fresh = {i.task.id: t for i in items
                             if (t := repo.get(Task, i.task.id)) is not None}
                    plans = {p.day: p for p in repo.all(DayPlan)}
                    done = roll_over([Carry(i.task.id, i.planned_on, reason=reason)
                                      for i in items], fresh, self._plan(repo), plans)
                    for record in done.to_save:
                        repo.save(record)

            self._write(change, f"Rolled {count_of(len(items), 'task')} onto "
                                f"{short_day(self.day)}")

        self.app.push_screen(RolloverScreen(self.leftover_items, self.day), chosen)
