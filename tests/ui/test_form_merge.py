"""A form open in the TUI while another process changes the same record: both changes stay.

Before the actions layer, the TUI saved the whole record it had read when the form opened,
so a ``opstui note ID x --percent 70`` typed in another terminal meanwhile was overwritten
(the old percent came back).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from during_data import fill, fresh, open_during, save_form, write_during_file
from ui_data import TODAY, fixed_id

from opstui.domain.models import Task, TaskStatus
from opstui.ui.app import OpsApp

MakeApp = Callable[[Path], OpsApp]
PLAN_TASK = fixed_id(0xA101)


def _cli(data_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPSTUI_TODAY": TODAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "opstui", "--db", str(data_file), *args],
                          capture_output=True, text=True, env=env, timeout=60, check=False)


async def test_a_status_saved_from_an_open_form_keeps_a_note_made_meanwhile(
    data_file: Path, make_app: MakeApp
) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        await pilot.press("s")
        await fill(pilot, status="blocked", reason="等法务")
        # Meanwhile, in another terminal:
        result = _cli(data_file, "note", PLAN_TASK[:8], "初稿完成", "--percent", "70")
        assert result.returncode == 0, result.stderr
        await save_form(pilot)
        saved = fresh(data_file).get(Task, PLAN_TASK)
        assert saved is not None
        assert (saved.status, saved.status_reason, saved.percent) == (
            TaskStatus.BLOCKED, "等法务", 70)
        assert [n.text for n in fresh(data_file).notes_for(PLAN_TASK)] == ["初稿完成"]


async def test_undo_in_the_tui_takes_back_a_change_made_from_the_cli(
    data_file: Path, make_app: MakeApp
) -> None:
    write_during_file(data_file)
    before = fresh(data_file).get(Task, PLAN_TASK)
    assert before is not None
    result = _cli(data_file, "assign", PLAN_TASK[:8], "林晓")
    assert result.returncode == 0, result.stderr
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        await pilot.press("u")
        await pilot.pause()
        saved = fresh(data_file).get(Task, PLAN_TASK)
        assert saved is not None and saved.owner == before.owner
        await pilot.press("ctrl+r")
        await pilot.pause()
        saved = fresh(data_file).get(Task, PLAN_TASK)
        assert saved is not None and saved.owner == "林晓"
    result = _cli(data_file, "undo", "--list")
    assert result.returncode == 0
    assert "assign" in result.stdout and "cli" in result.stdout
