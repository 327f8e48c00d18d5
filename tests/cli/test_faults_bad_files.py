"""Every bad data file × (CLI read, CLI write, check): one line, the right exit, bytes kept.

Each case makes a data file the way a crash, a careless editor or an attacker leaves it, and
runs ``opstui tasks`` (read), ``opstui add`` (write) and ``opstui check`` on it in-process.
Whatever happens, the output is one line naming the file, no traceback, and the file is
exactly as it was.
"""

from __future__ import annotations

import errno
import os
import random
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from opstui.store import disk
from opstui.store.disk import make_backup
from opstui.store.repository import Repository

GOOD_TASK = {"id": "0f1e2d3c4b5a49788695a4b3c2d1e0f9", "title": "kept"}

Runner = Callable[..., Any]
"""The ``cli`` fixture of tests/cli/conftest.py: run ``opstui ARGS`` in-process."""


def good_bytes(path: Path) -> bytes:
    """A valid data file with one task, written by the real store at ``path``."""
    from opstui.domain.models import Task

    Repository(path).add(Task(title="kept", id=GOOD_TASK["id"]))
    return path.read_bytes()


def with_task(good: bytes, **task: object) -> bytes:
    """The good file with its task replaced by ``task`` (as stored JSON)."""
    data = orjson.loads(good)
    data["tasks"] = {"1": task}
    return orjson.dumps(data)


@dataclass(frozen=True)
class Case:
    """A bad data file and what each command must say about it."""

    make: Callable[[Path, bytes], bytes | None]
    """The bad file's bytes, from the path and a good file's bytes (``None``: the case set
    things up itself, e.g. a folder, on a path where nothing was)."""
    says: str
    """A fragment every refusal's message holds."""
    readable: bool = False
    """``tasks`` and ``check`` work (only saving is refused)."""
    restore_hint: bool = True
    """The refusal names ``opstui restore`` (a backup exists for content faults)."""


def _dup(path: Path, good: bytes) -> bytes:
    data = orjson.loads(good)
    data["tasks"]["2"] = dict(data["tasks"]["1"], title="twin")
    return orjson.dumps(data)


def _folder(path: Path, good: bytes) -> None:
    path.mkdir()
    return None


def _symlink(path: Path, good: bytes) -> None:
    target = path.parent / "elsewhere" / "real.json"
    target.parent.mkdir()
    good_bytes(target)
    path.symlink_to(target)
    return None


def _read_only_file(path: Path, good: bytes) -> None:
    good_bytes(path)
    path.chmod(0o444)
    return None


def _read_only_folder(path: Path, good: bytes) -> None:
    good_bytes(path)
    path.parent.chmod(0o555)
    return None


