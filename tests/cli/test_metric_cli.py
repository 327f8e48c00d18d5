"""``opstui metric define / add / list``: validated numbers, unknown keys, the board."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from opstui.store.repository import Repository

TODAY = date(2026, 11, 23)

Runner = Callable[..., Any]


def test_define_add_and_list(cli: Runner, data_file: Path) -> None:
    done = cli("metric", "define", "d7_retention", "--name", "D7 留存", "--unit", "%",
               "--target", "35", "--direction", "up")
    assert done.code == 0 and "d7_retention  defined" in done.out
    for i in range(14):
        day = (TODAY - timedelta(days=14 - i)).isoformat()
        assert cli("metric", "add", "d7_retention", str(31 + (i % 2) * 0.4), "--date",
                   day).code == 0
    added = cli("metric", "add", "d7_retention", "24.6")
    assert added.code == 0
    assert "ANOMALY" in added.out and "24.6%" in added.out
    listed = cli("metric", "list")
    assert listed.code == 0
    line = next(x for x in listed.out.splitlines() if x.startswith("d7_retention"))
    assert "24.6%" in line and "alert" in line and "ANOMALY" in line
    board = json.loads(cli("metric", "list", "--json").out)
    row = board["metrics"][0]
    assert row["key"] == "d7_retention" and row["latest"] == 24.6 and row["anomaly"] is True
    assert row["unit"] == "%" and row["target"] == 35.0 and row["status"] == "alert"
    assert row["pct_of_target"] == round(24.6 / 35 * 100, 4)
    assert len(row["sparkline"]) == 15
    # The same day again replaces the reading instead of adding a second one.
    assert "replaced" in cli("metric", "add", "d7_retention", "31.2").out
    repo = Repository(data_file)
    metric = repo.metric_by_key("d7_retention")
    assert metric is not None and len(repo.readings_for(metric.id)) == 15


def test_too_few_readings_give_no_verdict(cli: Runner) -> None:
    cli("metric", "define", "cpa", "--target", "18", "--direction", "down", "--unit", "CNY")
    cli("metric", "add", "cpa", "18", "--date", "yesterday")
    out = cli("metric", "add", "cpa", "40").out
    assert "ANOMALY" not in out and "no anomaly verdict yet" in out


def test_an_unknown_key_lists_the_known_ones(cli: Runner) -> None:
    cli("metric", "define", "dau", "--target", "1000")
    cli("metric", "define", "cpa", "--target", "18")
    done = cli("metric", "add", "retention", "3")
    assert done.code == 2
    assert done.err.strip() == "opstui: no metric 'retention'; known keys: cpa, dau"
    assert cli("metric", "add", "x", "3").err.count("\n") == 1


def test_values_must_be_numbers(cli: Runner, data_file: Path) -> None:
    cli("metric", "define", "dau")
    for bad in ("abc", "nan", "1,2,3x"):
        done = cli("metric", "add", "dau", bad)
        assert done.code == 2 and "not a number" in done.err and "Traceback" not in done.err
    done = cli("metric", "add", "dau", "1", "--date", "someday")
    assert done.code == 2 and "--date" in done.err
    repo = Repository(data_file)
    metric = repo.metric_by_key("dau")
    assert metric is not None and repo.readings_for(metric.id) == []


def test_redefining_changes_only_what_is_given(cli: Runner, data_file: Path) -> None:
    cli("metric", "define", "dau", "--name", "DAU", "--target", "100", "--unit", "users")
    done = cli("metric", "define", "dau", "--target", "120", "--window", "7", "--pct-change",
               "0")
    assert done.code == 0 and "updated" in done.out
    metric = Repository(data_file).metric_by_key("dau")
    assert metric is not None
    assert (metric.name, metric.unit, metric.target) == ("DAU", "users", 120.0)
    assert metric.anomaly.window == 7 and metric.anomaly.pct_change is None
    bad = cli("metric", "define", "dau", "--window", "1")
    assert bad.code == 2 and "window" in bad.err
    assert cli("metric", "define", "Bad-Key").code == 2


def test_list_on_no_data(cli: Runner) -> None:
    assert cli("metric", "list").out.strip().startswith("no metrics")
    assert json.loads(cli("metric", "list", "--json").out)["metrics"] == []
    assert cli("metric").code == 2


@pytest.mark.parametrize("command", [
    ("metric",), ("metric", "define"), ("metric", "add"), ("metric", "list"),
    ("meeting", "add"), ("incident", "add"), ("incident", "escalate"), ("incident", "resolve"),
])
def test_help_of_the_during_commands(cli: Runner, command: tuple[str, ...]) -> None:
    result = cli(*command, "--help")
    assert result.code == 0 and result.out.startswith(f"usage: opstui {' '.join(command)}")


def test_help_in_a_real_process_loads_no_pydantic(proc: Runner) -> None:
    result = proc("metric", "add", "--help", python_flags=("-X", "importtime"))
    assert result.code == 0
    loaded = {line.split("|")[-1].strip() for line in result.err.splitlines()
              if line.startswith("import time:")}
    assert not {"pydantic", "textual", "tinydb"} & loaded


def test_a_reading_from_another_process_shows_in_the_list(proc: Runner) -> None:
    assert proc("metric", "define", "dau", "--target", "100").code == 0
    assert proc("metric", "add", "dau", "90").code == 0
    listed = json.loads(proc("metric", "list", "--json").out)
    assert listed["metrics"][0]["latest"] == 90 and listed["metrics"][0]["status"] == "alert"


def test_keys_are_read_in_lowercase(cli: Runner, data_file: Path) -> None:
    done = cli("metric", "define", "DAU", "--target", "120000", "--unit", "users")
    assert done.code == 0 and "dau  defined  DAU" in done.out
    assert cli("metric", "add", "Dau", "111707").code == 0
    metric = Repository(data_file).metric_by_key("dau")
    assert metric is not None and metric.name == "DAU"
    assert [r.value for r in Repository(data_file).readings_for(metric.id)] == [111707.0]
