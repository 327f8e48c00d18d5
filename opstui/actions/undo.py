"""Undo and redo: take back the last action from either front end, across restarts.

Every action journals each record it changed, before and after (as stored). Undo puts the
befores back, under the lock, as an action of its own (journalled, so redo can take the
undo back). It refuses when a later change built on one of those records (the record on
disk is no longer the action's "after"), unless forced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opstui.actions.errors import ActionError, Outcome
from opstui.actions.unit import dump, work
from opstui.domain.clock import Clock
from opstui.domain.journal import JournalEntry

if TYPE_CHECKING:
    from opstui.store.repository import Repository


def history(repo: Repository) -> list[JournalEntry]:
    """The journal, newest first."""
    return sorted(repo.all(JournalEntry), key=lambda e: (e.at, e.created_at), reverse=True)


def _undoable(entries: list[JournalEntry]) -> JournalEntry | None:
    """The newest action not yet taken back (undo entries themselves are skipped)."""
    return next((e for e in entries if e.undoes is None and not e.undone), None)


def _redoable(entries: list[JournalEntry]) -> JournalEntry | None:
    """The newest undo, as long as no new action came after it (which ends the redo chain)."""
    for entry in entries:
        if entry.undoes is None and not entry.undone:
            return None
        if entry.undoes is not None and not entry.undone:
            return entry
    return None


def _built_on(repo: Repository, entry: JournalEntry) -> list[str]:
    """Records ``entry`` changed that changed again since (as ``table id`` for the message)."""
    from opstui.domain.models import TABLES

    moved = []
    for change in entry.changes:
        current = repo.get(TABLES[change.table], change.id)
        now = dump(current) if current is not None else None
        if now != change.after:
            moved.append(f"{TABLES[change.table].__name__.lower()} {change.id[:8]}")
    return moved


def _take_back(repo: Repository, clock: Clock, entry: JournalEntry, verb: str, *,
               force: bool, source: str) -> Outcome:
    with work(repo, clock, verb, source=source) as w:
        w.journal = False
        current = repo.get(JournalEntry, entry.id)
        if current is None or current.undone:
            raise ActionError(f"{entry.action!r} was already taken back")
        moved = _built_on(repo, entry)
        if moved and not force:
            raise ActionError(
                f"cannot {verb} {entry.action!r}: {', '.join(moved[:3])} changed since "
                f"(use --force to {verb} anyway, losing that later change)")
        for change in reversed(entry.changes):
            w.restore(change.table, change.id, change.before)
        what = entry.message.removeprefix("Undo: ") or entry.action
        message = f"{verb.capitalize()}: {what}"
        repo.save(current.model_copy(update={"undone": True}))
        if entry.undoes is None:
            # An undo is journalled, so that redo can take it back in turn.
            undo_entry = JournalEntry(
                at=clock.now, created_at=clock.now, updated_at=clock.now, action=verb,
                source=source, message=message, undoes=entry.id,
                changes=[c for c in w.changes.values() if c.before != c.after])
            repo.add(undo_entry)
            w.entry_id = undo_entry.id
        else:
            # A redo takes back an undo: the action it undid counts again.
            original = repo.get(JournalEntry, entry.undoes)
            if original is not None:
                repo.save(original.model_copy(update={"undone": False}))
                w.entry_id = original.id
        w.say(message)
    return w.outcome


def undo(repo: Repository, clock: Clock, *, force: bool = False,
         source: str = "cli") -> Outcome:
    """Take back the newest action that has not been taken back.

    Raises:
        ActionError: There is nothing to undo, or a later change built on it (no ``force``).
    """
    entry = _undoable(history(repo))
    if entry is None:
        raise ActionError("nothing to undo")
    return _take_back(repo, clock, entry, "undo", force=force, source=source)


def redo(repo: Repository, clock: Clock, *, force: bool = False,
         source: str = "cli") -> Outcome:
    """Take back the newest undo, if no other action came after it.

    Raises:
        ActionError: There is nothing to redo, or the records changed since (no ``force``).
    """
    entry = _redoable(history(repo))
    if entry is None:
        raise ActionError("nothing to redo")
    return _take_back(repo, clock, entry, "redo", force=force, source=source)
