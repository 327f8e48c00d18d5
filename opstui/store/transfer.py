"""Export every record to one versioned JSON document, and merge such a document back.

The document::

    {"format": "opstui-export", "schema_version": 1, "exported_at": "2026-11-23T18:00:00",
     "settings": {...}, "records": {"tasks": [...], "notes": [...], ...}}

``records`` has a list for every table in ``opstui.domain.models.RECORD_TABLES`` (archived tasks and
notes included). Importing validates the whole document before writing anything; documents
from older schema versions go through the same migrations as data files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from opstui.domain.models import RECORD_TABLES, SCHEMA_VERSION, ProgressNote, Record, Settings, Task
from opstui.store.datafile import first_error
from opstui.store.integrity import cross_problems
from opstui.store.migrations import migrate, set_schema_version
from opstui.store.repository import SETTINGS_TABLE, Repository
from opstui.store.validate import RecordProblem, validate_doc

EXPORT_FORMAT = "opstui-export"
MAX_PROBLEMS_SHOWN = 1


class TransferError(ValueError):
    """An export document that cannot be imported; nothing was written. The message says why."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    added: int
    """Records that were new to the data file."""
    updated: int
    """Records already there (same id) that the import changed."""
    unchanged: int = 0
    """Records already there exactly as in the document."""
    settings_changed: bool = False


def export_data(repo: Repository, *, now: datetime) -> dict[str, Any]:
    """Every record of the data set, hot and archived, and its settings, as one document.

    Args:
        repo: The data set.
        now: The export time written into the document (default: the clock).

    Raises:
        DataFileError: A record in the data file or an archive is invalid.
    """
    repo.validate_all()
    records: dict[str, list[dict[str, Any]]] = {}
    for name, cls in RECORD_TABLES.items():
        found: list[Record] = list(repo.all(cls))
        if cls in (Task, ProgressNote):
            found += repo.archived(cls)
        records[name] = [r.model_dump(mode="json") for r in found]
    return {
        "format": EXPORT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "settings": repo.settings().model_dump(mode="json"),
        "records": records,
    }


def dump_export(payload: dict[str, Any]) -> bytes:
    """The document as indented UTF-8 JSON (Chinese text kept readable), ending in a newline."""
    import orjson

    return orjson.dumps(payload, option=orjson.OPT_INDENT_2) + b"\n"


def load_export(raw: bytes) -> dict[str, Any]:
    """Parse an export document's bytes.

    Raises:
        TransferError: Not JSON, or not a JSON object.
    """
    import orjson

    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise TransferError(f"not valid JSON ({exc})") from None
    if not isinstance(payload, dict):
        raise TransferError("not an opstui export (top level is not an object)")
    return payload


def _upgraded(payload: dict[str, Any]) -> tuple[dict[str, list[Any]], Any]:
    """The records and settings of ``payload``, migrated to this schema version."""
    if payload.get("format") != EXPORT_FORMAT:
        raise TransferError(
            f"not an opstui export (format is {payload.get('format')!r}, "
            f"expected {EXPORT_FORMAT!r})")
    version = payload.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise TransferError(f"the export's schema_version {version!r} is not a version number")
    if version > SCHEMA_VERSION:
        raise TransferError(
            f"the export is from a newer opstui (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade opstui to import it")
    records = payload.get("records")
    if not isinstance(records, dict):
        raise TransferError("the export has no 'records' object")
    for name, items in records.items():
        if name not in RECORD_TABLES:
            raise TransferError(f"the export has an unknown table {name!r}")
        if not isinstance(items, list):
            raise TransferError(f"records.{name} is not a list")
    settings = payload.get("settings")
    if version == SCHEMA_VERSION:
        return records, settings
    # Run the data-file migrations over the document, laid out as a data file.
    tables: dict[str, dict[str, Any]] = {
        name: {str(i): doc for i, doc in enumerate(items, 1)} for name, items in records.items()
    }
    if isinstance(settings, dict):
        tables[SETTINGS_TABLE] = {"1": settings}
    set_schema_version(tables, version)
    migrate(tables)
    migrated = {name: list(tables.get(name, {}).values()) for name in records}
    return migrated, tables.get(SETTINGS_TABLE, {}).get("1", settings)


