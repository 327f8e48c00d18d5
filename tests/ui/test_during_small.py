"""During at 80×24, on the demo: every section shows its list with 8 rows or more, tables
fit the screen, the key bar keeps the task keys, and text is cut only with ``…``."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable
from ui_data import DEMO_DAY, wait_until_loaded

from opstui.demo import make_demo_copy
from opstui.ui.app import OpsApp
from opstui.ui.panes.during import DuringPane
from opstui.ui.panes.during_sections import MAIN_WIDGET, SECTIONS
from opstui.ui.widgets.key_bar import KeyBar
from opstui.ui.widgets.task_table import TaskTable


def screen_lines(app: OpsApp) -> list[str]:
    """The screen as the user sees it, one string per line."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


async def test_every_section_fits_80_by_24(tmp_path: Path) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        pane = app.query_one(DuringPane)
        bar = str(app.query_one(KeyBar).render())
        for key in ("space Done", "s Status", "n Note"):
            assert key in bar
        for name, key, _label in SECTIONS:
            await pilot.press(key)
            await pilot.pause()
            main = pane.query_one(MAIN_WIDGET[name])
            lists = [main]
            if name == "team":
                lists.append(pane.query_one("#team-tasks", TaskTable))
            for widget in lists:
                # Room for a heading and at least 8 rows (the team's people need only 4).
                wanted = 5 if widget.id == "team-table" else 9
                assert widget.size.height >= wanted, (name, widget.id, widget.size)
                if isinstance(widget, DataTable):
                    assert widget.virtual_size.width <= widget.scrollable_content_region.width, (
                        name, widget.virtual_size, widget.size)
            if name == "team":
                people = pane.query_one("#team-table").region
                tasks = pane.query_one("#team-tasks").region
                assert tasks.width >= 70 and tasks.y > people.y  # the tasks get the full width
            title = pane.query_one(f"#sec-{name} .during-title")
            assert title.size.height == 1
            # The heading fits on its line or ends in … (never wrapped, never cut bare).
            line = screen_lines(app)[title.region.y]
            assert len(line.rstrip()) < 79 or "…" in line, (name, line)
        # The team's task list shows its titles (not a few letters of each).
        await pilot.press("o")
        await pilot.pause()
        titles = [line for line in screen_lines(app) if "P0" in line or "P1" in line]
        assert titles and all(len(line.split("  ")[0]) < 60 for line in titles)
        assert any("CRM 分层标签上线" in line for line in titles)


async def test_on_a_new_file_every_list_says_what_fills_it(tmp_path: Path) -> None:
    app = OpsApp(tmp_path / "new.json", today=DEMO_DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        says = {"tasks": "(1, p)", "team": "(add tasks in Before: 1, a)",
                "meetings": "press a", "reviews": "press a", "metrics": "press a",
                "incidents": "press a"}
        for name, key, _label in SECTIONS:
            await pilot.press(key)
            await pilot.pause()
            lines = screen_lines(app)
            assert any(says[name] in line for line in lines), (name, lines)
        # A search that finds nothing says so, and how to get the list back.
        await pilot.press("slash", "x")
        await pilot.pause()
        assert any("Nothing matches “x” (escape clears" in line for line in screen_lines(app))
