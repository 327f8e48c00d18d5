"""The CLI twins of the Before and After keys: support, plan move/unplan/capacity, goal
break/close, the work log, shutdown, retro add and recurring work. Each runs the same
action as the TUI; a refusal is one line, exit 2, and the data file is unchanged."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from opstui.domain.models import DayPlan, Goal, LogEntry, ResourceRequest, Retrospective, Task
from opstui.store.repository import Repository

TODAY = date(2026, 11, 23)
Runner = Callable[..., Any]
"""The ``cli`` fixture: runs ``opstui ARGS`` in this process, returns code and output."""


def add(cli: Runner, *words: str) -> str:
    result = cli("add", *words)
    assert result.code == 0, result.err
    return result.out.split()[0]


def refused(cli: Runner, data_file: Path, *args: str) -> str:
    before = data_file.read_bytes() if data_file.exists() else b""
    result = cli(*args)
    assert result.code == 2 and len(result.err.splitlines()) == 1, result
    assert (data_file.read_bytes() if data_file.exists() else b"") == before
    return result.err


def test_support_is_requested_listed_confirmed_and_refused_with_a_reason(
        cli: Runner, data_file: Path) -> None:
    task = add(cli, "launch page")
    said = cli("support", "request", task, "设计部", "banner", "art", "--by", "fri")
    assert said.code == 0 and "support requested from 设计部: banner art by 11-27" in said.out
    [listed] = json.loads(cli("support", "list", "--json").out)
    assert (listed["status"], listed["needed_by"]) == ("requested", "2026-11-27")
    request = listed["id"][:8]
    assert "say why" in refused(cli, data_file, "support", "refuse", request, "--reason", " ")
    assert cli("support", "refuse", request, "--reason", "no designer").code == 0
    stored = Repository(data_file).all(ResourceRequest)[0]
    assert (stored.status.value, stored.note) == ("refused", "no designer")
    assert cli("support", "confirm", request).code == 0
    assert cli("support").out.strip() == "no support waiting for an answer"
    assert "no task" in refused(cli, data_file, "support", "request", "abcd", "法务", "x")


def test_plan_unplan_move_and_capacity(cli: Runner, data_file: Path) -> None:
    first, second = add(cli, "first", "plan:today"), add(cli, "second", "plan:today")
    moved = cli("plan", "move", second, "-1")
    assert moved.code == 0 and "now 1 of 2 on Mon 2026-11-23" in moved.out
    plan = Repository(data_file).plan_for(TODAY)
    assert plan is not None and [i[:8] for i in plan.task_ids] == [second, first]
    assert cli("plan", "unplan", first).code == 0
    assert "is not planned" in refused(cli, data_file, "plan", "unplan", first)
    assert "--capacity: must be more than 0" in refused(cli, data_file, "plan", "capacity",
                                                         "--capacity", "30")
    assert cli("plan", "capacity", "--capacity", "6").out.startswith(
        "Mon 2026-11-23  capacity 6h")
    stored = Repository(data_file).get(Task, Repository(data_file).resolve(Task, first).id)
    assert stored is not None and [s.action for s in stored.slips] == ["unplanned"]


def test_plan_move_day_moves_a_task_between_plans(cli: Runner, data_file: Path) -> None:
    task = add(cli, "写周报", "~2h", "plan:today")
    moved = cli("plan", "move-day", task, "wed")
    assert moved.code == 0, moved.err
    assert moved.out.strip() == f"{task}  moved from Mon 2026-11-23 to Wed 2026-11-25  写周报"
    repo = Repository(data_file)
    today_plan, wednesday = repo.plan_for(TODAY), repo.plan_for(date(2026, 11, 25))
    assert today_plan is not None and today_plan.task_ids == []
    assert wednesday is not None and [i[:8] for i in wednesday.task_ids] == [task]
    assert "is not planned for Mon" in refused(cli, data_file, "plan", "move-day", task, "fri")
    assert "DATE: not a date" in refused(cli, data_file, "plan", "move-day", task, "frday")
    back = cli("plan", "move-day", task, "today", "--date", "wed")
    assert back.code == 0 and "to Mon 2026-11-23" in back.out


def test_goal_break_adds_every_line_or_none_and_close(cli: Runner, data_file: Path) -> None:
    goal = cli("goal", "add", "W48", "--period", "2026-W48").out.split()[0]
    assert "task 2" in refused(cli, data_file, "goal", "break", goal, "ok", "x due:someday")
    said = cli("goal", "break", goal, "copy !P1 @林晓", "page plan:tue")
    assert said.code == 0 and said.out.startswith("2 tasks added to W48")
    repo = Repository(data_file)
    tasks = {t.title: t for t in repo.all(Task)}
    assert tasks["copy"].owner == "林晓" and tasks["copy"].priority.value == "P1"
    assert repo.plan_for(date(2026, 11, 24)).task_ids == [tasks["page"].id]  # type: ignore[union-attr]
    assert cli("goal", "close", goal).code == 0
    assert Repository(data_file).all(Goal)[0].closed


def test_the_work_log_is_written_in_parts_and_shown(cli: Runner, data_file: Path) -> None:
    assert cli("log", "show").out.startswith("no work log for Mon 2026-11-23")
    assert cli("log", "write", "shipped", "H5", "--tomorrow", "review").code == 0
    assert cli("log", "write", "--problems", "CDN slow").code == 0
    shown = json.loads(cli("log", "show", "--json").out)
    assert (shown["summary"], shown["problems"], shown["tomorrow"]) == (
        "shipped H5", "CDN slow", ["review"])
    assert "Problems 问题\nCDN slow" in cli("log").out
    refused(cli, data_file, "log", "write", *(x for n in "abcd" for x in ("--tomorrow", n)))
    assert len(Repository(data_file).all(LogEntry)) == 1


def test_shutdown_asks_what_to_do_then_rolls_with_the_reason(cli: Runner,
                                                             data_file: Path) -> None:
    task = add(cli, "unfinished", "plan:today")
    assert "say --roll or --unplan" in refused(cli, data_file, "shutdown")
    assert "needs a reason" in refused(cli, data_file, "shutdown", "--roll")
    said = cli("shutdown", "--roll", "--reason", "data late")
    assert said.code == 0
    assert said.out.splitlines() == [
        f"{task}  rolled to tomorrow  unfinished",
        "Work log of Mon 2026-11-23 saved; 1 rolled to tomorrow, 0 unplanned."]
    repo = Repository(data_file)
    [stored] = repo.all(Task)
    assert [(s.action, s.reason) for s in stored.slips] == [("rolled", "data late")]
    assert repo.plan_for(date(2026, 11, 24)).task_ids == [stored.id]  # type: ignore[union-attr]
    assert len(repo.all(LogEntry)) == 1


def test_retro_add_turns_its_actions_into_tasks(cli: Runner, data_file: Path) -> None:
    assert "no section 'goal'" in refused(cli, data_file, "retro", "add", "x", "--project",
                                          "p", "--format", "kpt", "--section", "goal=g")
    said = cli("retro", "add", "双11", "复盘", "--project", "双11", "--format", "kpt",
               "--section", "keep=early prep", "--action", "book CDN @林晓 due:fri !P1")
    assert said.code == 0 and "retro saved with 1 action as tasks" in said.out
    repo = Repository(data_file)
    [retro] = repo.all(Retrospective)
    [action] = repo.all(Task)
    assert (retro.title, retro.sections) == ("双11 复盘", {"keep": "early prep"})
    assert (action.source.ref, action.due, action.owner) == (retro.id, date(2026, 11, 27),
                                                             "林晓")
    assert "0/1" in cli("retro", "list").out
    assert cli("retro", "edit", retro.short_id, "--section", "try=book early").code == 0
    assert Repository(data_file).all(Retrospective)[0].sections == {
        "keep": "early prep", "try": "book early"}
    assert "no section 'goal'" in refused(cli, data_file, "retro", "edit", retro.short_id,
                                          "--section", "goal=x")


def test_recurring_work_has_one_open_instance_and_the_next_comes_when_it_is_done(
        cli: Runner, data_file: Path) -> None:
    said = cli("recur", "add", "日报", "--rrule", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "-p", "P1")
    assert said.code == 0 and "next Mon 2026-11-23 is in the backlog" in said.out
    [instance] = json.loads(cli("tasks", "--json").out)
    assert (instance["title"], instance["due"], instance["priority"]) == ("日报", "2026-11-23",
                                                                         "P1")
    assert cli("done", instance["id"][:8]).code == 0
    open_ = json.loads(cli("tasks", "--status", "open", "--json").out)
    assert [t["due"] for t in open_] == ["2026-11-24"]
    [template] = json.loads(cli("recur", "list", "--json").out)
    assert (template["open_on"], template["next"]) == ("2026-11-24", "2026-11-25")
    assert "recurs within a day" in refused(cli, data_file, "recur", "add", "x", "--rrule",
                                            "FREQ=HOURLY")


@pytest.mark.parametrize("command", [
    ("support",), ("support", "request"), ("support", "refuse"), ("log",), ("log", "write"),
    ("shutdown",), ("recur",), ("recur", "add"), ("plan", "move"), ("plan", "move-day"),
    ("goal", "break"),
    ("retro", "add"), ("retro", "edit"), ("goal", "close")])
def test_new_commands_have_help(cli: Runner, command: tuple[str, ...]) -> None:
    result = cli(*command, "--help")
    assert result.code == 0 and "usage: opstui" in result.out


def test_the_plan_is_made_once_with_the_days_capacity(cli: Runner, data_file: Path) -> None:
    add(cli, "x", "plan:today")
    add(cli, "y", "plan:today")
    assert len(Repository(data_file).all(DayPlan)) == 1
