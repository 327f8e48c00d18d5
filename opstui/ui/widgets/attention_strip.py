"""AttentionStrip: one line of counts that need the manager now; a click jumps to the list."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from opstui.domain.tracking import Attention

ITEMS: tuple[tuple[str, str, str], ...] = (
    # attribute, label, key shown
    ("overdue", "overdue", "O"),
    ("blocked", "blocked", "B"),
    ("stale", "stale", "S"),
    ("unconfirmed", "unconfirmed", "U"),
    ("metric_alerts", "metric alerts", "A"),
    ("unescalated", "unescalated", "E"),
)
"""The counts in order; ``key`` is the pane key that jumps to the same list."""


class AttentionStrip(Widget):
    """Counts of overdue, blocked, stale, unconfirmed, metric alerts and unescalated incidents.

    Non-zero counts stand out; a click on a count posts ``Jump`` with its name.
    """

    DEFAULT_CSS = """
    AttentionStrip { height: 1; width: 1fr; background: $boost; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "attention-strip--hot", "attention-strip--calm", "attention-strip--key",
    }

    class Jump(Message):
        """A count was clicked: show its list."""

        def __init__(self, strip: AttentionStrip, kind: str) -> None:
            self.strip = strip
            self.kind = kind
            """The attribute name of the count (``overdue``, ``metric_alerts``...)."""
            super().__init__()

        @property
        def control(self) -> AttentionStrip:
            """The strip."""
            return self.strip

    def __init__(self, *, id: str | None = None) -> None:
        """Create the strip with every count at zero."""
        super().__init__(id=id)
        self.counts = Attention()
        self._spans: list[tuple[int, int, str]] = []
        self.tooltip = "Attention — click a count or press its key: " + " · ".join(
            f"{key} {label}" for _, label, key in ITEMS)

    def show(self, counts: Attention) -> None:
        """Show new counts."""
        self.counts = counts
        self.refresh()

    def render(self) -> Text:
        """``Attention 3 overdue O · 2 blocked B · …`` (the letter is the key).

        When that does not fit the width, ``Attention O3 B2 S5 U5 A6 E1`` (the tooltip and
        the help screen name each letter).
        """
        full = self._text(compact=False)
        if full.cell_len <= self.size.width or not self.size.width:
            return full
        return self._text(compact=True)

    def _text(self, *, compact: bool) -> Text:
        text = Text("Attention", style="bold", no_wrap=True, overflow="ellipsis", end="")
        hot = self.get_component_rich_style("attention-strip--hot")
        calm = self.get_component_rich_style("attention-strip--calm")
        key_style = self.get_component_rich_style("attention-strip--key", partial=True)
        spans = []
        for attribute, label, key in ITEMS:
            number = getattr(self.counts, attribute)
            start = text.cell_len
            style = hot if number else calm
            if compact:
                text.append(" ")
                start = text.cell_len
                text.append(key, key_style)
                text.append(str(number), style)
                spans.append((start, text.cell_len, attribute))
                continue
            text.append(f" {number} {label} ", style)
            text.append(key, key_style)
            spans.append((start, text.cell_len, attribute))
            text.append(" ·" if attribute != ITEMS[-1][0] else "")
        self._spans = spans
        return text

    async def _on_click(self, event: events.Click) -> None:
        for start, end, kind in self._spans:
            if start <= event.x < end:
                event.stop()
                self.post_message(self.Jump(self, kind))
                return

    def spans(self) -> list[tuple[int, int, str]]:
        """(start cell, end cell, count name) of each count as last drawn."""
        return list(self._spans)
