"""Plain-text tables whose columns line up with Chinese (double-width) text."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache

ELLIPSIS = "…"


@cache  # a table's text repeats few distinct characters; looking them up was ~15 % of `tasks`
def char_width(char: str) -> int:
    """Terminal cells one character takes: 2 for wide CJK, 0 for combining marks."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


@lru_cache(maxsize=16384)  # titles repeat from one listing to the next (the command server)
def display_width(text: str) -> int:
    """Terminal cells ``text`` takes."""
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))


def one_line(text: str) -> str:
    """``text`` with line breaks, tabs and other control characters turned into spaces."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else " " for c in text)


def truncate(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, ending in an ellipsis if it was cut."""
    if display_width(text) <= width:
        return text
    if width <= 0:
        return ""
    out, used = [], 0
    for char in text:
        cells = char_width(char)
        if used + cells > width - 1:
            break
        out.append(char)
        used += cells
    return "".join(out) + ELLIPSIS


def render(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    max_widths: Sequence[int | None] | None = None,
    total_width: int | None = None,
    gap: int = 2,
) -> list[str]:
    """Lay out ``rows`` under ``header`` in aligned columns.

    Args:
        header: Column titles.
        rows: Cell texts, one sequence per row.
        max_widths: Per column, the most cells it may take (None: no limit).
        total_width: If given, the last column is cut so lines fit in this many cells.
        gap: Spaces between columns.

    Returns:
        The lines, header first, without trailing spaces.
    """
    count = len(header)
    limits = list(max_widths or [None] * count)
    cells = [[one_line(c) for c in header]] + [[one_line(c) for c in row] for row in rows]
    for row in cells:
        for i, limit in enumerate(limits):
            if limit is not None:
                row[i] = truncate(row[i], limit)
    # Each cell's width once: a thousand-row list measured every cell three times.
    cell_widths = [[display_width(c) for c in row[:-1]] for row in cells]
    widths = [max((row[i] for row in cell_widths), default=0) for i in range(count - 1)]
    widths.append(max(display_width(row[-1]) for row in cells))
    if total_width is not None:
        used = sum(widths[:-1]) + gap * (count - 1)
        last = max(total_width - used, 8)
        for row in cells:
            row[-1] = truncate(row[-1], last)
    spacer = " " * gap
    return [
        spacer.join([*(c + " " * (w - cw) for c, cw, w in zip(row[:-1], measured, widths,
                                                              strict=False)), row[-1]])
        .rstrip()
        for row, measured in zip(cells, cell_widths, strict=True)
    ]
