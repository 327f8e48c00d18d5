"""RecordTable: a row-cursor table of records (meetings, reviews, incidents, people)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from opstui.ui.widgets.scrolling import QuietScrollbars

Row = tuple[str, Sequence[Text | str]]
"""(key, cells): plain strings are shown as typed (never read as markup)."""


class RecordTable(QuietScrollbars, DataTable[Text]):
    """A table keyed by record id that keeps its cursor on the same record across refills."""

    def __init__(self, columns: Sequence[str], *, empty_text: str = "Nothing here",
                 open_label: str | None = None, id: str | None = None) -> None:
        """Create the table.

        Args:
            columns: Column headings.
            empty_text: The line shown when there are no rows.
            open_label: What Enter on a row does, shown in the key bar (hidden when None).
            id: Widget id.
        """
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        if open_label is not None:
            self._bindings.key_to_bindings["enter"] = [
                Binding("enter", "select_cursor", open_label, key_display="⏎")]
        self.keys: list[str] = []
        self.empty_text = empty_text
        self._columns = list(columns)
        self._shown: list[Row] = []
        for label in columns:
            self.add_column(label, key=label)

    def show(self, rows: Sequence[Row]) -> None:
        """Show ``rows``, keeping the cursor on the same key when it is still listed.

        Rows equal to those shown already are left alone: refilling a DataTable measures
        every cell again, and most reloads (a task marked done) change no meeting or incident.
        """
        rows = list(rows)
        if rows == self._shown and self.row_count:
            return
        self._shown = rows
        current = self.highlighted_key
        self.clear()
        self.keys = [key for key, _ in rows]
        for key, cells in rows:
            self.add_row(*[c if isinstance(c, Text) else Text(c, no_wrap=True,
                                                              overflow="ellipsis")
                           for c in cells], key=key)
        if not rows:
            blank = [Text("")] * (len(self._columns) - 1)
            self.add_row(Text(self.empty_text, style="italic dim"), *blank, key="-empty-")
        if current in self.keys:
            self.move_cursor(row=self.keys.index(current))

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
