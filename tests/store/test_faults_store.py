"""Store faults found by attack: stale id maps, links, lock files, backups, odd archive years."""

from __future__ import annotations

import errno
import os
import stat
from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from opstui.domain.models import Task, TaskStatus
from opstui.store import disk
from opstui.store.disk import backup_dir, make_backup
from opstui.store.repository import Repository
from opstui.store.storage import DataFileError, ReadOnlyError


def test_a_record_added_then_saved_stays_one_record(data_file: Path) -> None:
    repo = Repository(data_file)
    a = repo.add(Task(title="a"))
    assert repo.get(Task, a.id) == a  # builds the id map
    b = repo.add(Task(title="b"))
    assert repo.get(Task, b.id) == b
    repo.save(b.evolve(title="x"))
    stored = orjson.loads(data_file.read_bytes())["tasks"]
    assert sorted(doc["title"] for doc in stored.values()) == ["a", "x"]
    assert [t.title for t in Repository(data_file).tasks()] == ["a", "x"]


def test_a_symlinked_data_file_is_read_but_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "synced" / "real.json"
    target.parent.mkdir()
    Repository(target).add(Task(title="in the target"))
    link = tmp_path / "opstui.json"
    link.symlink_to(target)
    before = target.read_bytes()
    repo = Repository(link)
    assert [t.title for t in repo.tasks()] == ["in the target"]
    with pytest.raises(DataFileError, match=f"symbolic link to {target}.*use --db {target}"):
        repo.add(Task(title="would replace the link"))
    assert link.is_symlink() and target.read_bytes() == before


def test_a_planted_lock_link_is_not_followed(data_file: Path, tmp_path: Path) -> None:
    Repository(data_file).add(Task(title="kept"))
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    lock = data_file.with_name(data_file.name + ".lock")
    lock.unlink()
    lock.symlink_to(victim)
    before = data_file.read_bytes()
    with pytest.raises(DataFileError, match="symbolic link"):
        Repository(data_file).add(Task(title="x"))
    assert victim.read_text() == "precious"
    assert data_file.read_bytes() == before


