"""The metric board under Pilot: an anomalous reading is flagged and becomes a task."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from during_data import RETENTION, fill, fresh, open_during, save_form, write_during_file
from textual.widgets import Static
from ui_data import DEMO_DAY, TODAY

from opstui.cli import main
from opstui.demo import make_demo_copy
from opstui.domain.metrics import MetricStatus, board_json
from opstui.domain.models import Reading, SourceKind, Task
from opstui.ui.app import OpsApp
from opstui.ui.widgets.attention_strip import AttentionStrip
from opstui.ui.widgets.metric_board import MetricBoard

MakeApp = Callable[[Path], OpsApp]


def board_row(app: OpsApp, key: str):  # type: ignore[no-untyped-def]
    board = app.query_one(MetricBoard)
    return next(r for r in board.rows_shown if r.metric.key == key)


async def test_an_anomalous_reading_is_flagged_and_turned_into_a_task(
    data_file: Path, make_app: MakeApp
) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await open_during(pilot)
        await pilot.press("k")
        board = app.query_one(MetricBoard)
        assert app.focused is board
        before = app.query_one(AttentionStrip).counts.metric_alerts
        assert board_row(app, "d7_retention").verdict.judged
        assert not board_row(app, "d7_retention").verdict.anomalous
        # Retention is the first row by key order after cpa: move onto it and record 24.6.
        board.move_cursor(row=[r.metric.key for r in board.rows_shown].index("d7_retention"))
        await pilot.pause()
        await pilot.press("r")
        form = await fill(pilot, value="abc")
        assert "not a number" in str(form.query_one("#value-msg", Static).render())
        await save_form(pilot)
        assert app.screen is form  # refused, still open, what was typed kept
        await fill(pilot, value="24.6")
        await save_form(pilot)
        row = board_row(app, "d7_retention")
        assert row.latest is not None and row.latest.value == 24.6
        assert row.verdict.anomalous and row.status is MetricStatus.ALERT
        assert row.spark_flags[-1]
        assert app.query_one(AttentionStrip).counts.metric_alerts == before + 1
        assert "NOW" in str(app.query_one(MetricBoard).get_cell(RETENTION, "Anomaly"))
        # One key: an investigate task linked to the metric.
        await pilot.press("x")
        await pilot.pause()
        tasks = [t for t in fresh(data_file).all(Task) if t.metric_id == RETENTION]
        assert len(tasks) == 1
        task = tasks[0]
        assert task.source.kind is SourceKind.METRIC and task.source.on == TODAY
        assert task.title.startswith("Investigate")
        assert not board_row(app, "d7_retention").open_anomaly
        # Still an alert: 24.6% is far below the 31% target, investigated or not.
        assert app.query_one(AttentionStrip).counts.metric_alerts == before + 1
        await pilot.press("x")  # nothing left to investigate: no second task
        await pilot.pause()
        assert len([t for t in fresh(data_file).all(Task) if t.metric_id == RETENTION]) == 1
        assert pane.section == "metrics"
    readings = fresh(data_file).readings_for(RETENTION)
    assert readings[-1].value == 24.6 and readings[-1].day == TODAY


async def test_lower_is_better_flags_a_rise(data_file: Path, make_app: MakeApp) -> None:
    write_during_file(data_file)
    repo = fresh(data_file)
    cpa = repo.metric_by_key("cpa")
    assert cpa is not None
    repo.add(Reading(metric_id=cpa.id, day=TODAY, value=14.0))  # cheaper: good news
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        await pilot.press("k")
        assert not board_row(app, "cpa").verdict.anomalous
    repo.add(Reading(metric_id=cpa.id, day=TODAY.replace(day=24), value=23.0))
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        await pilot.press("k", "right_square_bracket")
        await pilot.pause()
        assert board_row(app, "cpa").verdict.anomalous


async def test_the_demo_shows_the_retention_anomaly_and_the_cli_agrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(path, today=DEMO_DAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        await pilot.press("k")
        await pilot.pause()
        rows = app.query_one(MetricBoard).rows_shown
        shown = [board_json(r) for r in rows]
        retention = board_row(app, "d7_retention")
        assert len(retention.spark) == 30
        assert sum(retention.spark_flags) == 1
        anomaly = retention.anomalies[0]
        assert 8 <= (DEMO_DAY - anomaly.reading.day).days <= 10
        assert anomaly.investigated  # its cause is noted on the reading
        board = app.query_one(MetricBoard)
        spark = str(board.get_cell(RETENTION_ID(app), "Last 30"))
        full = shown[[r["key"] for r in shown].index("d7_retention")]["sparkline"]
        # The newest readings that fit the column (names and values get room first).
        assert full.endswith(spark) and len(spark) == board.widths["Last 30"] >= 10
        detail = str(app.query_one("#metric-detail", Static).render())
        assert "content_reads" in detail  # the first metric is highlighted
    monkeypatch.setenv("OPSTUI_DB", str(path))
    monkeypatch.setenv("OPSTUI_TODAY", DEMO_DAY.isoformat())
    capsys.readouterr()
    assert main(["metric", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["metrics"] == shown


def RETENTION_ID(app: OpsApp) -> str:
    return board_row(app, "d7_retention").metric.id
