"""A crash-safe, multi-process-safe TinyDB storage that keeps the data in memory.

TinyDB's own JSONStorage rewrites its file in place, so a crash mid-write leaves a file that
no longer parses, and two processes writing one file lose each other's changes. This storage:

- parses the file once and keeps the data in memory; ``reload_if_changed`` re-reads it only
  when the file's stat stamp (inode, size, mtime) shows another process replaced it; a file
  it wrote itself (certified: stamp and checksum recorded in the lock file) is parsed one
  table at a time, when the table is first used (``opstui.store.tables``);
- writes only inside ``transaction()``, which holds an exclusive lock on a sidecar lock file,
  re-reads the file first if someone else changed it, and on success writes the whole data to
  a temp file in the same folder, flushes, fsyncs, ``os.replace``s it over the data file and
  fsyncs the folder;
- never overwrites a file it could not read: a file that does not parse raises
  ``DataFileError`` naming the file, the problem and the newest backup, and the storage stays
  read-only;
- keeps rotating backups of the last good states in a ``backups`` folder beside the file.
"""

from __future__ import annotations

import contextlib
import os
import weakref
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from opstui.store.disk import (  # noqa: F401 - re-exported: the store's public names
    BACKUP_EVERY_SECONDS,
    BACKUPS_KEPT,
    DataFileError,
    DataLock,
    ReadOnlyError,
    Stamp,
    atomic_write,
    backup_dir,
    backups_of,
    certificates,
    close_all,
    close_later,
    data_file_failure,
    file_stamp,
    make_backup,
    newest_backup,
    parse_tables,
    read_stamped,
    temp_files_of,
)
from opstui.store.problems import check_writable, os_problem
from opstui.store.tables import Tables, checksum, join_tables, split_tables

Data = MutableMapping[str, dict[str, Any]]
"""What TinyDB reads and writes: table name -> ``{doc_id: doc}``."""


