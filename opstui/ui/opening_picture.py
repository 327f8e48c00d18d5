"""The opening picture: the day's first screen, drawn ahead, shown at once on the next start
while the data file is read, when nothing it shows can have changed since.

When the TUI closes, and when the command server has been quiet for a moment after a command
changed the data, a process in the background (``opstui.ui.picture_painter``) opens the data
file as a fresh start would, headless, at the size the terminal had, for today and for
tomorrow, and keeps each first screen showing the data (``picture_shelf``: where, and what
makes one still true). A start that finds a true picture paints it as its first frame: it is
what the data draws. Any change since that no painter followed (another TUI, a sync, a
command run without the server, an edited setting) leaves no true picture.

Keys pressed while the picture is shown are held and given to the app in order once the data
is on screen; the quit key works at once.

This module is read before the first frame, so it imports neither pydantic nor the store.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from opstui.ui.picture_shelf import Picture


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


def strips_of(picture: Picture) -> list[Strip]:
    """The picture's lines as Textual strips."""
    width = picture.size[0]
    return [Strip([Segment(text, Style.parse(style) if style else None)
                   for text, style in line], width) for line in picture.lines]


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
        self._strips = strips_of(picture)

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
