"""ReportView: Markdown drawn once per width by rich, then scrolled line by line.

A weekly report on a big data set has hundreds of table rows; Textual's Markdown widget
builds a widget per block and takes seconds, and a plain Static re-renders it on every
scroll. This view renders the document to lines once (for the current width) and draws only
the lines on screen.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import JustifyMethod
from rich.markdown import Markdown, MarkdownElement, TableDataElement
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from opstui.ui.widgets.scrolling import QuietScrollbars


class _FoldingCell(TableDataElement):
    """A table cell whose long words fold onto the next line instead of being cut.

    rich's table columns overflow with an ellipsis, and it breaks lines only at spaces: a
    run of Chinese is one long "word", so ``付费转化率提升至 4.5%`` in a 15-cell column
    lost its 至 behind a ``…``. Folding keeps every character, as the exported file has it.
    """

    def __init__(self, justify: JustifyMethod) -> None:
        super().__init__(justify)
        self.content.overflow = "fold"


class ReportMarkdown(Markdown):
    """rich's Markdown with table cells that fold (nothing a report says is dropped)."""

    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements, "td_open": _FoldingCell, "th_open": _FoldingCell}


class ReportView(QuietScrollbars, ScrollView, can_focus=True):
    """A scrolling, read-only Markdown document."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Up", show=False, id="report.scroll_up"),
        Binding("down", "scroll_down", "Down", show=False, id="report.scroll_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="report.page_up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="report.page_down"),
        Binding("home", "scroll_home", "Top", show=False, id="report.scroll_home"),
        Binding("end", "scroll_end", "Bottom", show=False, id="report.scroll_end"),
    ]

    DEFAULT_CSS = """
    ReportView { height: 1fr; overflow-x: hidden; overflow-y: auto; }
    """

    def __init__(self, markdown: str = "", *, id: str | None = None) -> None:
        """Create the view showing ``markdown``."""
        super().__init__(id=id)
        self._markdown = markdown
        self._lines: list[Strip] = []
        self._width = 0

    @property
    def markdown(self) -> str:
        """The Markdown shown."""
        return self._markdown

    @property
    def text(self) -> str:
        """Every drawn line as plain text (what the reader sees, scrolled or not)."""
        self._layout(self.scrollable_content_region.width or 80)
        return "\n".join(strip.text.rstrip() for strip in self._lines)

    def update(self, markdown: str) -> None:
        """Show ``markdown`` from the top."""
        self._markdown = markdown
        self._width = 0
        self._layout(self.scrollable_content_region.width)
        self.scroll_home(animate=False)
        self.refresh()

    def _layout(self, width: int) -> None:
        if width <= 0 or width == self._width:
            return
        console = self.app.console
        options = console.options.update_width(width)
        rendered = console.render_lines(ReportMarkdown(self._markdown), options, pad=True)
        self._lines = [Strip(line, width) for line in rendered]
        self._width = width
        self.virtual_size = Size(width, len(self._lines))

    def on_resize(self, event: events.Resize) -> None:
        """Lay the document out again for a new width."""
        self._layout(self.scrollable_content_region.width)

    def render_line(self, y: int) -> Strip:
        """The document line at screen line ``y``."""
        self._layout(self.scrollable_content_region.width)
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if 0 <= index < len(self._lines):
            return self._lines[index].crop_extend(0, width, self.rich_style)
        return Strip([Segment(" " * width, self.rich_style)], width)
