"""What the Before pane does besides planning: task and goal forms, support, recurring work;
each saves through one action (``app.act``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.widgets import Input, OptionList

from opstui.ui.panes.base import PhasePane
from opstui.ui.widgets.goal_list import GoalList
from opstui.ui.widgets.task_table import TaskTable

if TYPE_CHECKING:
    from opstui.actions.errors import Outcome
    from opstui.domain.dayplan import PlanView
    from opstui.domain.models import Goal, Recurrence, ResourceRequest, Task
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
    def _act(self, action: Callable[..., Outcome], *args: Any, **kwargs: Any) -> Outcome | None:
        """Run an action through the app's one write path (message, refusal, reload)."""
        return self.ops.act(action, *args, **kwargs)

    def _current(self, table_id: str | None = None) -> Task | None:
        """The stored task highlighted in ``table_id`` (default: the focused task table, if any)."""
        from opstui.domain.models import Task

        if table_id is None:
            focused = self.screen.focused
            if not isinstance(focused, TaskTable) or self not in focused.ancestors:
                return None  # keys act on the focused list only
            table_id = focused.id
        shown = self.query_one(f"#{table_id}", TaskTable).highlighted_task
        return self.repo.get(Task, shown.id) if shown is not None and self.repo else None

    # -- tasks and goals ---------------------------------------------------------------------
    def _add_task(self, result: tuple[Task, date | None] | None) -> None:
        from opstui.actions.tasks import add_task
        from opstui.actions.unit import NOT_COMPARED

        if result is not None:
            task, plan_day = result
            fields = task.model_dump(exclude_defaults=True, exclude=set(NOT_COMPARED))
            self._act(add_task, fields, plan_day=plan_day)

    def _edit_task(self, original: Task, result: tuple[Task, date | None] | None) -> None:
        from opstui.actions.tasks import edit_task

        if result is not None:
            edited, plan_day = result
            self._act(edit_task, original, edited, plan_day=plan_day)

    def action_add_task(self) -> None:
        """Add a task (the form reads quick-add tokens in the title)."""
        from opstui.ui.screens.task_form import task_form

        self.app.push_screen(task_form(self.today), self._add_task)

    def action_edit_task(self) -> None:
        """Edit the highlighted task of the focused list."""
        from opstui.ui.screens.task_form import task_form

        task = self._current()
        if task is not None:
            self.app.push_screen(task_form(self.today, task),
                                 lambda result: self._edit_task(task, result))

    def action_filter(self) -> None:
        """Show and focus the backlog filter."""
        box = self.query_one("#backlog-filter", Input)
        box.add_class("-shown")
        box.can_focus = True  # until it loses focus: Tab does not come back to it
        box.focus()

    def action_add_goal(self) -> None:
        """Add a goal (current week by default)."""
        from opstui.domain.dates import iso_week_label
        from opstui.domain.models import Metric
        from opstui.ui.screens.goal_form import goal_form

        if self.repo is None:
            return

        def saved(goal: Goal | None) -> None:
            from opstui.actions.goals import add_goal

            if goal is not None and self._act(
                    add_goal, goal.title, goal.period, owner=goal.owner,
                    metric=goal.metric_id, target=goal.target, baseline=goal.baseline,
                    direction=goal.direction.value) is not None:
                self.query_one(GoalList).focus()  # b breaks the new goal down

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
            from opstui.actions.goals import break_down

            if lines:
                self._act(break_down, goal.id, lines)

        self.app.push_screen(BreakdownScreen(goal.title, self.today), chosen)

    # -- support and recurring work ----------------------------------------------------------
    def action_request_support(self) -> None:
        """Ask a department for support on the highlighted task."""
        from opstui.ui.screens.resource_form import resource_form

        task = self._current()
        if task is None:
            return

        def saved(request: ResourceRequest | None) -> None:
            from opstui.actions.support import request_support

            if request is not None:
                self._act(request_support, task.id, request.department, request.what,
                          needed_by=request.needed_by, contact=request.contact)

        self.app.push_screen(resource_form(task, self.today), saved)

    def action_answer_support(self, status: str) -> None:
        """Mark the highlighted support request confirmed or refused."""
        options = self.query_one("#support-list", OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self.requests):
            self.notify("No support request highlighted")
            return
        from opstui.actions.support import answer_support

        request = self.requests[index]
        if status == "refused":
            from opstui.domain.models import Task
            from opstui.ui.screens.resource_form import refusal_form

            def refused(result: ResourceRequest | None) -> None:
                if result is not None:
                    self._act(answer_support, request.id, "refused", result.note)

            task = self.repo.get(Task, request.task_id) if self.repo else None
            self.app.push_screen(refusal_form(request, task), refused)
            return
        self._act(answer_support, request.id, status)

    def action_add_recurring(self) -> None:
        """Add recurring work; its next occurrence goes in the backlog."""
        from opstui.ui.screens.resource_form import recurrence_form

        def saved(template: Recurrence | None) -> None:
            from opstui.actions.recurring import add_recurring

            if template is not None:
                self._act(add_recurring, template.title, template.rrule,
                          start=template.dtstart, priority=template.priority.value,
                          owner=template.owner, estimate_minutes=template.estimate_minutes,
                          tags=template.tags)

        self.app.push_screen(recurrence_form(self.today), saved)

