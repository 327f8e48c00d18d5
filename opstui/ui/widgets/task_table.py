"""TaskTable: a virtual list of tasks that renders only the rows on screen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from opstui.ui.widgets.scrolling import QuietScrollbars
from opstui.ui.widgets.task_rows import TaskRows

if TYPE_CHECKING:
    from opstui.domain.models import Task

class TaskTable(TaskRows, QuietScrollbars, ScrollView, can_focus=True):
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

    class TaskMessage(Message):
        """About one task of the table: which table, which task, on which row."""

        def __init__(self, table: TaskTable, task_id: str, index: int) -> None:
            self.table = table
            self.task_id = task_id
            """Id of the task."""
            self.index = index
            """Row of the task."""
            super().__init__()

        @property
        def control(self) -> TaskTable:
            """The table that posted the message."""
            return self.table

    class Highlighted(TaskMessage):
        """The cursor moved onto a task."""

    class Selected(TaskMessage):
        """A task was chosen (enter, or a click on the highlighted row)."""

    def __init__(
        self,
        *,
        empty_text: str = "No tasks",
        open_label: str | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Create an empty table.

        Args:
            empty_text: The line shown when there are no tasks.
            open_label: What Enter on a task does, shown in the key bar (hidden when None).
            name: Widget name.
            id: Widget id.
            classes: CSS classes.
            disabled: Start disabled.
        """
        self._lines: LRUCache[tuple[object, ...], Strip] = LRUCache(256)
        self._styles: dict[str, Style] = {}
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        if open_label is not None:
            self._bindings.key_to_bindings["enter"] = [
                Binding("enter", "select", open_label, key_display="⏎", id="tasks.select")]
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

    def notify_style_update(self) -> None:
        """Drop rendered lines when the CSS or theme changes."""
        self._restyle()
        super().notify_style_update()

    async def _on_click(self, event: events.Click) -> None:
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