def test_a_backups_folder_that_is_a_link_is_not_followed(data_file: Path,
                                                           tmp_path: Path) -> None:
    Repository(data_file).add(Task(title="kept"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    backup_dir(data_file).symlink_to(elsewhere)
    before = data_file.read_bytes()
    with pytest.raises(DataFileError, match=r"backups.*symbolic link"):
        Repository(data_file).add(Task(title="x"))
    assert list(elsewhere.iterdir()) == []
    assert data_file.read_bytes() == before


def test_backups_are_private_and_stamped_when_made(data_file: Path) -> None:
    Repository(data_file).add(Task(title="kept"))
    hour_ago = data_file.stat().st_mtime - 3600  # the file system's clock, not the wall's
    os.utime(data_file, (hour_ago, hour_ago))
    made = make_backup(data_file)
    assert made is not None
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    # The 15-minute rule reads this: it is when the backup was made, not the file's mtime.
    assert made.stat().st_mtime > hour_ago + 60
    assert made.read_bytes() == data_file.read_bytes()


def test_backups_are_fsynced(data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Repository(data_file).add(Task(title="kept"))
    synced: list[int] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real(fd)

    monkeypatch.setattr(disk.os, "fsync", fsync)
    make_backup(data_file)
    assert len(synced) >= 2  # the copy, and the folder after the rename


def test_write_errors_name_the_data_file_and_what_to_do(
        data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repository(data_file)
    repo.add(Task(title="kept"))
    before = data_file.read_bytes()

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied",
                              str(data_file.parent / f".{data_file.name}.x1y2.tmp"))

    monkeypatch.setattr(disk.tempfile, "mkstemp", denied)
    with pytest.raises(DataFileError) as caught:
        repo.add(Task(title="x"))
    message = str(caught.value)
    assert message.startswith(f"{data_file}: could not be saved: permission denied")
    assert ".tmp" not in message and "chmod" in message
    assert data_file.read_bytes() == before


def test_a_read_only_repository_still_refuses_with_its_own_error(data_file: Path) -> None:
    Repository(data_file).add(Task(title="kept"))
    with pytest.raises(ReadOnlyError):
        Repository(data_file, read_only=True).add(Task(title="x"))


def test_an_archive_of_a_year_below_1000_is_still_found(data_file: Path) -> None:
    repo = Repository(data_file)
    repo.add(Task(title="kept"))
    odd = data_file.with_name(f"{data_file.stem}.archive-999{data_file.suffix}")
    odd.write_bytes(orjson.dumps({"tasks": {"1": {
        "id": "a" * 32, "title": "finished long ago", "status": "done",
        "done_at": "0999-05-01T10:00:00"}}}))
    assert odd in repo.archive_paths()
    with pytest.raises(DataFileError, match="outside the years"):
        repo.archived(Task)  # never silently dropped


def test_archiving_creates_nothing_before_the_first_save(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "opstui.json"
    repo = Repository(path)
    assert repo.archive_finished(date(2026, 11, 23)) == 0
    assert not (tmp_path / "not").exists()


def test_a_lenient_read_only_repository_shows_every_valid_record(data_file: Path) -> None:
    repo = Repository(data_file)
    repo.add(Task(title="good one"))
    repo.add(Task(title="good two"))
    data = orjson.loads(data_file.read_bytes())
    data["tasks"]["3"] = {"id": "b" * 32, "title": "bad", "priority": "P9"}
    data_file.write_bytes(orjson.dumps(data))
    with pytest.raises(DataFileError):
        Repository(data_file, read_only=True).tasks()
    lenient = Repository(data_file, read_only=True, lenient=True)
    lenient.validate_all()
    assert sorted(t.title for t in lenient.tasks()) == ["good one", "good two"]
    assert lenient.skipped() == [f"tasks record {'b' * 32!r} is invalid: priority: "
                                 "Input should be 'P0', 'P1', 'P2' or 'P3'"]


def test_an_old_done_task_with_a_sane_date_is_still_archived(data_file: Path) -> None:
    repo = Repository(data_file)
    task = repo.add(Task(title="old", status=TaskStatus.DONE, done_at=datetime(2025, 1, 2),
                         percent=100))
    assert repo.archive_finished(date(2026, 11, 23)) == 1
    assert [t.id for t in Repository(data_file).archived(Task)] == [task.id]


@pytest.mark.parametrize("doc, field", [
    ({"due": "1899-12-31"}, "due: 1899-12-31"),
    ({"done_at": "2200-01-01T00:00:00", "status": "done"}, "done_at: 2200-01-01T00:00:00"),
    ({"slips": [{"day": "2026-11-20", "action": "rolled", "to": "0001-01-01"}]},
     "slips.0.to: 0001-01-01"),
])
def test_the_validator_names_a_date_outside_the_years_even_nested(
        doc: dict[str, object], field: str) -> None:
    from opstui.store.validate import RecordProblem, validate_doc

    with pytest.raises(RecordProblem) as caught:
        validate_doc("tasks", "1", {"id": "a" * 32, "title": "t", **doc})
    assert str(caught.value) == (f"tasks record {'a' * 32!r} is invalid: {field} is outside "
                                 "the years opstui accepts (1900 to 2199)")
    validate_doc("tasks", "1", {"id": "a" * 32, "title": "t", "due": "2199-12-31"})


def test_an_archived_tasks_notes_include_those_added_after_archiving(data_file: Path) -> None:
    from opstui.domain.models import ProgressNote

    repo = Repository(data_file)
    task = repo.add(Task(title="old", status=TaskStatus.DONE, done_at=datetime(2025, 1, 2),
                         percent=100))
    repo.add(ProgressNote(task_id=task.id, at=datetime(2025, 1, 1, 9), text="before"))
    assert repo.archive_finished(date(2026, 11, 23)) == 1
    repo.add(ProgressNote(task_id=task.id, at=datetime(2026, 11, 23, 9), text="after"))
    notes = Repository(data_file).notes_for(task.id)
    assert [n.text for n in notes] == ["before", "after"]
