"""The task detail view (Enter on a task in During): the whole story of one task, and the
keys that change it (status, note, done, owner, due) without leaving it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from opstui.domain.models import Goal, Meeting, ProgressNote, Record, Task
from opstui.ui.widgets.key_bar import KeyBar


@dataclass(frozen=True)
class TaskStory:
    """What the view shows of a task, read fresh after every change."""

    task: Task
    notes: Sequence[ProgressNote]
    """Oldest first."""
    goal: Goal | None = None
    source: Record | None = None
    """The meeting (or other record) the task came from."""


def story_text(story: TaskStory, today: date) -> Text:
    """Title, facts, goal and source, status reason, acceptance, slips, every note."""
    task = story.task
    text = Text(task.title, style="bold")
    facts = [f"#{task.short_id}", task.priority.value, task.status.value, f"{task.percent}%",
             f"owner {task.owner or '—'}", f"due {task.due.isoformat() if task.due else '—'}"]
    if task.estimate_minutes:
        from opstui.domain.dates import format_duration

        facts.append(f"est. {format_duration(task.estimate_minutes)}")
    text.append("\n" + " · ".join(facts))
    if task.is_overdue(today):
        text.append("  OVERDUE", style="bold red")
    if task.tags:
        text.append("\nTags: " + " ".join(f"#{tag}" for tag in task.tags))
    if story.goal is not None:
        text.append("\nGoal: ", style="bold")
        text.append(f"{story.goal.title} ({story.goal.period})")
    if story.source is not None:
        text.append("\nFrom: ", style="bold")
        text.append(_source_line(story.source))
    if task.status.needs_reason and task.status_reason:
        text.append(f"\n{task.status.value.capitalize()}: ", style="bold yellow")
        text.append(task.status_reason)
    for label, value in (("Description", task.description), ("Accepted when", task.acceptance)):
        if value.strip():
            text.append(f"\n\n{label}\n", style="bold")
            text.append(value.strip())
    text.append(f"\n\nSlips ({len(task.slips)})", style="bold")
    if not task.slips:
        text.append("\nnone: never rolled over or taken off a plan", style="dim")
    for slip in task.slips:
        onto = f" → {slip.to.isoformat()}" if slip.to else ""
        text.append(f"\n{slip.day.isoformat()} {slip.action}{onto}")
        if slip.reason:
            text.append(f"  {slip.reason}", style="dim")
    text.append(f"\n\nProgress notes ({len(story.notes)}), newest first", style="bold")
    if not story.notes:
        text.append("\nnone yet: n adds one", style="dim")
    for note in reversed(story.notes):
        pct = f" {note.percent}%" if note.percent is not None else ""
        text.append(f"\n{note.at:%Y-%m-%d %H:%M}{pct}  ", style="dim")
        text.append(note.text.strip())
    return text


def _source_line(source: Record) -> str:
    if isinstance(source, Meeting):
        return f"meeting {source.title} ({source.day.isoformat()})"
    title = getattr(source, "title", None) or getattr(source, "name", None) or source.id[:8]
    return f"{type(source).__name__.lower()} {title}"


class TaskDetailScreen(ModalScreen[None]):
    """One task in full; s, n, space, o and d change it through the pane's actions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", tooltip="Back to the list", id="detail.close"),
        Binding("space", "change('toggle_done')", "Done", key_display="space",
                tooltip="Mark the task done (or reopen it)", id="detail.done"),
        Binding("s", "change('status')", "Status", tooltip="Change the task's status",
                id="detail.status"),
        Binding("n", "change('note')", "Note", tooltip="Add a progress note", id="detail.note"),
        Binding("o", "change('owner')", "Owner", tooltip="Give the task to someone else",
                id="detail.owner"),
        Binding("d", "change('due')", "Due", tooltip="Change the due date", id="detail.due"),
    ]

    DEFAULT_CSS = """
    TaskDetailScreen { align: center middle; background: $background 60%; }
    #detail-box {
        width: 96%; max-width: 110; height: 92%; border: round $accent;
        border-title-color: $text-accent; border-title-style: bold;
        background: $surface; padding: 0 1;
    }
    """

    def __init__(self, task_id: str, read: Callable[[str], TaskStory | None],
                 change: Callable[[str, str, Callable[[], None]], None], today: date) -> None:
        """Create the view.

        Args:
            task_id: The task shown.
            read: Reads the task's story as it is now (None once it is gone).
            change: Runs a change (``status``, ``note``, ``toggle_done``, ``owner``, ``due``)
                on the task through the pane's actions, then calls the callback given.
            today: For overdue.
        """
        super().__init__()
        self.task_id = task_id
        self._read = read
        self._change = change
        self.today = today

    def compose(self) -> ComposeResult:
        """The story in a scrolling box, and the key bar."""
        with VerticalScroll(id="detail-box") as box:
            box.border_title = "Task 任务"
            box.border_subtitle = "escape closes"
            yield Static(id="detail-story", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        """Show the story and let the arrow keys scroll it."""
        self.show_story()
        self.query_one("#detail-box").focus()

    def show_story(self) -> None:
        """Read the task again and show it (closes when the task is gone)."""
        story = self._read(self.task_id)
        if story is None:
            self.dismiss(None)
            return
        self.query_one("#detail-story", Static).update(story_text(story, self.today))

    def action_change(self, what: str) -> None:
        """Change the task, then show it as it is now."""
        self._change(what, self.task_id, self.show_story)

    def action_close(self) -> None:
        """Back to the list."""
        self.dismiss(None)
