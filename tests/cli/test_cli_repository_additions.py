"""The repository methods the CLI added: ``add`` (fast capture) and bulk updates."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from opstui.domain.models import ProgressNote, Task
from opstui.store.repository import Repository


def test_add_stores_a_new_record_for_every_reader(repo: Repository, data_file: Path) -> None:
    repo.save(Task(title="existing"))
    fresh = Repository(data_file)  # its tasks table is not loaded yet: the fast path
    added = fresh.add(Task(title="captured"))
    assert added.updated_at >= added.created_at
    assert fresh.get(Task, added.id) == added
    assert sorted(t.title for t in Repository(data_file).all(Task)) == ["captured", "existing"]
    assert repo.refresh()  # another repository (process) sees it after catching up
    assert sorted(t.title for t in repo.all(Task)) == ["captured", "existing"]


def test_add_keeps_a_loaded_table_in_step(repo: Repository) -> None:
    repo.all(Task)  # loaded: the cached models must learn about the new record
    added = repo.add(Task(title="x"))
    assert [t.id for t in repo.all(Task)] == [added.id]
    assert repo.resolve(Task, added.short_id) == added


@pytest.mark.parametrize("loaded", [True, False])
def test_add_refuses_an_id_that_is_already_stored(
    repo: Repository, data_file: Path, loaded: bool
) -> None:
    task = repo.save(Task(title="original"))
    target = repo if loaded else Repository(data_file)
    with pytest.raises(ValueError, match="already has a record"):
        target.add(Task(id=task.id, title="impostor"))
    assert [t.title for t in Repository(data_file).all(Task)] == ["original"]


def test_add_inside_a_transaction_is_saved_with_the_rest(repo: Repository, data_file: Path) -> None:
    task = Task(title="with note")
    with repo.transaction():
        repo.add(task)
        repo.add(ProgressNote(task_id=task.id, at=datetime(2026, 11, 2, 9), text="started"))
    other = Repository(data_file)
    assert [n.text for n in other.notes_for(task.id)] == ["started"]


def test_save_many_updates_existing_records_as_given(repo: Repository, data_file: Path) -> None:
    stamp = datetime(2026, 1, 2, 3, 4, 5)
    tasks = [Task(title=f"t{i}") for i in range(300)]
    repo.save_many(tasks)
    changed = [t.evolve(percent=30, updated_at=stamp) for t in tasks]
    repo.save_many([*changed, Task(title="new")])
    stored = {t.id: t for t in Repository(data_file).all(Task)}
    assert len(stored) == 301
    assert all(stored[t.id] == t for t in changed)
