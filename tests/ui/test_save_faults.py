"""The TUI saving onto a data file that went bad after it opened: one message, nothing lost.

The column "TUI save" of the bad-file table: the file made read-only, replaced by a folder,
or the disk full while saving. The app says what is wrong in a notification, keeps running,
and the file's bytes are what they were.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from during_data import open_during, write_during_file
from ui_data import fixed_id

from opstui.domain.models import Task, TaskStatus
from opstui.store import storage
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp

MakeApp = Callable[[Path], OpsApp]
PLAN_TASK = fixed_id(0xA101)


def _messages(app: OpsApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _read_only(path: Path) -> None:
    path.chmod(0o444)


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize(("spoil", "said"), [
    (_read_only, "read-only"),
    (_folder, "not a regular file"),
], ids=["read-only file", "replaced by a folder"])
async def test_a_save_onto_a_spoiled_file_says_why_and_changes_nothing(
    data_file: Path, make_app: MakeApp, spoil: Callable[[Path], None], said: str
) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        spoil(data_file)
        before = data_file.read_bytes() if data_file.is_file() else None
        await pilot.press("space")  # mark the highlighted task done
        await pilot.pause()
        assert app.is_running
        assert any(said in m and str(data_file) in m for m in _messages(app)), _messages(app)
        if before is not None:
            assert data_file.read_bytes() == before
    if data_file.is_dir():
        shutil.rmtree(data_file)
    else:
        os.chmod(data_file, 0o644)
        saved = Repository(data_file).get(Task, PLAN_TASK)
        assert saved is not None and saved.status is not TaskStatus.DONE


async def test_a_full_disk_during_a_save_says_so_and_keeps_the_file(
    data_file: Path, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        before = data_file.read_bytes()

        def full(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(storage.os, "fsync", full)
        await pilot.press("space")
        await pilot.pause()
        monkeypatch.undo()
        assert app.is_running
        shown = _messages(app)
        assert any("disk" in m and "full" in m and str(data_file) in m for m in shown), shown
        assert data_file.read_bytes() == before
        assert not [p for p in data_file.parent.iterdir() if p.name.endswith(".tmp")]
