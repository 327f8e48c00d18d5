"""What the Before pane does besides planning: writes, task and goal forms, support, recurring."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.widgets import Input, OptionList

from opstui.ui.panes.base import PhasePane, count_of
from opstui.ui.widgets.goal_list import GoalList
from opstui.ui.widgets.task_table import TaskTable

if TYPE_CHECKING:
    from opstui.domain.dayplan import PlanView
    from opstui.domain.models import DayPlan, Goal, Recurrence, ResourceRequest, Task
    from opstui.domain.quickadd import QuickAdd
    from opstui.store.repository import Repository


class BeforeActions(PhasePane):
    """The Before pane's writes and forms; ``BeforePane`` adds the layout and the plan keys."""

    repo: Repository | None
    day: date
    today: date
    view: PlanView | None
    requests: list[ResourceRequest]

    # -- helpers -----------------------------------------------------------------------------
    def _write(self, change: Callable[[Repository], object], done: str = "") -> bool:
        """Run ``change`` on the repository; say why if it cannot be written."""
        from pydantic import ValidationError

        from opstui.store.storage import DataFileError, ReadOnlyError

        if self.repo is None:
            self.notify("No data file is open", severity="error")
            return False
        try:
            change(self.repo)
        except ReadOnlyError:
            self.notify("Read-only: nothing was saved", severity="error")
            return False
        except (DataFileError, ValidationError, ValueError) as exc:
            self.notify(str(exc).splitlines()[0], severity="error", markup=False)
            return False
        if done:
            self.notify(done, markup=False)
        self.app.reload_panes()  # type: ignore[attr-defined]
        return True

    def _plan(self, repo: Repository) -> DayPlan:
        from opstui.domain.planning import new_plan

        return repo.plan_for(self.day) or new_plan(self.day, repo.settings())

    def _current(self, table_id: str | None = None) -> Task | None:
        """The stored task highlighted in ``table_id`` (default: the focused task table)."""
        from opstui.domain.models import Task

        if table_id is None:
            focused = self.screen.focused
            table_id = focused.id if isinstance(focused, TaskTable) else "plan-table"
        shown = self.query_one(f"#{table_id}", TaskTable).highlighted_task
        return self.repo.get(Task, shown.id) if shown is not None and self.repo else None

    # -- tasks and goals ---------------------------------------------------------------------
    def _save_task(self, result: tuple[Task, date | None] | None, *, new: bool) -> None:
        from opstui.domain.planning import plan_with

        if result is None:
            return
        task, plan_day = result

        def change(repo: Repository) -> None:
            from opstui.domain.planning import new_plan

            with repo.transaction():
                saved = repo.add(task) if new else repo.save(task)
                if plan_day is not None:
                    plan = repo.plan_for(plan_day) or new_plan(plan_day, repo.settings())
                    repo.save(plan_with(plan, [saved.id]))

        self._write(change, f"{'Added' if new else 'Saved'}: {task.title}")

    def action_add_task(self) -> None:
        """Add a task (the form reads quick-add tokens in the title)."""
        from opstui.ui.screens.task_form import task_form

        self.app.push_screen(task_form(self.today),
                             lambda result: self._save_task(result, new=True))

    def action_edit_task(self) -> None:
        """Edit the highlighted task of the focused list."""
        from opstui.ui.screens.task_form import task_form

        task = self._current()
        if task is not None:
            self.app.push_screen(task_form(self.today, task),
                                 lambda result: self._save_task(result, new=False))

    def action_filter(self) -> None:
        """Show and focus the backlog filter."""
        box = self.query_one("#backlog-filter", Input)
        box.add_class("-shown")
        box.focus()

    def action_add_goal(self) -> None:
        """Add a goal (current week by default)."""
        from opstui.domain.dates import iso_week_label
        from opstui.domain.models import Metric
        from opstui.ui.screens.goal_form import goal_form

        if self.repo is None:
            return

        def saved(goal: Goal | None) -> None:
            if goal is not None:
                self._write(lambda repo: repo.add(goal), f"Goal added: {goal.title}")

        self.app.push_screen(goal_form(self.repo.all(Metric), iso_week_label(self.day)), saved)

    def action_breakdown(self) -> None:
        """Break the highlighted goal into tasks, one quick-add line each."""
        from opstui.ui.screens.breakdown import BreakdownScreen

        item = self.query_one(GoalList).highlighted_goal
        if item is None:
            self.notify("Highlight a goal first (g adds one)")
            return
        goal = item.goal

        def chosen(lines: list[QuickAdd] | None) -> None:
            if lines:
                self._write(lambda repo: create_tasks(repo, lines, goal.id),
                            f"{count_of(len(lines), 'task')} added to {goal.title}")

        self.app.push_screen(BreakdownScreen(goal.title, self.today), chosen)

    # -- support and recurring work ----------------------------------------------------------
    def action_request_support(self) -> None:
        """Ask a department for support on the highlighted task."""
        from opstui.ui.screens.resource_form import resource_form

        task = self._current()
        if task is None:
            return

        def saved(request: ResourceRequest | None) -> None:
            if request is not None:
                self._write(lambda repo: repo.add(request),
                            f"Support requested from {request.department}")

        self.app.push_screen(resource_form(task, self.today), saved)

    def action_answer_support(self, status: str) -> None:
        """Mark the highlighted support request confirmed or refused."""
        options = self.query_one("#support-list", OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self.requests):
            self.notify("No support request highlighted")
            return
        request = self.requests[index]
        if status == "refused":
            from opstui.domain.models import Task
            from opstui.ui.screens.resource_form import refusal_form

            def refused(result: ResourceRequest | None) -> None:
                if result is not None:
                    self._write(lambda repo: repo.save(result),
                                f"{request.department}: {request.what} refused")

            task = self.repo.get(Task, request.task_id) if self.repo else None
            self.app.push_screen(refusal_form(request, task), refused)
            return
        self._write(lambda repo: repo.save(request.evolve(status=status)),
                    f"{request.department}: {request.what} {status}")

    def action_add_recurring(self) -> None:
        """Add recurring work; its instances appear in the weeks viewed."""
        from opstui.ui.screens.resource_form import recurrence_form

        def saved(template: Recurrence | None) -> None:
            if template is not None:
                self._write(lambda repo: repo.add(template), f"Recurring: {template.title}")

        self.app.push_screen(recurrence_form(self.today), saved)


def create_tasks(repo: Repository, lines: Sequence[Any], goal_id: str | None) -> list[Task]:
    """Create a task per quick-add line, on ``goal_id``, in one save; plan those with
    ``plan:``."""
    from opstui.domain.models import Task
    from opstui.domain.planning import new_plan, plan_with

    created = []
    with repo.transaction():
        for line in lines:
            task = repo.add(Task(goal_id=goal_id, **line.task_fields()))
            created.append(task)
            if line.plan_day is not None:
                plan = repo.plan_for(line.plan_day) or new_plan(line.plan_day, repo.settings())
                repo.save(plan_with(plan, [task.id]))
    return created

