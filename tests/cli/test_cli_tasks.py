"""``add``, ``tasks``, ``done`` and ``note``: what they store and what they print."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from opstui.commands.table import display_width
from opstui.domain.models import DayPlan, Goal, ProgressNote, Settings, Task, TaskStatus
from opstui.store.repository import Repository

Runner = Callable[..., Any]


def _task(data_file: Path, short_id: str) -> Task:
    return Repository(data_file).resolve(Task, short_id)


def _seed(data_file: Path, *tasks: Task) -> None:
    Repository(data_file).save_many(tasks)


def test_add_prints_the_short_id_first_and_the_parsed_due_date(
    cli: Runner, data_file: Path
) -> None:
    result = cli("add", "写", "周报", "--due", "fri", "--priority", "p1", "--owner", "林晓",
                 "--estimate", "1.5h", "--tag", "report,weekly", "--tag", "#ops")
    assert result.code == 0, result.err
    short, rest = result.out.split("  ", 1)
    assert re.fullmatch(r"[0-9a-f]{8}", short)
    assert rest == "due Fri 2026-11-27\n"
    task = _task(data_file, short)
    assert task.title == "写 周报"
    assert task.priority.value == "P1"
    assert task.owner == "林晓"
    assert task.due == date(2026, 11, 27)
    assert task.estimate_minutes == 90
    assert task.tags == ["report", "weekly", "ops"]
    assert task.status is TaskStatus.TODO


def test_add_without_a_due_date_prints_just_the_id(cli: Runner, data_file: Path) -> None:
    result = cli("add", "call the vendor")
    assert re.fullmatch(r"[0-9a-f]{8}\n", result.out)
    assert _task(data_file, result.out.strip()).due is None


def test_add_with_a_bad_due_date_exits_2_naming_it_in_a_real_process(
    proc: Runner, data_file: Path
) -> None:
    result = proc("add", "x", "--due", "banana")
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("opstui: --due: ")
    assert "'banana'" in lines[0]
    assert "Traceback" not in result.err
    assert not data_file.exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--estimate", "soon"), "--estimate: not a duration: 'soon'"),
        (("--plan", "someday"), "--plan: not a date: 'someday'"),
        (("--goal", "abcd"), "no goal with id 'abcd'"),
        (("--goal", "zz"), "'zz' is not a goal id"),
        (("--owner", " "), "invalid task: owner:"),
    ],
)
def test_add_refuses_bad_options_with_one_line(
    cli: Runner, data_file: Path, args: tuple[str, ...], needle: str
) -> None:
    result = cli("add", "x", *args)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert needle in result.err
    assert Repository(data_file).all(Task) == []


def test_add_refuses_a_blank_title(cli: Runner) -> None:
    result = cli("add", "   ")
    assert result.code == 2
    assert result.err.startswith("opstui: TITLE: a task needs a title")


def test_add_links_a_goal_by_short_id(cli: Runner, data_file: Path) -> None:
    goal = Repository(data_file).save(Goal(title="DAU +20%", period="2026-Q4"))
    result = cli("add", "拉新活动", "--goal", goal.id[:6])
    assert result.code == 0, result.err
    assert _task(data_file, result.out.split()[0]).goal_id == goal.id


def test_add_to_a_plan_creates_the_day_plan_with_the_settings_defaults(
    cli: Runner, data_file: Path
) -> None:
    Repository(data_file).save_settings(Settings(capacity_hours=6, buffer_pct=30))
    result = cli("add", "prepare deck", "--plan", "tomorrow", "--due", "+2d")
    assert result.code == 0, result.err
    assert result.out.endswith("  due Wed 2026-11-25  planned Tue 2026-11-24\n")
    short = result.out.split()[0]
    plan = Repository(data_file).plan_for(date(2026, 11, 24))
    assert plan is not None
    assert plan.capacity_hours == 6
    assert plan.buffer_pct == 30
    assert [i[:8] for i in plan.task_ids] == [short]


def test_add_to_an_existing_plan_appends_in_order(cli: Runner, data_file: Path) -> None:
    first = Task(title="first")
    _seed(data_file, first)
    Repository(data_file).save(DayPlan(day=date(2026, 11, 23), capacity_hours=7,
                                       task_ids=[first.id]))
    short = cli("add", "second", "--plan", "today").out.split()[0]
    plans = Repository(data_file).all(DayPlan)
    assert len(plans) == 1
    assert plans[0].capacity_hours == 7
    assert [i[:8] for i in plans[0].task_ids] == [first.short_id, short]


def _listed_ids(output: str) -> list[str]:
    return [line.split()[0] for line in output.splitlines()[1:]]


def test_tasks_lists_open_first_by_priority_then_due(cli: Runner, data_file: Path) -> None:
    later = Task(title="later", priority="P1", due=date(2026, 12, 1))
    sooner = Task(title="sooner", priority="P1", due=date(2026, 11, 25))
    urgent = Task(title="urgent", priority="P0")
    undated = Task(title="undated", priority="P1")
    finished = Task(title="finished", priority="P0", status="done",
                    done_at=datetime(2026, 11, 20, 10))
    _seed(data_file, later, finished, undated, sooner, urgent)
    result = cli("tasks")
    assert result.code == 0
    assert result.out.splitlines()[0].split() == ["ID", "PRI", "STATUS", "DUE", "OWNER",
                                                  "TITLE"]
    assert _listed_ids(result.out) == [t.short_id for t in
                                       (urgent, sooner, later, undated, finished)]


def test_tasks_columns_line_up_with_chinese_text(cli: Runner, data_file: Path) -> None:
    _seed(data_file,
          Task(title="上线双11活动页", owner="王磊", due=date(2026, 11, 27)),
          Task(title="weekly KPI deck", owner="Priya"),
          Task(title="社群运营 review", owner="刘洋洋洋"))
    titles = ("TITLE", "上线双11活动页", "weekly KPI deck", "社群运营 review")
    lines = cli("tasks").out.splitlines()
    assert len(lines) == 4
    title_columns = set()
    for line in lines:
        title = next(t for t in titles if line.endswith(t))
        title_columns.add(display_width(line[: -len(title)]))
    assert len(title_columns) == 1


def test_tasks_filters_by_status_and_owner(cli: Runner, data_file: Path) -> None:
    blocked = Task(title="blocked one", status="blocked", status_reason="legal", owner="陈静")
    todo = Task(title="todo one", owner="Marco")
    gone = Task(title="done one", status="done", owner="Marco")
    _seed(data_file, blocked, todo, gone)
    assert _listed_ids(cli("tasks", "--status", "blocked").out) == [blocked.short_id]
    assert set(_listed_ids(cli("tasks", "--status", "open").out)) == {
        blocked.short_id, todo.short_id}
    assert set(_listed_ids(cli("tasks", "--owner", "marco").out)) == {
        todo.short_id, gone.short_id}
    assert cli("tasks", "--status", "cancelled").out == "no tasks\n"


def test_tasks_json_prints_full_records(cli: Runner, data_file: Path) -> None:
    task = Task(title="[red]not markup[/]", due=date(2026, 11, 30), tags=["数据"])
    _seed(data_file, task)
    records = json.loads(cli("tasks", "--json").out)
    assert records == [task.model_dump(mode="json")]


def test_tasks_all_includes_archived_tasks(cli: Runner, data_file: Path) -> None:
    old = Task(title="old", status="done", done_at=datetime(2026, 9, 1, 12))
    fresh = Task(title="fresh")
    _seed(data_file, old, fresh)
    assert Repository(data_file).archive_finished(date(2026, 11, 23)) == 1
    assert _listed_ids(cli("tasks").out) == [fresh.short_id]
    assert _listed_ids(cli("ls", "--all").out) == [fresh.short_id, old.short_id]


def test_add_then_tasks_json_shows_it_in_a_real_process(proc: Runner) -> None:
    added = proc("add", "跟进 KOL 名单", "--due", "2026-11-30", "--owner", "张伟")
    assert added.code == 0, added.err
    short = added.out.split()[0]
    listed = proc("tasks", "--json")
    assert listed.code == 0
    records = json.loads(listed.out)
    assert [r["id"][:8] for r in records] == [short]
    assert records[0]["title"] == "跟进 KOL 名单"
    assert records[0]["due"] == "2026-11-30"
    assert records[0]["owner"] == "张伟"


def test_done_by_prefix_in_a_real_process(proc: Runner, data_file: Path) -> None:
    task = Task(title="send recap", status="blocked", status_reason="waiting on data",
                percent=40)
    _seed(data_file, task)
    result = proc("done", task.id[:5])
    assert result.code == 0, result.err
    assert result.out == f"{task.short_id}  done  send recap\n"
    stored = _task(data_file, task.id)
    assert stored.status is TaskStatus.DONE
    assert stored.percent == 100
    assert stored.status_reason == ""
    assert stored.done_at is not None
    assert stored.done_at.date() == date(2026, 11, 23)


def test_done_with_an_ambiguous_prefix_exits_2_in_a_real_process(
    proc: Runner, data_file: Path
) -> None:
    one = Task(id="abcd1111" + "0" * 24, title="one")
    two = Task(id="abcd2222" + "0" * 24, title="two")
    _seed(data_file, one, two)
    before = data_file.read_bytes()
    result = proc("done", "abcd")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "ambiguous" in result.err
    assert "abcd1111" in result.err and "abcd2222" in result.err
    assert data_file.read_bytes() == before


def test_done_several_ids_changes_nothing_if_one_is_unknown(
    cli: Runner, data_file: Path
) -> None:
    task = Task(title="one")
    _seed(data_file, task)
    result = cli("done", task.short_id, "ffff0000")
    assert result.code == 2
    assert "no task with id 'ffff0000'" in result.err
    assert _task(data_file, task.id).status is TaskStatus.TODO


def test_done_twice_says_already_done(cli: Runner, data_file: Path) -> None:
    task = Task(title="one")
    _seed(data_file, task)
    assert cli("done", task.short_id).code == 0
    first = _task(data_file, task.id).done_at
    again = cli("done", task.short_id)
    assert again.code == 0
    assert "already done" in again.out
    assert _task(data_file, task.id).done_at == first


def test_note_with_percent_updates_the_task(cli: Runner, data_file: Path) -> None:
    task = Task(title="draft push copy", percent=10)
    _seed(data_file, task)
    result = cli("note", task.short_id, "first", "draft", "sent", "--percent", "60")
    assert result.code == 0, result.err
    assert result.out == f"{task.short_id}  noted  60%  draft push copy\n"
    repo = Repository(data_file)
    notes = repo.notes_for(task.id)
    assert [(n.text, n.percent) for n in notes] == [("first draft sent", 60)]
    assert notes[0].at.date() == date(2026, 11, 23)
    assert repo.get(Task, task.id).percent == 60  # type: ignore[union-attr]


def test_note_without_percent_leaves_the_task(cli: Runner, data_file: Path) -> None:
    task = Task(title="x", percent=10)
    _seed(data_file, task)
    assert cli("note", task.short_id, "called them").code == 0
    repo = Repository(data_file)
    assert repo.get(Task, task.id) == task
    assert [n.percent for n in repo.all(ProgressNote)] == [None]


def test_note_refuses_blank_text(cli: Runner, data_file: Path) -> None:
    task = Task(title="x")
    _seed(data_file, task)
    result = cli("note", task.short_id, " ")
    assert result.code == 2
    assert result.err.startswith("opstui: invalid progress note: text:")
    assert Repository(data_file).all(ProgressNote) == []


def test_note_on_an_unknown_task_exits_2(cli: Runner, data_file: Path) -> None:
    result = cli("note", "beef", "hello")
    assert result.code == 2
    assert result.err == "opstui: no task with id 'beef'\n"
    assert not data_file.exists()


def test_commands_on_a_corrupt_file_exit_1_and_keep_it(cli: Runner, data_file: Path) -> None:
    data_file.write_text('{"tasks": {"1": ')
    for args in (("add", "x"), ("tasks",), ("done", "abcd"), ("export",)):
        result = cli(*args)
        assert result.code == 1
        assert result.err.startswith(f"opstui: {data_file}: not valid JSON")
        assert result.err.count("\n") == 1
    assert data_file.read_text() == '{"tasks": {"1": '


def test_archive_moves_long_finished_tasks_and_says_how_many(cli: Runner, data_file: Path
                                                             ) -> None:
    old = datetime(2026, 10, 1, 17, 0)
    recent = datetime(2026, 11, 20, 17, 0)
    _seed(data_file,
          Task(title="发布会复盘 old", status="done", done_at=old, updated_at=old, percent=100),
          Task(title="recently finished", status="done", done_at=recent, updated_at=recent),
          Task(title="still open"))
    result = cli("archive")
    assert result.code == 0, result.err
    assert result.out.startswith("Archived 1 task finished more than 21 days ago")
    hot = {t.title for t in Repository(data_file).tasks()}
    assert hot == {"recently finished", "still open"}
    assert (data_file.parent / "opstui.archive-2026.json").exists()
    listed = cli("tasks", "--all", "--json")
    assert "发布会复盘 old" in listed.out            # still there, in the archive
    again = cli("archive")
    assert again.code == 0
    assert again.out.startswith("Nothing to archive")


def test_archive_on_a_corrupt_file_exits_1_and_keeps_it(cli: Runner, data_file: Path) -> None:
    data_file.write_text('{"tasks": {"1": {"title": ')
    before = data_file.read_bytes()
    result = cli("archive")
    assert result.code == 1
    assert result.out == ""
    assert str(data_file) in result.err
    assert data_file.read_bytes() == before
