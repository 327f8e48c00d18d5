"""TaskTable: a virtual list of tasks that renders only the rows on screen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from opstui.ui.widgets.scrolling import QuietScrollbars
from opstui.ui.widgets.task_columns import CONTROL_TO_SPACE, Column, fit, layout

if TYPE_CHECKING:
    from opstui.domain.models import Task

class TaskTable(QuietScrollbars, ScrollView, can_focus=True):
    """A list of tasks with a row cursor; renders only the visible rows (Line API).

    The table shows what it is given with ``set_tasks`` and never reads or writes the
    store: it posts ``Highlighted`` when the cursor lands on a task and ``Selected`` when a
    task is chosen (enter, or a click on the highlighted row).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False, id="tasks.up"),
        Binding("down", "cursor_down", "Down", show=False, id="tasks.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="tasks.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="tasks.page_down"),
        Binding("home", "first", "First task", show=False, id="tasks.first"),
        Binding("end", "last", "Last task", show=False, id="tasks.last"),
        Binding("enter", "select", "Open task", show=False, id="tasks.select"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "task-table--header",
        "task-table--cursor",
        "task-table--empty",
        "task-table--id",
        "task-table--reason",
        "task-table--overdue",
        "task-table--due-today",
        "task-table--p0",
        "task-table--p1",
        "task-table--p2",
        "task-table--p3",
        "task-table--todo",
        "task-table--doing",
        "task-table--waiting",
        "task-table--blocked",
        "task-table--done",
        "task-table--cancelled",
    }

    DEFAULT_CSS = """
    TaskTable {
        width: 1fr;
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    class Highlighted(Message):
        """The cursor moved onto a task."""

        def __init__(self, table: TaskTable, task_id: str, index: int) -> None:
            self.table = table
            self.task_id = task_id
            """Id of the highlighted task."""
            self.index = index
            """Row of the highlighted task."""
            super().__init__()

        @property
        def control(self) -> TaskTable:
            """The table that posted the message."""
            return self.table

    class Selected(Message):
        """A task was chosen (enter, or a click on the highlighted row)."""

        def __init__(self, table: TaskTable, task_id: str, index: int) -> None:
            self.table = table
            self.task_id = task_id
            """Id of the chosen task."""
            self.index = index
            """Row of the chosen task."""
            super().__init__()

        @property
        def control(self) -> TaskTable:
            """The table that posted the message."""
            return self.table

    def __init__(
        self,
        *,
        empty_text: str = "No tasks",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Create an empty table.

        Args:
            empty_text: The line shown when there are no tasks.
            name: Widget name.
            id: Widget id.
            classes: CSS classes.
            disabled: Start disabled.
        """
        self._lines: LRUCache[tuple[object, ...], Strip] = LRUCache(256)
        self._styles: dict[str, Style] = {}
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._tasks: Sequence[Task] = ()
        self._cursor = 0
        self._today: date | None = None
        self._empty_text = empty_text

    # -- data ----------------------------------------------------------------------------
    @property
    def tasks(self) -> Sequence[Task]:
        """The tasks shown, in order."""
        return self._tasks

    @property
    def row_count(self) -> int:
        """Number of task rows."""
        return len(self._tasks)

    @property
    def cursor_row(self) -> int:
        """Index of the highlighted row (0 when the table is empty)."""
        return self._cursor

    @property
    def highlighted_task(self) -> Task | None:
        """The task under the cursor, if any."""
        return self._tasks[self._cursor] if self._tasks else None

    @property
    def empty_text(self) -> str:
        """The line shown when there are no tasks."""
        return self._empty_text

    @empty_text.setter
    def empty_text(self, text: str) -> None:
        self._empty_text = text
        self._lines.clear()
        self.refresh()

    def set_tasks(self, tasks: Sequence[Task], *, today: date | None = None) -> None:
        """Show ``tasks`` (kept by reference, not copied).

        The cursor stays on the same task when it is still listed, else on the same row.

        Args:
            tasks: The tasks, in display order.
            today: The day overdue and due-today are judged against.
        """
        current = self.highlighted_task
        self._tasks = tasks
        self._today = today
        self._lines.clear()
        index = self._cursor
        if current is not None:
            index = next((i for i, t in enumerate(tasks) if t.id == current.id), index)
        self._cursor = max(0, min(index, len(tasks) - 1))
        self.virtual_size = Size(0, len(tasks) + 1)
        self._scroll_cursor_into_view()
        self.refresh()
        task = self.highlighted_task
        if task is not None and (current is None or task.id != current.id):
            self.post_message(self.Highlighted(self, task.id, self._cursor))

    # -- cursor --------------------------------------------------------------------------
    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (clamped), scroll it into view and post ``Highlighted``."""
        if not self._tasks:
            return
        row = max(0, min(row, len(self._tasks) - 1))
        if row == self._cursor:
            return
        old, self._cursor = self._cursor, row
        self.refresh_line(old + 1)
        self.refresh_line(row + 1)
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self, self._tasks[row].id, row))

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def _scroll_cursor_into_view(self) -> None:
        body = self.scrollable_content_region.height - 1
        if body <= 0:
            return
        top = round(self.scroll_y)
        if self._cursor < top:
            top = self._cursor
        elif self._cursor >= top + body:
            top = self._cursor - body + 1
        if top != round(self.scroll_y):
            self.scroll_to(y=top, animate=False, force=True)

    def action_cursor_up(self) -> None:
        """Move the cursor one row up."""
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        """Move the cursor one row down."""
        self.move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        """Move the cursor one page up."""
        self.move_cursor(self._cursor - self._page)

    def action_page_down(self) -> None:
        """Move the cursor one page down."""
        self.move_cursor(self._cursor + self._page)

    def action_first(self) -> None:
        """Move the cursor to the first task."""
        self.move_cursor(0)

    def action_last(self) -> None:
        """Move the cursor to the last task."""
        self.move_cursor(len(self._tasks) - 1)

    def action_select(self) -> None:
        """Choose the highlighted task."""
        task = self.highlighted_task
        if task is not None:
            self.post_message(self.Selected(self, task.id, self._cursor))

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = round(self.scroll_y) + offset.y - 1
        if not 0 <= row < len(self._tasks):
            return
        event.stop()
        if row == self._cursor:
            self.action_select()
        else:
            self.move_cursor(row)
            if event.chain > 1:
                self.action_select()

    def _on_resize(self, event: events.Resize) -> None:
        self._scroll_cursor_into_view()

    def _on_focus(self, event: events.Focus) -> None:
        self._refocus()

    def _on_blur(self, event: events.Blur) -> None:
        self._refocus()

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

    def notify_style_update(self) -> None:
        """Drop rendered lines when the CSS or theme changes."""
        self._restyle()
        super().notify_style_update()

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
            segments = [Segment(text, style + cursor) for text, style, _ in segments]
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
