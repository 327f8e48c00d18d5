"""Rollover: yesterday's (and older) unfinished planned tasks, offered for the day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from opstui.domain.rollover import Leftover

RolloverResult = tuple[list[Leftover], str]
"""The leftovers to roll onto the day, and the reason typed (may be empty)."""


def leftover_line(item: Leftover, marked: bool) -> Text:
    """``[x] P1 planned 11-22 ↻2 title @owner``."""
    task = item.task
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append("[x] " if marked else "[ ] ", style="bold green" if marked else "dim")
    line.append(f"{task.priority.value} ", style="bold")
    line.append(f"planned {item.planned_on:%a %m-%d} ", style="dim")
    if task.rollover_count:
        line.append(f"↻{task.rollover_count} ", style="bold yellow")
    line.append(task.title)
    if task.owner:
        line.append(f"  @{task.owner}", style="dim")
    return line


class RolloverScreen(ModalScreen[RolloverResult | None]):
    """Pick leftovers one by one (space) or all at once (a); enter rolls them over."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_mark", "Mark", tooltip="Mark or unmark the task",
                id="rollover.mark"),
        Binding("a", "all", "Roll all", tooltip="Roll every leftover over", id="rollover.all"),
        Binding("enter", "roll", "Roll marked", tooltip="Roll the marked tasks (or the "
                "highlighted one)", id="rollover.roll", priority=True),
        Binding("escape", "cancel", "Cancel", tooltip="Close without rolling",
                id="rollover.cancel"),
    ]

    DEFAULT_CSS = """
    RolloverScreen { align: center middle; background: $background 60%; }
    RolloverScreen #rollover-box {
        width: 100; max-width: 98%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
        border-title-color: $text-accent; border-title-style: bold;
    }
    RolloverScreen OptionList { height: auto; max-height: 20; }
    RolloverScreen #rollover-help { color: $text-muted; }
    """

    def __init__(self, leftovers: Sequence[Leftover], day: date) -> None:
        """Create the screen for ``leftovers`` to roll onto ``day``."""
        super().__init__()
        self.leftovers = list(leftovers)
        self.day = day
        self.marked: set[int] = set()

    def compose(self) -> ComposeResult:
        """The list, a reason field and the keys."""
        with Vertical(id="rollover-box") as box:
            box.border_title = f"Roll over onto {self.day:%a %Y-%m-%d} 顺延"
            box.border_subtitle = "space marks · a rolls all · enter rolls marked · escape"
            yield OptionList(*[Option(leftover_line(item, False)) for item in self.leftovers],
                             id="rollover-list")
            yield Input(placeholder="why they slipped (optional)", id="rollover-reason")
            yield Static("Each day rolled from counts once on the task (↻N) as a slip.",
                         id="rollover-help", markup=False)

    def on_mount(self) -> None:
        """Focus the list."""
        self.query_one(OptionList).focus()

    def _redraw(self, index: int) -> None:
        options = self.query_one(OptionList)
        options.replace_option_prompt_at_index(
            index, leftover_line(self.leftovers[index], index in self.marked))

    def action_toggle_mark(self) -> None:
        """Mark or unmark the highlighted leftover."""
        if isinstance(self.focused, Input):
            self.focused.insert_text_at_cursor(" ")
            return
        index = self.query_one(OptionList).highlighted
        if index is None:
            return
        self.marked.symmetric_difference_update({index})
        self._redraw(index)

    def _reason(self) -> str:
        return self.query_one("#rollover-reason", Input).value

    def action_all(self) -> None:
        """Roll every leftover."""
        if isinstance(self.focused, Input):
            self.focused.insert_text_at_cursor("a")
            return
        self.dismiss((list(self.leftovers), self._reason()))

    def action_roll(self) -> None:
        """Roll the marked leftovers, or the highlighted one when none is marked."""
        chosen = sorted(self.marked)
        if not chosen:
            index = self.query_one(OptionList).highlighted
            chosen = [index] if index is not None else []
        if chosen:
            self.dismiss(([self.leftovers[i] for i in chosen], self._reason()))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_roll()

    def action_cancel(self) -> None:
        """Close without rolling."""
        self.dismiss(None)