def validate_export(payload: dict[str, Any]) -> tuple[list[Record], Settings | None]:
    """Every record of an export document as a model, and its settings.

    Raises:
        TransferError: The document is from another program or a newer opstui, or a record
            is invalid or appears twice (the message names the table and the id).
    """
    records, raw_settings = _upgraded(payload)
    models: list[Record] = []
    problems: list[str] = []
    for name, items in records.items():
        seen: set[str] = set()
        for index, doc in enumerate(items):
            if not isinstance(doc, dict):
                problems.append(f"{name} record #{index + 1} is not an object")
                continue
            # The store's own validator: a record without an id would be added again on
            # every import, one with a date outside the accepted years would break reports.
            try:
                record = validate_doc(name, str(index + 1), doc)
            except RecordProblem as exc:
                problems.append(str(exc))
                continue
            if record.id in seen:
                problems.append(f"{name} record {record.id!r} appears twice")
                continue
            seen.add(record.id)
            models.append(record)
    settings = None
    if raw_settings is not None:
        try:
            settings = Settings.model_validate(raw_settings)
        except ValidationError as exc:
            problems.append(f"settings are invalid: {first_error(exc)}")
    if problems:
        more = len(problems) - MAX_PROBLEMS_SHOWN
        extra = f" (and {more} more invalid record{'s' * (more > 1)})" if more > 0 else ""
        raise TransferError("; ".join(problems[:MAX_PROBLEMS_SHOWN]) + extra)
    return models, settings


def import_data(
    repo: Repository, payload: dict[str, Any], *, keep_settings: bool = False
) -> ImportResult:
    """Merge an export document into ``repo``: same ids are updated, new ones added.

    Everything is validated first; if any record is invalid nothing is written. Records are
    stored exactly as in the document (their ``updated_at`` included), all in one save.
    Archived tasks and notes that the document changes come back into the hot file, which
    wins over the archive copy until they are archived again.

    Args:
        repo: The data set to merge into.
        payload: A document made by ``export_data`` (parsed JSON).
        keep_settings: Keep ``repo``'s settings instead of the document's.

    Raises:
        TransferError: The document cannot be imported (see ``validate_export``).
        DataFileError: ``repo``'s own data is unreadable.
    """
    incoming, settings = validate_export(payload)
    existing: dict[str, dict[str, Record]] = {}
    for name, cls in RECORD_TABLES.items():
        stored: dict[str, Record] = {}
        if cls in (Task, ProgressNote):
            stored.update((r.id, r) for r in repo.archived(cls))
        stored.update((r.id, r) for r in repo.all(cls))
        existing[name] = stored
    writes: list[Record] = []
    added = updated = unchanged = 0
    for record in incoming:
        before = existing[record.table].get(record.id)
        if before is None:
            added += 1
        elif before == record:
            unchanged += 1
            continue
        else:
            updated += 1
        writes.append(record)
    # All or nothing, and nothing that ``check`` would then reject: the merge may not add a
    # reference to a missing record, a second plan of a day or a second metric of a key.
    merged = {name: dict(records) for name, records in existing.items()}
    for record in writes:
        merged[record.table][record.id] = record
    new = [p for p in cross_problems(merged) if p not in set(cross_problems(existing))]
    if new:
        more = len(new) - MAX_PROBLEMS_SHOWN
        extra = f" (and {more} more problem{'s' * (more > 1)})" if more > 0 else ""
        raise TransferError("; ".join(new[:MAX_PROBLEMS_SHOWN]) + extra)
    settings_changed = (not keep_settings and settings is not None
                        and settings != repo.settings())
    if writes or settings_changed:
        with repo.transaction():
            repo.save_many(writes)
            if settings_changed:
                assert settings is not None
                repo.save_settings(settings)
    return ImportResult(added, updated, unchanged, settings_changed)
