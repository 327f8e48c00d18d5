"""Which tables a team shares through sync, and which never leave this machine."""

from __future__ import annotations

from collections.abc import Iterable

from opstui.domain.journal import JournalEntry
from opstui.domain.people import Assessment, Feedback

PRIVATE_TABLES: frozenset[str] = frozenset({JournalEntry.table, Feedback.table,
                                            Assessment.table})
"""Tables that stay in the local data file and are never written to the shared repository:
the undo journal (it holds earlier versions of records), feedback notes on team members and
assessment scores."""


def shared_tables(tables: Iterable[str]) -> list[str]:
    """The names in ``tables`` that sync shares, sorted."""
    return sorted(name for name in tables if name not in PRIVATE_TABLES)
