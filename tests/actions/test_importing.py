"""Importing another tool's tasks: all in one unit of work, idempotent, with a dry run."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from opstui.actions.importing import import_batch
from opstui.actions.undo import undo
from opstui.domain.clock import Clock
from opstui.domain.interchange.taskwarrior import parse_taskwarrior
from opstui.domain.interchange.todotxt import format_todotxt, parse_todotxt
from opstui.domain.journal import JournalEntry
from opstui.domain.models import ProgressNote, Recurrence, SourceKind, Task, TaskStatus
from opstui.domain.recurrence import instance as occurrence_task
from opstui.store.repository import Repository

FIXTURE = Path(__file__).parent.parent / "fixtures" / "taskwarrior" / "task-2.6-export.json"
CLOCK = Clock(datetime(2026, 11, 30, 15, 0))
LATER = Clock(datetime(2026, 12, 3, 9, 0))


def _items() -> list[dict[str, Any]]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _batch(items: list[dict[str, Any]] | None = None) -> Any:
    text = FIXTURE.read_text(encoding="utf-8") if items is None else json.dumps(items)
    return parse_taskwarrior(text, tz=UTC, now=CLOCK.now)


def _import(repo: Repository, items: list[dict[str, Any]] | None = None, *,
            clock: Clock = CLOCK, dry_run: bool = False) -> Any:
    return import_batch(repo, clock, _batch(items), label="tw (taskwarrior)", dry_run=dry_run)


def test_the_whole_export_comes_in_with_nothing_lost(repo: Repository) -> None:
    batch = _batch()
    outcome = _import(repo)
    assert "tasks: 14 added" in outcome.message and "notes: 3 added" in outcome.message
    stored = {t.id: t for t in repo.all(Task)}
    assert set(stored) == {t.id for t in batch.tasks}
    for task in batch.tasks:  # every field the file gave, as the file gave it
        kept = stored[task.id]
        for name in task.model_fields_set - {"updated_at"}:
            assert getattr(kept, name) == getattr(task, name), name
        assert kept.updated_at == CLOCK.now
    assert {(n.task_id, n.at, n.text) for n in repo.all(ProgressNote)} == {
        (n.task_id, n.at, n.text) for n in batch.notes}
    assert {r.id for r in repo.all(Recurrence)} == {r.id for r in batch.recurrences}


def test_importing_twice_changes_nothing(repo: Repository, data_file: Path) -> None:
    _import(repo)
    before = data_file.read_bytes()
    again = _import(Repository(data_file), clock=LATER)
    assert data_file.read_bytes() == before
    assert again.entry_id is None
    assert "tasks: 14 unchanged" in again.message and "added" not in again.message


def test_one_import_is_one_action_that_undo_takes_back(repo: Repository) -> None:
    _import(repo)
    assert [e.action for e in repo.all(JournalEntry)] == ["import"]
    undo(repo, CLOCK)
    assert repo.all(Task) == [] and repo.all(ProgressNote) == [] and repo.all(Recurrence) == []


def test_a_dry_run_writes_nothing_and_says_what_an_import_would(repo: Repository,
                                                                data_file: Path) -> None:
    dry = _import(repo, dry_run=True)
    assert not data_file.exists()
    assert "nothing written" in dry.message
    real = _import(Repository(data_file))
    assert dry.extra["plan"].added == real.extra["plan"].added
    assert len(dry.extra["plan"].added) == 14 + 3 + 2


def test_a_changed_export_updates_its_tasks_and_keeps_what_only_opstui_knows(
        repo: Repository) -> None:
    items = _items()
    _import(repo, items)
    review = next(i for i in items if i["description"] == "Review landing page copy")
    task_id = uuid.UUID(review["uuid"]).hex
    repo.save(repo.get(Task, task_id).evolve(owner="王芳", estimate_minutes=90))
    review |= {"status": "completed", "end": "20261202T100000Z",
               "modified": "20261202T100000Z", "description": "Review landing page copy v2"}
    outcome = _import(Repository(repo.path), items, clock=LATER)
    assert "tasks: 1 updated, 13 unchanged" in outcome.message
    task = Repository(repo.path).get(Task, task_id)
    assert (task.title, task.status, task.percent) == (
        "Review landing page copy v2", TaskStatus.DONE, 100)
    assert task.done_at == datetime(2026, 12, 2, 10, 0)
    assert (task.owner, task.estimate_minutes) == ("王芳", 90)  # opstui's own fields kept
    assert task.reopen_status is TaskStatus.TODO  # reopening gives the old status back


def test_an_edit_in_opstui_survives_a_reimport_of_an_unchanged_task(repo: Repository) -> None:
    _import(repo)
    task = next(t for t in repo.all(Task) if t.title == "Review landing page copy")
    repo.save(task.evolve(title="Review landing page copy (renamed here)"))
    _import(Repository(repo.path), clock=LATER)
    assert Repository(repo.path).get(Task, task.id).title == (
        "Review landing page copy (renamed here)")


def test_an_occurrence_opstui_made_is_not_doubled_by_a_later_export(repo: Repository) -> None:
    items = _items()
    _import(repo, items)
    template = next(i for i in items if i["status"] == "recurring" and i["recur"] == "weekly")
    # opstui makes the occurrence of the 16th itself (as it does when the one before is done).
    recurrence = Repository(repo.path).get(Recurrence, uuid.UUID(template["uuid"]).hex)
    assert recurrence is not None
    made = [occurrence_task(recurrence, date(2026, 12, 16), CLOCK.now)]
    Repository(repo.path).save_many(made)
    instance = dict(next(i for i in items if i.get("parent") == template["uuid"]))
    instance |= {"uuid": str(uuid.uuid4()), "due": "20261216T180000Z", "imask": 2,
                 "modified": "20261203T000000Z"}
    follow_up = {"uuid": str(uuid.uuid4()), "description": "file the 16th's report",
                 "status": "pending", "depends": [instance["uuid"]]}
    outcome = _import(Repository(repo.path), [*items, instance, follow_up], clock=LATER)
    assert "tasks: 1 added, 1 updated" in outcome.message
    on_16th = [t for t in Repository(repo.path).all(Task)
               if t.source.kind is SourceKind.RECURRENCE and t.source.on == date(2026, 12, 16)]
    assert len(on_16th) == 1
    assert on_16th[0].id == made[0].id
    assert on_16th[0].source_id == f"taskwarrior:{instance['uuid']}"
    after = Repository(repo.path).get(Task, uuid.UUID(follow_up["uuid"]).hex)
    assert after is not None and after.depends == [made[0].id]  # the task as stored


def test_a_todotxt_export_imports_back_onto_the_same_tasks(repo: Repository,
                                                          data_file: Path) -> None:
    _import(repo)
    before = data_file.read_bytes()
    text = format_todotxt(repo.all(Task))
    outcome = import_batch(Repository(data_file), LATER, parse_todotxt(text),
                           label="t.txt (todotxt)")
    assert "tasks: 14 unchanged" in outcome.message
    assert data_file.read_bytes() == before
    # ticked off in a todo.txt app: only that task changes, and keeps where it came from
    lines = [line if "Review landing" not in line else "x 2026-12-02 " + line[4:]
             for line in text.splitlines()]
    import_batch(Repository(data_file), LATER, parse_todotxt("\n".join(lines)),
                 label="t.txt (todotxt)")
    task = next(t for t in Repository(data_file).all(Task)
                if t.title == "Review landing page copy")
    assert task.status is TaskStatus.DONE and task.done_at == datetime(2026, 12, 2)
    assert task.source_id and task.source_id.startswith("taskwarrior:")
    assert task.external["modified"] == "20261130T140739Z"


def test_an_invalid_file_writes_nothing(repo: Repository, data_file: Path) -> None:
    _import(repo)
    before = data_file.read_bytes()
    items = [*_items(), {"uuid": str(uuid.uuid4()), "description": "x", "due": "never"}]
    with pytest.raises(ValueError, match="due 'never' is not a time"):
        _import(Repository(data_file), items)
    assert data_file.read_bytes() == before
