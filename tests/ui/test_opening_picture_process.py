"""The whole loop in real processes: ``opstui`` in a terminal (a pty), closed with ctrl+q,
leaves the opening pictures of today and tomorrow; the next start shows the day."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time
from datetime import timedelta
from pathlib import Path

from ui_data import TODAY

from opstui.ui.picture_shelf import PictureShelf

COLUMNS, ROWS = 100, 30


def _run_tui_until(env: dict[str, str], marker: bytes, seconds: float = 60.0) -> bytes:
    """Start ``opstui`` in a pty, read until ``marker`` is on screen, quit with ctrl+q."""
    pid, master = pty.fork()
    if pid == 0:  # the child: opstui, in the terminal
        os.execve(sys.executable, [sys.executable, "-m", "opstui"], env)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    seen = b""
    deadline = time.monotonic() + seconds
    quit_sent = False
    try:
        while True:
            if not quit_sent and marker in seen:
                os.write(master, b"\x11")  # ctrl+q
                quit_sent = True
            if time.monotonic() > deadline:
                raise AssertionError(f"no {marker!r} on screen: {seen[-2000:]!r}")
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: opstui exited
                break
            if not chunk:
                break
            seen += chunk
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(master)
    assert os.waitstatus_to_exitcode(status) == 0, seen[-2000:]
    return seen


def _wait_for_files(paths: list[Path], seconds: float = 60.0) -> bool:
    """The painter runs detached from the closed TUI: nothing to wait on but its files."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(path.exists() for path in paths):
            return True
        time.sleep(0.05)
    return all(path.exists() for path in paths)


def test_closing_the_tui_leaves_the_next_start_its_picture(sample_file: Path,
                                                           tmp_path: Path) -> None:
    folder = tmp_path / "pictures"
    settings = tmp_path / "settings.toml"
    env = {**os.environ, "TERM": "xterm-256color", "OPSTUI_DB": str(sample_file),
           "OPSTUI_TODAY": TODAY.isoformat(), "OPSTUI_PICTURES": str(folder),
           "OPSTUI_CONFIG": str(settings), "COLUMNS": str(COLUMNS), "LINES": str(ROWS)}
    _run_tui_until(env, "准备双十二活动方案".encode())

    shelf = PictureShelf(folder, sample_file, settings)
    assert _wait_for_files([shelf.path(TODAY), shelf.path(TODAY + timedelta(days=1))])
    picture = shelf.find(TODAY)
    assert picture is not None and picture.size == (COLUMNS, ROWS)
    assert any("准备双十二活动方案" in "".join(text for text, _ in line)
               for line in picture.lines)

    # The next start finds it true, and shows the day (the picture, then the data).
    _run_tui_until(env, "准备双十二活动方案".encode())
