"""``check``: verify the data file and its archives, never changing them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from opstui.domain.models import DayPlan, Goal, ProgressNote, Settings, Task
from opstui.store.repository import Repository

Runner = Callable[..., Any]


def test_check_says_ok_with_counts(cli: Runner, data_file: Path) -> None:
    repo = Repository(data_file)
    goal = Goal(title="留存 D7 ≥ 35%", period="2026-11")
    task = Task(title="t", goal_id=goal.id)
    old = Task(title="old", status="done", done_at=datetime(2026, 8, 1, 9))
    repo.save_many([goal, task, old,
                    ProgressNote(task_id=old.id, at=datetime(2026, 11, 2, 9), text="n"),
                    DayPlan(day=date(2026, 11, 23), task_ids=[task.id, old.id])])
    repo.save_settings(Settings(lang="zh"))
    repo.archive_finished(date(2026, 11, 23))
    result = cli("check")
    assert result.code == 0, result.out
    assert result.out == (f"ok: 1 tasks, 1 goals, 1 plans in {data_file}; "
                          "1 archive file: 1 tasks, 1 notes\n")


def test_check_on_an_empty_data_set(cli: Runner, data_file: Path) -> None:
    Repository(data_file).save_settings(Settings())
    assert cli("check").out == f"ok: 0 tasks in {data_file}\n"


def test_check_on_a_missing_file_exits_1(cli: Runner, data_file: Path) -> None:
    result = cli("check")
    assert result.code == 1
    assert result.err == f"opstui: {data_file} does not exist (it is created on first save)\n"
    assert not data_file.exists()


def test_check_on_a_corrupt_file_exits_1_naming_it_and_leaves_it_unchanged(
    proc: Runner, data_file: Path
) -> None:
    data_file.write_bytes(b'{"tasks": {"1": {"title": "half a fi')
    before = data_file.read_bytes()
    result = proc("check")
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"opstui: {data_file}: not valid JSON")
    assert "Traceback" not in result.err
    assert data_file.read_bytes() == before
    assert sorted(p.name for p in data_file.parent.iterdir()) == [data_file.name]


def test_check_lists_invalid_records_and_dangling_references(
    cli: Runner, data_file: Path
) -> None:
    repo = Repository(data_file)
    task = Task(title="orphan", goal_id="a" * 32)
    repo.save_many([task, ProgressNote(task_id="b" * 32, at=datetime(2026, 11, 2, 9), text="lost"),
                    DayPlan(day=date(2026, 11, 23), task_ids=[task.id, "c" * 32]),
                    DayPlan(day=date(2026, 11, 23))])
    raw = data_file.read_text().replace('"title":"orphan"', '"title":""', 1)
    assert raw != data_file.read_text()
    data_file.write_text(raw)
    before = data_file.read_bytes()
    result = cli("check")
    assert result.code == 1
    lines = result.out.splitlines()
    assert f"{data_file.name}: tasks record '{task.id}' is invalid: title: String should have "\
           "at least 1 character" in lines
    assert any(line.startswith("notes ") and "task_id refers to a missing task bbbbbbbb" in line
               for line in lines)
    assert any(line.startswith("plans ") and "missing task cccccccc" in line for line in lines)
    assert sum(task.short_id in line for line in lines) == 1  # the invalid task: once
    assert any("have the same day '2026-11-23'" in line for line in lines)
    assert lines[-1] == f"{data_file}: 4 problems found"
    assert data_file.read_bytes() == before


def test_check_reports_a_task_pointing_at_a_missing_goal(cli: Runner, data_file: Path) -> None:
    task = Task(title="拉新", goal_id="d" * 32)
    Repository(data_file).save(task)
    result = cli("check")
    assert result.code == 1
    assert f'tasks {task.short_id} "拉新": goal_id refers to a missing goal dddddddd' in result.out


def test_check_reads_the_archive_files(cli: Runner, data_file: Path) -> None:
    repo = Repository(data_file)
    repo.save(Task(title="old", status="done", done_at=datetime(2025, 3, 1, 9)))
    repo.archive_finished(date(2026, 11, 23))
    archive = repo.archive_paths()[0]
    archive.write_text("{broken")
    result = cli("check")
    assert result.code == 1
    assert f"{archive.name}: not valid JSON" in result.out
    assert archive.read_text() == "{broken"
