"""``opstui goal add`` and ``goal list``: what is stored, progress and status, bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from opstui.domain.models import Goal, Metric, Reading, Task
from opstui.store.repository import Repository

Runner = Callable[..., Any]
TODAY = date(2026, 11, 23)


def _seed_metric(data_file: Path) -> Metric:
    repo = Repository(data_file)
    metric = repo.add(Metric(key="cpa", name="Cost per acquisition", unit="元", target=18.0,
                             direction="down"))
    repo.save_many([Reading(metric_id=metric.id, day=TODAY - timedelta(days=1), value=20.25)])
    return metric


def test_goal_add_with_a_metric_takes_its_direction(cli: Runner, data_file: Path) -> None:
    metric = _seed_metric(data_file)
    result = cli("goal", "add", "获客成本", "≤", "18", "--period", "2026-q4", "--metric", "cpa",
                 "--baseline", "22.5", "--owner", "王磊")
    assert result.code == 0, result.err
    assert result.out.endswith("  2026-Q4 (10-01 to 12-31)\n")
    [goal] = Repository(data_file).all(Goal)
    assert (goal.title, goal.period, goal.owner) == ("获客成本 ≤ 18", "2026-Q4", "王磊")
    assert (goal.metric_id, goal.baseline, goal.target, goal.direction.value) == (
        metric.id, 22.5, 18.0, "down")


@pytest.mark.parametrize(("args", "needle"), [
    (("x", "--period", "2026-13"), "not a period: '2026-13'"),
    (("x", "--period", "2027-W53"), "not a period"),
    (("x", "--period", "2026-11", "--metric", "nope"), "no metric with key 'nope'"),
    (("x", "--period", "2026-11", "--target", "5"), "a baseline and a target need a metric"),
    (("x", "--period", "2026-11", "--metric", "cpa", "--target", "abc"), "not a number"),
    (("   ", "--period", "2026-11"), "a goal needs a title"),
    (("x", "--period", "2026-11", "--owner", " "), "invalid goal: owner"),
])
def test_goal_add_refuses_bad_input_and_saves_nothing(
        cli: Runner, data_file: Path, args: tuple[str, ...], needle: str) -> None:
    _seed_metric(data_file)
    result = cli("goal", "add", *args)
    assert result.code == 2
    assert needle in result.err and len(result.err.splitlines()) == 1
    assert Repository(data_file).all(Goal) == []


def test_goal_list_shows_progress_and_status(cli: Runner, data_file: Path) -> None:
    metric = _seed_metric(data_file)
    repo = Repository(data_file)
    cpa = repo.add(Goal(title="CPA ≤ 18", period="2026-Q4", metric_id=metric.id, baseline=22.5,
                        target=18.0, direction="down"))
    week = repo.add(Goal(title="W48 复盘改进项", period="2026-W48", owner="林晓"))
    repo.add(Goal(title="October", period="2026-10"))
    repo.save_many([Task(title="a", goal_id=week.id, status="done"),
                    Task(title="b", goal_id=week.id)])
    result = cli("goal", "list", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert [g["title"] for g in data] == ["W48 复盘改进项", "CPA ≤ 18"]
    assert data[0]["percent"] == 50 and data[0]["status"] == "on track"
    assert data[0]["detail"] == "1/2 tasks done"
    assert data[1]["id"] == cpa.id and data[1]["percent"] == 50
    assert data[1]["basis"] == "metric" and data[1]["status"] == "on track"
    table = cli("goal", "list").out.splitlines()
    assert table[0].split() == ["ID", "PERIOD", "DONE", "TIME", "STATUS", "OWNER", "TITLE"]
    assert "W48 复盘改进项" in table[1] and "on track" in table[1] and "50%" in table[1]
    later = json.loads(cli("goal", "list", "--json", "--date", "2026-11-29").out)
    assert later[0]["status"] == "off track"   # Sunday: the week is over at 50%
    everything = json.loads(cli("goal", "list", "--json", "--all").out)
    assert len(everything) == 3


def test_goal_list_without_goals(cli: Runner) -> None:
    assert cli("goal", "list").out == "no current goals on 2026-11-23\n"
    assert cli("goal").code == 0


def test_goal_edit_changes_only_the_fields_given(cli: Runner, data_file: Path) -> None:
    added = cli("add", "x")  # another record, so the file exists with more than the goal
    assert added.code == 0
    made = cli("goal", "add", "DAU +20%", "--period", "2026-Q4", "--owner", "Marco")
    short = made.out.split()[0]
    assert cli("goal", "edit", short, "--target", "120000").code == 0
    goal = Repository(data_file).all(Goal)[0]
    assert (goal.owner, goal.target, goal.period) == ("Marco", 120000, "2026-Q4")
    before = data_file.read_bytes()
    bad = cli("goal", "edit", short, "--period", "2026-Q9")
    assert bad.code == 2 and "period" in bad.err and bad.err.count("\n") == 1
    assert data_file.read_bytes() == before
    assert cli("goal", "edit", short, "--owner", "-").code == 0
    assert Repository(data_file).all(Goal)[0].owner is None