class SafeStorage(Storage):
    """TinyDB storage: in-memory data, atomic write-through, lock and re-read on change."""

    def __init__(self, path: str | Path, *, lock: DataLock, read_only: bool = False) -> None:
        self.path = Path(path)
        self.lock = lock
        self.read_only = read_only
        self.generation = 0
        """Bumped every time the data is (re)loaded from disk."""
        self._data: Data | None = None
        self._stamp: Stamp | None = None
        self._in_transaction = False
        self._dirty = False
        self._backed_up = False
        self._swept = False
        self.certified = False
        """True when the data is known to be valid: it was checked in full, here or by the
        opstui that wrote this version of the file (see ``_certify``)."""
        self._encoded: dict[str, tuple[dict[str, Any], bytes]] = {}
        self._sums: dict[str, int] = {}
        """The checksum of each table's bytes in the file version held, for the tables whose
        data in memory is exactly that version's (all of them outside a transaction)."""
        self.epochs: dict[str, int] = {}
        """Per table, the ``generation`` at which its data was last taken from the file: a
        re-read that finds a table's bytes unchanged keeps its data and its epoch (and
        ``DataFile`` keeps its validated records)."""
        self.superseded: dict[str, dict[str, Any]] = {}
        """The last re-read's changed tables as they were before it (clean, parsed data
        only): ``DataFile`` takes from them the records that did not change, instead of
        validating the whole table again."""
        # An open descriptor on the version of the file our data came from. While it is
        # open, that inode cannot be freed and reused by a later version of the file, so
        # the (inode, size, mtime) stamp never mistakes a new version for ours, even when
        # the file keeps its size and the clock is coarse.
        self._pinned: list[int] = []
        self._unpin = weakref.finalize(self, close_all, self._pinned)
        self.load()

    @property
    def in_transaction(self) -> bool:
        """True inside ``transaction()``."""
        return self._in_transaction

    # -- reading -----------------------------------------------------------------------
    def load(self, *, keep_unchanged: bool = False) -> None:
        """Parse the file now (a missing file is empty data).

        Args:
            keep_unchanged: Keep the parsed data of the tables whose bytes are the same as
                in the version held (only when that data is clean: never after a failed
                transaction, whose changes are in memory only).

        Raises:
            DataFileError: The file does not parse; the data in memory is left as it was.
        """
        try:
            found = read_stamped(self.path)
        except OSError as exc:
            problem, advice = os_problem(exc, self.path)
            raise DataFileError(self.path, f"cannot be read: {problem}", advice=advice
                                ) from None
        chunks: dict[str, bytes] | None = None
        sums: dict[str, int] = {}
        kept: dict[str, dict[str, Any]] = {}
        superseded: dict[str, dict[str, Any]] = {}
        if found is None:
            data: Data = Tables(self.path)
            stamp: Stamp | None = None
            fd: int | None = None
            certified = True
        else:
            raw, stamp, fd = found
            try:
                certificate = certificates(self.lock.path).get(self.path.name)
                # The stamp alone says which version this is; the checksums, that its bytes
                # are still the ones written (only then are its tables taken unparsed): one
                # per table, in file order (an older opstui kept one for the whole file).
                sums_written = (certificate[3] if isinstance(certificate, list)
                                and len(certificate) == 4 and certificate[:3] == list(stamp)
                                else None)
                certified = (sums_written == checksum(raw) if isinstance(sums_written, int)
                             else sums_written is not None)
                chunks = split_tables(raw) if certified else None
                if chunks is not None:
                    sums = {name: checksum(chunk) for name, chunk in chunks.items()}
                    if (not isinstance(sums_written, int)
                            and sums_written != [[name, total] for name, total in sums.items()]):
                        chunks, sums, certified = None, {}, False
                elif not isinstance(sums_written, int):
                    certified = False  # checksums per table, and no tables to check them on
                if chunks is None:
                    data = Tables(self.path, parse_tables(self.path, raw))
                else:
                    if keep_unchanged and isinstance(self._data, Tables) and not self._dirty:
                        for name, total in sums.items():
                            held = self._data.parsed(name)
                            if held is not None and self._sums.get(name) == total:
                                kept[name] = held
                            elif held is not None and name in self._sums:
                                superseded[name] = held
                    data = Tables(self.path, kept, chunks=chunks)
            except BaseException:
                os.close(fd)
                raise
        self._data, self._stamp, self._sums = data, stamp, sums
        self.superseded = superseded
        self._pin(fd)
        self._encoded = {name: value for name, value in self._encoded.items()
                         if kept.get(name) is value[0]}
        self.certified = certified
        self.generation += 1
        self.epochs = {name: self.epochs.get(name, self.generation) if name in kept
                       else self.generation for name in data}

    def _pin(self, fd: int | None) -> None:
        close_later(self._pinned)  # the version held until now: freeing it can wait
        if fd is not None:
            self._pinned.append(fd)

    def reload_if_changed(self) -> bool:
        """Re-read the file if another process replaced it; True if the data changed."""
        if file_stamp(self.path) == self._stamp:
            return False
        self.load(keep_unchanged=True)
        return True

    def read(self) -> Data:  # type: ignore[override]  # a mapping, not a dict: parsed lazily
        """The data as last loaded or written (TinyDB mutates and hands it back to write)."""
        assert self._data is not None
        return self._data

    # -- writing -----------------------------------------------------------------------
    def write(self, data: Data) -> None:  # type: ignore[override]
        """Take TinyDB's new data; it reaches the disk when the transaction commits."""
        if self.read_only:
            raise ReadOnlyError(self.path)
        if not self._in_transaction:
            raise RuntimeError("SafeStorage.write outside a transaction")
        self._data = data
        self._dirty = True

    @contextlib.contextmanager
    def transaction(self) -> Iterator[bool]:
        """Lock, catch up with other processes, let the block change the data, then save.

        Yields:
            True if the data was re-read from disk on entry (callers drop derived caches).

        If the block raises, or the write fails, nothing is written and the in-memory data
        is re-read from disk.
        """
        if self.read_only:
            raise ReadOnlyError(self.path)
        with self.lock.held():
            outer = not self._in_transaction
            if outer:
                check_writable(self.path)
            reloaded = self.reload_if_changed() if outer else False
            self._in_transaction = True
            try:
                yield reloaded
                if outer and self._dirty:
                    self._flush()
            except OSError as exc:
                if not outer:
                    raise
                self._discard()
                # Named after the data file (not the temp file), with what to do: the front
                # ends catch DataFileError, not every OSError.
                raise data_file_failure(exc, self.path) from exc
            except BaseException:
                if outer:
                    self._discard()
                raise
            finally:
                if outer:
                    self._in_transaction = False

    def _discard(self) -> None:
        """Forget unsaved changes: go back to what is on disk."""
        self._dirty = False
        try:
            self.load()
        except DataFileError:
            # The file broke meanwhile. Keep showing what we had, but forget its stamp so
            # that the next transaction re-reads the file and reports the problem.
            self._stamp = None

    def write_all(self, data: Data) -> None:
        """Replace the whole data (used by migrations and archiving), inside a transaction."""
        with self.transaction():
            self._encoded.clear()
            self.write(data)

    def _flush(self) -> None:
        """Write the data out (inside the lock; on failure ``transaction`` re-reads the file)."""
        assert self._data is not None
        if not self._swept:
            # Under the lock nobody else is writing: a temp file of ours is a crash's leftover.
            for leftover in temp_files_of(self.path):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            self._swept = True
        if not self._backed_up:
            # Both times are the file system's: the state about to be replaced was written
            # more than BACKUP_EVERY_SECONDS after the newest backup was made.
            newest = newest_backup(self.path)
            if newest is None or (self.path.exists() and self.path.stat().st_mtime
                                  - newest.stat().st_mtime > BACKUP_EVERY_SECONDS):
                make_backup(self.path)
            self._backed_up = True
        payload, sums = self._encode(self._data)
        atomic_write(self.path, payload)
        self._sums = sums
        # Under the lock the file is the one just written: hold it and take its stamp.
        fd = os.open(self.path, os.O_RDONLY)
        st = os.fstat(fd)
        self._stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        self._pin(fd)
        self._dirty = False
        if self.certified:
            self._certify(sums)

    def _certify(self, sums: dict[str, int]) -> None:
        """Record (under the lock) that the file as just written holds valid data.

        Checking every record before every write would cost a 10k-task file a noticeable
        pause on each quick ``opstui add``; with this, only a file changed by something
        other than opstui (a hand edit, a restored copy) is checked in full, once.
        """
        assert self._stamp is not None
        found = certificates(self.lock.path)
        found[self.path.name] = [*self._stamp, [[name, total] for name, total in sums.items()]]
        self.lock.record(orjson.dumps(found))

    def _encode(self, data: Data) -> tuple[list[bytes], dict[str, int]]:
        # A table never parsed is written back as the bytes it was read as. TinyDB replaces
        # a table's dict on every change to it, so a table whose dict is the same object as
        # last time encodes to the same bytes: only changed tables are serialised again.
        # Small tables are always re-encoded (they may be edited in place).
        parts: list[tuple[str, bytes]] = []
        encoded: dict[str, tuple[dict[str, Any], bytes]] = {}
        sums: dict[str, int] = {}
        for name in data:
            unparsed = data.unparsed(name) if isinstance(data, Tables) else None
            if unparsed is not None:
                parts.append((name, unparsed))
                sums[name] = self._sums.get(name) or checksum(unparsed)
                continue
            table = data[name]
            cached = self._encoded.get(name)
            if cached is not None and cached[0] is table and len(table) > 64:
                chunk = cached[1]
                sums[name] = self._sums.get(name) or checksum(chunk)
            else:
                chunk = orjson.dumps(table)
                sums[name] = checksum(chunk)
            encoded[name] = (table, chunk)
            parts.append((name, chunk))
        self._encoded = encoded
        return join_tables(parts), sums

    def close(self) -> None:
        """Let go of the file (nothing is pending outside a transaction)."""
        self._unpin()
