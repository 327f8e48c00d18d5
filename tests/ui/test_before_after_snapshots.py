"""What Before and After look like: each pane and every form or dialog they open, at 80×24
and 120×36, on the demo data with the day and the wall clock pinned. A layout change shows
up in review as a changed picture (``pytest --snapshot-update`` to accept one)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from demo_snapshots import SIZES, demo_looks_right

VIEWS = {
    # Before (1): the plan has focus first; tab goes to the backlog, then support.
    "before": ["1"],
    "before_backlog": ["1", "tab"],
    "before_support": ["1", "tab", "tab"],
    "before_goals": ["1", "shift+tab"],
    "filter": ["1", "slash", "#"],
    "task_form": ["1", "a"],
    "task_edit": ["1", "e"],
    "goal_form": ["1", "g"],
    "breakdown": ["1", "shift+tab", "b"],
    "capacity": ["1", "c"],
    "support_form": ["1", "s"],
    "refusal_form": ["1", "tab", "tab", "n"],
    "recurrence_form": ["1", "o"],
    "rollover": ["1", "right_square_bracket", "r"],  # tomorrow: today's unfinished tasks
    "week": ["1", "w"],
    "week_tasks": ["1", "w", "tab"],
    # After (3)
    "after": ["3"],
    "shutdown": ["3", "w"],
    "weekly_report": ["3", "r"],
    "monthly": ["3", "m"],
    "score_form": ["3", "M"],
    "retro_form": ["3", "n"],
    "finding_form": ["3", "f"],
    "day_report": ["3", "d"],
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("view", list(VIEWS))
def test_before_and_after_look_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, snap_compare: Callable[..., bool],
    view: str, size: str,
) -> None:
    assert demo_looks_right(tmp_path, monkeypatch, snap_compare, size,
                            [[key] for key in VIEWS[view]])
