"""The shared export a sync repository tracks: one line per record, in small files per table.

Layout of the repository's tracked files::

    opstui-sync.json              {"format": "opstui-sync", "schema_version": 1}
    records/<table>/<xx>.jsonl    the records whose id starts with xx, one per line, sorted
    replicas/<name>.json          {"id": name, "last_sync": ..., "updated_at": ...}

A line is the record exactly as the data file stores it (default values left out), keys
sorted, so an unchanged record is an unchanged line and ``git log -p`` shows only what
changed; lines are sorted by id. Records are spread over up to 256 files per
table by the first two hex digits of their id: one change rewrites one small file, so git
hashes, stores and sends kilobytes, and a sync reads only the files that differ between the
common ancestor, this replica and the remote (git tells by their hashes, without reading
them). Private tables (``opstui.domain.sharing.PRIVATE_TABLES``) and the settings are never
written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import ValidationError

from opstui.domain.models import SCHEMA_VERSION, TABLES
from opstui.domain.sharing import PRIVATE_TABLES, shared_tables
from opstui.store.datafile import first_error

if TYPE_CHECKING:
    from opstui.domain.merge import Tables
    from opstui.store.repository import Repository

FORMAT_FILE = "opstui-sync.json"
FORMAT = "opstui-sync"
RECORDS_DIR = "records"
REPLICAS_DIR = "replicas"
SHARED = shared_tables(TABLES)
"""The tables sync shares."""
FORMAT_BYTES = orjson.dumps({"format": FORMAT, "schema_version": SCHEMA_VERSION},
                            option=orjson.OPT_SORT_KEYS) + b"\n"

Lines = dict[str, dict[str, bytes]]
"""Export lines by table, then by record id."""


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
    """One record as one line of the export (keys sorted)."""
    return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS) + b"\n"


def parse_line(text: bytes) -> dict[str, Any]:
    """The record of one line (no validation).

    Raises:
        ValueError: Not JSON, or not a record with an id.
    """
    doc = orjson.loads(text)
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
        raise ValueError("not a record with an id")
    return doc


def shard(name: str, record_id: str) -> str:
    """The file holding the record ``record_id`` of table ``name``."""
    return f"{RECORDS_DIR}/{name}/{record_id[:2]}.jsonl"


def table_of(path: str) -> str | None:
    """The table whose records ``path`` holds (None: not a records file)."""
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == RECORDS_DIR and parts[2].endswith(".jsonl"):
        return parts[1]
    return None


def to_lines(tables: Tables) -> Lines:
    """Every record as its export line."""
    return {name: {i: line(doc) for i, doc in docs.items()} for name, docs in tables.items()}


def encode(lines: Lines, replicas: dict[str, bytes]) -> dict[str, bytes]:
    """The export files (path -> bytes) of ``lines`` and the replica files."""
    files = {FORMAT_FILE: FORMAT_BYTES}
    for name, by_id in lines.items():
        files.update(encode_shards(name, by_id))
    for who, payload in replicas.items():
        files[f"{REPLICAS_DIR}/{who}.json"] = payload
    return files


def encode_shards(name: str, by_id: dict[str, bytes], only: Iterable[str] | None = None
                  ) -> dict[str, bytes]:
    """The records files of table ``name`` (with ``only``: just those paths; an empty file
    means the path is to be removed)."""
    groups: dict[str, list[tuple[str, bytes]]] = {p: [] for p in only or ()}
    for record_id, text in by_id.items():
        path = shard(name, record_id)
        if only is None or path in groups:
            groups.setdefault(path, []).append((record_id, text))
    return {path: b"".join(text for _, text in sorted(items))
            for path, items in groups.items()}


def file_lines(path: str, raw: bytes) -> dict[str, bytes]:
    """The lines of one records file by record id.

    Raises:
        ExportError: A line is not a JSON record with an id.
    """
    found: dict[str, bytes] = {}
    for number, text in enumerate(raw.splitlines(keepends=True), 1):
        if not text.strip():
            continue
        try:
            record_id = parse_line(text)["id"]
        except ValueError as exc:
            raise ExportError(f"{path} line {number} is not valid JSON ({exc})") from None
        if record_id in found:
            raise ExportError(f"{path} has two records with id {record_id!r}")
        found[record_id] = text if text.endswith(b"\n") else text + b"\n"
    return found


def check_format(raw: bytes | None) -> None:
    """Refuse a remote that is not an opstui sync repository, or is from a newer opstui.

    Raises:
        ExportError: Why it may not be merged.
    """
    if raw is None:
        raise ExportError(f"the remote has no {FORMAT_FILE}: it is not an opstui sync "
                          "repository")
    try:
        head = orjson.loads(raw)
    except orjson.JSONDecodeError:
        head = None
    if not isinstance(head, dict) or head.get("format") != FORMAT or \
            not isinstance(head.get("schema_version"), int):
        raise ExportError(f"{FORMAT_FILE} does not describe an opstui sync repository")
    version = head["schema_version"]
    if version > SCHEMA_VERSION:
        raise ExportError(f"the remote was written by a newer opstui (schema {version}; this "
                          f"one reads up to {SCHEMA_VERSION}); upgrade opstui to sync")


def check_table(path: str) -> str:
    """The shared table a remote records file belongs to.

    Raises:
        ExportError: The file belongs to a private table or one this opstui does not know.
    """
    name = table_of(path)
    if name in SHARED:
        assert name is not None
        return name
    if name in PRIVATE_TABLES:
        raise ExportError(f"{path} is a private table; it must never be shared")
    raise ExportError(f"{path} is not a table this opstui knows (is the remote from a newer "
                      "opstui?)")


def checked_line(path: str, name: str, text: bytes) -> bytes:
    """A remote line validated and written as this opstui writes it.

    Raises:
        ExportError: The record is not valid JSON or fails validation.
    """
    try:
        doc = parse_line(text)
    except ValueError as exc:
        raise ExportError(f"{path}: a line is not valid JSON ({exc})") from None
    try:
        form = TABLES[name].model_validate(doc).model_dump(mode="json", exclude_defaults=True)
    except ValidationError as exc:
        raise ExportError(f"{path}: record {str(doc.get('id'))[:8]} is invalid: "
                          f"{first_error(exc)}") from None
    return line(form)


def stored_form(name: str, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` validated and written as the data file stores it.

    Raises:
        pydantic.ValidationError: The record is invalid.
    """
    return TABLES[name].model_validate(doc).model_dump(mode="json", exclude_defaults=True)
