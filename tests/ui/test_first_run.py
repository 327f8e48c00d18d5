"""The first run on a new data file: every empty list says which key fills it."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input
from ui_data import TODAY, wait_for, wait_until_loaded

from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.screens.field_form import FieldForm


def screen_text(widget: Widget) -> str:
    """What the widget shows, line by line."""
    size = widget.outer_size  # borders included
    lines = widget.render_lines(Region(0, 0, size.width, size.height))
    return "\n".join(line.text for line in lines)


async def test_every_empty_list_says_what_fills_it(tmp_path: Path) -> None:
    data_file = tmp_path / "new.json"
    app = OpsApp(data_file, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        assert "press a to add a task" in screen_text(app.query_one("#backlog-table"))
        plan = screen_text(app.query_one("#plan-table"))
        assert "press a to add a task" in plan and "p plans" not in plan, plan
        assert "add a task (a)" in screen_text(app.query_one("#load-bar"))
        assert "press g" in screen_text(app.query_one("#goal-list"))

        await pilot.press("3")
        await pilot.pause()
        assert "press n to start one" in screen_text(app.query_one("#retro-list"))

        await pilot.press("2", "o")
        await pilot.pause()
        header = screen_text(app.query_one("#team-table")).splitlines()[0]
        assert header.split()[-1] == "Stale", header  # not cut at 120 columns

        # With a task in the backlog, the plan's hint points at it.
        await pilot.press("1", "a")
        assert await wait_for(pilot, lambda: isinstance(app.screen, FieldForm))
        app.screen.query_one("#field-title", Input).value = "写周报 !P1"
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: len(app.screen_stack) == 1)
        await pilot.pause()
        assert [t.title for t in Repository(data_file).tasks()] == ["写周报"]
        plan = screen_text(app.query_one("#plan-table"))
        assert "Tab to the backlog, p plans" in plan, plan
