"""RecordTable: a row-cursor table of records (meetings, reviews, incidents, people)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from opstui.ui.widgets.scrolling import QuietScrollbars

MIN_FLEX = 12
"""The flex column keeps at least this many cells; narrower than that, the table scrolls."""

Row = tuple[str, Sequence[Text | str]]
"""(key, cells): plain strings are shown as typed (never read as markup)."""


def clipped(text: Text, cells: int) -> Text:
    """``text`` on one line, cut to ``cells`` with ``…`` when longer (CJK counts two)."""
    if text.cell_len <= cells:
        return text
    out = text.copy()
    out.no_wrap = True
    out.truncate(cells, overflow="ellipsis")
    return out


class RecordTable(QuietScrollbars, DataTable[Text]):
    """A table keyed by record id that keeps its cursor on the same record across refills."""

    def __init__(self, columns: Sequence[str], *, empty_text: str = "Nothing here",
                 open_label: str | None = None, flex: str | None = None,
                 id: str | None = None) -> None:
        """Create the table.

        Args:
            columns: Column headings.
            empty_text: The line shown when there are no rows.
            open_label: What Enter on a row does, shown in the key bar (hidden when None).
            flex: The column (a title) that takes the width the others leave, its text cut
                with ``…``, so the table fits the screen and the other columns stay.
            id: Widget id.
        """
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        if open_label is not None:
            self._bindings.key_to_bindings["enter"] = [
                Binding("enter", "select_cursor", open_label, key_display="⏎")]
        self.keys: list[str] = []
        self.empty_text = empty_text
        self._columns = list(columns)
        self._flex = self._columns.index(flex) if flex is not None else None
        self._shown: list[Row] = []
        self._fitted_to = 0
        self._empty_shown = ""
        for label in columns:
            self.add_column(label, key=label)

    def show(self, rows: Sequence[Row], *, force: bool = False) -> None:
        """Show ``rows``, keeping the cursor on the same key when it is still listed.

        Rows equal to those shown already are left alone: refilling a DataTable measures
        every cell again, and most reloads (a task marked done) change no meeting or incident.
        """
        rows = list(rows)
        width = self._content_width()
        if (rows == self._shown and self.row_count and not force and width == self._fitted_to
                and (rows or self._empty_shown == self.empty_text)):
            return
        self._empty_shown = self.empty_text
        self._shown = rows
        self._fitted_to = width
        current = self.highlighted_key
        self.clear()
        for column in self.columns.values():  # clear() keeps the widths of the old rows
            column.content_width = column.label.cell_len
        self.keys = [key for key, _ in rows]
        cells_of = [[c if isinstance(c, Text) else Text(c, no_wrap=True, overflow="ellipsis")
                     for c in cells] for _, cells in rows]
        room = self._flex_room(cells_of, width)
        for (key, _), cells in zip(rows, cells_of, strict=True):
            if room is not None and self._flex is not None:
                cells[self._flex] = clipped(cells[self._flex], room)
            self.add_row(*cells, key=key)
        if not rows:
            blank = [Text("")] * (len(self._columns) - 1)
            self.add_row(Text(self.empty_text, style="italic dim"), *blank, key="-empty-")
        if current in self.keys:
            self.move_cursor(row=self.keys.index(current))

    def _content_width(self) -> int:
        return self.scrollable_content_region.width if self._flex is not None else 0

    def _flex_room(self, rows: Sequence[Sequence[Text]], width: int) -> int | None:
        """Cells the flex column may use: what the other columns (as wide as their widest
        cell or heading, plus padding) leave of ``width``; None when not laid out yet."""
        if self._flex is None or width <= 0:
            return None
        used = 0
        for index, label in enumerate(self._columns):
            if index == self._flex:
                continue
            used += max([cell_len(label), *(row[index].cell_len for row in rows)])
            used += 2 * self.cell_padding
        return max(MIN_FLEX, width - used - 2 * self.cell_padding - 1)

    def on_resize(self) -> None:
        """Fit the flex column to the new width."""
        if self._flex is not None and self._content_width() != self._fitted_to:
            self.show(self._shown, force=True)

    @property
    def highlighted_key(self) -> str | None:
        """The key of the row under the cursor (None when empty)."""
        if not self.keys or self.cursor_row >= len(self.keys):
            return None
        return self.keys[self.cursor_row]

    def select_key(self, key: str) -> None:
        """Put the cursor on the row of ``key``, if listed."""
        if key in self.keys:
            self.move_cursor(row=self.keys.index(key))
