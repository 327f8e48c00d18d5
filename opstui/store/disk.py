"""Disk-level safety: stamps, atomic writes, the data set's lock, backups, parsing checks."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import glob
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from opstui.store.problems import (  # noqa: F401 - re-exported
    DataFileError,
    ReadOnlyError,
    check_writable,
    data_file_failure,
    os_problem,
)

BACKUPS_KEPT = 10
BACKUP_EVERY_SECONDS = 15 * 60

Stamp = tuple[int, int, int]


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
    if folder.is_symlink() or not folder.is_dir():
        return []  # a planted link is not ours to read from
    # The stamp must follow the name exactly: "work.json.old"'s backups are not "work.json"'s.
    shape = re.compile(re.escape(path.name) + _BACKUP_STAMP)
    found = folder.glob(glob.escape(path.name) + ".*.bak")
    return sorted((p for p in found if shape.fullmatch(p.name)), reverse=True)


def make_backup(path: Path, reason: str = "auto") -> Path | None:
    """Copy ``path`` into the backups folder and drop the oldest beyond ``BACKUPS_KEPT``.

    The copy is written under a temporary name (never through a link: ``O_NOFOLLOW`` and
    ``O_EXCL``), made private (0600), fsynced and renamed, and the folder fsynced, so a crash
    never leaves a half-copied file that looks like a good backup. The backup's mtime is the
    moment it was made (the 15-minute rule reads it).

    Raises:
        OSError: The copy failed (the caller names the data file); ELOOP when the backups
            folder is a symbolic link.
    """
    try:
        source = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    try:
        folder = backup_dir(path)
        if folder.is_symlink():
            raise OSError(errno.ELOOP, "the backups folder is a symbolic link", str(folder))
        folder.mkdir(parents=True, exist_ok=True)
        # Named by the file system's clock (the new file's own mtime), not the wall clock.
        partial = folder / f"{path.name}.{os.getpid()}.{reason}.bak.partial"
        with contextlib.suppress(FileNotFoundError):  # a crashed copy by a process of this pid
            partial.unlink()
        out = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        seconds, nanos = divmod(os.fstat(out).st_mtime_ns, 1_000_000_000)
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(seconds)) + f"-{nanos:09d}"
        target = folder / f"{path.name}.{stamp}.{reason}.bak"
        try:
            with os.fdopen(out, "wb") as handle:
                while chunk := os.read(source, 1 << 20):
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, target)
        except BaseException:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
        fsync_folder(folder)
    finally:
        os.close(source)
    for old in backups_of(path)[BACKUPS_KEPT:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def temp_files_of(path: Path) -> list[Path]:
    """Temporary files ``atomic_write`` makes for ``path`` (left behind only by a crash)."""
    return list(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"))


def atomic_write(path: Path, payload: bytes | Sequence[bytes]) -> None:
    """Write ``payload`` (bytes, or pieces of them in order) to ``path`` so that a crash
    leaves either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(payload, bytes):
                handle.write(payload)
            else:
                handle.writelines(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_folder(path.parent)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Keep Python's cyclic garbage collector from running while a table is read.

    Reading a table makes thousands of objects, none in a reference cycle; each few hundred
    of them start a collection, and the later ones walk every object made so far: validating
    ten years of tasks took twice as long with the collector on (150 vs 70 ms).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def parse_tables(path: Path, raw: bytes) -> dict[str, dict[str, Any]]:
    """Parse a TinyDB file and check its shape.

    Raises:
        DataFileError: The bytes are not JSON, or not ``{table: {doc_id: {...}}}``.
    """
    if not raw.strip():
        # Never "a new data set": an emptied file lost its data, and the next save would
        # bury the evidence. A missing file is the new data set.
        what = "it is empty (0 bytes)" if not raw else "it holds only whitespace"
        backup = newest_backup(path)
        hint = (f"the last good backup is {backup}: put it back with 'opstui restore', or "
                if backup else "no backup was found: ")
        raise DataFileError(path, what, backup, advice=(
            f"The file was left as it is; {hint}delete the file to start a new data set"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataFileError(path, "it starts with a byte order mark (BOM), which JSON does "
                            "not allow (an editor saved it so; save it as UTF-8 without BOM)",
                            newest_backup(path))
    try:
        with collector_paused():
            data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DataFileError(path, f"not valid JSON ({exc})", newest_backup(path)) from None
    if not isinstance(data, dict):
        raise DataFileError(
            path, "not an opstui data file (top level is not an object)", newest_backup(path))
    for name, table in data.items():
        check_table(path, name, table)
    return data


def check_table(path: Path, name: str, table: object) -> None:
    """Check that ``table`` (parsed from ``path``) is ``{doc_id: {...}}``.

    Raises:
        DataFileError: It is not.
    """
    if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
        raise DataFileError(
            path, f"table {name!r} is not a set of records", newest_backup(path))
    bad = next((key for key in table if not (key.isascii() and key.isdigit())), None)
    if bad is not None:
        raise DataFileError(
            path, f"table {name!r} has a record under {bad!r}, which is not a number",
            newest_backup(path))


def read_stamped(path: Path) -> tuple[bytes, Stamp, int] | None:
    """Read ``path`` with the stamp of exactly the bytes read, and an open descriptor on it.

    Stat-then-read would pair one version's stamp with another's bytes when a writer
    replaces the file in between; reading through one descriptor cannot.

    Returns:
        The bytes, their stamp and the open descriptor (the caller closes it), or None when
        the file does not exist.
    """
    try:
        # O_NONBLOCK: a FIFO put in the file's place must not hang opstui.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            kind = errno.EISDIR if stat.S_ISDIR(os.fstat(fd).st_mode) else errno.EINVAL
            raise OSError(kind, "not a regular file", str(path))
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


def certificates(lock_path: Path) -> dict[str, list[Any]]:
    """The stamps of the data files an opstui checked and wrote, with the checksums of
    their tables, kept in the lock file."""
    try:
        fd = os.open(lock_path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return {}
    try:
        with os.fdopen(fd, "rb") as handle:
            found = orjson.loads(handle.read(1 << 20) or b"{}")
    except (OSError, orjson.JSONDecodeError):
        return {}
    return found if isinstance(found, dict) else {}


def close_all(fds: list[int]) -> None:
    while fds:
        with contextlib.suppress(OSError):
            os.close(fds.pop())


_closing: Any = None
"""The queue of descriptors ``close_later`` hands to its thread (None until first used)."""


def close_later(fds: list[int]) -> None:
    """Close ``fds`` in a thread of their own, off the caller's path.

    Closing the last descriptor of a data file that a write replaced frees the old version's
    pages: ~3 ms for 10 MB, which a key press need not wait for.
    """
    global _closing
    if not fds:
        return
    if _closing is None:
        import queue
        import threading

        _closing = queue.SimpleQueue()
        threading.Thread(target=_close_each, args=(_closing,), name="opstui-close",
                         daemon=True).start()
    while fds:
        _closing.put(fds.pop())


def _close_each(fds: Any) -> None:
    while True:
        fd = fds.get()
        if not isinstance(fd, int):
            fd.set()  # an Event from ``closed_so_far``: every descriptor before it is closed
            continue
        with contextlib.suppress(OSError):
            os.close(fd)


def closed_so_far(timeout: float = 10.0) -> bool:
    """Wait until every descriptor handed to ``close_later`` is closed; False on timeout."""
    if _closing is None:
        return True
    import threading

    done = threading.Event()
    _closing.put(done)
    return done.wait(timeout)


def _forget_closer() -> None:
    global _closing
    _closing = None  # a forked child has no closing thread: start its own when needed


os.register_at_fork(after_in_child=_forget_closer)


def newest_backup(path: Path) -> Path | None:
    """The newest backup of ``path``, if any."""
    found = backups_of(path)
    return found[0] if found else None


class DataLock:
    """An exclusive lock shared by every process using one data set (``<file>.lock``).

    Re-entrant within a process, so nested transactions are safe.
    """

    def __init__(self, path: Path, *, check: bool = True) -> None:
        """Lock the data set at ``path`` (``check``: refuse a path opstui must not write,
        before the lock file is made; off for a folder, such as the sync repository)."""
        self.data_path = path
        self.check = check
        self.path = path.with_name(path.name + ".lock")
        self._fd: int | None = None
        self._depth = 0

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the ``with`` block."""
        if self._depth == 0:
            # The lock is taken only to write: a file or folder that must not be written is
            # refused here, before the lock file is made (a read-only folder is named as such).
            if self.check:
                check_writable(self.data_path)
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # Never through a planted link: its target would be truncated.
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
            except OSError as exc:
                raise data_file_failure(exc, self.data_path) from None
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

    def record(self, payload: bytes) -> None:
        """Replace the lock file's contents (while held), through the open descriptor."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, payload, 0)
