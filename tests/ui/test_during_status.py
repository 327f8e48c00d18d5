"""One status rule for a metric: the board, the attention strip and the goal on the metric
agree, and ``alert`` is only what needs the user today (the demo, today pinned)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ui_data import DEMO_DAY, wait_until_loaded

from opstui.cli import main
from opstui.demo import make_demo_copy
from opstui.domain.metrics import MetricStatus
from opstui.ui.app import OpsApp
from opstui.ui.panes.during import DuringPane
from opstui.ui.widgets.attention_strip import AttentionStrip
from opstui.ui.widgets.goal_list import GoalList
from opstui.ui.widgets.metric_board import MetricBoard

GOAL_TO_METRIC = {"on track": "ok", "at risk": "warn", "off track": "alert"}


async def test_board_strip_and_goals_agree_on_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        goals = {g.goal.metric_id: g for g in app.query_one(GoalList).goals
                 if g.goal.metric_id}
        await pilot.press("2", "k")
        await pilot.pause()
        board = app.query_one(MetricBoard)
        data = app.query_one(DuringPane).data
        assert data is not None
        rows = data.board
        alerts = [r for r in rows if r.status is MetricStatus.ALERT]
        # Not every metric is an alert any more: only those that need the user today.
        assert 0 < len(alerts) < len(rows)
        assert app.query_one(AttentionStrip).counts.metric_alerts == len(alerts)
        title = str(app.query_one("#metrics-title").render())
        assert f"{len(alerts)} metric" in title
        tied = 0
        for row in rows:
            goal = goals.get(row.metric.id)
            if goal is None or goal.upcoming:
                continue
            tied += 1
            # The goal on the metric and the metric's status say the same thing.
            assert row.status.value == GOAL_TO_METRIC[goal.status.value], row.metric.key
        assert tied >= 4
        # The detail says why, in the goal's words.
        board.move_cursor(row=rows.index(alerts[0]))
        await pilot.pause()
        detail = str(app.query_one("#metric-detail").render())
        assert "alert:" in detail
    monkeypatch.setenv("OPSTUI_DB", str(data_file))
    monkeypatch.setenv("OPSTUI_TODAY", DEMO_DAY.isoformat())
    capsys.readouterr()
    assert main(["metric", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["metrics"]
    assert {m["key"]: m["status"] for m in listed} == {r.metric.key: r.status.value
                                                     for r in rows}
