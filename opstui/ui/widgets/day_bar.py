"""DayBar: the top line naming the app, the day being viewed and the data file."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from opstui.domain.dates import iso_week_label

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_NAMES_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def day_label(day: date, today: date, lang: str = "en") -> str:
    """``Mon 2026-11-23 · 2026-W48 · today`` (relative words only near today); with ``lang``
    ``zh`` (the ``date_lang`` setting): ``周一 2026-11-23 · 2026-W48 · 今天``."""
    names = WEEKDAY_NAMES_ZH if lang == "zh" else WEEKDAY_NAMES
    label = f"{names[day.weekday()]} {day.isoformat()} · {iso_week_label(day)}"
    offset = (day - today).days
    words = ({0: "今天", -1: "昨天", 1: "明天"} if lang == "zh"
             else {0: "today", -1: "yesterday", 1: "tomorrow"})
    relative = words.get(offset)
    if relative is None:
        relative = f"{offset:+d} 天" if lang == "zh" else f"{offset:+d} days"
    return f"{label} · {relative}"


def shorten_path(path: str, width: int) -> str:
    """``path`` cut from the left with an ellipsis so it fits ``width`` cells."""
    if cell_len(path) <= width:
        return path
    if width <= 1:
        return "…"[:width]
    tail = path[-width:]
    while cell_len(tail) > width - 1:
        tail = tail[1:]
    return "…" + tail


class DayBar(Widget):
    """One line: app title and the viewed day on the left, the data file on the right."""

    DEFAULT_CSS = """
    DayBar {
        height: 1;
        dock: top;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "day-bar--title", "day-bar--day", "day-bar--today", "day-bar--file",
    }

    day: reactive[date | None] = reactive(None)
    today: reactive[date | None] = reactive(None)
    data_file: reactive[str] = reactive("")
    read_only: reactive[bool] = reactive(False)
    lang: reactive[str] = reactive("en")
    """The language of the day's name (the ``date_lang`` setting)."""
    sync: reactive[str] = reactive("")
    """The team sync's state ("synced 14:05"); "" when the data set is not shared."""

    def __init__(self, title: str, *, id: str | None = None) -> None:
        """Create the bar.

        Args:
            title: The app title shown first.
            id: Widget id.
        """
        super().__init__(id=id)
        self.app_title = title

    def render(self) -> Text:
        """Title, day and file, fitted to the width of the bar."""
        width = self.size.width
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(f" {self.app_title} ", self.get_component_rich_style("day-bar--title"))
        if self.day is not None and self.today is not None:
            is_today = self.day == self.today
            style = "day-bar--today" if is_today else "day-bar--day"
            label = day_label(self.day, self.today, self.lang)
            text.append(f" {label} ", self.get_component_rich_style(style))
        if self.sync:
            text.append(f" ⇅ {self.sync} ", self.get_component_rich_style("day-bar--file"))
        right = self.data_file + (" (read-only)" if self.read_only else "")
        room = width - text.cell_len - 2
        if right and room >= 8:
            shown = shorten_path(right, room)
            text.append(" " * (room - cell_len(shown) + 1))
            text.append(shown, self.get_component_rich_style("day-bar--file"))
            text.append(" ")
        return text
