"""``opstui`` and ``opstui demo`` open the TUI (run headless in a real process)."""

from __future__ import annotations

import hashlib
import html
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from opstui.demo import demo_path
from opstui.domain.models import Task
from opstui.store.repository import Repository

Env = Callable[[Path], dict[str, str]]


def _screenshot(args: list[str], env: dict[str, str], folder: Path) -> tuple[int, str]:
    """Run ``opstui ARGS`` headless; it saves a screenshot after two seconds and quits."""
    env = env | {
        "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
        "TEXTUAL_SCREENSHOT": "2",
        "TEXTUAL_SCREENSHOT_LOCATION": str(folder),
        "TEXTUAL_SCREENSHOT_FILENAME": "screen.svg",
    }
    done = subprocess.run([sys.executable, "-m", "opstui", *args], env=env, cwd=folder,
                          capture_output=True, text=True, timeout=120, check=False)
    shot = folder / "screen.svg"
    text = html.unescape(shot.read_text()).replace("\xa0", " ") if shot.exists() else ""
    return done.returncode, text + done.stderr


def _fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_opstui_without_a_command_opens_the_tui_on_the_data_file(
    data_file: Path, tmp_path: Path, env_for: Env
) -> None:
    Repository(data_file).save(Task(title="capture-from-cli", priority="P0"))
    code, screen = _screenshot(["--db", str(data_file)], env_for(tmp_path / "elsewhere.json"),
                               tmp_path)
    assert code == 0, screen
    assert "capture-from-cli" in screen
    assert "2026-11-23" in screen  # the pinned today reached the app


def test_demo_opens_a_copy_and_never_touches_the_demo_data(
    data_file: Path, tmp_path: Path, env_for: Env
) -> None:
    before = _fingerprint(demo_path().parent)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    code, screen = _screenshot(["demo"], env_for(data_file) | {"TMPDIR": str(scratch)},
                               tmp_path)
    assert code == 0, screen
    assert "opstui (demo)" in screen
    assert "2026-11-23" in screen
    assert _fingerprint(demo_path().parent) == before
    assert not data_file.exists()  # the user's data file is not the demo's
    assert list(scratch.iterdir()) == []  # the demo copy is removed on exit
