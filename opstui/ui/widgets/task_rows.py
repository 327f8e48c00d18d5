"""TaskRows: how a TaskTable draws its rows, kept line by line until something changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Region
from textual.strip import Strip

from opstui.ui.widgets.task_columns import CONTROL_TO_SPACE, Column, fit, layout

if TYPE_CHECKING:
    from opstui.domain.models import Task


class TaskRows:
    """Mixed into ``TaskTable``: rendered lines cached by (row, width, cursor, focus), and
    the component styles read from the CSS once per restyle."""

    _lines: LRUCache[tuple[object, ...], Strip]
    _styles: dict[str, Style]
    _tasks: Sequence[Task]
    _cursor: int
    _today: date | None
    _empty_text: str
    if TYPE_CHECKING:
        has_focus: bool
        scroll_y: float
        scrollable_content_region: Region
        rich_style: Style
        def get_component_rich_style(self, *names: str, partial: bool = False,
                                     default: Style | None = None) -> Style: ...
        def refresh(self, *args: Any, **kwargs: Any) -> Any: ...

    def _refocus(self) -> None:
        # Focus changes only the cursor row's look (``TaskTable:focus`` styles the cursor):
        # keep every other rendered line, so switching panes does not redraw whole lists.
        self._styles.pop("task-table--cursor", None)
        if self._drop_cursor_lines():
            self.refresh()

    def _drop_cursor_lines(self) -> bool:
        """Forget the rendered cursor row; True if there was one."""
        cursor_lines = [k for k in self._lines.keys() if len(k) == 4 and k[2]]  # noqa: SIM118 - an LRUCache does not iterate
        for key in cursor_lines:
            self._lines.discard(key)
        return bool(cursor_lines)

    def _restyle(self) -> None:
        """Take the new styles; redraw only the lines whose styles changed.

        Focus changes the CSS pseudo-class, so Textual restyles the table on every pane
        switch; usually only the cursor's style differs, and only the cursor row is redrawn.
        """
        old = self._styles
        self._styles = {}
        changed = {name for name, style in old.items()
                   if (self._base if name == "" else self._style(name)) != style}
        if not old or changed - {"task-table--cursor"}:
            self._lines.clear()
        elif changed:
            self._drop_cursor_lines()
        else:
            return
        self.refresh()

    # -- rendering -----------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        """What the CSS sets for component ``name``, colours blended as Textual draws them.

        The partial style keeps only what the CSS sets (so a row's colours show through a
        cursor that only sets a background) but drops the alpha of theme colours such as
        ``$text-muted``; the full style has them blended against the table's background.
        """
        style = self._styles.get(name)
        if style is None:
            partial = self.get_component_rich_style(name, partial=True)
            full = self.get_component_rich_style(name)
            style = partial + Style(color=full.color if partial.color else None,
                                    bgcolor=full.bgcolor if partial.bgcolor else None)
            self._styles[name] = style
        return style

    @property
    def _base(self) -> Style:
        """The table's own style (``rich_style`` walks the ancestors: worth keeping)."""
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def render_line(self, y: int) -> Strip:
        """Render screen line ``y``: the heading on line 0, then the visible rows."""
        width = self.scrollable_content_region.width
        if y == 0:
            key: tuple[object, ...] = ("header", width)
        elif not self._tasks:
            key = ("empty", width, y)
        else:
            row = round(self.scroll_y) + y - 1
            if row >= len(self._tasks):
                return Strip.blank(width, self._base)
            focused = self.has_focus and row == self._cursor
            key = (row, width, row == self._cursor, focused)
        strip = self._lines.get(key)
        if strip is None:
            if y == 0:
                strip = self._render_header(width)
            elif not self._tasks:
                strip = self._render_empty(width, y)
            else:
                strip = self._render_row(key[0], width)  # type: ignore[arg-type]
            self._lines[key] = strip
        return strip

    def _render_header(self, width: int) -> Strip:
        base = self._base + self._style("task-table--header")
        segments = [Segment(" ", base)]
        for column, size in layout(width):
            segments.append(Segment(fit(column.heading, size, right=column.right), base))
            segments.append(Segment(" ", base))
        return Strip(segments).adjust_cell_length(width, base)

    def _render_empty(self, width: int, y: int) -> Strip:
        base = self._base
        if y != 1:
            return Strip.blank(width, base)
        style = base + self._style("task-table--empty")
        return Strip([Segment(" ", base), Segment(fit(self._empty_text, width - 1), style)])

    def _render_row(self, row: int, width: int) -> Strip:
        task = self._tasks[row]
        base = self._base
        cursor = self._style("task-table--cursor") if row == self._cursor else None
        segments: list[Segment] = [Segment(" ", base)]
        for column, size in layout(width):
            segments.extend(self._cell(task, column, size, base))
            segments.append(Segment(" ", base))
        if cursor is not None:
            segments = [Segment(text, style + cursor if style is not None else cursor)
                        for text, style, _ in segments]
        return Strip(segments).adjust_cell_length(width, base + cursor if cursor else base)

    def _cell(self, task: Task, column: Column, size: int, base: Style) -> list[Segment]:
        key = column.key
        if key == "title":
            return self._title_cell(task, size, base)
        style = base
        if key == "id":
            text = task.short_id
            style = base + self._style("task-table--id")
        elif key == "priority":
            text = task.priority.value
            style = base + self._style(f"task-table--{text.lower()}")
        elif key == "status":
            text = task.status.value
            style = base + self._style(f"task-table--{text}")
        elif key == "owner":
            text = task.owner or ""
        elif key == "due":
            text = task.due.isoformat() if task.due else ""
            if task.due is not None and self._today is not None and task.is_open:
                if task.due < self._today:
                    style = base + self._style("task-table--overdue")
                elif task.due == self._today:
                    style = base + self._style("task-table--due-today")
        else:
            text = f"{task.percent}%" if task.percent or task.is_open else ""
        return [Segment(fit(text, size, right=column.right), style)]

    def _title_cell(self, task: Task, size: int, base: Style) -> list[Segment]:
        title = task.title if task.title.isprintable() else task.title.translate(CONTROL_TO_SPACE)
        reason = task.status_reason.strip() if task.status.needs_reason else ""
        used = cell_len(title)
        if not reason or used + 4 > size:
            return [Segment(fit(title, size), base)]
        return [
            Segment(title, base),
            Segment(fit(f" · {reason}", size - used), base + self._style("task-table--reason")),
        ]
