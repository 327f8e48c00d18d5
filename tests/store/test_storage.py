"""The data file is never lost: atomic writes, unreadable files left alone, migrations, backups."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import orjson
import pytest

from opstui.domain.models import SCHEMA_VERSION, Goal, Task
from opstui.store import storage
from opstui.store.migrations import META_TABLE
from opstui.store.repository import Repository
from opstui.store.storage import (
    BACKUPS_KEPT,
    DataFileError,
    ReadOnlyError,
    backups_of,
    make_backup,
)


def snapshot(path: Path) -> tuple[bytes, int]:
    """The bytes and mtime of ``path``: what "left untouched" means."""
    return path.read_bytes(), path.stat().st_mtime_ns


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def good_data_set_with_backup(data_file: Path) -> Path:
    """A data set saved in two sessions, so a backup of the first one exists."""
    Repository(data_file).save(Task(title="first session"))
    Repository(data_file).save(Task(title="second session"))
    backups = backups_of(data_file)
    assert backups, "a second session's first save backs up the previous state"
    return backups[0]


# -- atomic writes ----------------------------------------------------------------------------


def test_failed_replace_leaves_the_old_file_and_no_temp_files(
    data_file: Path, repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = repo.save(Task(title="kept"))
    before = snapshot(data_file)

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, "replace", refuse)
    with pytest.raises(DataFileError, match=r"disk .* is full") as caught:
        repo.save(Task(title="lost to a full disk"))
    assert str(caught.value).startswith(f"{data_file}: could not be saved")

    assert snapshot(data_file) == before
    assert leftovers(data_file.parent) == []
    # The repository does not pretend the failed change happened.
    assert [t.title for t in repo.all(Task)] == ["kept"]

    monkeypatch.undo()
    repo.save(Task(title="after the disk was cleaned"))
    reopened = Repository(data_file)
    assert sorted(t.title for t in reopened.all(Task)) == ["after the disk was cleaned", "kept"]
    assert reopened.get(Task, kept.id) == kept


def test_saved_data_is_on_disk_when_save_returns(data_file: Path, repo: Repository) -> None:
    task = repo.save(Task(title="写周报", tags=["weekly"]))
    raw = orjson.loads(data_file.read_bytes())
    stored = [doc for doc in raw["tasks"].values() if doc["id"] == task.id]
    assert len(stored) == 1
    assert stored[0]["title"] == "写周报"
    assert raw[META_TABLE]["1"]["schema_version"] == SCHEMA_VERSION


# -- unreadable files are never overwritten ---------------------------------------------------

CORRUPTIONS = {
    "garbage bytes": b"\x00\xff\xfe garbage \x9c\x80",
    "truncated JSON": b'{"tasks": {"1": {"id": "0123',
    "top level is a list": b"[1, 2, 3]",
    "table is a list": b'{"tasks": [{"title": "x"}]}',
    "record is a number": b'{"tasks": {"1": 5}}',
    "doc id is not a number": b'{"_meta": {"1": {"schema_version": 1}}, "tasks": {"abc": {}}}',
}


@pytest.mark.parametrize("content", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_unparseable_file_is_refused_and_left_as_it_is(data_file: Path, content: bytes) -> None:
    backup = good_data_set_with_backup(data_file)
    data_file.write_bytes(content)
    before = snapshot(data_file)

    with pytest.raises(DataFileError) as caught:
        Repository(data_file)

    message = str(caught.value)
    assert str(data_file) in message
    assert str(backup) in message
    assert "\n" not in message
    assert snapshot(data_file) == before


@pytest.mark.parametrize("content", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_file_corrupted_while_open_is_not_overwritten_by_a_save(
    data_file: Path, content: bytes
) -> None:
    backup = good_data_set_with_backup(data_file)
    repo = Repository(data_file)
    data_file.write_bytes(content)
    before = snapshot(data_file)

    with pytest.raises(DataFileError) as caught:
        repo.save(Task(title="must not clobber the broken file"))

    assert str(data_file) in str(caught.value)
    assert str(backup) in str(caught.value)
    assert snapshot(data_file) == before


def invalid_task_file(data_file: Path, **bad: object) -> None:
    """A data file whose one task has the fields in ``bad``."""
    doc = Task(title="looks fine").model_dump(mode="json") | bad
    data = {META_TABLE: {"1": {"schema_version": SCHEMA_VERSION}}, "tasks": {"1": doc}}
    data_file.write_bytes(orjson.dumps(data))


@pytest.mark.parametrize(
    ("bad", "named"),
    [
        ({"priority": "P9"}, "priority"),
        ({"percent": 150}, "percent"),
        ({"due": "someday"}, "due"),
        ({"title": ""}, "title"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_record_is_refused_and_never_overwritten(
    data_file: Path, bad: dict[str, object], named: str
) -> None:
    backup = good_data_set_with_backup(data_file)
    invalid_task_file(data_file, **bad)
    before = snapshot(data_file)

    repo = Repository(data_file)
    with pytest.raises(DataFileError) as caught:
        repo.validate_all()
    message = str(caught.value)
    assert str(data_file) in message
    assert str(backup) in message
    assert named in message

    # Saving into another table must not rewrite the file with the bad record in it.
    with pytest.raises(DataFileError):
        repo.save(Goal(title="Q4 growth", period="2026-Q4"))
    with pytest.raises(DataFileError):
        repo.save(Task(title="another"))
    with pytest.raises(DataFileError):
        repo.add(Task(title="a quick capture, as `opstui add` does"))
    assert snapshot(data_file) == before


def test_invalid_settings_are_refused_before_any_save(data_file: Path) -> None:
    data = {
        META_TABLE: {"1": {"schema_version": SCHEMA_VERSION}},
        "settings": {"1": {"lang": "klingon"}},
    }
    data_file.write_bytes(orjson.dumps(data))
    before = snapshot(data_file)
    repo = Repository(data_file)
    with pytest.raises(DataFileError, match="settings"):
        repo.settings()
    with pytest.raises(DataFileError):
        repo.save(Task(title="x"))
    assert snapshot(data_file) == before


def test_records_without_id_or_with_duplicate_ids_are_refused(data_file: Path) -> None:
    task = Task(title="twin").model_dump(mode="json")
    no_id = {k: v for k, v in task.items() if k != "id"}
    for tasks in ({"1": no_id}, {"1": task, "2": task}):
        data = {META_TABLE: {"1": {"schema_version": SCHEMA_VERSION}}, "tasks": tasks}
        data_file.write_bytes(orjson.dumps(data))
        with pytest.raises(DataFileError, match="id"):
            Repository(data_file).validate_all()


# -- schema versions --------------------------------------------------------------------------


@pytest.mark.parametrize("read_only", [False, True])
def test_file_from_a_newer_opstui_is_refused_untouched(data_file: Path, read_only: bool) -> None:
    data = {META_TABLE: {"1": {"schema_version": SCHEMA_VERSION + 1}}, "tasks": {}}
    data_file.write_bytes(orjson.dumps(data))
    before = snapshot(data_file)
    with pytest.raises(DataFileError, match="newer opstui"):
        Repository(data_file, read_only=read_only)
    assert snapshot(data_file) == before
    assert backups_of(data_file) == []


def test_version_0_file_is_backed_up_then_migrated(data_file: Path) -> None:
    task = Task(title="from before versions", priority="P1")
    old = orjson.dumps({"_default": {}, "tasks": {"1": task.model_dump(mode="json")}})
    data_file.write_bytes(old)

    repo = Repository(data_file)

    backups = backups_of(data_file)
    assert len(backups) == 1
    assert backups[0].read_bytes() == old
    migrated = orjson.loads(data_file.read_bytes())
    assert migrated[META_TABLE]["1"]["schema_version"] == SCHEMA_VERSION
    assert "_default" not in migrated
    assert repo.get(Task, task.id) == task
    assert Repository(data_file).get(Task, task.id) == task


def test_version_0_file_cannot_be_migrated_read_only(data_file: Path) -> None:
    old = orjson.dumps({"tasks": {"1": Task(title="old").model_dump(mode="json")}})
    data_file.write_bytes(old)
    with pytest.raises(DataFileError, match="read-only"):
        Repository(data_file, read_only=True)
    assert data_file.read_bytes() == old


def test_newer_file_written_by_another_process_is_not_overwritten(
    data_file: Path, repo: Repository
) -> None:
    repo.save(Task(title="mine"))
    newer = {META_TABLE: {"1": {"schema_version": SCHEMA_VERSION + 1}}, "tasks": {}}
    data_file.write_bytes(orjson.dumps(newer))
    before = snapshot(data_file)
    with pytest.raises(DataFileError, match="newer opstui"):
        repo.save(Task(title="would downgrade the file"))
    assert snapshot(data_file) == before


# -- backups ----------------------------------------------------------------------------------


def test_backups_rotate_and_keep_the_newest(data_file: Path) -> None:
    for n in range(BACKUPS_KEPT + 5):
        data_file.write_bytes(orjson.dumps({"n": {"1": {"n": n}}}))
        make_backup(data_file)
    kept = backups_of(data_file)
    assert len(kept) == BACKUPS_KEPT
    assert orjson.loads(kept[0].read_bytes()) == {"n": {"1": {"n": BACKUPS_KEPT + 4}}}
    assert orjson.loads(kept[-1].read_bytes()) == {"n": {"1": {"n": 5}}}


def test_sessions_keep_at_most_backups_kept(
    data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "BACKUP_EVERY_SECONDS", -1)
    for n in range(BACKUPS_KEPT + 3):
        Repository(data_file).save(Task(title=f"session {n}"))
    backups = backups_of(data_file)
    assert len(backups) == BACKUPS_KEPT
    newest = Repository(backups[0])
    assert len(newest.all(Task)) == BACKUPS_KEPT + 2


def test_backups_of_one_file_are_not_confused_with_another(tmp_path: Path) -> None:
    work, home = tmp_path / "work.json", tmp_path / "work.json.old"
    for path in (work, home):
        Repository(path).save(Task(title=path.name))
        make_backup(path)
    assert [p.name.startswith("work.json.2") for p in backups_of(work)] == [True]


# -- read-only --------------------------------------------------------------------------------


def test_read_only_repository_refuses_to_save(data_file: Path, repo: Repository) -> None:
    task = repo.save(Task(title="existing"))
    before = snapshot(data_file)
    viewer = Repository(data_file, read_only=True)
    assert viewer.get(Task, task.id) == task

    for change in (
        lambda: viewer.save(Task(title="new")),
        lambda: viewer.save(task.evolve(percent=50)),
        lambda: viewer.delete(task),
        lambda: viewer.save_settings(viewer.settings().model_copy(update={"lang": "zh"})),
        lambda: viewer.archive_finished(task.created_at.date()),
    ):
        with pytest.raises(ReadOnlyError, match="read-only") as caught:
            change()
        assert str(data_file) in str(caught.value)
    assert snapshot(data_file) == before
    assert viewer.get(Task, task.id) == task


def test_read_only_repository_on_a_missing_file_creates_nothing(data_file: Path) -> None:
    viewer = Repository(data_file, read_only=True)
    assert viewer.all(Task) == []
    assert list(data_file.parent.iterdir()) == []


def test_orphaned_temp_files_are_cleaned_up_by_the_next_save(
    data_file: Path, repo: Repository
) -> None:
    repo.save(Task(title="a"))
    orphan = data_file.with_name(f".{data_file.name}.crashed.tmp")
    orphan.write_bytes(b'{"half a wri')
    unrelated = data_file.with_name("notes.tmp")
    unrelated.write_bytes(b"mine")
    Repository(data_file).save(Task(title="b"))
    assert not orphan.exists()
    assert unrelated.read_bytes() == b"mine"


def test_missing_folder_is_created_on_first_save(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "opstui.json"
    repo = Repository(path)
    assert not path.exists()
    task = repo.save(Task(title="x"))
    assert Repository(path).get(Task, task.id) == task
    assert sorted(os.listdir(path.parent)) == ["opstui.json", "opstui.json.lock"]


def test_a_long_session_of_saves_holds_no_old_versions_of_the_file_open(
        data_file: Path, repo: Repository) -> None:
    # Each save pins the version written and lets go of the one before (in a thread of its
    # own): a TUI open all day must not run out of descriptors or keep old versions' disk.
    from opstui.store.disk import closed_so_far

    task = repo.add(Task(title="每日站会"))
    closed_so_far()
    before = len(os.listdir("/proc/self/fd"))
    for n in range(40):
        repo.save(task.evolve(title=f"每日站会 {n}"))
    assert closed_so_far()
    assert len(os.listdir("/proc/self/fd")) <= before
    assert not [target for target in _open_files()
                if target.startswith(str(data_file.parent)) and target.endswith("(deleted)")]


def _open_files() -> list[str]:
    """What this process's descriptors point at (a replaced file says ``(deleted)``)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # the descriptor listdir itself used
            found.append(os.readlink(f"/proc/self/fd/{fd}"))
    return found
