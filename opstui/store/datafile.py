"""One TinyDB file of a data set: its storage and its records, validated lazily per table."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from opstui.domain.models import TABLES, Record
from opstui.store.disk import DataFileError, DataLock, collector_paused, newest_backup
from opstui.store.storage import SafeStorage
from opstui.store.validate import (  # noqa: F401 - first_error re-exported
    RecordProblem,
    first_error,
    validate_doc,
    validate_table,
)

KEPT_CHANGES = 64
"""How many changes per table ``DataFile.changed_since`` can tell about."""


class DataFile:
    """One TinyDB file with its storage and validated models, built lazily per table."""

    def __init__(self, path: Path, lock: DataLock, read_only: bool,
                 lenient: bool = False) -> None:
        self.path = path
        self.lenient = lenient and read_only
        """Read-only and skipping invalid records (named in ``skipped``) instead of refusing
        the file: how the TUI shows every valid record of a file it cannot save."""
        self.skipped: dict[tuple[str, str], str] = {}
        """Problems of the records left out, by (table, document id)."""
        self.storage_args = {"lock": lock, "read_only": read_only}
        self.db = TinyDB(path, storage=SafeStorage, **self.storage_args)
        self.storage: SafeStorage = self.db.storage  # type: ignore[assignment]
        self.models: dict[str, dict[str, Record]] = {}
        self.doc_ids: dict[str, dict[str, int]] = {}
        self.generation = self.storage.generation
        self.changes = 0
        """Bumped on every change to the records held (callers key caches on it)."""
        self.table_changes: dict[str, int] = {}
        """Bumped per table on every change to it (callers key per-table caches on it)."""
        self._changed: dict[str, list[tuple[int, frozenset[str]]]] = {}
        """Per table, the ids each of its last ``KEPT_CHANGES`` changes touched."""
        self._previous: dict[str, tuple[dict[str, Any], dict[str, Record]]] = {}
        """Per table changed by the last re-read: its stored documents and validated records
        from before it, until the table is validated again."""

    def sync(self) -> bool:
        """Drop derived state if the storage re-read the file; True if it did."""
        if self.storage.generation == self.generation:
            return False
        # Tables the re-read found unchanged keep their validated records (their epoch is
        # from before the re-read); the others are validated again when next used.
        seen, epochs = self.generation, self.storage.epochs
        self.generation = self.storage.generation
        self.changes += 1
        changed = {n for n in epochs if epochs[n] > seen}
        # A changed table is mostly the same records: keep those whose stored form did
        # not change, to take instead of validating them again (see ``_validate``). The
        # storage hands its old tables over and keeps none.
        superseded, self.storage.superseded = self.storage.superseded, {}
        self._previous = {name: (superseded[name], self.models[name])
                          for name in changed & superseded.keys() & self.models.keys()}
        for found in (self.models, self.doc_ids):
            for name in [n for n in found if epochs.get(n, self.generation) > seen]:
                del found[name]
        self.skipped = {key: why for key, why in self.skipped.items()
                        if epochs.get(key[0], self.generation) <= seen}
        # TinyDB caches Table objects (query cache, next doc id); they describe the old data.
        self.db._tables.clear()
        return True

    def bump(self, name: str, record_ids: Iterable[str]) -> None:
        """Note a change to table ``name`` (to the records with ``record_ids``)."""
        count = self.table_changes[name] = self.table_changes.get(name, 0) + 1
        log = self._changed.setdefault(name, [])
        log.append((count, frozenset(record_ids)))
        if len(log) > KEPT_CHANGES:
            del log[: len(log) - KEPT_CHANGES]

    def changed_since(self, name: str, version: tuple[int, int]) -> set[str] | None:
        """The ids of the records of table ``name`` added, changed or removed since
        ``version`` (a ``version(name)`` taken earlier); None when that is not known (the
        file was re-read since, or too many changes ago)."""
        now = self.version(name)
        if version[0] != now[0]:
            return None
        log = self._changed.get(name, [])
        if version[1] != now[1] and (not log or log[0][0] > version[1] + 1):
            return None
        return {i for count, ids in log if count > version[1] for i in ids}

    def version(self, name: str) -> tuple[int, int]:
        """Changes whenever table ``name`` does (or the file is re-read)."""
        self.sync()
        return (self.generation, self.table_changes.get(name, 0))

    def table_models(self, name: str) -> dict[str, Record]:
        """Validated records of table ``name`` by id (validated on first use)."""
        self.sync()
        found = self.models.get(name)
        if found is None:
            found, ids = self._validate(name)
            self.models[name], self.doc_ids[name] = found, ids
        return found

    def ids(self, name: str) -> dict[str, int]:
        """Record id -> TinyDB document id for table ``name``, read without validating the
        records (a lookup by id, or a write, need not validate the whole table). Read-only."""
        self.sync()
        found = self.doc_ids.get(name)
        if found is None:
            raw = self.storage.read().get(name, {})
            found = self.doc_ids[name] = {doc["id"]: int(doc_id) for doc_id, doc in raw.items()
                                          if "id" in doc}
        return found

    def record(self, name: str, record_id: str) -> Record | None:
        """The record of table ``name`` with ``record_id``, validating only that one unless
        the table was validated already."""
        self.sync()
        models = self.models.get(name)
        if models is not None:
            return models.get(record_id)
        doc_id = self.ids(name).get(record_id)
        if doc_id is None:
            return None
        return self._model(name, str(doc_id), self.storage.read()[name][str(doc_id)])

    def matching(self, name: str, field: str, value: object) -> list[Record]:
        """The records of table ``name`` whose ``field`` is ``value``, validating only those
        unless the table was validated already (a goal needs its metric's readings, not a
        year of every metric's)."""
        self.sync()
        models = self.models.get(name)
        if models is not None:
            return [r for r in models.values() if getattr(r, field) == value]
        found = []
        for doc_id, doc in self.storage.read().get(name, {}).items():
            if doc.get(field) == value:
                record = self._model(name, doc_id, doc)
                if record is not None:
                    found.append(record)
        return found

    def _model(self, name: str, doc_id: str, doc: dict[str, Any]) -> Record | None:
        try:
            return validate_doc(name, doc_id, doc)
        except RecordProblem as exc:
            if self.lenient:
                self.skipped[(name, doc_id)] = str(exc)
                return None
            raise DataFileError(self.path, str(exc), newest_backup(self.path)) from None

    def _validate(self, name: str) -> tuple[dict[str, Record], dict[str, int]]:
        raw = self.storage.read().get(name, {})
        models: dict[str, Record] = {}
        ids: dict[str, int] = {}
        with collector_paused():
            for doc_id, record, problem in validate_table(name, raw,
                                                          self._previous.pop(name, None)):
                if record is None:
                    if self.lenient:
                        self.skipped[(name, doc_id)] = str(problem)
                        continue
                    raise DataFileError(self.path, str(problem), newest_backup(self.path))
                models[record.id] = record
                ids[record.id] = int(doc_id)
        return models, ids

    def validate(self) -> None:
        """Validate every table of the file (the result is kept until the file is re-read)."""
        data = self.storage.read()
        for name in TABLES:
            if name in data:
                self.table_models(name)

    def _changing(self, name: str, record_ids: Iterable[str]
                  ) -> tuple[dict[str, int], dict[str, Record] | None]:
        """Note a change to the records ``record_ids`` of table ``name``; its id map, and
        its models if validated."""
        self.changes += 1
        self.bump(name, record_ids)
        return self.ids(name), self.models.get(name)

    def put(self, record: Record) -> None:
        """Insert or replace ``record`` (inside a transaction)."""
        if record.id in self.ids(record.table):
            self.replace_many([record])
        else:
            self.put_many([record])

    def put_many(self, records: list[Record]) -> None:
        """Insert many new records of one table at once (inside a transaction)."""
        if not records:
            return
        name = records[0].table
        ids, models = self._changing(name, [r.id for r in records])
        table = self._table_copy(name)
        doc_id = max(map(int, table), default=0)  # as TinyDB numbers them: the highest + 1
        for record in records:
            doc_id += 1
            table[str(doc_id)] = record.model_dump(mode="json", exclude_defaults=True)
            if models is not None:
                models[record.id] = record
            ids[record.id] = doc_id
        self._write_table(name, table)

    def replace_many(self, records: list[Record]) -> None:
        """Replace many stored records of one table in one pass (inside a transaction).

        Each call copies the whole table, so updating thousands of records one ``put`` at a
        time would be quadratic.
        """
        if not records:
            return
        name = records[0].table
        ids, models = self._changing(name, [r.id for r in records])
        table = self._table_copy(name)
        for record in records:
            table[str(ids[record.id])] = record.model_dump(mode="json", exclude_defaults=True)
        self._write_table(name, table)
        if models is not None:
            models.update((r.id, r) for r in records)

    def _table_copy(self, name: str) -> dict[str, Any]:
        """A copy of the stored documents of table ``name`` to change and write back.

        Inserts and replacements do not go through TinyDB's table, which rebuilds the table
        twice on every change (its keys to ints and back: 6 ms at 10 years of tasks). A new
        dict is also what tells the storage to encode the table again (``_encode``).
        """
        return dict(self.storage.read().get(name) or {})

    def _write_table(self, name: str, table: dict[str, Any]) -> None:
        data = self.storage.read()
        data[name] = table
        self.storage.write(data)
        self.db._tables.pop(name, None)  # TinyDB's cached table (next id, queries) is stale

    def remove(self, record: Record) -> None:
        """Delete ``record`` (inside a transaction)."""
        self.remove_many(record.table, [record.id])

    def remove_many(self, name: str, record_ids: Iterable[str]) -> None:
        """Delete the records of table ``name`` with these ids, in one table update."""
        record_ids = list(record_ids)
        ids, models = self._changing(name, record_ids)
        doc_ids = []
        for record_id in record_ids:
            doc_id = ids.pop(record_id, None)
            if doc_id is not None:
                doc_ids.append(doc_id)
            if models is not None:
                models.pop(record_id, None)
        if doc_ids:
            self.db.table(name).remove(doc_ids=doc_ids)


