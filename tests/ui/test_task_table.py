"""TaskTable: a virtual list; only visible rows are drawn, CJK aligns, messages go up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from ui_data import TODAY, task

from opstui.domain.models import Task
from opstui.ui.app import OpsApp
from opstui.ui.widgets.task_columns import fit, layout
from opstui.ui.widgets.task_table import TaskTable


class CountingTable(TaskTable):
    """A TaskTable that counts the task rows it draws."""

    drawn = 0

    def _render_row(self, row: int, width: int):  # type: ignore[no-untyped-def]
        CountingTable.drawn += 1
        return super()._render_row(row, width)


class TableApp(App[None]):
    """Just a table (styled by the app's stylesheet), with the messages it posts collected."""

    CSS_PATH = OpsApp.CSS_PATH

    def __init__(self, tasks: list[Task], empty_text: str = "No tasks planned for this day"):
        super().__init__()
        self.tasks = tasks
        self.empty_text = empty_text
        self.messages: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield CountingTable(id="tasks", empty_text=self.empty_text)

    def on_mount(self) -> None:
        table = self.query_one(TaskTable)
        table.set_tasks(self.tasks, today=TODAY)
        table.focus()

    def on_task_table_highlighted(self, message: TaskTable.Highlighted) -> None:
        self.messages.append(("highlighted", message.task_id))

    def on_task_table_selected(self, message: TaskTable.Selected) -> None:
        self.messages.append(("selected", message.task_id))


def many_tasks(count: int) -> list[Task]:
    return [task(n + 1, f"任务 task {n}", owner=f"同事{n % 7}", priority=f"P{n % 4}",
                 due=TODAY + timedelta(days=n % 20 - 10)) for n in range(count)]


async def test_ten_thousand_tasks_open_and_end_jumps_to_the_last() -> None:
    tasks = many_tasks(10_000)
    app = TableApp(tasks)
    CountingTable.drawn = 0
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(TaskTable)
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 9_999
        assert table.highlighted_task is tasks[-1]
        bottom = table.render_line(table.scrollable_content_region.height - 1).text
        assert tasks[-1].short_id in bottom and "任务 task 9999" in bottom
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        assert tasks[0].short_id in table.render_line(1).text
        # Only what was on screen was drawn: a few screens' worth, not 10,000 rows.
        assert CountingTable.drawn < 5 * 30
        assert app.messages[-1] == ("highlighted", tasks[0].id)


async def test_cursor_keys_move_and_enter_selects() -> None:
    tasks = many_tasks(100)
    app = TableApp(tasks)
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(TaskTable)
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("up")
        assert table.cursor_row == 1
        await pilot.press("pagedown")
        page = table.cursor_row - 1
        assert 10 <= page <= 19  # about one screen of rows
        await pilot.press("pageup", "up", "up")
        assert table.cursor_row == 0  # clamped at the top
        await pilot.press("enter")
        await pilot.pause()
        assert ("highlighted", tasks[2].id) in app.messages
        assert app.messages[-1] == ("selected", tasks[0].id)


async def test_click_highlights_and_a_second_click_selects() -> None:
    tasks = many_tasks(10)
    app = TableApp(tasks)
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(TaskTable)
        await pilot.click(TaskTable, offset=(20, 4))  # line 0 is the heading: row 3
        await pilot.pause()
        assert table.cursor_row == 3
        assert app.messages[-1] == ("highlighted", tasks[3].id)
        await pilot.click(TaskTable, offset=(20, 4))
        await pilot.pause()
        assert app.messages[-1] == ("selected", tasks[3].id)
        await pilot.click(TaskTable, offset=(20, 0))  # the heading selects nothing
        await pilot.pause()
        assert table.cursor_row == 3


async def test_cjk_titles_align_and_long_ones_end_with_an_ellipsis() -> None:
    tasks = [
        task(1, "短", owner="王芳"),
        task(2, "准备双十二活动方案并同步市场部和设计部确认素材与预算" * 2, owner="Li"),
        task(3, "ASCII title that is rather long, longer than the column", owner="韩梅梅"),
        task(4, "混合 mixed 标题 title", owner="Ann"),
    ]
    app = TableApp(tasks)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(TaskTable)
        rows = [table.render_line(y).text for y in range(1, 5)]
        owner_columns = {cell_len(row[: row.index(t.owner or "")]) for row, t in zip(
            rows, tasks, strict=True)}
        assert len(owner_columns) == 1, rows
        assert {cell_len(row) for row in rows} == {table.scrollable_content_region.width}
        assert "…" in rows[1] and "…" in rows[2]
        assert "短" in rows[0] and "…" not in rows[0]


async def test_an_empty_table_says_so() -> None:
    app = TableApp([])
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one(TaskTable)
        await pilot.press("down", "end", "enter")
        assert "No tasks planned for this day" in table.render_line(1).text
        assert table.highlighted_task is None
        assert app.messages == []


async def test_new_tasks_keep_the_cursor_on_the_same_task() -> None:
    tasks = many_tasks(20)
    app = TableApp(tasks)
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(TaskTable)
        await pilot.press("down", "down", "down")
        table.set_tasks([task(999, "new first"), *tasks], today=TODAY)
        await pilot.pause()
        assert table.highlighted_task is tasks[3]
        assert table.cursor_row == 4


async def test_overdue_and_status_reason_are_shown() -> None:
    late = task(2, "逾期任务", due=TODAY - timedelta(days=2), status="blocked",
                status_reason="等待法务")
    app = TableApp([task(1, "on time", due=TODAY + timedelta(days=2)), late])
    async with app.run_test(size=(120, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(TaskTable)
        on_time, overdue = table.render_line(1), table.render_line(2)
        assert "逾期任务 · 等待法务" in overdue.text
        due_style = {s.text.strip(): s.style for s in [*on_time, *overdue]}
        assert due_style[late.due.isoformat()] != due_style[  # type: ignore[union-attr]
            (TODAY + timedelta(days=2)).isoformat()]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("abc", 5, "abc  "),
        ("abcdef", 5, "abcd…"),
        ("任务", 4, "任务"),
        ("任务标题", 5, "任务…"),  # a wide character never straddles the edge
        ("任务标题", 6, "任务 …"),
        ("line\nbreak", 10, "line break"),
        ("[b]x[/]", 7, "[b]x[/]"),
        ("x", 0, ""),
    ],
)
def test_fit_pads_or_cuts_to_exact_cells(text: str, width: int, expected: str) -> None:
    assert fit(text, width) == expected
    assert cell_len(fit(text, width)) == width


@pytest.mark.parametrize(
    ("width", "dropped"),
    [(200, set()), (80, set()), (60, {"owner"}), (50, {"owner", "id"})],
)
def test_narrow_tables_drop_columns_but_keep_the_title(width: int, dropped: set[str]) -> None:
    shown = layout(width)
    keys = {column.key for column, _ in shown}
    assert {"id", "priority", "status", "title", "owner", "due", "percent"} - keys == dropped
    assert sum(size for _, size in shown) + len(shown) + 1 <= width or width < 40


def test_the_title_stops_growing_on_very_wide_screens() -> None:
    widths = {column.key: size for column, size in layout(300)}
    assert widths["title"] == 100
    assert {column.key: size for column, size in layout(120)}["title"] == 69  # 120 - 51 fixed


class TwoTables(App[None]):
    """Two lists side by side, to move the focus between them."""

    CSS_PATH = OpsApp.CSS_PATH

    def compose(self) -> ComposeResult:
        yield CountingTable(id="first")
        yield CountingTable(id="second")

    def on_mount(self) -> None:
        for table in self.query(TaskTable):
            table.styles.height = 12
            table.set_tasks(many_tasks(40), today=TODAY)
        self.query_one("#first").focus()


async def test_moving_the_focus_redraws_only_the_cursor_rows() -> None:
    app = TwoTables()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first, second = app.query_one("#first", TaskTable), app.query_one("#second", TaskTable)
        CountingTable.drawn = 0
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is second
        # The cursor row of each list changes look; the other rows are kept as drawn.
        assert 1 <= CountingTable.drawn <= 2
        focused = second.render_line(1)
        blurred = first.render_line(1)
        assert focused.text == blurred.text          # same task, same text
        assert list(focused) != list(blurred)        # drawn in the focused cursor style


async def test_the_scrollbar_follows_the_number_of_tasks() -> None:
    app = TableApp(many_tasks(5))
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(TaskTable)
        await pilot.pause()
        assert not table.show_vertical_scrollbar
        table.set_tasks(many_tasks(500), today=TODAY)
        await pilot.pause()
        assert table.show_vertical_scrollbar
        assert table.vertical_scrollbar.window_virtual_size == 501   # heading + 500 rows
        await pilot.resize_terminal(100, 20)
        await pilot.pause()
        assert table.vertical_scrollbar.window_size == table.scrollable_content_region.height
        table.set_tasks(many_tasks(3), today=TODAY)
        await pilot.pause()
        assert not table.show_vertical_scrollbar
