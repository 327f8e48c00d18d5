"""The unit of work every action runs in: one locked read-modify-write, journalled.

``with work(repo, clock, "done", source="tui") as w:`` takes the store's lock and re-reads
the file if another process changed it. Inside, ``w.get`` returns records as they are on
disk *now*; ``w.update`` applies field changes to that current state (so two processes
changing different fields of one record both keep theirs); ``w.add``/``w.put``/``w.delete``
stamp the time from the clock. When the block ends, the changes and one journal entry are
written in a single atomic save; if it raises, nothing is written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from opstui.actions.errors import ActionError, Outcome
from opstui.domain.base import UNSTAMPED, Record
from opstui.domain.clock import Clock
from opstui.domain.errors import RuleError
from opstui.domain.journal import JOURNAL_KEEP, JournalEntry, RecordChange

if TYPE_CHECKING:
    from opstui.store.repository import Repository

R = TypeVar("R", bound=Record)

NOT_COMPARED = frozenset({"updated_at", "created_at", "id"})
"""Fields a form edit never sets: they follow from the change itself."""


def first_error(exc: ValidationError) -> str:
    """The first problem pydantic found, as one line naming the record kind and the field."""
    import re

    err = exc.errors()[0]
    where = ".".join(str(part) for part in err["loc"]) or "record"
    message = str(err["msg"]).removeprefix("Value error, ")
    kind = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", exc.title).lower()  # ProgressNote: progress note
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"invalid {kind}: {where}: {message}{more}"


def dump(record: Record) -> dict[str, Any]:
    """A record as the store writes it (the journal keeps exactly this)."""
    return record.model_dump(mode="json", exclude_defaults=True)


class Work:
    """The changes of one action, made against the data as it is under the lock."""

    def __init__(self, repo: Repository, clock: Clock, action: str, source: str) -> None:
        self.repo = repo
        self.clock = clock
        self.action = action
        self.source = source
        self.message = ""
        self.changes: dict[tuple[str, str], RecordChange] = {}
        self.conflicts: list[str] = []
        self.journal = True
        """False for actions that must not be journalled (undo writes its own entry)."""
        self.records: tuple[Any, ...] = ()
        self.extra: dict[str, Any] = {}
        self.entry_id: str | None = None

    @property
    def now(self) -> Any:
        """The action's instant."""
        return self.clock.now

    # -- reading ------------------------------------------------------------------------
    def get(self, cls: type[R], record_id: str) -> R:
        """The record with this id as it is on disk now.

        Raises:
            ActionError: It no longer exists (another process deleted it).
        """
        found = self.repo.get(cls, record_id)
        if found is None:
            raise ActionError(f"{cls.__name__.lower()} {record_id[:8]} no longer exists "
                              "(removed elsewhere?)")
        return found

    def resolve(self, cls: type[R], prefix: str) -> R:
        """The one record whose id starts with ``prefix``.

        Raises:
            ActionError: No record or several match.
        """
        from opstui.store.repository import LookupProblem

        try:
            return self.repo.resolve(cls, prefix)
        except LookupProblem as exc:
            raise ActionError(str(exc)) from None

    # -- changing -----------------------------------------------------------------------
    def _note(self, table: str, record_id: str, before: dict[str, Any] | None,
              after: dict[str, Any] | None) -> None:
        key = (table, record_id)
        known = self.changes.get(key)
        first = known.before if known is not None else before
        self.changes[key] = RecordChange(table=table, id=record_id, before=first, after=after)

    def add(self, record: R) -> R:
        """Store a new record, stamped with the action's time; returns it as stored."""
        stamped: dict[str, Any] = {"updated_at": self.now}
        if record.created_at == UNSTAMPED:
            stamped["created_at"] = self.now
        stored = record.model_copy(update=stamped)
        self.repo.add(stored)
        self._note(stored.table, stored.id, None, dump(stored))
        return stored

    def put(self, record: R, *, stamp: bool = True) -> R:
        """Store ``record`` whole (new or replacing the stored one); returns it as stored.

        Prefer :meth:`update`, which changes only the fields named; ``put`` is for records the
        action built from the current state under this lock.
        """
        current = self.repo.get(type(record), record.id)
        stored = record.model_copy(update={"updated_at": self.now}) if stamp else record
        if current is None and stored.created_at == UNSTAMPED:
            stored = stored.model_copy(update={"created_at": self.now})
        if current is not None and dump(current) == dump(stored.model_copy(
                update={"updated_at": current.updated_at})):
            return current  # nothing changed: no write, no journal line
        self.repo.save(stored)
        self._note(stored.table, stored.id, dump(current) if current else None, dump(stored))
        return stored

    def update(self, cls: type[R], record_id: str, **changes: Any) -> R:
        """Apply ``changes`` to the record as it is on disk now; returns the stored record.

        Raises:
            ActionError: The record is gone, or a change is invalid (the field is named).
        """
        current = self.get(cls, record_id)
        return self.put(current.evolve(**changes))

    def update_from(self, original: R, edited: R) -> R:
        """Save what a form changed: the fields where ``edited`` differs from ``original``
        (the record as the form opened it) are applied to the record as it is now.

        A field that another process also changed meanwhile is noted in ``conflicts`` (the
        user's value wins, as the later change); fields the user left alone keep whatever is
        on disk now.
        """
        current = self.repo.get(type(original), original.id)
        if current is None:
            return self.put(edited)
        changed = changed_fields(original, edited)
        for name in changed:
            if getattr(current, name) != getattr(original, name) and \
                    getattr(current, name) != changed[name]:
                self.conflicts.append(name)
        if not changed:
            return current
        return self.put(current.evolve(**changed))

    def delete(self, record: Record) -> None:
        """Remove a record for good (its before is journalled, so undo brings it back)."""
        current = self.repo.get(type(record), record.id)
        if current is None:
            return
        self.repo.delete(current)
        self._note(current.table, current.id, dump(current), None)

    def restore(self, table: str, record_id: str, state: dict[str, Any] | None) -> None:
        """Put a record back exactly as ``state`` (None: remove it); for undo and redo."""
        from opstui.domain.models import TABLES

        cls = TABLES[table]
        current = self.repo.get(cls, record_id)
        if state is None:
            if current is not None:
                self.repo.delete(current)
        else:
            self.repo.save(cls.model_validate(state))
        self._note(table, record_id, dump(current) if current else None, state)

    def many(self, records: Iterable[Record]) -> None:
        """Store many records at once as given (bulk imports), journalling each."""
        batch = list(records)
        befores = {(r.table, r.id): self.repo.get(type(r), r.id) for r in batch}
        self.repo.save_many(batch)
        for r in batch:
            old = befores[(r.table, r.id)]
            self._note(r.table, r.id, dump(old) if old else None, dump(r))

    # -- the end ------------------------------------------------------------------------
    def say(self, message: str, *records: Any, **extra: Any) -> None:
        """Set what the action reports: ``message`` is also the journal entry's summary."""
        self.message = message
        self.records = records
        self.extra = extra

    @property
    def outcome(self) -> Outcome:
        """What the action did (read it after the ``with`` block: it has the journal id)."""
        return Outcome(message=self.message, records=tuple(self.records),
                       entry_id=self.entry_id, conflicts=tuple(dict.fromkeys(self.conflicts)),
                       extra=dict(self.extra))

    def write_journal(self) -> str | None:
        """Journal the changes made (inside the transaction); the entry's id, if any."""
        changes = [c for c in self.changes.values() if c.before != c.after]
        if not self.journal or not changes:
            return None
        entry = JournalEntry(at=self.now, created_at=self.now, updated_at=self.now,
                             action=self.action, source=self.source, message=self.message,
                             changes=changes)
        self.repo.add(entry)
        prune_journal(self.repo)
        self.entry_id = entry.id
        return entry.id


