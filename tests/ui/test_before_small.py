"""Before at 80×24: the backlog keeps 8 rows, the focused small list takes the rest."""

from __future__ import annotations

from pathlib import Path

from test_before_keys import focus_list
from textual.geometry import Region
from ui_data import DEMO_DAY, wait_until_loaded

from opstui.demo import make_demo_copy
from opstui.ui.app import OpsApp
from opstui.ui.widgets.load_bar import LoadBar


async def test_the_backlog_keeps_eight_rows_at_80x24_whatever_is_focused(tmp_path: Path
                                                                         ) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        backlog = app.query_one("#backlog-table")
        for list_id in ("plan-table", "backlog-table", "support-list", "goal-list"):
            await focus_list(pilot, app, list_id)
            await pilot.pause()
            assert backlog.size.height - 1 >= 8, (list_id, backlog.size)  # 1: the header
            for small in ("#goal-list", "#support-list"):
                assert app.query_one(small).size.height >= 1, (list_id, small)
            assert app.query_one("#plan-table").size.height >= 2, list_id  # header + a row
            if list_id != "backlog-table":  # the focused small list gets 4 rows
                assert app.query_one(f"#{list_id}").size.height >= 4, list_id


async def test_the_load_line_is_cut_with_an_ellipsis(tmp_path: Path) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(56, 24)) as pilot:
        await wait_until_loaded(pilot)
        bar = app.query_one(LoadBar)
        [line] = bar.render_lines(Region(0, 0, bar.size.width, 1))
        assert line.text.rstrip().endswith("…"), line.text
        assert "free" not in line.text  # the words that did not fit are not half-shown
