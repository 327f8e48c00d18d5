"""Draws the opening pictures of a data file (see ``opening_picture``), in a process of its
own started when the TUI closes, so the next start can paint its first frame at once.

    python -m opstui.ui.picture_painter DATA_FILE --size 120x36 --today 2026-11-30 \\
        [--config SETTINGS_FILE] [--folder FOLDER]

It opens the data file as a fresh start would, headless, for today and tomorrow, and keeps
the first screen showing the data. It never writes the data file: nothing is archived or
synced, and the app quits as soon as the data is on screen. A picture is not kept when the
file could not be used or the settings had a problem (a fresh start would say so).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from opstui.ui.opening_picture import Picture, PictureShelf, default_folder, lines_of

DAYS_AHEAD = 1
"""Pictures are drawn for today and this many days after (the next morning's start)."""


def start_painter(shelf: PictureShelf, size: tuple[int, int], today: date,
                  settings_file: Path | None) -> None:
    """Start the painter in the background for ``shelf``'s data file; never raises."""
    command = [sys.executable, "-m", "opstui.ui.picture_painter", str(shelf.data_file),
               "--size", f"{size[0]}x{size[1]}", "--today", today.isoformat(),
               "--folder", str(shelf.folder)]
    if settings_file is not None:
        command += ["--config", str(settings_file)]
    with contextlib.suppress(OSError):  # no picture: the next start reads the data first
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)


async def draw(shelf: PictureShelf, day: date, size: tuple[int, int]) -> Picture | None:
    """Draw the first screen with data of ``day`` and keep it (unless the one kept is still
    true); the picture, or None."""
    from opstui.settings_file import load_settings
    from opstui.ui.app import OpsApp

    class Painter(OpsApp):
        """The app as a fresh start draws it, which changes nothing in the data file."""

        def _archive_old_work(self) -> None:
            pass

        def start_sync_timer(self) -> None:
            pass

    kept = shelf.find(day)
    if kept is not None and kept.size == size:
        return kept  # nothing changed since it was drawn
    key = shelf.key(day)  # before either file is read: a change after it is a new stamp
    if key["data"] is None:
        return None
    settings = load_settings(shelf.settings_file) if shelf.settings_file else None
    app = Painter(shelf.data_file, today=day, title_suffix=shelf.title_suffix,
                  settings=settings)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not app.loaded or app.problem or app.settings_hook.problems:
            return None
        strips = app.screen._compositor.render_strips()
        picture = Picture(size, app.theme, app.settings_hook.settings.date_lang,
                          lines_of(strips))
    shelf.keep(key, picture)
    return picture


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    """Draw today's and tomorrow's pictures of a data file."""
    parser = argparse.ArgumentParser(prog="python -m opstui.ui.picture_painter")
    parser.add_argument("data_file", type=Path)
    parser.add_argument("--size", type=_size, required=True)
    parser.add_argument("--today", type=date.fromisoformat, required=True)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args(argv)
    folder = args.folder or default_folder()
    if folder is None:
        return 0
    shelf = PictureShelf(folder, args.data_file, args.config)
    for ahead in range(DAYS_AHEAD + 1):
        asyncio.run(draw(shelf, args.today + timedelta(days=ahead), args.size))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
