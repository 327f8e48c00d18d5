"""``opstui plan``: show (table and JSON), add, remove, set, rollover."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from opstui.domain.models import DayPlan, ResourceRequest, Task
from opstui.store.repository import Repository

Runner = Callable[..., Any]
TODAY = date(2026, 11, 23)


def _tasks(data_file: Path) -> list[Task]:
    tasks = [Task(title="写周报", estimate_minutes=120, priority="P1"),
             Task(title="竞品调研 competitor watch"),
             Task(title="Launch page", estimate_minutes=300, priority="P0")]
    Repository(data_file).save_many(tasks)
    return tasks


def test_plan_add_then_show_load_and_json(cli: Runner, data_file: Path) -> None:
    report, watch, launch = _tasks(data_file)
    result = cli("plan", "add", report.short_id, watch.short_id)
    assert result.code == 0, result.err
    assert "planned Mon 2026-11-23" in result.out
    plan = Repository(data_file).plan_for(TODAY)
    assert plan is not None and plan.task_ids == [report.id, watch.id]
    assert (plan.capacity_hours, plan.buffer_pct) == (8.0, 20)

    shown = cli("plan").out.splitlines()
    assert shown[0].startswith("Mon 2026-11-23: 3h planned of 6h24m available (8h capacity, "
                               "20% buffer)")
    assert "1 without estimate" in shown[0]
    assert "1h*" in shown[3]  # the unestimated one counts the default and is marked

    data = json.loads(cli("plan", "--json").out)
    assert (data["planned_minutes"], data["available_minutes"], data["unestimated"]) == (
        180, 384, 1)
    assert [t["id"] for t in data["tasks"]] == [report.id, watch.id]
    assert data["over"] is False

    cli("plan", "add", launch.short_id)
    over = json.loads(cli("plan", "2026-11-23", "--json").out)
    assert over["over"] is True and over["planned_minutes"] == 480
    assert "buffer used: " in cli("plan", "today").out


def test_plan_for_another_day_and_no_plan(cli: Runner, data_file: Path) -> None:
    _tasks(data_file)
    assert cli("plan", "tomorrow").out == "Tue 2026-11-24: no plan made\n"
    data = json.loads(cli("plan", "--json", "tomorrow").out)
    assert data["day"] == "2026-11-24" and data["planned"] is False


def test_plan_remove_and_set(cli: Runner, data_file: Path) -> None:
    report, watch, _ = _tasks(data_file)
    cli("plan", "add", report.short_id, watch.short_id, "--date", "fri")
    assert cli("plan", "remove", report.short_id, "--date", "fri").code == 0
    result = cli("plan", "set", "--capacity", "6", "--buffer", "30", "--date", "fri")
    assert result.out == "Fri 2026-11-27  capacity 6h, buffer 30%\n"
    plan = Repository(data_file).plan_for(date(2026, 11, 27))
    assert plan is not None and plan.task_ids == [watch.id]
    assert (plan.capacity_hours, plan.buffer_pct) == (6.0, 30)


@pytest.mark.parametrize(("args", "needle"), [
    (("plan", "someday"), "DATE: not a date: 'someday'"),
    (("plan", "add", "zzzz"), "'zzzz' is not a task id"),
    (("plan", "add", "abcd"), "no task with id 'abcd'"),
    (("plan", "set", "--capacity", "0"), "--capacity: must be more than 0"),
    (("plan", "set", "--buffer", "95"), "--buffer: must be 0 to 90"),
    (("plan", "set"), "give --capacity"),
])
def test_plan_refuses_bad_input(cli: Runner, data_file: Path, args: tuple[str, ...],
                                needle: str) -> None:
    _tasks(data_file)
    result = cli(*args)
    assert result.code == 2 and needle in result.err
    assert Repository(data_file).all(DayPlan) == []


def test_rollover_moves_leftovers_once(cli: Runner, data_file: Path) -> None:
    report, watch, launch = _tasks(data_file)
    repo = Repository(data_file)
    repo.save(report.evolve(status="done"))
    repo.save(DayPlan(day=TODAY - timedelta(days=1), task_ids=[report.id, watch.id, launch.id]))
    result = cli("plan", "rollover", "--reason", "会议太多")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0].startswith(f"{launch.short_id}  rolled from 11-22 (×1)")
    fresh = Repository(data_file)
    plan = fresh.plan_for(TODAY)
    assert plan is not None and plan.task_ids == [launch.id, watch.id]
    moved = fresh.get(Task, watch.id)
    assert moved is not None and moved.rollover_count == 1
    assert [(s.day, s.action, s.reason) for s in moved.slips] == [
        (TODAY - timedelta(days=1), "rolled", "会议太多")]
    # Already on today's plan: a second rollover finds nothing and counts nothing.
    assert cli("plan", "rollover").out == "nothing to roll over onto Mon 2026-11-23\n"
    again = Repository(data_file).get(Task, watch.id)
    assert again is not None and again.rollover_count == 1
    assert "↻1" in cli("plan").out
    # Taken off today's plan on purpose: the unplanning is a slip of today, and rollover
    # onto tomorrow does not offer it again (it went back to the backlog).
    assert cli("plan", "remove", watch.short_id).code == 0
    out = cli("plan", "rollover", "--date", "tomorrow").out
    assert launch.short_id in out and watch.short_id not in out
    third = Repository(data_file)
    last = third.get(Task, watch.id)
    assert last is not None and last.rollover_count == 1
    assert [(s.day, s.action, s.reason) for s in last.slips] == [
        (TODAY - timedelta(days=1), "rolled", "会议太多"), (TODAY, "unplanned", "")]
    after_rollover = third.plan_for(TODAY + timedelta(days=1))
    assert after_rollover is not None and watch.id not in after_rollover.task_ids
    # Planned again today: the unplanning is undone and it is a leftover tomorrow.
    assert cli("plan", "add", watch.short_id).code == 0
    assert cli("plan", "rollover", "--date", "tomorrow").out.startswith(
        f"{watch.short_id}  rolled from 11-23 (×2)")
    fourth = Repository(data_file)
    back = fourth.get(Task, watch.id)
    assert back is not None and [(s.day, s.action) for s in back.slips] == [
        (TODAY - timedelta(days=1), "rolled"), (TODAY, "rolled")]
    tomorrow = fourth.plan_for(TODAY + timedelta(days=1))
    assert tomorrow is not None and tomorrow.task_ids.count(watch.id) == 1


def test_plan_lists_tasks_at_risk(cli: Runner, data_file: Path) -> None:
    _, _, launch = _tasks(data_file)
    Repository(data_file).add(ResourceRequest(task_id=launch.id, department="技术部",
                                              what="2 front-end devs"))
    cli("plan", "add", launch.short_id, "--date", "tomorrow")
    data = json.loads(cli("plan", "tomorrow", "--json").out)
    assert data["tasks"][0]["at_risk"] is True
    assert data["at_risk"][0]["requests"][0]["department"] == "技术部"
    assert "support not confirmed: 技术部: 2 front-end devs (requested)" in cli(
        "plan", "tomorrow").out


@pytest.mark.parametrize("command", [("plan",), ("plan", "add"), ("plan", "rollover"),
                                     ("goal",), ("goal", "add"), ("goal", "list")])
def test_help_names_the_options(cli: Runner, command: tuple[str, ...]) -> None:
    result = cli(*command, "--help")
    assert result.code == 0 and "usage: opstui" in result.out
