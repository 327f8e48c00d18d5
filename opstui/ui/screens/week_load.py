"""The week view: each day's planned load against its capacity minus buffer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from opstui.domain.planning import DayLoad
from opstui.ui.widgets.load_bar import load_text


def day_line(item: DayLoad, today: date, recurring: Sequence[str] = ()) -> Text:
    """``Mon 11-23 · 3 tasks  ████░░┊ 3h of 6h24m …  ↻ 竞品周报``: the load, then the
    recurring work that occurs that day and is not a task yet (planned occurrences)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{item.day:%a %m-%d}", style="bold" if item.day == today else "")
    line.append(" · today " if item.day == today else "         ", style="bold")
    line.append(f"{item.tasks:>2} tasks  ")
    line.append_text(load_text(item.load, 24) if item.load else Text("no plan", style="dim"))
    if recurring:
        line.append(f"  ↻ {', '.join(recurring)}", style="italic cyan")
    return line


class WeekLoadScreen(ModalScreen[date | None]):
    """Seven days with their load; enter views that day."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,w", "cancel", "Close", tooltip="Close the week view", id="week.close"),
    ]

    DEFAULT_CSS = """
    WeekLoadScreen { align: center middle; background: $background 60%; }
    WeekLoadScreen #week-box {
        width: 120; max-width: 98%; height: auto; border: round $accent;
        background: $surface; padding: 0 1; border-title-style: bold;
    }
    WeekLoadScreen OptionList { height: auto; }
    """

    def __init__(self, days: Sequence[DayLoad], viewed: date, today: date, label: str,
                 recurring: Mapping[date, Sequence[str]] | None = None) -> None:
        """Create the view of ``days`` (``viewed`` highlighted); ``recurring`` holds the
        titles of each day's planned occurrences of recurring work (not tasks yet)."""
        super().__init__()
        self.days = list(days)
        self.recurring = dict(recurring or {})
        self.viewed = viewed
        self.today = today
        self.label = label

    def compose(self) -> ComposeResult:
        """One line per day."""
        with Vertical(id="week-box") as box:
            box.border_title = f"Week {self.label} load 周负荷"
            box.border_subtitle = "enter views the day · escape closes"
            yield OptionList(*[Option(day_line(d, self.today, self.recurring.get(d.day, ())))
                               for d in self.days],
                             id="week-list")

    def on_mount(self) -> None:
        """Highlight the viewed day."""
        options = self.query_one(OptionList)
        options.highlighted = next(
            (i for i, d in enumerate(self.days) if d.day == self.viewed), 0)
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.days[event.option_index].day)

    def action_cancel(self) -> None:
        """Close."""
        self.dismiss(None)
