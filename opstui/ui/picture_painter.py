"""Draws the opening pictures of a data file (see ``opening_picture``), in a process of its
own, so the next start of the TUI can paint its first frame at once.

    python -m opstui.ui.picture_painter DATA_FILE --size 120x36 --today 2026-11-30 \\
        [--config SETTINGS_FILE] [--folder FOLDER]
    python -m opstui.ui.picture_painter DATA_FILE --redraw [--folder FOLDER]

The TUI starts the first form when it closes: today's and tomorrow's pictures at the size
the terminal had. The command server starts the second once it has been quiet for
``QUIET_SECONDS`` after a command that left a kept picture untrue: each such picture is drawn
again for its own day, size and settings file.

A picture is drawn by opening the data file as a fresh start would, headless, and keeping
the first screen showing the data. The painter never writes the data file: nothing is
archived or synced, and the app quits as soon as the data is on screen. A picture is not
kept when the file could not be used or the settings had a problem (a fresh start would
say so).
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from opstui.ui.picture_shelf import Picture, PictureShelf, default_folder

DAYS_AHEAD = 1
"""Pictures are drawn for today and this many days after (the next morning's start)."""
QUIET_SECONDS = 2.0
"""How long the command server waits after a command before pictures are drawn again."""


def _start(arguments: list[str]) -> None:
    """Start the painter in the background; never raises (no picture is no harm)."""
    with contextlib.suppress(OSError):
        # In "/": nothing is imported from the folder the TUI ran in, none is kept busy.
        subprocess.Popen([sys.executable, "-m", "opstui.ui.picture_painter", *arguments],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True, cwd="/")


def start_painter(shelf: PictureShelf, size: tuple[int, int], today: date) -> None:
    """Have today's and tomorrow's pictures of ``shelf``'s data file drawn at ``size``."""
    arguments = [str(shelf.data_file), "--size", f"{size[0]}x{size[1]}",
                 "--today", today.isoformat(), "--folder", str(shelf.folder)]
    if shelf.settings_file is not None:
        arguments += ["--config", str(shelf.settings_file)]
    _start(arguments)


class Repaints:
    """For the command server: the data files whose kept pictures a command left untrue,
    drawn again once no command came for ``QUIET_SECONDS``."""

    def __init__(self) -> None:
        self._noted: tuple[Path | None, list[Path]] = (None, [])
        self._due: dict[tuple[Path, Path], float] = {}

    def note(self, folder: Path | None, data_files: list[Path]) -> None:
        """Where the last command's pictures are kept and which data files it had open."""
        self._noted = (folder, data_files)

    def check(self, now: float) -> None:
        """After answering (reading pictures is not the client's wait): put each noted data
        file with a picture that no longer holds on the list, due after the quiet time."""
        (folder, data_files), self._noted = self._noted, (None, [])
        if folder is None:
            return
        for data_file in data_files:
            shelf = PictureShelf(folder, data_file, None)
            if shelf.untrue():
                self._due[(shelf.folder, shelf.data_file)] = now + QUIET_SECONDS

    def wait(self, now: float) -> float | None:
        """Seconds until the next redraw is due; None when none is."""
        return max(0.0, min(self._due.values()) - now) if self._due else None

    def start_due(self, now: float) -> None:
        """Start a painter for each data file whose quiet time is over."""
        for (folder, data_file), due in list(self._due.items()):
            if due <= now:
                del self._due[(folder, data_file)]
                _start([str(data_file), "--redraw", "--folder", str(folder)])


async def draw(shelf: PictureShelf, day: date, size: tuple[int, int]) -> Picture | None:
    """Draw the first screen with data of ``day`` and keep it (unless the one kept is still
    true); the picture, or None."""
    from opstui.settings_file import load_settings
    from opstui.ui.app import OpsApp
    from opstui.ui.opening_picture import lines_of

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
    """Draw the pictures of a data file: today's and tomorrow's, or the untrue ones again."""
    import asyncio

    parser = argparse.ArgumentParser(prog="python -m opstui.ui.picture_painter")
    parser.add_argument("data_file", type=Path)
    parser.add_argument("--size", type=_size)
    parser.add_argument("--today", type=date.fromisoformat)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--redraw", action="store_true",
                        help="draw again each kept picture that no longer holds")
    args = parser.parse_args(argv)
    folder = args.folder or default_folder()
    if folder is None:
        return 0
    if args.redraw:
        for shelf, day, size in PictureShelf(folder, args.data_file, None).untrue():
            asyncio.run(draw(shelf, day, size))
        return 0
    if args.size is None or args.today is None:
        parser.error("--size and --today are needed (or --redraw)")
    shelf = PictureShelf(folder, args.data_file, args.config)
    for ahead in range(DAYS_AHEAD + 1):
        asyncio.run(draw(shelf, args.today + timedelta(days=ahead), args.size))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
