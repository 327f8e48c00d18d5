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
import glob
import os
import re
import shutil
import tempfile
import time
import weakref
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

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} is open read-only; the change was not saved.")


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


_BACKUP_STAMP = r"\.\d{8}-\d{6}-\d{9}\.[A-Za-z0-9_-]+\.bak"


def backups_of(path: Path) -> list[Path]:
    """Backups of ``path``, newest first."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    # The stamp must follow the name exactly: "work.json.old"'s backups are not "work.json"'s.
    shape = re.compile(re.escape(path.name) + _BACKUP_STAMP)
    found = folder.glob(glob.escape(path.name) + ".*.bak")
    return sorted((p for p in found if shape.fullmatch(p.name)), reverse=True)


def make_backup(path: Path, reason: str = "auto") -> Path | None:
    """Copy ``path`` into the backups folder and drop the oldest beyond ``BACKUPS_KEPT``.

    The copy is made under a temporary name and renamed, so a crash never leaves a
    half-copied file that looks like a good backup.
    """
    if not path.exists():
        return None
    folder = backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time_ns()
    seconds, nanos = divmod(now, 1_000_000_000)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(seconds)) + f"-{nanos:09d}"
    target = folder / f"{path.name}.{stamp}.{reason}.bak"
    partial = target.with_name(target.name + ".partial")
    try:
        shutil.copy2(path, partial)
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    for old in backups_of(path)[BACKUPS_KEPT:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def _temp_files_of(path: Path) -> list[Path]:
    """Temporary files ``atomic_write`` makes for ``path`` (left behind only by a crash)."""
    return list(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"))


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
        raise DataFileError(
            path, "not an opstui data file (top level is not an object)", _newest(path))
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            raise DataFileError(path, f"table {name!r} is not a set of records", _newest(path))
        bad = next((key for key in table if not (key.isascii() and key.isdigit())), None)
        if bad is not None:
            raise DataFileError(
                path, f"table {name!r} has a record under {bad!r}, which is not a number",
                _newest(path))
    return data


def _read_stamped(path: Path) -> tuple[bytes, Stamp, int] | None:
    """Read ``path`` with the stamp of exactly the bytes read, and an open descriptor on it.

    Stat-then-read would pair one version's stamp with another's bytes when a writer
    replaces the file in between; reading through one descriptor cannot.

    Returns:
        The bytes, their stamp and the open descriptor (the caller closes it), or None when
        the file does not exist.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        while True:
            before = os.fstat(fd)
            os.lseek(fd, 0, os.SEEK_SET)
            chunks = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            after = os.fstat(fd)
            # Only a tool rewriting the file in place could change it under us; read again.
            if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns):
                break
    except BaseException:
        os.close(fd)
        raise
    return b"".join(chunks), (after.st_ino, after.st_size, after.st_mtime_ns), fd


def _certificates(lock_path: Path) -> dict[str, list[int]]:
    """The stamps of the data files an opstui checked and wrote, kept in the lock file."""
    try:
        found = orjson.loads(lock_path.read_bytes() or b"{}")
    except (OSError, orjson.JSONDecodeError):
        return {}
    return found if isinstance(found, dict) else {}


def _close_all(fds: list[int]) -> None:
    while fds:
        with contextlib.suppress(OSError):
            os.close(fds.pop())


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
        self._swept = False
        self.certified = False
        """True when the data is known to be valid: it was checked in full, here or by the
        opstui that wrote this version of the file (see ``_certify``)."""
        self._encoded: dict[str, tuple[dict[str, Any], bytes]] = {}
        # An open descriptor on the version of the file our data came from. While it is
        # open, that inode cannot be freed and reused by a later version of the file, so
        # the (inode, size, mtime) stamp never mistakes a new version for ours, even when
        # the file keeps its size and the clock is coarse.
        self._pinned: list[int] = []
        self._unpin = weakref.finalize(self, _close_all, self._pinned)
        self.load()

    @property
    def in_transaction(self) -> bool:
        """True inside ``transaction()``."""
        return self._in_transaction

    # -- reading -----------------------------------------------------------------------
    def load(self) -> None:
        """Parse the file now (a missing file is empty data).

        Raises:
            DataFileError: The file does not parse; the data in memory is left as it was.
        """
        found = _read_stamped(self.path)
        if found is None:
            data: dict[str, dict[str, Any]] = {}
            stamp: Stamp | None = None
            fd: int | None = None
        else:
            raw, stamp, fd = found
            try:
                data = parse_tables(self.path, raw)
            except BaseException:
                os.close(fd)
                raise
        self._data, self._stamp = data, stamp
        self._pin(fd)
        self._encoded.clear()
        self.certified = stamp is None or (
            _certificates(self.lock.path).get(self.path.name) == list(stamp))
        self.generation += 1

    def _pin(self, fd: int | None) -> None:
        _close_all(self._pinned)
        if fd is not None:
            self._pinned.append(fd)

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
            reloaded = self.reload_if_changed() if outer else False
            self._in_transaction = True
            try:
                yield reloaded
                if outer and self._dirty:
                    self._flush()
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

    def write_all(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the whole data (used by migrations and archiving), inside a transaction."""
        with self.transaction():
            self._encoded.clear()
            self.write(data)

    def _flush(self) -> None:
        """Write the data out (inside the lock; on failure ``transaction`` re-reads the file)."""
        assert self._data is not None
        if not self._swept:
            # Under the lock nobody else is writing: a temp file of ours is a crash's leftover.
            for leftover in _temp_files_of(self.path):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            self._swept = True
        if not self._backed_up:
            newest = _newest(self.path)
            if newest is None or time.time() - newest.stat().st_mtime > BACKUP_EVERY_SECONDS:
                make_backup(self.path)
            self._backed_up = True
        atomic_write(self.path, self._encode(self._data))
        # Under the lock the file is the one just written: hold it and take its stamp.
        fd = os.open(self.path, os.O_RDONLY)
        st = os.fstat(fd)
        self._stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        self._pin(fd)
        self._dirty = False
        if self.certified:
            self._certify()

    def _certify(self) -> None:
        """Record (under the lock) that the file as just written holds valid data.

        Checking every record before every write would cost a 10k-task file a noticeable
        pause on each quick ``opstui add``; with this, only a file changed by something
        other than opstui (a hand edit, a restored copy) is checked in full, once.
        """
        assert self._stamp is not None
        found = _certificates(self.lock.path)
        found[self.path.name] = list(self._stamp)
        with contextlib.suppress(OSError), open(self.lock.path, "r+b") as handle:
            handle.write(orjson.dumps(found))
            handle.truncate()

    def _encode(self, data: dict[str, dict[str, Any]]) -> bytes:
        # TinyDB replaces a table's dict on every change to it, so a table whose dict is the
        # same object as last time encodes to the same bytes: only changed tables are
        # serialised again. Small tables are always re-encoded (they may be edited in place).
        parts = []
        encoded: dict[str, tuple[dict[str, Any], bytes]] = {}
        for name, table in data.items():
            cached = self._encoded.get(name)
            if cached is not None and cached[0] is table and len(table) > 64:
                chunk = cached[1]
            else:
                chunk = orjson.dumps(table)
            encoded[name] = (table, chunk)
            parts.append(orjson.dumps(name) + b":" + chunk)
        self._encoded = encoded
        return b"{" + b",".join(parts) + b"}"

    def close(self) -> None:
        """Let go of the file (nothing is pending outside a transaction)."""
        self._unpin()
