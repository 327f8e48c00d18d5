"""The opening picture: the day's first screen, drawn ahead, shown at once on the next start
while the data file is read, when nothing it shows can have changed since.

After the TUI closes, a process in the background (``opstui.ui.picture_painter``) opens the
data file as a fresh start would, headless, at the size the terminal had, for today and for
tomorrow, and keeps each first screen showing the data, with what it was drawn from: the
stamps (inode, size, modification time in ns) of the data file and of the settings file,
taken before either was read; the day; the app's title; the versions of opstui and Textual;
and the environment that changes colours. A start that finds a picture whose every one of
these is the same as now paints it as its first frame: it is what the data draws. Any change
since (a command, a sync, another TUI, an edited setting) gives another stamp, and no picture.

Keys pressed while the picture is shown are held and given to the app in order once the data
is on screen; a key of a priority binding (quit) works at once. The pictures live in the
user's cache folder, one file per data file and day, readable by the user only.

This module is read before the first frame, so it imports neither pydantic nor the store.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

FOLDER_ENV = "OPSTUI_PICTURES"
"""A folder for the pictures instead of the cache folder; ``0`` keeps none."""
COLOUR_ENV = ("NO_COLOR", "COLORTERM", "TEXTUAL_COLOR_SYSTEM", "TEXTUAL_FILTERS",
              "TEXTUAL_THEME")
KEEP_DAYS = 2
"""Pictures of days before today - this many are removed when a new one is kept."""


def default_folder() -> Path | None:
    """Where pictures are kept: ``$OPSTUI_PICTURES``, else the user's cache folder."""
    chosen = os.environ.get(FOLDER_ENV)
    if chosen == "0":
        return None
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("opstui", appauthor=False) / "pictures"


def _stamp(path: Path | None) -> list[int] | None:
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_ino, info.st_size, info.st_mtime_ns]


def _code_stamp() -> list[Any]:
    """The versions of what draws the screen (a changed stylesheet counts too)."""
    import textual

    import opstui

    sheet = Path(__file__).with_name("app.tcss")
    return [opstui.__version__, _stamp(Path(textual.__file__)), _stamp(sheet)]


@dataclass(frozen=True)
class Picture:
    """A screen drawn ahead: its lines, and the theme and date language it was drawn with."""

    size: tuple[int, int]
    theme: str
    date_lang: str
    lines: list[list[list[str]]]
    """Per line, its segments as ``[text, style]`` (rich's style string; "" for none)."""

    def strips(self) -> list[Strip]:
        """The lines as Textual strips."""
        width = self.size[0]
        return [Strip([Segment(text, Style.parse(style) if style else None)
                       for text, style in line], width) for line in self.lines]


class PictureShelf:
    """The opening pictures of one data file, with what makes one still true.

    Args:
        folder: Where pictures are kept.
        data_file: The data file the pictures show.
        settings_file: The settings file the app reads (None: no file, the defaults).
        title_suffix: Shown after the app's name.
    """

    def __init__(self, folder: Path, data_file: Path, settings_file: Path | None,
                 title_suffix: str = "") -> None:
        self.folder = folder
        self.data_file = Path(data_file).absolute()
        self.settings_file = settings_file
        self.title_suffix = title_suffix
        self._name = hashlib.sha256(str(self.data_file).encode()).hexdigest()[:20]

    def path(self, day: date) -> Path:
        """The file of the picture of ``day``."""
        return self.folder / f"{self._name}-{day.isoformat()}.json"

    def key(self, day: date) -> dict[str, Any]:
        """What the picture of ``day`` is drawn from; take it before reading either file."""
        return {"data": _stamp(self.data_file), "settings": _stamp(self.settings_file),
                "day": day.isoformat(), "title": self.title_suffix, "code": _code_stamp(),
                "env": [os.environ.get(name) for name in COLOUR_ENV]}

    def find(self, day: date) -> Picture | None:
        """The picture of ``day`` if it still shows what the files hold now, else None."""
        import orjson

        try:
            kept = orjson.loads(self.path(day).read_bytes())
            if kept["key"] != orjson.loads(orjson.dumps(self.key(day))):
                return None
            width, height = kept["size"]
            return Picture((int(width), int(height)), str(kept["theme"]),
                           str(kept["date_lang"]), kept["lines"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def keep(self, key: dict[str, Any], picture: Picture) -> None:
        """Write ``picture`` of ``key["day"]`` (atomically, for the user only); drop old ones."""
        import orjson

        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = self.path(date.fromisoformat(key["day"]))
        data = orjson.dumps({"key": key, "size": list(picture.size), "theme": picture.theme,
                             "date_lang": picture.date_lang, "lines": picture.lines})
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
        self._drop_old(date.fromisoformat(key["day"]))

    def _drop_old(self, day: date) -> None:
        for old in self.folder.glob(f"{self._name}-*.json"):
            try:
                kept_day = date.fromisoformat(old.stem[len(self._name) + 1:])
            except ValueError:
                continue
            if (day - kept_day).days >= KEEP_DAYS:
                old.unlink(missing_ok=True)


def lines_of(strips: list[Strip]) -> list[list[list[str]]]:
    """``strips`` as plain lines of ``[text, style]`` segments (styles as rich writes them;
    neighbours alike once written are one segment: what differed was a click handler)."""
    lines: list[list[list[str]]] = []
    for strip in strips:
        line: list[list[str]] = []
        for segment in strip:
            if segment.control:
                continue
            style = str(segment.style) if segment.style else ""
            if line and line[-1][1] == style:
                line[-1][0] += segment.text
            else:
                line.append([segment.text, style])
        lines.append(line)
    return lines


class PictureLines(Widget):
    """Paints the lines of a picture (cut or padded to the space it has)."""

    DEFAULT_CSS = """
    PictureLines {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, picture: Picture) -> None:
        super().__init__()
        self._strips = picture.strips()

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the picture."""
        width = self.size.width
        if y < len(self._strips):
            return self._strips[y].crop_extend(0, width, None)
        return Strip.blank(width)


class OpeningPictureScreen(Screen[None]):
    """The picture on top of the app's own screen until the data is on screen."""

    def __init__(self, picture: Picture) -> None:
        super().__init__()
        self.picture = picture

    def compose(self) -> ComposeResult:
        """The picture, filling the screen."""
        yield PictureLines(self.picture)
