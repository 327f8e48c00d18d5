"""PhaseTabs: the one-line tab bar of the three phases, drawn as text and clickable."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class PhaseTabs(Widget):
    """Tabs for the phase panes, with the key that shows each; posts ``Activated`` on a click.

    A single widget that renders one line of text: cheaper to start than a ``Tabs`` widget
    with one child per tab, and it shows the keys ``1`` ``2`` ``3`` where the eye looks.
    """

    DEFAULT_CSS = """
    PhaseTabs {
        height: 1;
        width: 1fr;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "phase-tabs--tab", "phase-tabs--active", "phase-tabs--key",
    }

    active: reactive[str] = reactive("")
    """Name of the highlighted tab."""

    class Activated(Message):
        """A tab was clicked."""

        def __init__(self, tabs: PhaseTabs, name: str) -> None:
            self.tabs = tabs
            self.name = name
            """Name of the clicked tab."""
            super().__init__()

        @property
        def control(self) -> PhaseTabs:
            """The tab bar."""
            return self.tabs

    def __init__(self, tabs: list[tuple[str, str, str]], *, active: str = "",
                 id: str | None = None) -> None:
        """Create the bar.

        Args:
            tabs: (name, key, label) of each tab, in order.
            active: The name of the tab shown first.
            id: Widget id.
        """
        super().__init__(id=id)
        self.tabs = tabs
        self.set_reactive(PhaseTabs.active, active or tabs[0][0])
        self._spans: list[tuple[int, int, str]] = []

    def render(self) -> Text:
        """The tabs on one line; the active one highlighted."""
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        spans: list[tuple[int, int, str]] = []
        key_style = self.get_component_rich_style("phase-tabs--key", partial=True)
        for name, key, label in self.tabs:
            style = "phase-tabs--active" if name == self.active else "phase-tabs--tab"
            tab_style = self.get_component_rich_style(style)
            start = text.cell_len
            text.append(" ", tab_style)
            text.append(key, tab_style + key_style)
            text.append(f" {label} ", tab_style)
            spans.append((start, text.cell_len, name))
            text.append(" ")
        self._spans = spans
        return text

    async def _on_click(self, event: events.Click) -> None:
        for start, end, name in self._spans:
            if start <= event.x < end:
                event.stop()
                self.post_message(self.Activated(self, name))
                return
