"""The command server keeps the TUI's opening pictures true: once it is quiet after a command
changed the data, the pictures that no longer hold are drawn again (real processes)."""

from __future__ import annotations

import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

from opstui.settings_file import resolve_config_file
from opstui.ui.picture_painter import main as paint
from opstui.ui.picture_shelf import Picture, PictureShelf
from tests.cli.conftest import TODAY
from tests.cli.test_server import _env, _opstui, server, server_dir  # noqa: F401 - fixtures


def _text(picture: Picture) -> str:
    return "\n".join("".join(text for text, _ in line) for line in picture.lines)


def _true_again(shelf: PictureShelf, day: date, seconds: float = 60.0) -> Picture | None:
    """The painter runs detached from the server: nothing to wait on but its files."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        picture = shelf.find(day)
        if picture is not None:
            return picture
        time.sleep(0.1)
    return shelf.find(day)


def test_a_served_change_has_the_untrue_pictures_drawn_again(
        data_file: Path, server_dir: str, server: subprocess.Popen[bytes],  # noqa: F811
        tmp_path: Path) -> None:
    folder = tmp_path / "pictures"
    env = _env(data_file, server_dir, OPSTUI_PICTURES=str(folder))
    assert _opstui(env, "add", "准备周会材料").code == 0
    today = date.fromisoformat(TODAY)
    settings_file = resolve_config_file(None)
    paint([str(data_file), "--size", "100x30", "--today", TODAY, "--folder", str(folder),
           "--config", str(settings_file)])
    shelf = PictureShelf(folder, data_file, settings_file)
    assert shelf.find(today) is not None

    assert _opstui(env, "add", "写周报").code == 0
    assert shelf.find(today) is None  # the change made it untrue...

    picture = _true_again(shelf, today)  # ...and the quiet server has it drawn again
    assert picture is not None and picture.size == (100, 30)
    assert "写周报" in _text(picture)
    assert _true_again(shelf, today + timedelta(days=1)) is not None

