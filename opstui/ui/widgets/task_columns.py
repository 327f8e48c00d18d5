"""The columns of a task table and how text is fitted into them, cell-exact for CJK."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"
CONTROL_TO_SPACE = {c: " " for c in range(32)} | {0x7F: " "}


def fit(text: str, width: int, *, right: bool = False) -> str:
    """Pad or cut ``text`` to exactly ``width`` terminal cells, ending a cut with an ellipsis.

    Wide (CJK) characters count as two cells; a wide character that would straddle the
    edge is replaced by padding, so columns always line up.
    """
    if width <= 0:
        return ""
    if not text.isprintable():
        text = text.translate(CONTROL_TO_SPACE)
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + ELLIPSIS
    if right:
        return " " * (width - length) + text
    return text + " " * (width - length)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the table: its key, heading, width (0 = takes the rest) and alignment."""

    key: str
    heading: str
    width: int
    right: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("id", "ID", 8),
    Column("priority", "P", 2),
    Column("status", "Status", 9),
    Column("title", "Title", 0),
    Column("owner", "Owner", 10),
    Column("due", "Due", 10),
    Column("percent", "%", 4, right=True),
)
MIN_TITLE = 16
"""Below this title width, the owner and then the id column are dropped."""
MAX_TITLE = 100
"""On very wide screens the title stops growing, so owner and due stay near it."""
_DROP_ORDER = ("owner", "id", "status")


@lru_cache(maxsize=32)
def layout(width: int) -> tuple[tuple[Column, int], ...]:
    """The columns shown at ``width`` cells and the width of each (fixed, title takes the rest).

    One cell of padding at each edge and one between columns.
    """
    shown = list(COLUMNS)
    for drop in (None, *_DROP_ORDER):
        if drop is not None:
            shown = [c for c in shown if c.key != drop]
        fixed = sum(c.width for c in shown) + len(shown) + 1
        if width - fixed >= MIN_TITLE:
            break
    title = min(max(width - fixed, 1), MAX_TITLE)
    return tuple((c, c.width or title) for c in shown)
