"""The shared export a sync repository tracks: one line per record, one file per table.

Layout of the repository's tracked files::

    opstui-sync.json          {"format": "opstui-sync", "schema_version": 1}
    records/<table>.jsonl     one record per line, keys sorted, lines sorted by id
    replicas/<name>.json      {"id": name, "last_sync": ..., "updated_at": ...}

Records are written exactly as the data file stores them (default values left out), so an
unchanged record is an unchanged line and ``git log -p`` shows only what changed. Private
tables (``opstui.domain.sharing.PRIVATE_TABLES``) and the settings are never written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from pydantic import ValidationError

from opstui.domain.merge import Tables
from opstui.domain.models import SCHEMA_VERSION, TABLES
from opstui.domain.sharing import PRIVATE_TABLES, shared_tables
from opstui.store.datafile import first_error

if TYPE_CHECKING:
    from opstui.store.repository import Repository

FORMAT_FILE = "opstui-sync.json"
FORMAT = "opstui-sync"
RECORDS_DIR = "records"
REPLICAS_DIR = "replicas"
REPLICAS = "_replicas"
"""The pseudo-table holding each replica's last sync, merged like any other."""
SHARED = shared_tables(TABLES)
"""The tables sync shares."""


class ExportError(ValueError):
    """A shared export that may not be merged; the message says which file and why."""


def local_records(repo: Repository) -> Tables:
    """The shared records of ``repo``: hot and archived, as stored (call under the lock).

    An archived record that is also in the hot file (reopened, or changed by a sync) is
    taken from the hot file, as the repository reads it.
    """
    hot = repo.raw_tables()
    tables: Tables = {}
    for name in SHARED:
        docs: dict[str, dict[str, Any]] = {}
        if name in ("tasks", "notes"):
            docs.update((doc["id"], doc) for doc in repo.archived_docs(name))
        for doc in hot.get(name, {}).values():
            docs[doc["id"]] = doc
        tables[name] = docs
    return tables


def line(doc: dict[str, Any]) -> bytes:
    """One record as one line of the export."""
    return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS) + b"\n"


def encode(tables: Tables) -> dict[str, bytes]:
    """The export files of ``tables`` (path -> bytes); ``REPLICAS`` go to their own files."""
    files = {FORMAT_FILE: orjson.dumps({"format": FORMAT, "schema_version": SCHEMA_VERSION},
                                       option=orjson.OPT_SORT_KEYS) + b"\n"}
    for name in SHARED:
        docs = tables.get(name, {})
        files[f"{RECORDS_DIR}/{name}.jsonl"] = b"".join(line(docs[i]) for i in sorted(docs))
    for name, doc in tables.get(REPLICAS, {}).items():
        files[f"{REPLICAS_DIR}/{name}.json"] = line(doc)
    return files


def decode(files: dict[str, bytes], *, check_against: Tables | None = None) -> Tables:
    """The records of export files (as ``read_tree`` returns them).

    Args:
        files: Path -> bytes of a commit's tree.
        check_against: Validate every record that differs from this export (the common
            ancestor), and refuse the export if one is invalid, from a newer opstui, or in a
            table this opstui does not know or keeps private. None: trust the files (they are
            this replica's own export, or one validated before).

    Raises:
        ExportError: Only with ``check_against``: the export may not be merged.
    """
    check = check_against is not None
    if check:
        _check_format(files.get(FORMAT_FILE))
    tables: Tables = {name: {} for name in SHARED}
    replicas: dict[str, dict[str, Any]] = {}
    for path, raw in sorted(files.items()):
        folder, _, file_name = path.partition("/")
        if folder == RECORDS_DIR and file_name.endswith(".jsonl"):
            name = file_name.removesuffix(".jsonl")
            if name not in SHARED:
                if not check:
                    continue
                why = "a private table" if name in PRIVATE_TABLES else "a table this opstui " \
                    "does not know (is the remote from a newer opstui?)"
                raise ExportError(f"{path} is {why}")
            base = (check_against or {}).get(name, {})
            tables[name] = _records(path, name, raw, base if check else None)
        elif folder == REPLICAS_DIR and file_name.endswith(".json"):
            doc = _parse(path, 1, raw)
            if check and not isinstance(doc.get("last_sync"), str):
                raise ExportError(f"{path} has no last_sync time")
            replicas[file_name.removesuffix(".json")] = doc
    tables[REPLICAS] = replicas
    return tables


def _check_format(raw: bytes | None) -> None:
    if raw is None:
        raise ExportError(f"the remote has no {FORMAT_FILE}: it is not an opstui sync "
                          "repository")
    try:
        head = orjson.loads(raw)
    except orjson.JSONDecodeError:
        head = None
    if not isinstance(head, dict):
        raise ExportError(f"{FORMAT_FILE} does not describe an opstui sync repository")
    version = head.get("schema_version")
    if head.get("format") != FORMAT or not isinstance(version, int):
        raise ExportError(f"{FORMAT_FILE} does not describe an opstui sync repository")
    if version > SCHEMA_VERSION:
        raise ExportError(f"the remote was written by a newer opstui (schema {version}; this "
                          f"one reads up to {SCHEMA_VERSION}); upgrade opstui to sync")


def _parse(path: str, number: int, raw: bytes) -> dict[str, Any]:
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ExportError(f"{path} line {number} is not valid JSON ({exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
        raise ExportError(f"{path} line {number} is not a record with an id")
    return doc


def _records(path: str, name: str, raw: bytes, base: dict[str, dict[str, Any]] | None
             ) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    cls = TABLES[name]
    for number, text in enumerate(raw.splitlines(), 1):
        if not text.strip():
            continue
        doc = _parse(path, number, text)
        if base is not None:
            if doc["id"] in docs:
                raise ExportError(f"{path} has two records with id {doc['id']!r}")
            if base.get(doc["id"]) != doc:
                try:
                    doc = cls.model_validate(doc).model_dump(mode="json", exclude_defaults=True)
                except ValidationError as exc:
                    raise ExportError(f"{path} line {number} (id {doc['id'][:8]}) is invalid: "
                                      f"{first_error(exc)}") from None
        docs[doc["id"]] = doc
    return docs


def stored_form(name: str, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` validated and written as the data file stores it.

    Raises:
        pydantic.ValidationError: The record is invalid.
    """
    return TABLES[name].model_validate(doc).model_dump(mode="json", exclude_defaults=True)
