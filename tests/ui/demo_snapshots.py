"""Taking a snapshot of the app on the demo data, the day and the wall clock pinned: shared by
the snapshot tests of each pane."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from textual.pilot import Pilot
from ui_data import DEMO_DAY, wait_until_loaded

from opstui.demo import make_demo_copy
from opstui.ui.app import OpsApp

NOW = datetime(2026, 11, 20, 18, 0)
"""Friday at six, the end of the demo's own last week: its whole story is there (the weekly
report done at 17:50, the day's readings taken at 18:00), and today's work log is the
shutdown's to write."""
SIZES = {"80x24": (80, 24), "120x36": (120, 36)}


def demo_looks_right(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                     snap_compare: Callable[..., bool], size: str,
                     steps: Sequence[Sequence[str]]) -> bool:
    """Compare the demo app at ``size`` after pressing ``steps`` (each a group of keys
    pressed together, then a pause) with its stored snapshot."""
    path = make_demo_copy(DEMO_DAY, folder=tmp_path, now=NOW)
    monkeypatch.chdir(path.parent)  # the day bar shows the path: keep it fixed

    async def go(pilot: Pilot[None]) -> None:
        await wait_until_loaded(pilot)
        pilot.app.clear_notifications()
        for keys in steps:
            await pilot.press(*keys)
            await pilot.pause()
        await pilot.pause()
        await pilot.pause()

    with time_machine.travel(NOW, tick=False):
        return snap_compare(OpsApp(Path(path.name), today=DEMO_DAY), terminal_size=SIZES[size],
                            run_before=go)
