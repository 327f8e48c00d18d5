"""The TUI opened on bad data files: what it says, what it shows, and that nothing changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
from textual.pilot import Pilot

from opstui.domain.models import Task
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp

TODAY = date(2026, 11, 23)


async def opened(pilot: Pilot[None]) -> OpsApp:
    app = pilot.app
    assert isinstance(app, OpsApp)
    for _ in range(1000):
        if app.loaded:
            break
        await pilot.pause(0.01)
    assert app.loaded
    await pilot.pause()
    return app


async def test_an_empty_file_opens_nothing_and_is_kept(data_file: Path) -> None:
    Repository(data_file).add(Task(title="x"))
    data_file.write_bytes(b"")
    async with OpsApp(data_file, today=TODAY).run_test(size=(120, 36)) as pilot:
        app = await opened(pilot)
        assert app.repo is None
        assert app.problem.startswith("Nothing could be opened")
        assert "it is empty" in app.problem
        assert "Opened read-only" not in app.problem
    assert data_file.read_bytes() == b""


async def test_one_invalid_record_leaves_every_valid_one_on_screen(data_file: Path) -> None:
    repo = Repository(data_file)
    repo.add(Task(title="visible one"))
    repo.add(Task(title="visible two"))
    data = orjson.loads(data_file.read_bytes())
    data["tasks"]["9"] = {"id": "b" * 32, "title": "broken", "priority": "P9"}
    data_file.write_bytes(orjson.dumps(data))
    before = data_file.read_bytes()
    async with OpsApp(data_file, today=TODAY).run_test(size=(120, 36)) as pilot:
        app = await opened(pilot)
        assert app.repo is not None and app.repo.read_only
        assert app.problem.startswith("Opened read-only, without the invalid records")
        assert "b" * 32 in app.problem
        assert sorted(t.title for t in app.repo.tasks()) == ["visible one", "visible two"]
    assert data_file.read_bytes() == before


async def test_a_read_only_file_opens_read_only_saying_why(data_file: Path) -> None:
    Repository(data_file).add(Task(title="x"))
    data_file.chmod(0o444)
    try:
        async with OpsApp(data_file, today=TODAY).run_test(size=(120, 36)) as pilot:
            app = await opened(pilot)
            assert app.repo is not None and app.repo.read_only
            assert "the file is read-only" in app.problem
    finally:
        data_file.chmod(0o644)


async def test_opening_a_path_that_does_not_exist_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "opstui.json"
    async with OpsApp(path, today=TODAY).run_test(size=(120, 36)) as pilot:
        app = await opened(pilot)
        assert app.problem == ""
        app._archive_old_work()  # what the timer does two seconds after opening
        await pilot.pause()
    assert not (tmp_path / "new").exists()