CASES: dict[str, Case] = {
    "empty": Case(lambda p, g: b"", "it is empty"),
    "whitespace": Case(lambda p, g: b" \n\t \n", "only whitespace"),
    "truncated": Case(lambda p, g: g[: len(g) // 2], "not valid JSON"),
    "random bytes": Case(lambda p, g: random.Random(7).randbytes(300), "not valid JSON"),
    "BOM": Case(lambda p, g: b"\xef\xbb\xbf" + g, "byte order mark"),
    "wrong shape": Case(lambda p, g: b"[1, 2, 3]", "top level is not an object"),
    "table not records": Case(lambda p, g: b'{"tasks": [1, 2]}', "is not a set of records"),
    "duplicate id": Case(_dup, "two records with id"),
    "missing id": Case(lambda p, g: with_task(g, title="no id"), "has no id"),
    "invalid record": Case(lambda p, g: with_task(g, **GOOD_TASK, priority="P9"),
                           "priority"),
    "year out of range": Case(lambda p, g: with_task(g, **GOOD_TASK, due="0001-01-01"),
                              "outside the years opstui accepts"),
    "future schema": Case(
        lambda p, g: orjson.dumps({**orjson.loads(g), "_meta": {"1": {"schema_version": 999}}}),
        "newer opstui"),
    "directory": Case(_folder, "is a folder", restore_hint=False),
    "symlink": Case(_symlink, "symbolic link", readable=True, restore_hint=False),
    "read-only file": Case(_read_only_file, "read-only", readable=True, restore_hint=False),
    "read-only folder": Case(_read_only_folder, "read-only", readable=True,
                             restore_hint=False),
}


def state(path: Path) -> object:
    """What "unchanged" compares: the bytes (or the link, or the folder's listing)."""
    if path.is_symlink():
        return ("link", os.readlink(path), Path(os.path.realpath(path)).read_bytes())
    if path.is_dir():
        return ("folder", sorted(p.name for p in path.iterdir()))
    return path.read_bytes()


@pytest.fixture
def bad_file(request: pytest.FixtureRequest, data_file: Path
             ) -> Iterator[tuple[Case, object]]:
    case = CASES[request.param]
    if case.restore_hint:  # a content fault: a good file and its backup came first
        good = good_bytes(data_file)
        make_backup(data_file)  # the last good backup the message points at
        made = case.make(data_file, good)
        assert made is not None
        data_file.write_bytes(made)
    else:
        case.make(data_file, b"")
    yield case, state(data_file)
    data_file.parent.chmod(0o755)


def one_line_naming(err: str, data_file: Path, says: str) -> None:
    assert err.count("\n") == 1 and err.startswith("opstui: "), err
    assert "Traceback" not in err and "unexpected error" not in err, err
    assert str(data_file) in err, err
    assert says in err, err


@pytest.mark.parametrize("bad_file", list(CASES), indirect=True)
def test_reading_a_bad_file(bad_file: tuple[Case, object], cli: Runner,
                            data_file: Path) -> None:
    case, before = bad_file
    result = cli("tasks")
    if case.readable:
        assert result.code == 0, result.err
        assert "kept" in result.out
    else:
        assert result.code == 1
        one_line_naming(result.err, data_file, case.says)
        if case.restore_hint:
            assert "opstui restore" in result.err
    assert state(data_file) == before


@pytest.mark.parametrize("bad_file", list(CASES), indirect=True)
def test_writing_a_bad_file(bad_file: tuple[Case, object], cli: Runner,
                            data_file: Path) -> None:
    case, before = bad_file
    result = cli("add", "a new task")
    assert result.code == 1
    one_line_naming(result.err, data_file, case.says)
    if case.restore_hint:
        assert "opstui restore" in result.err
    assert state(data_file) == before
    assert not result.out  # no id printed: nothing was added


@pytest.mark.parametrize("bad_file", list(CASES), indirect=True)
def test_checking_a_bad_file(bad_file: tuple[Case, object], cli: Runner,
                             data_file: Path) -> None:
    case, before = bad_file
    result = cli("check")
    if case.readable:
        assert result.code == 0, result.err
        assert result.out.startswith("ok: 1 tasks")
    else:
        assert result.code == 1
        assert case.says in result.err + result.out
        assert "Traceback" not in result.err
    assert state(data_file) == before


def test_a_full_disk_refuses_the_save_naming_the_data_file(
        cli: Runner, data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = good_bytes(data_file)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patched:
        patched.setattr(disk.os, "fsync", full)  # injected ENOSPC on every flush to disk
        result = cli("add", "lost to a full disk")
    assert result.code == 1
    one_line_naming(result.err, data_file, "is full")
    assert "Free some space" in result.err and ".tmp" not in result.err
    assert data_file.read_bytes() == before
    assert [p.name for p in data_file.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert cli("check").code == 0


def test_a_file_where_the_backups_folder_belongs_is_named(cli: Runner,
                                                          data_file: Path) -> None:
    before = good_bytes(data_file)
    (data_file.parent / "backups").write_text("not a folder")
    result = cli("add", "x")
    assert result.code == 1
    one_line_naming(result.err, data_file, "backups")
    assert "in the way" in result.err and "File exists" not in result.err
    assert data_file.read_bytes() == before


def test_a_read_only_file_keeps_its_mode(cli: Runner, data_file: Path) -> None:
    good_bytes(data_file)
    data_file.chmod(0o444)
    assert cli("add", "x").code == 1
    assert stat.S_IMODE(data_file.stat().st_mode) == 0o444
    data_file.chmod(0o644)
