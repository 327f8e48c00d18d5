"""LoadBar: the day's planned hours against capacity minus buffer, over-planning in plain view."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from opstui.domain.dates import format_duration
from opstui.domain.planning import PlanLoad


def _dur(minutes: int) -> str:
    return format_duration(minutes) if minutes > 0 else "0m"


NO_PLAN = "No plan yet: press p on a backlog task to start one"


def load_text(load: PlanLoad | None, width: int = 40, empty: str = NO_PLAN) -> Text:
    """One line: a bar of ``width`` cells (planned ▇, free ░, buffer ┊) and the numbers.

    The bar spans the whole capacity; the last ``buffer_pct`` of it is the buffer. Planned
    work beyond the available hours is drawn in the warning colour, beyond capacity in red.
    """
    if load is None:
        return Text(empty, style="italic",
                    no_wrap=True, overflow="ellipsis")
    width = max(10, width) if width else 0
    scale = max(load.capacity_minutes, load.planned_minutes, 1)
    cells = lambda minutes: round(width * minutes / scale)  # noqa: E731
    available = cells(load.available_minutes)
    capacity = cells(load.capacity_minutes)
    planned = cells(load.planned_minutes)
    bar = Text()
    for i in range(max(capacity, planned) if width else 0):
        if i < planned:
            style = "bold green" if i < available else ("bold yellow" if i < capacity
                                                         else "bold red")
            bar.append("█", style=style)
        elif i < available:
            bar.append("░", style="dim")
        else:
            bar.append("┊", style="dim yellow")
    text = Text.assemble(bar, "  " if width else "", no_wrap=True, overflow="ellipsis")
    text.append(f"{_dur(load.planned_minutes)} of {_dur(load.available_minutes)}",
                style="bold")
    text.append(f" ({_dur(load.capacity_minutes)} − {load.buffer_pct}% buffer)")
    if load.over_capacity:
        text.append(f"  over capacity by {_dur(load.planned_minutes - load.capacity_minutes)}"
                    " (buffer all used)", style="bold red")
    elif load.over:
        text.append(f"  buffer used: {_dur(-load.free_minutes)}", style="bold yellow")
    else:
        text.append(f"  {_dur(load.free_minutes)} free", style="green")
    if load.unestimated:
        text.append(f"  · {load.unestimated} unestimated (?)", style="yellow")
    return text


class LoadBar(Static):
    """Shows a ``PlanLoad``; the pane sets ``load`` and the bar redraws at its width."""

    DEFAULT_CSS = """
    LoadBar { height: 1; width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """Create an empty bar."""
        super().__init__("", id=id, markup=False)
        self._load: PlanLoad | None = None
        self._empty = NO_PLAN

    @property
    def empty_text(self) -> str:
        """What the bar says when there is no plan."""
        return self._empty

    @empty_text.setter
    def empty_text(self, text: str) -> None:
        if text != self._empty:
            self._empty = text
            self._redraw()

    @property
    def load(self) -> PlanLoad | None:
        """The load shown."""
        return self._load

    @load.setter
    def load(self, value: PlanLoad | None) -> None:
        self._load = value
        self._redraw()

    def _redraw(self) -> None:
        width = self.size.width or 100
        words = load_text(self._load, 0).cell_len if self._load else 0
        self.update(load_text(self._load, min(40, max(10, width - words - 3)), self._empty))

    def on_resize(self) -> None:
        """Fit the bar to the new width."""
        self._redraw()
