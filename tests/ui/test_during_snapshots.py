"""What During looks like: every section and every form or dialog it opens, at 80×24 and
120×36, on the demo data with the day and the wall clock pinned. A layout change shows up
in review as a changed picture (``pytest --snapshot-update`` to accept one)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path

import pytest
import time_machine
from demo_snapshots import SIZES, demo_looks_right
from textual.pilot import Pilot
from ui_data import TODAY, wait_until_loaded

from opstui.ui.app import OpsApp

VIEWS = {
    # the sections
    "tasks": ["w"],
    "team": ["o"],
    "meetings": ["m"],
    "reviews": ["c"],
    "metrics": ["k"],
    "incidents": ["i"],
    "search": ["w", "slash", "双", "1", "2"],
    # the forms and dialogs
    "task_detail": ["w", "enter"],
    "owner_form": ["w", "enter", "o"],
    "due_form": ["w", "enter", "d"],
    "status_form": ["w", "s"],
    "note_form": ["w", "n"],
    "meeting_new": ["m", "a"],
    "meeting_edit": ["m", "enter"],
    "review_new": ["c", "a"],
    "review_edit": ["c", "enter"],
    "metric_define": ["k", "d"],
    "metric_new": ["k", "a"],
    "reading_form": ["k", "r"],
    "incident_new": ["i", "a"],
    "escalate_form": ["i", "e"],
    "resolve_form": ["i", "v"],
    "help": ["k", "question_mark"],
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("view", list(VIEWS))
def test_during_looks_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, snap_compare: Callable[..., bool],
    view: str, size: str,
) -> None:
    assert demo_looks_right(tmp_path, monkeypatch, snap_compare, size, [["2"], VIEWS[view]])


@pytest.mark.parametrize("size", list(SIZES))
def test_resolving_an_unescalated_s1_asks_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, snap_compare: Callable[..., bool],
    size: str,
) -> None:
    """The confirm dialog of an S1 resolved without escalation (the During test data)."""
    from during_data import SEVERE, fill, write_during_file

    from opstui.ui.widgets.record_table import RecordTable

    path = write_during_file(tmp_path / "opstui.json")
    monkeypatch.chdir(tmp_path)

    async def go(pilot: Pilot[None]) -> None:
        await wait_until_loaded(pilot)
        await pilot.press("2", "i")
        await pilot.pause()
        pilot.app.query_one("#incident-table", RecordTable).select_key(SEVERE)
        await pilot.press("v")
        await fill(pilot, cause="支付网关证书过期", resolution="renewed the certificate")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()

    with time_machine.travel(datetime.combine(TODAY, time(10, 30)), tick=False):
        assert snap_compare(OpsApp(Path(path.name), today=TODAY), terminal_size=SIZES[size],
                            run_before=go)
