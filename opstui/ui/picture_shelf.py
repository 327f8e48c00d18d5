"""Where the opening pictures are kept, and whether one still shows what the files hold.

An opening picture (see ``opening_picture``) is kept with what it was drawn from: the stamps
(inode, size, modification time in ns) of the data file and of the settings file, taken
before either was read; the day; the app's title; the versions of opstui and Textual; and
the environment that changes colours. It is true while every one of these is the same.

Read before the TUI's first frame and by the command server, so this module imports
neither Textual nor pydantic (of the store, only ``store.disk``'s file helpers).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

FOLDER_ENV = "OPSTUI_PICTURES"
"""A folder for the pictures instead of the cache folder; ``0`` keeps none."""
COLOUR_ENV = ("NO_COLOR", "COLORTERM", "TEXTUAL_COLOR_SYSTEM", "TEXTUAL_FILTERS",
              "TEXTUAL_THEME")
KEEP_DAYS = 2
"""A picture this many days older than one being kept is removed."""


def default_folder() -> Path | None:
    """Where pictures are kept: ``$OPSTUI_PICTURES``, else the user's cache folder."""
    chosen = os.environ.get(FOLDER_ENV)
    if chosen == "0":
        return None
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("opstui", appauthor=False) / "pictures"


def _stamp(path: Path | str | None) -> Any:
    from opstui.store.disk import file_stamp

    return None if path is None else file_stamp(Path(path))


def _code_stamp() -> list[Any]:
    """The versions of what draws the screen (a changed stylesheet counts too)."""
    import opstui

    spec = importlib.util.find_spec("textual")
    sheet = Path(__file__).with_name("app.tcss")
    return [opstui.__version__, _stamp(spec.origin if spec else None), _stamp(sheet)]


@dataclass(frozen=True)
class Picture:
    """A screen drawn ahead: its lines, and the theme and date language it was drawn with."""

    size: tuple[int, int]
    theme: str
    date_lang: str
    lines: list[list[list[str]]]
    """Per line, its segments as ``[text, style]`` (rich's style string; "" for none)."""


def _checked(kept: dict[str, Any]) -> Picture:
    """The picture in ``kept``; raises if any part of it is not as a painter writes it."""
    from rich.style import Style

    width, height = kept["size"]
    lines = kept["lines"]
    for line in lines:
        for text, style in line:
            if not isinstance(text, str) or not isinstance(style, str):
                raise TypeError("a segment is not [text, style]")
    for style in {style for line in lines for _, style in line} - {""}:
        Style.parse(style)  # raises on what rich cannot read
    return Picture((int(width), int(height)), str(kept["theme"]), str(kept["date_lang"]),
                   lines)


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
        self.folder = Path(folder).absolute()
        self.data_file = Path(data_file).absolute()
        self.settings_file = Path(settings_file).absolute() if settings_file else None
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

    def _read(self, day: date) -> dict[str, Any] | None:
        """The kept picture of ``day`` as written, if it is still true."""
        import orjson

        try:
            kept: dict[str, Any] = orjson.loads(self.path(day).read_bytes())
            if kept["key"] != orjson.loads(orjson.dumps(self.key(day))):
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return kept

    def find(self, day: date) -> Picture | None:
        """The picture of ``day`` if it still shows what the files hold now, else None."""
        kept = self._read(day)
        if kept is None:
            return None
        try:
            return _checked(kept)
        except Exception:
            return None

    def keep(self, key: dict[str, Any], picture: Picture) -> None:
        """Write ``picture`` of ``key["day"]`` (atomically, for the user only); drop old ones."""
        import orjson

        from opstui.store.disk import atomic_write

        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        day = date.fromisoformat(key["day"])
        target = self.path(day)
        data = orjson.dumps({
            "key": key, "size": list(picture.size), "theme": picture.theme,
            "date_lang": picture.date_lang, "lines": picture.lines,
            "settings_file": str(self.settings_file) if self.settings_file else None})
        atomic_write(target, data)  # mode 0600, as mkstemp makes it
        for old_day, old in self.kept():
            if (day - old_day).days >= KEEP_DAYS:
                old.unlink(missing_ok=True)

    def kept(self) -> Iterator[tuple[date, Path]]:
        """(day, file) of every picture kept of this data file, true or not."""
        for path in self.folder.glob(f"{self._name}-*.json"):
            try:
                yield date.fromisoformat(path.stem[len(self._name) + 1:]), path
            except ValueError:
                continue

    def untrue(self) -> list[tuple[PictureShelf, date, tuple[int, int]]]:
        """Each kept picture that no longer holds: the shelf it was drawn for (its settings
        file), its day and its size."""
        import orjson

        found = []
        for day, path in self.kept():
            try:
                kept = orjson.loads(path.read_bytes())
                settings = kept.get("settings_file")
                drawn_for = PictureShelf(self.folder, self.data_file,
                                         Path(settings) if settings else None,
                                         str(kept["key"]["title"]))
                width, height = kept["size"]
                if kept["key"] != orjson.loads(orjson.dumps(drawn_for.key(day))):
                    found.append((drawn_for, day, (int(width), int(height))))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return found
