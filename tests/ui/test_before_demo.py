"""On the demo data with today pinned: the pane and ``opstui plan/goal list --json`` agree,
and a day is planned from the backlog by keyboard alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ui_data import DEMO_DAY, wait_until_loaded

from opstui.cli import main
from opstui.demo import make_demo_copy
from opstui.ui.app import OpsApp
from opstui.ui.widgets.goal_list import GoalList
from opstui.ui.widgets.load_bar import LoadBar
from opstui.ui.widgets.task_table import TaskTable


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    capsys.readouterr()
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


async def test_pane_and_cli_json_agree_on_the_demo(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    monkeypatch.setenv("OPSTUI_DB", str(data_file))
    monkeypatch.setenv("OPSTUI_TODAY", DEMO_DAY.isoformat())
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        # A new user's morning: plan the two most urgent backlog tasks, keyboard only.
        await pilot.press("tab")   # from the plan to the backlog
        await pilot.pause()
        assert app.focused is app.query_one("#backlog-table")
        await pilot.press("home", "p", "p")
        await pilot.pause()
        await pilot.press("r", "a")   # and take yesterday's leftovers along
        await pilot.pause()
        plan_ids = [t.id for t in app.query_one("#plan-table", TaskTable).tasks]
        load = app.query_one(LoadBar).load
        goals = app.query_one(GoalList).goals
    assert load is not None and len(plan_ids) >= 5

    plan = run_json(capsys, "plan", "--json")
    assert isinstance(plan, dict)
    assert [t["id"] for t in plan["tasks"]] == plan_ids
    assert (plan["planned_minutes"], plan["available_minutes"], plan["capacity_minutes"],
            plan["buffer_pct"], plan["unestimated"], plan["over"]) == (
        load.planned_minutes, load.available_minutes, load.capacity_minutes, load.buffer_pct,
        load.unestimated, load.over)

    listed = run_json(capsys, "goal", "list", "--json")
    assert isinstance(listed, list)
    assert [(g["id"], g["status"], g["progress"]) for g in listed] == [
        (g.goal.id, g.status.value, None if g.progress is None else round(g.progress, 4))
        for g in goals]
    assert {g["status"] for g in listed} >= {"on track", "at risk"}