def prune_journal(repo: Repository) -> None:
    """Keep the newest ``JOURNAL_KEEP`` entries (pruning in batches, not on every write)."""
    entries = repo.all(JournalEntry)
    if len(entries) <= JOURNAL_KEEP + JOURNAL_KEEP // 5:
        return
    entries.sort(key=lambda e: (e.at, e.created_at))
    for old in entries[: len(entries) - JOURNAL_KEEP]:
        repo.delete(old)


def changed_fields(original: Record, edited: Record) -> dict[str, Any]:
    """The fields (by name, with their new values) where ``edited`` differs from ``original``."""
    return {name: getattr(edited, name) for name in type(original).model_fields
            if name not in NOT_COMPARED and getattr(edited, name) != getattr(original, name)}


@contextlib.contextmanager
def work(repo: Repository, clock: Clock, action: str, *, source: str = "cli"
         ) -> Iterator[Work]:
    """Run one action as a unit of work under the store's lock (see the module docstring).

    Raises:
        ActionError: A rule refused, a value was invalid, or a record was not found.
        DataFileError, ReadOnlyError, OSError: The data file cannot be written (nothing was).
    """
    from opstui.store.repository import LookupProblem

    unit = Work(repo, clock, action, source)
    try:
        with repo.transaction():
            yield unit
            unit.write_journal()
    except ValidationError as exc:
        raise ActionError(first_error(exc)) from None
    except (RuleError, LookupProblem) as exc:
        raise ActionError(str(exc)) from None


def update_fields(repo: Repository, clock: Clock, cls: type[R], prefix: str,
                  changes: dict[str, Any], *, action: str, label: str = "",
                  source: str = "cli") -> Outcome:
    """Change the named fields of the one ``cls`` record whose id starts with ``prefix``
    (``opstui edit``, ``goal edit``): the fields not named keep what is on disk now.

    Raises:
        ActionError: The id matches nothing or several records, or a value is invalid.
    """
    with work(repo, clock, action, source=source) as w:
        found = w.resolve(cls, prefix)
        saved = w.update(cls, found.id, **changes)
        w.say(f"Saved {label}{saved.short_id}: {', '.join(sorted(changes))}", saved)
    return w.outcome
