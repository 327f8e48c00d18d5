"""The key bar: the keys that work here, help and palette always shown, clicks press keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ui_data import wait_until_loaded

from opstui.ui.app import OpsApp
from opstui.ui.screens.help import HelpScreen
from opstui.ui.widgets.key_bar import KeyBar


def bar_text(app: OpsApp) -> str:
    return str(app.query_one(KeyBar).render())


async def test_bar_lists_the_pane_keys_and_keeps_help_at_80_columns(
    sample_file: Path, make_app: Callable[[Path], OpsApp]
) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        line = bar_text(app)
        assert "x Unplan" in line  # a key of the Before pane's focused list (the plan)
        assert line.rstrip().endswith("palette")
        assert "? Help" in line
        await pilot.press("2")
        await pilot.pause()
        assert "Unplan" not in bar_text(app)  # the Before pane's keys left with it
        assert "? Help" in bar_text(app)


async def test_clicking_a_key_presses_it(
    sample_file: Path, make_app: Callable[[Path], OpsApp]
) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        bar = app.query_one(KeyBar)
        line = bar_text(app)
        column = line.index("? Help") + 1
        await pilot.click(KeyBar, offset=(column, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert bar.size.height == 1
