"""Typed access to the data: takes and returns pydantic models; the only user of TinyDB.

A data set is one hot file (``opstui.json``) holding everything current, plus yearly archive
files (``opstui.archive-2025.json``) holding finished tasks and their notes once they are
older than ``Settings.archive_after_days``. Like Taskwarrior's pending/completed split, this
keeps the file rewritten on every change small. Archives are read only when asked for.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from opstui.domain.models import (
    TABLES,
    DayPlan,
    ProgressNote,
    Record,
    Task,
)
from opstui.store.archive import ArchiveFiles
from opstui.store.datafile import DataFile
from opstui.store.disk import DataLock, ReadOnlyError
from opstui.store.file_settings import SETTINGS_TABLE, FileSettings
from opstui.store.migrations import META_TABLE
from opstui.store.upgrade import migrate_in_transaction, migrate_on_open

if TYPE_CHECKING:  # imported where used: a command that never reads them does not create them
    from opstui.domain.models import Metric, Reading, Settings

R = TypeVar("R", bound=Record)

__all__ = ["ARCHIVED_TABLES", "SETTINGS_TABLE", "LookupProblem", "Repository"]

ARCHIVED_TABLES = (Task.table, ProgressNote.table)


class LookupProblem(LookupError):
    """An id prefix that matches nothing, or more than one record; the message says which."""


class Repository(ArchiveFiles):
    """Everything opstui stores, as pydantic models.

    Reads come from memory; every change runs under the data set's lock, after catching up
    with other processes, and is on disk (atomically) when the call returns.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False,
                 lenient: bool = False,
                 settings: Settings | None = None,
                 write_settings: Callable[[Settings], Settings | None] | None = None
                 ) -> None:
        """Open the data set at ``path``.

        Args:
            path: The hot data file (created on the first save).
            read_only: Never write (changes raise ``ReadOnlyError``).
            lenient: With ``read_only``: leave out invalid records (see ``skipped``) instead
                of refusing the whole file, so every valid record can still be shown.
            settings: The user's settings, read at the edge from the settings file. None
                when there is no settings file yet: then the preferences an older opstui
                kept in the data file are used (or the defaults).
            write_settings: Where ``save_settings`` writes (the settings file); it may
                return the settings as written (merged with outside changes). None keeps
                the older behaviour of storing them in the data file (tests, scripts).
        """
        self.path = Path(path)
        self.read_only = read_only
        self.lenient = lenient and read_only
        self.lock = DataLock(self.path)
        self._hot = DataFile(self.path, self.lock, read_only, self.lenient)
        self._archives: dict[int, DataFile] = {}
        self._file_settings = FileSettings(self._hot, self.lenient)
        self._given_settings = settings
        self._write_settings = write_settings
        self._groups: dict[tuple[str, str], tuple[tuple[int, int], dict[Any, list[Record]]]] = {}
        self._after_commit: list[Callable[[], None]] = []
        self._per_metric: dict[str, tuple[tuple[int, int], list[Reading]]] = {}
        self._migrate()

    # -- opening ----------------------------------------------------------------------
    def _migrate(self) -> None:
        migrate_on_open(self._hot, read_only=self.read_only)

    @property
    def known_good(self) -> bool:
        """True when the hot file is exactly as an opstui that had validated it wrote it.

        Such a file needs no full validation on open: its tables are validated lazily, when
        first read. A file changed by anything else (a hand edit, a restored copy) is not.
        """
        return self._hot.storage.certified

    def validate_all(self) -> None:
        """Validate every record of the hot file now.

        Raises:
            DataFileError: A record fails validation (named with its table and id).
        """
        self._hot.validate()
        self.settings()
        self._hot.storage.certified = True

    def skipped(self) -> list[str]:
        """Why each record left out by a lenient repository was left out (read so far)."""
        found = list(self._hot.skipped.values())
        for archive in self._archives.values():
            found += [f"{archive.path.name}: {p}" for p in archive.skipped.values()]
        return found

    # -- change tracking ----------------------------------------------------------------
    def refresh(self) -> bool:
        """Re-read files other processes changed; True if anything changed."""
        changed = self._hot.storage.reload_if_changed()
        changed = self._hot.sync() or changed
        for archive in self._archives.values():
            changed = archive.storage.reload_if_changed() or changed
            archive.sync()
        if changed:
            self._file_settings.forget()
        return changed

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several changes into one locked, atomic save of the hot file.

        Changes to archive files that must not reach the disk before the hot file (a
        reopened task leaving its archive, edits of archived records) are written right
        after it, under the same lock; if the block fails, none of them are.

        Raises:
            DataFileError: The file changed on disk into something unusable (it does not
                parse, a record fails validation, a newer opstui wrote it): nothing is written.
            ReadOnlyError: The repository is read-only.
        """
        if self.read_only:
            raise ReadOnlyError(self.path)
        if self._hot.storage.in_transaction:
            yield
            return
        self._after_commit = []
        with self.lock.held():
            try:
                with self._hot.storage.transaction():
                    self._hot.sync()
                    self._check(self._hot)
                    yield
            except BaseException:
                self._after_commit = []
                raise
            pending, self._after_commit = self._after_commit, []
            for step in pending:
                step()

    def _check(self, file: DataFile) -> None:
        """Make sure ``file`` may be written (inside its storage's transaction).

        A file that fails validation is never overwritten, not even by a change to another
        table; files opstui wrote itself are known good and are not checked again.
        """
        migrate_in_transaction(file)
        if not file.storage.certified:
            file.validate()
            if file is self._hot:
                self.settings()
            file.storage.certified = True

    # -- generic access -----------------------------------------------------------------
    def all(self, cls: type[R]) -> list[R]:
        """Every current record of ``cls`` (archived tasks and notes not included)."""
        return list(self._hot.table_models(cls.table).values())  # type: ignore[arg-type]

    def current(self, cls: type[R]) -> Mapping[str, R]:
        """Every current record of ``cls`` by id, in table order (read-only)."""
        return MappingProxyType(self._hot.table_models(cls.table))  # type: ignore[arg-type]

    def get(self, cls: type[R], record_id: str) -> R | None:
        """The record with exactly ``record_id``, looking in the archives for tasks and notes."""
        found = self._hot.record(cls.table, record_id)
        if found is None and cls.table in ARCHIVED_TABLES:
            for year in reversed(self._archive_years()):
                found = self._archive(year).record(cls.table, record_id)
                if found is not None:
                    break
        return found  # type: ignore[return-value]

    def resolve(self, cls: type[R], prefix: str) -> R:
        """The one record of ``cls`` whose id starts with ``prefix`` (like git's short ids).

        Raises:
            LookupProblem: No record matches, or several do (they are listed).
        """
        key = prefix.strip().lower()
        kind = cls.__name__.lower()
        if len(key) < 4 or any(c not in "0123456789abcdef" for c in key):
            raise LookupProblem(f"{prefix!r} is not a {kind} id (4 or more hex digits)")
        # Ids are matched on the stored documents: only the match is validated. A whole id
        # (32 hex digits, as every id is) is the start of no other: no need to look further.
        ids = self._hot.ids(cls.table)
        whole = len(key) == 32 and key in ids
        matches = [r for i in ((key,) if whole else ids) if i.startswith(key)
                   if (r := self._hot.record(cls.table, i)) is not None]
        if not matches and cls.table in ARCHIVED_TABLES:
            for year in self._archive_years():
                models = self._archive(year).table_models(cls.table)
                matches += [r for i, r in models.items() if i.startswith(key)]
        if not matches:
            raise LookupProblem(f"no {kind} with id {prefix!r}")
        if len(matches) > 1:
            shown = ", ".join(sorted(m.id[: max(len(key) + 2, 8)] for m in matches[:5]))
            raise LookupProblem(f"{kind} id {prefix!r} is ambiguous: {shown}")
        return matches[0]  # type: ignore[return-value]

    def save(self, record: R) -> R:
        """Insert or update ``record`` as given and write it through; returns it.

        The store never reads the clock: the action changing a record stamps ``updated_at``.
        """
        stored = record
        with self.transaction():
            target = self._file_holding(stored)
            if target is self._hot:
                self._hot.put(stored)
            elif isinstance(stored, Task) and stored.is_open:
                # A reopened archived task moves back to the hot file with its notes. The
                # archive lets go of them only once the hot file is written: a crash in
                # between leaves them in both places (the hot copy wins), never in neither.
                notes = [n for n in target.table_models(ProgressNote.table).values()
                         if n.task_id == stored.id]  # type: ignore[attr-defined]
                self._hot.put(stored)
                for note in notes:
                    self._hot.put(note)
                self._after_commit.append(
                    lambda: self._change_archive(target, remove=[stored, *notes]))
            else:
                self._after_commit.append(lambda: self._change_archive(target, put=[stored]))
        return stored

    def add(self, record: R) -> R:
        """Insert a brand-new record without loading the rest of its table; returns it.

        ``save`` validates a whole table to find where a record lives. A new record needs
        none of that, so quick captures (``opstui add`` on a 10k-task file) stay fast.

        Raises:
            ValueError: A record with this id is already stored.
        """
        stored = record
        with self.transaction():
            if stored.table in self._hot.models:
                if stored.id in self._hot.models[stored.table]:
                    raise ValueError(f"{stored.table} already has a record {stored.id!r}")
                self._hot.put(stored)
            else:
                if stored.id in self._hot.ids(stored.table):
                    raise ValueError(f"{stored.table} already has a record {stored.id!r}")
                # Through put_many, so the id map read by ``get`` and ``save`` learns it.
                self._hot.put_many([stored])
        return stored

    def save_many(self, records: Iterable[Record]) -> None:
        """Insert or update many records of the hot file in one save (bulk import, data
        generation), as given: ``updated_at`` is kept."""
        by_table: dict[str, dict[str, Record]] = {}
        for record in records:
            # A record listed twice is stored once (the last one), never as two documents.
            by_table.setdefault(record.table, {})[record.id] = record
        with self.transaction():
            for name, by_id in by_table.items():
                batch = list(by_id.values())
                present = self._hot.table_models(name)
                self._hot.replace_many([r for r in batch if r.id in present])
                self._hot.put_many([r for r in batch if r.id not in present])

    def delete(self, record: Record) -> None:
        """Remove ``record`` for good."""
        with self.transaction():
            target = self._file_holding(record)
            if target is self._hot:
                self._hot.remove(record)
                stale = self._stale_archive_copy(record)
                if stale is not None:
                    self._after_commit.append(lambda: self._change_archive(stale, remove=[record]))
            else:
                self._after_commit.append(lambda: self._change_archive(target, remove=[record]))

    def _file_holding(self, record: Record) -> DataFile:
        if record.id in self._hot.ids(record.table) or record.table not in ARCHIVED_TABLES:
            return self._hot
        for year in self._archive_years():
            archive = self._archive(year)
            archive.storage.reload_if_changed()
            if record.id in archive.ids(record.table):
                return archive
        return self._hot

    # -- settings -------------------------------------------------------------------------
    def settings(self) -> Settings:
        """The user's preferences: those given by the edge, else the data file's older ones."""
        if self._given_settings is not None:
            return self._given_settings
        return self._file_settings.read()

    def save_settings(self, settings: Settings) -> None:
        """Store new preferences: in the settings file when the edge gave a writer."""
        if self._write_settings is not None:
            from opstui.domain.settings import Settings

            written = self._write_settings(settings)
            self._given_settings = written if isinstance(written, Settings) else settings
            return
        with self.transaction():
            self._file_settings.write(settings)
        self._file_settings.written(settings)

    # -- frequent questions -------------------------------------------------------------------
    def tasks(self) -> list[Task]:
        """Every current task (open ones and those finished recently)."""
        return self.all(Task)

    def notes_for(self, task_id: str) -> list[ProgressNote]:
        """The progress notes of one task, oldest first."""
        notes = list(self.grouped(ProgressNote, "task_id").get(task_id, ()))
        if task_id not in self._hot.table_models(Task.table):
            # An archived task's notes: those archived with it, and any added since (a note
            # on an archived task is written to the hot file).
            notes += [n for n in self.archived(ProgressNote) if n.task_id == task_id]
        return sorted(notes, key=lambda n: n.at)

    def plan_for(self, day: date) -> DayPlan | None:
        """The plan of ``day``, if one was made."""
        return next((p for p in self.all(DayPlan) if p.day == day), None)

    def metric_by_key(self, key: str) -> Metric | None:
        """The metric with this key, if defined."""
        from opstui.domain.records import Metric

        return next((m for m in self.all(Metric) if m.key == key), None)

    def readings_for(self, metric_id: str) -> list[Reading]:
        """The readings of one metric, oldest first."""
        from opstui.domain.records import Reading

        stamp = self._hot.version(Reading.table)
        cached = self._per_metric.get(metric_id)
        if cached is None or cached[0] != stamp:
            found: list[Reading] = self._hot.matching(  # type: ignore[assignment]
                Reading.table, "metric_id", metric_id)
            cached = self._per_metric[metric_id] = (stamp, sorted(found, key=lambda r: r.day))
        return cached[1]

    def version(self, *classes: type[Record]) -> tuple[tuple[int, int], ...]:
        """A value that changes whenever any of these record types' current records change.

        Panes key caches of derived views on it (the metric board on Metric and Reading).
        """
        return tuple(self._hot.version(cls.table) for cls in classes)

    def changed_since(self, cls: type[Record], version: tuple[tuple[int, int], ...]
                      ) -> set[str] | None:
        """Ids of the ``cls`` records added, changed or removed since ``version(cls)`` was
        ``version``; None when that is not known (another process's change was read since)."""
        return self._hot.changed_since(cls.table, version[0])

    def grouped(self, cls: type[R], key: str) -> dict[Any, list[R]]:
        """Current records of ``cls`` grouped by the value of their attribute ``key``.

        Kept until the table changes, so asking again (on every key press) is free. Treat the
        result as read-only.
        """
        self._hot.sync()
        models = self._hot.table_models(cls.table)
        stamp = self._hot.version(cls.table)
        cached = self._groups.get((cls.table, key))
        if cached is not None and cached[0] == stamp:
            return cached[1]  # type: ignore[return-value]
        groups: dict[Any, list[Record]] = {}
        for record in models.values():
            groups.setdefault(getattr(record, key), []).append(record)
        self._groups[(cls.table, key)] = (stamp, groups)
        return groups  # type: ignore[return-value]

    def counts(self) -> dict[str, int]:
        """Number of current records per table."""
        return {name: len(self._hot.table_models(name)) for name in TABLES}

    def raw_tables(self) -> dict[str, dict[str, Any]]:
        """The hot file's data as stored (read-only use: export and checks)."""
        return {k: v for k, v in self._hot.storage.read().items() if k != META_TABLE}

