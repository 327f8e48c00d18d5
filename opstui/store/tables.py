"""The tables of a data file, each parsed from its bytes the first time it is used.

opstui writes a data file one table a line: ``{"_meta":{…},\\n"tasks":{…},\\n"notes":{…}}``
(orjson never writes a newline inside a value, so every newline in the file is one of these).
A command that adds a task needs the tasks and the undo journal, not a year of progress
notes and metric readings, which are most of the file's bytes. When a file is known to be
exactly as opstui wrote it (its certificate, kept in the lock file, matches its stamp and
the checksum of each of its tables; see ``storage.SafeStorage.load``), its tables are kept
as the bytes they were written as, and each is parsed on first use. A table nobody used is
written back as those same bytes.

Any other file (hand-edited, restored, written by an older opstui, no certificate) is parsed
whole, at once, as before: nothing unproven is taken on trust.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import orjson

from opstui.store.disk import DataFileError, check_table, collector_paused, newest_backup

_NAME = re.compile(rb'"([a-z_][a-z0-9_]*)":')


def checksum(raw: bytes) -> int:
    """The checksum a file's certificate keeps of each table (CRC-32: a few ms for 10 MB)."""
    return zlib.crc32(raw)


def split_tables(raw: bytes) -> dict[str, bytes] | None:
    """Each table's bytes, if ``raw`` is laid out one table a line as opstui writes it.

    Returns:
        Table name -> the bytes of its value, in file order; None when the layout is not
        opstui's own (then the file is parsed whole). Each table's bytes are a copy, so the
        file's bytes are freed and a table, once parsed, frees its own.
    """
    if not (raw.startswith(b'{"') and raw.endswith(b"}")):
        return None
    chunks: dict[str, bytes] = {}
    body_end, pos = len(raw) - 1, 1
    while True:
        end = raw.find(b",\n", pos, body_end)
        stop = body_end if end < 0 else end
        found = _NAME.match(raw, pos, stop)
        if found is None:
            return None
        name, start = found.group(1).decode("ascii"), found.end()
        if (name in chunks or raw[start:start + 1] != b"{" or raw[stop - 1:stop] != b"}"
                or raw.find(b"\n", start, stop) >= 0):
            return None
        chunks[name] = raw[start:stop]
        if end < 0:
            return chunks
        pos = end + 2


def join_tables(parts: list[tuple[str, bytes]]) -> list[bytes]:
    """The file's bytes, one table a line as ``split_tables`` reads them, as pieces to write
    one after another (joining them first would copy the whole file in memory, ~4 ms at
    10 MB, on every change)."""
    pieces = [b"{"]
    for name, chunk in parts:
        pieces += (orjson.dumps(name), b":", chunk, b",\n")
    pieces[-1] = b"}"
    return pieces


class _Unparsed:
    """A table's bytes, not parsed yet."""

    __slots__ = ("chunk",)

    def __init__(self, chunk: bytes) -> None:
        self.chunk = chunk


class Tables(MutableMapping[str, dict[str, Any]]):
    """Table name -> ``{doc_id: doc}``, as TinyDB reads and writes it; tables given as
    bytes are parsed on first use."""

    def __init__(self, path: Path, parsed: dict[str, dict[str, Any]] | None = None,
                 chunks: dict[str, bytes] | None = None) -> None:
        """Hold the tables of the file at ``path`` (named in errors).

        Args:
            path: The data file.
            parsed: Tables already parsed (with ``chunks``: those whose bytes are known to be
                the same as these parsed ones, taken instead of parsing their chunk again).
            chunks: Tables as bytes (from ``split_tables``), in file order.
        """
        self.path = path
        kept = parsed or {}
        self._tables: dict[str, dict[str, Any] | _Unparsed] = (
            {name: kept.get(name) or _Unparsed(chunk) for name, chunk in chunks.items()}
            if chunks is not None else dict(kept))

    def __getitem__(self, name: str) -> dict[str, Any]:
        value = self._tables[name]
        if isinstance(value, _Unparsed):
            value = self._tables[name] = self._parse(name, value.chunk)
        return value

    def __setitem__(self, name: str, table: dict[str, Any]) -> None:
        self._tables[name] = table

    def __delitem__(self, name: str) -> None:
        del self._tables[name]

    def __contains__(self, name: object) -> bool:
        return name in self._tables

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._tables))

    def __len__(self) -> int:
        return len(self._tables)

    def parsed(self, name: str) -> dict[str, Any] | None:
        """Table ``name`` if it has been parsed (else None: not parsed, or no such table)."""
        value = self._tables.get(name)
        return None if isinstance(value, _Unparsed) else value

    def unparsed(self, name: str) -> bytes | None:
        """The bytes of table ``name`` if nothing has parsed it yet (else None)."""
        value = self._tables.get(name)
        return value.chunk if isinstance(value, _Unparsed) else None

    def _parse(self, name: str, chunk: bytes) -> dict[str, Any]:
        try:
            with collector_paused():
                table = orjson.loads(chunk)
        except orjson.JSONDecodeError as exc:
            raise DataFileError(self.path, f"table {name!r} is not valid JSON ({exc})",
                                newest_backup(self.path)) from None
        check_table(self.path, name, table)
        return table  # type: ignore[no-any-return]
