"""A file opstui wrote is read one table at a time; anything else is read whole, as before.

What a user cares about: a quick command does not pay for a year of notes it never reads, a
table it never read is written back unchanged, and a file whose bytes changed behind
opstui's back is never taken on trust.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import orjson
import pytest

from opstui.domain.models import ProgressNote, Task
from opstui.store.disk import DataFileError
from opstui.store.repository import Repository
from opstui.store.tables import Tables, split_tables


def _line(raw: bytes, table: str) -> bytes:
    """The line of ``raw`` holding ``table`` (the file is one table a line)."""
    return next(line for line in raw.split(b"\n") if line.startswith(f'"{table}":'.encode()))


def _written(data_file: Path) -> tuple[Task, bytes]:
    repo = Repository(data_file)
    task = repo.add(Task(title="季度复盘"))
    repo.save_many([ProgressNote(task_id=task.id, text=f"进展 {n}",
                                 at=datetime(2026, 11, 20, 9, n)) for n in range(30)])
    repo.add(Task(title="last write: the file is certified as it is now"))
    return task, data_file.read_bytes()


def _tables(repo: Repository) -> Tables:
    data = repo._hot.storage.read()
    assert isinstance(data, Tables)
    return data


def test_the_file_is_one_table_a_line_and_still_json(data_file: Path) -> None:
    _, raw = _written(data_file)
    loaded = orjson.loads(raw)
    assert {doc["title"] for doc in loaded["tasks"].values()} >= {"季度复盘"}
    assert len(loaded["notes"]) == 30
    chunks = split_tables(raw)
    assert chunks is not None and {"tasks", "notes"} <= set(chunks)
    assert orjson.loads(chunks["notes"]) == loaded["notes"]


def test_a_change_to_tasks_leaves_the_notes_unread_and_their_bytes_unchanged(
        data_file: Path) -> None:
    task, before = _written(data_file)
    repo = Repository(data_file)
    repo.save(repo.get(Task, task.id).evolve(title="季度复盘 (改)"))   # type: ignore[union-attr]
    assert _tables(repo).unparsed("notes") is not None          # never parsed
    after = data_file.read_bytes()
    assert _line(after, "notes") == _line(before, "notes")
    assert b"\\u" not in _line(after, "tasks") and "季度复盘 (改)".encode() in after
    fresh = Repository(data_file)
    assert [n.text for n in fresh.notes_for(task.id)][:2] == ["进展 0", "进展 1"]


def test_a_file_changed_behind_its_stamp_is_read_whole_and_refused(data_file: Path) -> None:
    # Same inode, same size, same mtime: only the checksum in the certificate tells.
    _written(data_file)
    st = data_file.stat()
    raw = data_file.read_bytes()
    inside = raw.index(b'"text":', raw.index(b'"notes":')) + len(b'"text"')
    with open(data_file, "r+b") as handle:      # break a note inside the notes table, in place
        handle.seek(inside)
        handle.write(b"!")
    os.utime(data_file, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert data_file.stat().st_ino == st.st_ino and data_file.stat().st_size == st.st_size
    broken = data_file.read_bytes()
    with pytest.raises(DataFileError, match="not valid JSON"):
        Repository(data_file)                   # refused on open, not later
    assert data_file.read_bytes() == broken     # and not overwritten


def test_a_file_without_a_checksum_in_its_certificate_is_validated_once(
        data_file: Path) -> None:
    # An older opstui's certificate holds the stamp only: the file is read whole and checked
    # in full, then certified with its checksum on the next write.
    _written(data_file)
    lock = data_file.with_name(data_file.name + ".lock")
    certificates = orjson.loads(lock.read_bytes())
    certificates[data_file.name] = certificates[data_file.name][:3]
    lock.write_bytes(orjson.dumps(certificates))
    older = Repository(data_file)
    assert older.known_good is False
    assert all(_tables(older).unparsed(name) is None for name in _tables(older))
    older.add(Task(title="after the upgrade"))
    again = Repository(data_file)
    assert again.known_good is True
    assert _tables(again).unparsed("notes") is not None


@pytest.mark.parametrize("raw", [
    b'{\n  "tasks": {\n    "1": {"title": "x"}\n  }\n}',     # pretty-printed by an editor
    b'["tasks"]',
    b'{"tasks":{"1":{}},\n"tasks":{"2":{}}}',                # the same table twice
    b'{"Tasks ":{}}',
])
def test_layouts_opstui_did_not_write_are_not_split(raw: bytes) -> None:
    assert split_tables(raw) is None


def test_a_table_that_does_not_parse_when_first_used_names_the_file_and_table(
        tmp_path: Path) -> None:
    tables = Tables(tmp_path / "opstui.json", chunks={"notes": b'{"1":{"a":'})
    with pytest.raises(DataFileError, match="table 'notes' is not valid JSON"):
        tables["notes"]
    assert "notes" in tables and tables.unparsed("notes") is not None   # nothing made up


def test_a_re_read_keeps_only_the_tables_another_process_did_not_change(
        data_file: Path) -> None:
    task, _ = _written(data_file)
    mine = Repository(data_file)
    held = mine.tasks()
    validated = mine._hot.models["tasks"]
    other = Repository(data_file)
    other.add(ProgressNote(task_id=task.id, text="另一个终端", at=datetime(2026, 11, 20, 11)))
    assert mine.refresh() is True
    assert mine._hot.models.get("tasks") is validated        # not parsed nor checked again
    assert mine.tasks() == held
    assert "另一个终端" in [n.text for n in mine.notes_for(task.id)]
    renamed = other.get(Task, task.id).evolve(title="季度复盘 v2")  # type: ignore[union-attr]
    other.save(renamed)
    mine.refresh()
    assert mine.get(Task, task.id).title == "季度复盘 v2"    # type: ignore[union-attr]
    assert "季度复盘 v2" in {t.title for t in mine.tasks()}


def test_a_change_that_failed_is_not_kept_by_a_later_re_read(data_file: Path) -> None:
    task, _ = _written(data_file)
    mine = Repository(data_file)
    mine.tasks()
    with pytest.raises(RuntimeError), mine.transaction():
        mine.save(mine.get(Task, task.id).evolve(title="never saved"))  # type: ignore[union-attr]
        raise RuntimeError("the block failed")
    Repository(data_file).add(ProgressNote(task_id=task.id, text="n", at=datetime(2026, 11,
                                                                                     20, 12)))
    mine.refresh()
    assert mine.get(Task, task.id).title == "季度复盘"        # type: ignore[union-attr]
    assert "never saved" not in data_file.read_text(encoding="utf-8")


def test_a_re_read_validates_only_the_records_another_process_changed(
        data_file: Path) -> None:
    task, _ = _written(data_file)
    mine = Repository(data_file)
    before = {t.id: t for t in mine.tasks()}
    other = Repository(data_file)
    other.save(other.get(Task, task.id).evolve(title="季度复盘 v3"))  # type: ignore[union-attr]
    added = other.add(Task(title="另一个终端加的"))
    assert mine.refresh() is True
    after = {t.id: t for t in mine.tasks()}
    assert after[task.id].title == "季度复盘 v3" and added.id in after
    unchanged = set(before) - {task.id}
    assert unchanged and all(after[i] is before[i] for i in unchanged)  # taken, not re-checked
    assert after[task.id] is not before[task.id]
    assert mine._hot.storage.superseded == {} and mine._hot._previous == {}  # nothing old held


def test_the_store_tells_which_records_changed_since_a_version(data_file: Path) -> None:
    task, _ = _written(data_file)
    repo = Repository(data_file)
    seen = repo.version(Task)
    added = repo.add(Task(title="新任务"))
    repo.save(repo.get(Task, task.id).evolve(title="改过"))  # type: ignore[union-attr]
    assert repo.changed_since(Task, seen) == {added.id, task.id}
    later = repo.version(Task)
    repo.delete(added)
    assert repo.changed_since(Task, later) == {added.id}
    assert repo.changed_since(Task, repo.version(Task)) == set()
    other = Repository(data_file)
    other.add(Task(title="另一个终端"))
    repo.refresh()
    assert repo.changed_since(Task, later) is None       # not known: compare instead


def test_a_certificate_names_each_table_s_checksum_and_an_older_whole_file_one_still_counts(
        data_file: Path) -> None:
    import zlib

    _written(data_file)
    lock = data_file.with_name(data_file.name + ".lock")
    certificates = orjson.loads(lock.read_bytes())
    stamp, sums = certificates[data_file.name][:3], certificates[data_file.name][3]
    assert [name for name, _ in sums][:2] == ["_meta", "tasks"]
    assert Repository(data_file).known_good is True
    # An older opstui's certificate: one checksum of the whole file. Still trusted.
    certificates[data_file.name] = [*stamp, zlib.crc32(data_file.read_bytes())]
    lock.write_bytes(orjson.dumps(certificates))
    older = Repository(data_file)
    assert older.known_good is True
    assert _tables(older).unparsed("notes") is not None       # and read a table at a time
    certificates[data_file.name] = [*stamp, zlib.crc32(data_file.read_bytes()) + 1]
    lock.write_bytes(orjson.dumps(certificates))
    assert Repository(data_file).known_good is False
    # A table whose checksum does not match: nothing is taken on trust.
    certificates[data_file.name] = [*stamp, [[n, s + 1 if n == "notes" else s] for n, s in sums]]
    lock.write_bytes(orjson.dumps(certificates))
    assert Repository(data_file).known_good is False


def test_the_garbage_collector_is_back_on_after_a_read_that_failed(data_file: Path) -> None:
    # Reading pauses Python's cyclic collector (speed); a file that fails to read must not
    # leave it off for the rest of the session.
    import gc

    _written(data_file)
    raw = data_file.read_bytes()
    data_file.write_bytes(raw.replace(b'"notes":{', b'"notes":{"x":', 1))
    assert gc.isenabled()
    with pytest.raises(DataFileError):
        Repository(data_file).validate_all()
    assert gc.isenabled()
    tables = Tables(data_file, chunks={"notes": b'{"1":{"a":'})
    with pytest.raises(DataFileError):
        tables["notes"]
    assert gc.isenabled()
