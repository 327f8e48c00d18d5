"""A crash-safe, multi-process-safe TinyDB storage that keeps the data in memory.

TinyDB's own JSONStorage rewrites its file in place, so a crash mid-write leaves a file that
no longer parses, and two processes writing one file lose each other's changes. This storage:

- parses the file once and keeps the data in memory; ``reload_if_changed`` re-reads it only
  when the file's stat stamp (inode, size, mtime) shows another process replaced it;
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
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

BACKUPS_KEPT = 10
BACKUP_EVERY_SECONDS = 15 * 60

Stamp = tuple[int, int, int]


class DataFileError(Exception):
    """A data file that cannot be used; the message names the file, the problem and a backup."""

    def __init__(self, path: Path, problem: str, backup: Path | None = None) -> None:
        self.path = path
        self.problem = problem
        self.backup = backup
        where = f"; the last good backup is {backup}" if backup else "; no backup was found"
        super().__init__(f"{path}: {problem}{where}. The file was left as it is.")


class ReadOnlyError(Exception):
    """A change was attempted on data opened read-only."""


def file_stamp(path: Path) -> Stamp | None:
    """The (inode, size, mtime_ns) of ``path``, or None when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def backup_dir(path: Path) -> Path:
    """The folder holding the backups of ``path``."""
    return path.parent / "backups"


def backups_of(path: Path) -> list[Path]:
    """Backups of ``path``, newest first."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{path.name}.*.bak"), reverse=True)


def make_backup(path: Path, reason: str = "auto") -> Path | None:
    """Copy ``path`` into the backups folder and drop the oldest beyond ``BACKUPS_KEPT``."""
    if not path.exists():
        return None
    folder = backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() % 1_000_000_000:09d}"
    target = folder / f"{path.name}.{stamp}.{reason}.bak"
    shutil.copy2(path, target)
    for old in backups_of(path)[BACKUPS_KEPT:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def atomic_write(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def parse_tables(path: Path, raw: bytes) -> dict[str, dict[str, Any]]:
    """Parse a TinyDB file and check its shape.

    Raises:
        DataFileError: The bytes are not JSON, or not ``{table: {doc_id: {...}}}``.
    """
    if not raw.strip():
        return {}
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DataFileError(path, f"not valid JSON ({exc})", _newest(path)) from None
    if not isinstance(data, dict):
        raise DataFileError(path, "not an opstui data file (top level is not an object)", _newest(path))
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            raise DataFileError(path, f"table {name!r} is not a set of records", _newest(path))
    return data


def _newest(path: Path) -> Path | None:
    found = backups_of(path)
    return found[0] if found else None


class DataLock:
    """An exclusive lock shared by every process using one data set (``<file>.lock``).

    Re-entrant within a process, so nested transactions are safe.
    """

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(path.name + ".lock")
        self._fd: int | None = None
        self._depth = 0

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the ``with`` block."""
        if self._depth == 0:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                os.close(fd)
                raise
            self._fd = fd
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0 and self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
                os.close(self._fd)
                self._fd = None


class SafeStorage(Storage):
    """TinyDB storage: in-memory data, atomic write-through, lock and re-read on change."""

    def __init__(self, path: str | Path, *, lock: DataLock, read_only: bool = False) -> None:
        self.path = Path(path)
        self.lock = lock
        self.read_only = read_only
        self.generation = 0
        """Bumped every time the data is (re)loaded from disk."""
        self._data: dict[str, dict[str, Any]] | None = None
        self._stamp: Stamp | None = None
        self._in_transaction = False
        self._dirty = False
        self._backed_up = False
        self.load()

    # -- reading -----------------------------------------------------------------------
    def load(self) -> None:
        """Parse the file now (a missing file is empty data)."""
        stamp = file_stamp(self.path)
        if stamp is None:
            data: dict[str, dict[str, Any]] = {}
        else:
            data = parse_tables(self.path, self.path.read_bytes())
            stamp = file_stamp(self.path)
        self._data, self._stamp = data, stamp
        self.generation += 1

    def reload_if_changed(self) -> bool:
        """Re-read the file if another process replaced it; True if the data changed."""
        if file_stamp(self.path) == self._stamp:
            return False
        self.load()
        return True

    def read(self) -> dict[str, dict[str, Any]]:
        """The data as last loaded or written (TinyDB mutates and hands it back to write)."""
        assert self._data is not None
        return self._data

    # -- writing -----------------------------------------------------------------------
    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Take TinyDB's new data; it reaches the disk when the transaction commits."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only")
        if not self._in_transaction:
            raise RuntimeError("SafeStorage.write outside a transaction")
        self._data = data
        self._dirty = True

    @contextlib.contextmanager
    def transaction(self) -> Iterator[bool]:
        """Lock, catch up with other processes, let the block change the data, then save.

        Yields:
            True if the data was re-read from disk on entry (callers drop derived caches).

        If the block raises, nothing is written and the in-memory data is re-read from disk.
        """
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only")
        with self.lock.held():
            outer = not self._in_transaction
            reloaded = self.reload_if_changed() if outer else False
            self._in_transaction = True
            try:
                yield reloaded
            except BaseException:
                if outer:
                    self._in_transaction = False
                    self._dirty = False
                    self.load()
                raise
            if outer:
                self._in_transaction = False
                if self._dirty:
                    self._flush()

    def write_all(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the whole data (used by migrations and archiving), inside a transaction."""
        with self.transaction():
            self.write(data)

    def _flush(self) -> None:
        assert self._data is not None
        if not self._backed_up:
            newest = _newest(self.path)
            if newest is None or time.time() - newest.stat().st_mtime > BACKUP_EVERY_SECONDS:
                make_backup(self.path)
            self._backed_up = True
        atomic_write(self.path, orjson.dumps(self._data))
        self._stamp = file_stamp(self.path)
        self._dirty = False

    def close(self) -> None:
        """Nothing is pending outside a transaction; kept for TinyDB's interface."""
