"""Breakdown: several tasks for a goal at once, one quick-add line each; all valid or none."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from opstui.domain.dates import format_duration
from opstui.domain.quickadd import QuickAdd, QuickAddError, parse_lines

HELP = ("One task per line:  Title words !P1 @owner due:fri ~2h #tag plan:today   "
        "(multi-word dates with - or _: due:next-mon)")


def problems_text(errors: list[QuickAddError]) -> Text:
    """Every bad line's error, one per line."""
    text = Text()
    for error in errors:
        if text:
            text.append("\n")
        text.append(f"✗ {error}", style="bold red")
    return text


def preview_text(parsed: list[QuickAdd]) -> Text:
    """What will be created, one short line per task."""
    text = Text()
    for item in parsed:
        if text:
            text.append("\n")
        text.append("✓ ", style="green")
        text.append(item.title)
        bits = [item.priority or "", f"@{item.owner}" if item.owner else "",
                f"due {item.due:%a %m-%d}" if item.due else "",
                f"~{format_duration(item.estimate_minutes)}" if item.estimate_minutes else "",
                " ".join(f"#{t}" for t in item.tags),
                f"plan {item.plan_day:%a %m-%d}" if item.plan_day else ""]
        shown = "  ".join(b for b in bits if b)
        if shown:
            text.append(f"  {shown}", style="dim")
    return text


class BreakdownScreen(ModalScreen[list[QuickAdd] | None]):
    """Type tasks for a goal; ctrl+s creates them all, only if every line is valid."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Create tasks", tooltip="Create every task", id="breakdown.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving",
                id="breakdown.cancel"),
    ]

    DEFAULT_CSS = """
    BreakdownScreen { align: center middle; background: $background 60%; }
    BreakdownScreen #breakdown-box {
        width: 100; max-width: 98%; height: auto; max-height: 96%;
        border: round $accent; background: $surface; padding: 0 1;
        border-title-color: $text-accent; border-title-style: bold;
    }
    BreakdownScreen #breakdown-help { color: $text-muted; height: auto; }
    BreakdownScreen TextArea { height: 10; }
    BreakdownScreen #breakdown-errors { height: auto; max-height: 8; }
    BreakdownScreen #breakdown-preview { height: auto; max-height: 8; color: $foreground; }
    """

    def __init__(self, goal_title: str, today: date, text: str = "") -> None:
        """Create the screen.

        Args:
            goal_title: The goal the tasks serve (shown on the border).
            today: For dates typed as words.
            text: Lines to start with.
        """
        super().__init__()
        self.goal_title = goal_title
        self.today = today
        self.start_text = text
        self.parsed: list[QuickAdd] = []
        self.errors: list[QuickAddError] = []

    def compose(self) -> ComposeResult:
        """Help line, the lines, the errors, the preview."""
        with Vertical(id="breakdown-box") as box:
            box.border_title = Text(f"Break down: {self.goal_title}")  # type: ignore[assignment]
            box.border_subtitle = "ctrl+s creates all · escape cancels"
            yield Static(HELP, id="breakdown-help", markup=False)
            yield TextArea(self.start_text, id="breakdown-lines", show_line_numbers=True,
                           soft_wrap=False)
            yield Static("", id="breakdown-errors", markup=False)
            yield Static("", id="breakdown-preview", markup=False)

    def on_mount(self) -> None:
        """Check the starting text; focus the lines."""
        self._check()
        self.query_one(TextArea).focus()

    @property
    def text(self) -> str:
        """The lines as typed."""
        return self.query_one(TextArea).text

    def _check(self) -> None:
        self.parsed, self.errors = parse_lines(self.text, self.today)
        self.query_one("#breakdown-errors", Static).update(problems_text(self.errors))
        self.query_one("#breakdown-preview", Static).update(preview_text(self.parsed))

    @on(TextArea.Changed)
    def _changed(self) -> None:
        self._check()

    def action_save(self) -> None:
        """Create the tasks, or stay open showing what is wrong (nothing saved)."""
        self._check()
        if self.errors:
            self.notify(f"Nothing saved: {len(self.errors)} line(s) to fix", severity="error")
            return
        if not self.parsed:
            self.query_one("#breakdown-errors", Static).update(
                Text("✗ type at least one task", style="bold red"))
            return
        self.dismiss(self.parsed)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
