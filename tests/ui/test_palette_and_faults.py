"""The palette reaches every pane's actions; a failing pane never takes the app down."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from ui_data import wait_for, wait_until_loaded

from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.panes.during import DuringPane

MakeApp = Callable[[Path], OpsApp]


async def test_palette_runs_another_panes_action_there(
    sample_file: Path, make_app: MakeApp
) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        assert app.active_pane == "before"
        commands = {name: (keys, run) for name, keys, run in app.palette_commands()}
        weekly = next(name for name in commands if "weekly report" in name.lower())
        assert commands[weekly][0].endswith("After")  # says which pane it belongs to
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"weekly report")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: app.active_pane == "after")
        assert await wait_for(pilot, lambda: type(app.screen).__name__ != "Screen")


async def test_a_pane_that_fails_to_load_shows_why_and_the_app_stays_up(
    sample_file: Path, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: DuringPane, repo: Repository, day: date, today: date) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(DuringPane, "load", broken)  # fault injection: a bug in one pane
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert app.is_running
        assert any("simulated bug" in str(n.message) for n in app._notifications)
        await pilot.press("1")
        await pilot.pause()
        assert app.active_pane == "before"
