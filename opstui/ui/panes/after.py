"""After 事后: what was finished on the day and the day's work log."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from opstui.ui.panes.base import PhasePane, count_of, section_title, short_day
from opstui.ui.widgets.task_table import TaskTable

if TYPE_CHECKING:
    from opstui.domain.models import LogEntry, Task
    from opstui.store.repository import Repository

NO_LOG = "No work log for this day yet."


def work_log_text(entry: LogEntry | None) -> Text:
    """The work log as plain text with headings (user text never read as markup)."""
    if entry is None:
        return Text(NO_LOG, style="italic")
    text = Text()
    sections = (
        ("Summary 总结", entry.summary),
        ("Highlights 亮点", entry.highlights),
        ("Problems 问题", entry.problems),
        ("Solutions 解决", entry.solutions),
        ("Tomorrow 明日重点", "\n".join(f"{i}. {item}" for i, item in
                                         enumerate(entry.tomorrow, start=1))),
    )
    for heading, body in sections:
        if body.strip():
            if text:
                text.append("\n\n")
            text.append(heading, style="bold")
            text.append("\n" + body.strip())
    return text if text else Text("The work log of this day is empty.", style="italic")


class AfterPane(PhasePane):
    """Tasks finished on the viewed day and its work log (工作日志)."""

    def compose(self) -> ComposeResult:
        """A titled table of finished tasks, then the work log."""
        yield Static(section_title("Finished 已完成"), id="done-title", name="Finished 已完成",
                     classes="section-title")
        yield TaskTable(id="done-table", empty_text="Loading…")
        yield Static(section_title("Work log 工作日志"), id="log-title", name="Work log 工作日志",
                     classes="section-title")
        with VerticalScroll(id="log-scroll"):
            yield Static(id="work-log")

    def load(self, repo: Repository, day: date, today: date) -> None:
        """Show the tasks finished on ``day`` (archived ones too) and its work log."""
        from opstui.domain import views
        from opstui.domain.models import LogEntry, Task

        tasks: list[Task] = repo.tasks()
        if (today - day).days > repo.settings().archive_after_days:
            tasks = tasks + repo.archived(Task, years=[day.year])
        done = views.finished_on(tasks, day)
        self.query_one("#done-title", Static).update(section_title(
            "Finished 已完成", f"{short_day(day)} · {count_of(len(done), 'task')}"))
        table = self.query_one("#done-table", TaskTable)
        table.empty_text = "No tasks finished on this day"
        table.set_tasks(done, today=today)
        entry = views.log_for(repo.all(LogEntry), day)
        self.query_one("#log-title", Static).update(section_title(
            "Work log 工作日志", short_day(day) if entry else f"{short_day(day)} · not written"))
        self.query_one("#work-log", Static).update(work_log_text(entry))

    def show_unavailable(self, day: date, reason: str) -> None:
        """Empty the list and the log."""
        super().show_unavailable(day, reason)
        self.query_one("#work-log", Static).update("")
