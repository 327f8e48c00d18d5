"""During 事中: the day's tasks to follow up, with what is overdue, waiting or blocked."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from opstui.ui.panes.base import PhasePane, count_of, section_title, short_day
from opstui.ui.widgets.task_table import TaskTable

if TYPE_CHECKING:
    from opstui.domain.models import Task
    from opstui.store.repository import Repository


def task_detail(task: Task | None) -> Text:
    """The highlighted task in full: title, owner, due, why it waits, acceptance standard."""
    if task is None:
        return Text("")
    text = Text(task.title, style="bold")
    facts = [f"#{task.short_id}", task.priority.value, task.status.value]
    if task.owner:
        facts.append(f"owner {task.owner}")
    if task.due:
        facts.append(f"due {task.due.isoformat()}")
    if task.estimate_minutes:
        from opstui.domain.dates import format_duration

        facts.append(f"est. {format_duration(task.estimate_minutes)}")
    if task.tags:
        facts.append(" ".join(f"#{tag}" for tag in task.tags))
    text.append("\n" + " · ".join(facts))
    if task.status.needs_reason and task.status_reason:
        text.append(f"\n{task.status.value.capitalize()}: {task.status_reason}")
    elif task.acceptance:
        text.append(f"\nAccepted when: {task.acceptance}")
    return text


class DuringPane(PhasePane):
    """Tasks planned for the day, due that day, in flight or overdue."""

    def compose(self) -> ComposeResult:
        """A titled table of the day's tasks and a detail box for the highlighted one."""
        yield Static(section_title("Today's work 今日任务"), id="during-title",
                     name="Today's work 今日任务", classes="section-title")
        yield TaskTable(id="day-table", empty_text="Loading…")
        yield Static(id="task-detail")

    def load(self, repo: Repository, day: date, today: date) -> None:
        """Show what needs following up on ``day``."""
        from opstui.domain import views

        tasks = views.day_tasks(repo.tasks(), day, repo.plan_for(day))
        counts = views.count_day(tasks, day)
        parts = [short_day(day), count_of(counts.total, "task")]
        for number, word in ((counts.overdue, "overdue"), (counts.blocked, "blocked"),
                             (counts.waiting, "waiting"), (counts.done, "done")):
            if number:
                parts.append(f"{number} {word}")
        self.query_one("#during-title", Static).update(
            section_title("Today's work 今日任务" if day == today else "The day's work 当日任务",
                          " · ".join(parts)))
        table = self.query_one("#day-table", TaskTable)
        table.empty_text = "Nothing planned, due, in progress or overdue for this day"
        table.set_tasks(tasks, today=day)
        self.query_one("#task-detail", Static).update(task_detail(table.highlighted_task))

    def show_unavailable(self, day: date, reason: str) -> None:
        """Empty the list and the detail box."""
        super().show_unavailable(day, reason)
        self.query_one("#task-detail", Static).update("")

    @on(TaskTable.Highlighted, "#day-table")
    def _show_detail(self, event: TaskTable.Highlighted) -> None:
        self.query_one("#task-detail", Static).update(task_detail(event.table.highlighted_task))
