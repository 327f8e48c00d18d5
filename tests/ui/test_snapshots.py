"""What the app looks like: one snapshot at a fixed size, day and data set."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from ui_data import wait_until_loaded

from opstui.ui.app import OpsApp


def test_before_pane_at_100x30(
    sample_file: Path,
    make_app: Callable[[Path], OpsApp],
    snap_compare: Callable[..., bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The landing view: the day bar, the tabs, today's plan, the backlog, the footer."""
    monkeypatch.chdir(sample_file.parent)  # the day bar shows the path: keep it fixed

    async def loaded(pilot: Pilot[None]) -> None:
        await wait_until_loaded(pilot)

    assert snap_compare(make_app(Path(sample_file.name)), terminal_size=(100, 30),
                        run_before=loaded)


def test_edit_task_form_at_80x24(
    sample_file: Path,
    make_app: Callable[[Path], OpsApp],
    snap_compare: Callable[..., bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The task form on the smallest screen: messages beside labels, a Chinese title, the
    save hint pinned at the bottom, the rest of the form a scroll away."""
    monkeypatch.chdir(sample_file.parent)

    async def editing(pilot: Pilot[None]) -> None:
        await wait_until_loaded(pilot)
        await pilot.press("e")          # the first task of today's plan
        await pilot.pause()

    assert snap_compare(make_app(Path(sample_file.name)), terminal_size=(80, 24),
                        run_before=editing)
