"""Before 事前: the day's plan and the backlog to pick it from."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Static

from opstui.domain.dates import format_duration
from opstui.ui.panes.base import PhasePane, count_of, section_title, short_day
from opstui.ui.widgets.task_table import TaskTable

if TYPE_CHECKING:
    from opstui.store.repository import Repository

LOADING = "Loading…"


class BeforePane(PhasePane):
    """The plan of the viewed day (in order, with its load) and the backlog by priority."""

    def compose(self) -> ComposeResult:
        """A titled table for the plan, then one for the backlog."""
        yield Static(section_title("Plan 计划"), id="plan-title", name="Plan 计划",
                     classes="section-title")
        yield TaskTable(id="plan-table", empty_text=LOADING)
        yield Static(section_title("Backlog 待办"), id="backlog-title", name="Backlog 待办",
                     classes="section-title")
        yield TaskTable(id="backlog-table", empty_text=LOADING)

    def load(self, repo: Repository, day: date, today: date) -> None:
        """Show the plan of ``day`` and the open tasks not planned for it."""
        from opstui.domain import views
        from opstui.domain.models import Task

        tasks = repo.tasks()
        by_id = {t.id: t for t in tasks}
        plan = repo.plan_for(day)
        if plan is not None:
            for task_id in plan.task_ids:
                if task_id not in by_id and (found := repo.get(Task, task_id)) is not None:
                    by_id[task_id] = found  # finished long ago: in an archive file
        planned = views.planned_tasks(plan, by_id)
        over = False
        if plan is None:
            detail = f"{short_day(day)} · no plan made"
        else:
            load = views.plan_load(plan, planned, repo.settings().default_estimate_minutes)
            detail = (
                f"{short_day(day)} · {count_of(len(planned), 'task')} · "
                f"{format_duration(load.planned_minutes) if load.planned_minutes else '0m'} "
                f"of {format_duration(load.available_minutes)} "
                f"({plan.capacity_hours:g}h, {load.buffer_pct}% buffer)"
            )
            over = load.over
            if over:
                detail += " · over capacity"
        plan_table = self.query_one("#plan-table", TaskTable)
        plan_table.empty_text = "No tasks planned for this day"
        plan_table.set_tasks(planned, today=today)
        plan_title = self.query_one("#plan-title", Static)
        plan_title.update(section_title("Plan 计划", detail))
        plan_title.set_class(over, "-over")

        backlog = views.backlog(tasks, exclude={t.id for t in planned})
        backlog_table = self.query_one("#backlog-table", TaskTable)
        backlog_table.empty_text = "The backlog is empty: no open tasks"
        backlog_table.set_tasks(backlog, today=today)
        self.query_one("#backlog-title", Static).update(section_title(
            "Backlog 待办", f"{count_of(len(backlog), 'open task')} · by priority, then due date"))
