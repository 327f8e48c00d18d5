"""Finished tasks move to yearly archive files, and come back when reopened."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from opstui.domain.models import Goal, ProgressNote, Settings, Task, TaskStatus
from opstui.store import storage
from opstui.store.disk import DataFileError
from opstui.store.repository import LookupProblem, Repository

TODAY = date(2026, 11, 23)


def finished(title: str, on: date, status: TaskStatus = TaskStatus.DONE) -> Task:
    done_at = datetime(on.year, on.month, on.day)
    return Task(title=title, status=status, percent=100, done_at=done_at)


def archive_file(data_file: Path, year: int) -> Path:
    return data_file.with_name(f"opstui.archive-{year}.json")


def ids_in(path: Path, table: str) -> set[str]:
    """Record ids stored in ``path``'s ``table``, read straight from the file."""
    data = orjson.loads(path.read_bytes())
    return {doc["id"] for doc in data.get(table, {}).values()}


@pytest.fixture
def history(repo: Repository) -> dict[str, Task]:
    """Tasks finished at various ages, one open task and notes on some of them."""
    tasks = {
        "october": finished("October launch", date(2026, 10, 1)),
        "last year": finished("Year-end review 2025", date(2025, 12, 20)),
        "cancelled": finished("Dropped campaign", date(2026, 9, 1), TaskStatus.CANCELLED),
        "22 days": finished("Finished 22 days ago", date(2026, 11, 1)),
        "21 days": finished("Finished 21 days ago", date(2026, 11, 2)),
        "recent": finished("Finished last week", date(2026, 11, 16)),
        "open": Task(title="Still open", created_at=datetime(2025, 1, 1)),
    }
    for key, task in tasks.items():
        tasks[key] = repo.save(task)
    for key in ("october", "open"):
        repo.save(ProgressNote(task_id=tasks[key].id, at=datetime(2026, 11, 2, 9),
                               text=f"note on {key}"))
    return tasks


ARCHIVED = ("october", "last year", "cancelled", "22 days")
KEPT = ("21 days", "recent", "open")


def test_archive_moves_old_finished_tasks_and_their_notes(
    data_file: Path, repo: Repository, history: dict[str, Task]
) -> None:
    assert repo.archive_finished(TODAY) == len(ARCHIVED)

    hot_ids = ids_in(data_file, "tasks")
    assert hot_ids == {history[k].id for k in KEPT}
    assert ids_in(archive_file(data_file, 2026), "tasks") == {
        history[k].id for k in ("october", "cancelled", "22 days")
    }
    assert ids_in(archive_file(data_file, 2025), "tasks") == {history["last year"].id}
    october_notes = ids_in(archive_file(data_file, 2026), "notes")
    assert len(october_notes) == 1
    assert october_notes.isdisjoint(ids_in(data_file, "notes"))

    fresh = Repository(data_file)
    assert {t.title for t in fresh.tasks()} == {history[k].title for k in KEPT}
    assert {t.id for t in fresh.archived(Task)} == {history[k].id for k in ARCHIVED}
    assert [t.title for t in fresh.archived(Task, years=[2025])] == ["Year-end review 2025"]
    assert fresh.archived(Task, years=[2019]) == []
    assert [n.text for n in fresh.notes_for(history["october"].id)] == ["note on october"]
    assert [n.text for n in fresh.notes_for(history["open"].id)] == ["note on open"]
    assert fresh.get(Task, history["last year"].id) == history["last year"]
    assert fresh.resolve(Task, history["october"].id[:8]) == history["october"]
    fresh.validate_all()


def test_archive_waits_for_the_minimum(
    data_file: Path, repo: Repository, history: dict[str, Task]
) -> None:
    before = data_file.read_bytes()
    assert repo.archive_finished(TODAY, minimum=len(ARCHIVED) + 1) == 0
    assert data_file.read_bytes() == before
    assert repo.archive_paths() == []


def test_archive_follows_the_settings(repo: Repository, history: dict[str, Task]) -> None:
    repo.save_settings(Settings(archive_after_days=60))
    assert repo.archive_finished(TODAY) == 2  # last year's and September's
    assert {t.title for t in repo.archived(Task)} == {"Year-end review 2025", "Dropped campaign"}


def test_reopened_archived_task_moves_back_with_its_notes(
    data_file: Path, repo: Repository, history: dict[str, Task]
) -> None:
    repo.archive_finished(TODAY)
    october = repo.get(Task, history["october"].id)
    reopened = repo.save(october.evolve(status=TaskStatus.DOING, done_at=None, percent=80))

    fresh = Repository(data_file)
    assert fresh.get(Task, october.id) == reopened
    assert october.id in {t.id for t in fresh.tasks()}
    assert october.id not in {t.id for t in fresh.archived(Task)}
    assert october.id not in ids_in(archive_file(data_file, 2026), "tasks")
    assert [n.text for n in fresh.notes_for(october.id)] == ["note on october"]
    assert ids_in(archive_file(data_file, 2026), "notes") == set()


