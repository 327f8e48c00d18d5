"""The journal of actions: what each one changed, record by record, for undo (and sync)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from opstui.domain.base import Record, RecordId

JOURNAL_KEEP = 100
"""Journal entries kept in the data file; older ones are pruned as new ones are written."""


class RecordChange(BaseModel):
    """One record before and after an action, as stored (None: it did not exist)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    table: str
    id: RecordId
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    def fields(self) -> list[str]:
        """The names of the fields that differ between before and after."""
        old, new = self.before or {}, self.after or {}
        return sorted(k for k in {*old, *new} if old.get(k) != new.get(k) and k != "updated_at")


class JournalEntry(Record):
    """One action as it was carried out: when, from where, and what it changed."""

    table: ClassVar[str] = "journal"

    at: datetime
    action: str
    """The action's name, as ``opstui undo --list`` shows it (``done``, ``note``...)."""
    source: str = "cli"
    """The front end it came from: ``cli``, ``tui``, ``import``, ``sync``."""
    message: str = ""
    changes: list[RecordChange] = Field(default_factory=list)
    undoes: RecordId | None = None
    """For an undo: the entry it took back."""
    undone: bool = False
    """Taken back by a later undo (which a redo may take back in turn)."""