def test_editing_a_finished_archived_task_keeps_it_archived(
    data_file: Path, repo: Repository, history: dict[str, Task]
) -> None:
    repo.archive_finished(TODAY)
    old = repo.get(Task, history["last year"].id)
    repo.save(old.evolve(description="lessons: start earlier"))
    fresh = Repository(data_file)
    assert [t.description for t in fresh.archived(Task, years=[2025])] == ["lessons: start earlier"]
    assert old.id not in {t.id for t in fresh.tasks()}


def test_deleting_an_archived_task(
    data_file: Path, repo: Repository, history: dict[str, Task]
) -> None:
    repo.archive_finished(TODAY)
    repo.delete(history["cancelled"])
    assert history["cancelled"].id not in ids_in(archive_file(data_file, 2026), "tasks")
    with pytest.raises(LookupProblem):
        Repository(data_file).resolve(Task, history["cancelled"].id[:8])


def archive_but_crash_before_the_hot_write(
    data_file: Path, repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run ``archive_finished`` and die after the archive is written, before the hot file."""
    real_replace = storage.os.replace

    def die_on_hot_file(src: str, dst: str) -> None:
        if Path(dst) == data_file:
            raise OSError("killed between the two writes")
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", die_on_hot_file)
    with pytest.raises(DataFileError, match="killed"):  # the store names the data file
        repo.archive_finished(TODAY)
    monkeypatch.undo()


def test_crash_between_archive_and_hot_write_reports_each_task_once(
    data_file: Path, repo: Repository, history: dict[str, Task], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive_but_crash_before_the_hot_write(data_file, repo, monkeypatch)

    # The archive got its copy, the hot file still has everything: in both, never in neither.
    october = history["october"].id
    assert october in ids_in(archive_file(data_file, 2026), "tasks")
    assert october in ids_in(data_file, "tasks")

    for seen_by in (repo, Repository(data_file)):
        everything = [t.id for t in seen_by.tasks()] + [t.id for t in seen_by.archived(Task)]
        assert sorted(everything) == sorted(t.id for t in history.values())
        assert seen_by.resolve(Task, october[:6]).id == october
        assert len(seen_by.notes_for(october)) == 1

    # Running the archive again finishes the move.
    fresh = Repository(data_file)
    assert fresh.archive_finished(TODAY) == len(ARCHIVED)
    assert ids_in(data_file, "tasks") == {history[k].id for k in KEPT}
    assert len(fresh.archived(Task)) == len(ARCHIVED)
    assert len(ids_in(archive_file(data_file, 2026), "notes")) == 1


def test_deleting_a_task_left_in_both_places_deletes_both_copies(
    data_file: Path, repo: Repository, history: dict[str, Task], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive_but_crash_before_the_hot_write(data_file, repo, monkeypatch)
    october = repo.get(Task, history["october"].id)
    repo.delete(october)
    fresh = Repository(data_file)
    assert fresh.get(Task, october.id) is None
    assert october.id not in ids_in(archive_file(data_file, 2026), "tasks")


def test_failing_transaction_leaves_the_archive_alone(
    data_file: Path, repo: Repository, history: dict[str, Task]
) -> None:
    repo.archive_finished(TODAY)
    archive = archive_file(data_file, 2025)
    before = archive.read_bytes()
    old = repo.get(Task, history["last year"].id)
    with pytest.raises(RuntimeError, match="abandon"), repo.transaction():
        repo.save(old.evolve(description="never saved"))
        repo.delete(repo.get(Task, history["october"].id))
        raise RuntimeError("abandon")
    assert archive.read_bytes() == before
    fresh = Repository(data_file)
    assert fresh.get(Task, old.id).description == ""
    assert fresh.get(Task, history["october"].id) is not None


def test_tasks_of_a_running_goal_stay_hot_until_the_goal_ends(
    data_file: Path, repo: Repository
) -> None:
    quarter = repo.save(Goal(title="DAU +20%", period="2026-Q4"))
    ended = repo.save(Goal(title="Q3 launch", period="2026-Q3"))
    counted = repo.save(finished("Q4 groundwork", date(2026, 10, 2)).evolve(goal_id=quarter.id))
    old = repo.save(finished("Q3 wrap-up", date(2026, 9, 20)).evolve(goal_id=ended.id))

    assert repo.archive_finished(TODAY) == 1
    assert ids_in(data_file, "tasks") == {counted.id}
    assert {t.id for t in repo.archived(Task)} == {old.id}

    assert repo.archive_finished(date(2027, 1, 5)) == 1  # Q4 is over: now it may go
    assert ids_in(data_file, "tasks") == set()
