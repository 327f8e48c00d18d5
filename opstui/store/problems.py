"""The store's errors, and what a failed disk operation means for the user in one line."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

RESTORE_HINT = "put it back with 'opstui restore'"


class DataFileError(Exception):
    """A data file that cannot be used or saved; the message names the file, the problem,
    the newest backup and what to do.

    Args:
        path: The data file (never a temporary file).
        problem: What is wrong, e.g. "not valid JSON (...)".
        backup: The newest backup, if any.
        advice: What the user should do; by default, restoring the backup.
    """

    def __init__(self, path: Path, problem: str, backup: Path | None = None,
                 advice: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.backup = backup
        if advice is None:
            where = (f"; the last good backup is {backup} ({RESTORE_HINT}, or fix the file "
                     "by hand)") if backup else "; no backup was found (fix the file by hand)"
            text = f"{path}: {problem}{where}. The file was left as it is."
        else:
            text = f"{path}: {problem}. {advice}"
        self.advice = advice
        super().__init__(text)


class ReadOnlyError(Exception):
    """A change was attempted on data opened read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} is open read-only; the change was not saved.")


def os_problem(exc: OSError, data_file: Path) -> tuple[str, str]:
    """What ``exc`` (raised while using ``data_file``) means, and what to do about it.

    Returns:
        (problem, advice), both fit to show as is.
    """
    code = exc.errno
    where = Path(exc.filename) if isinstance(exc.filename, str) and exc.filename else data_file
    if where.name.startswith(f".{data_file.name}.") and where.name.endswith(".tmp"):
        where = data_file.parent  # our own temporary file: the user knows the folder
    if code in (errno.ENOSPC, errno.EDQUOT):
        return (f"the disk holding {data_file.parent} is full",
                "Free some space and try again; nothing was changed")
    if code in (errno.EACCES, errno.EPERM):
        return (f"permission denied on {where}",
                f"Make {where} writable for you (chmod u+w) or use another --db; "
                "nothing was changed")
    if code == errno.EROFS:
        return (f"{where} is on a read-only file system",
                "Use a data file on a writable disk (--db); nothing was changed")
    if code == errno.EISDIR:
        return (f"{where} is a folder, not a file",
                "Name a data file with --db, or move the folder away")
    if code == errno.ENOTDIR:
        return (f"a part of the path {where} is a file, not a folder",
                "Move that file away or use another --db")
    if code == errno.ELOOP:
        return (f"{where} is a symbolic link, which opstui does not follow",
                f"Remove the link {where}; nothing was changed")
    if code == errno.EEXIST:
        return (f"{where} is in the way (a file where a folder belongs)",
                "Move it away and try again; nothing was changed")
    return (f"{exc.strerror or exc} ({where})", "Nothing was changed")


def data_file_failure(exc: OSError, data_file: Path) -> DataFileError:
    """The ``DataFileError`` for an OSError met while saving ``data_file``."""
    problem, advice = os_problem(exc, data_file)
    return DataFileError(data_file, f"could not be saved: {problem}", advice=advice)


def check_writable(path: Path) -> None:
    """Refuse to write ``path`` when that would silently break what the user set up.

    A symbolic link would be replaced by a regular file (its target no longer receiving
    changes); a read-only file would be replaced and made writable; a read-only folder
    fails half way. Checked by mode bits as well as ``os.access``, so it holds for root too.

    Raises:
        DataFileError: The file or its folder must not be written; the message says why.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise data_file_failure(exc, path) from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            target = os.path.realpath(path)
            raise DataFileError(
                path, f"could not be saved: it is a symbolic link to {target}",
                advice=f"opstui does not write through links (the link would be replaced); "
                f"use --db {target}. Nothing was changed")
        if not stat.S_ISREG(st.st_mode):
            raise DataFileError(
                path, "could not be saved: it is not a regular file",
                advice="Name a data file with --db; nothing was changed")
        if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
            raise DataFileError(
                path, f"could not be saved: the file is read-only (mode "
                f"{stat.S_IMODE(st.st_mode):04o})",
                advice=f"Make it writable (chmod u+w {path}) to change it; nothing was "
                "changed")
    folder = path.parent
    try:
        fst = os.stat(folder)
    except FileNotFoundError:
        return  # created on the first save
    except OSError as exc:
        raise data_file_failure(exc, path) from None
    if stat.S_ISDIR(fst.st_mode) and (
            not fst.st_mode & 0o222 or not os.access(folder, os.W_OK | os.X_OK)):
        raise DataFileError(
            path, f"could not be saved: its folder {folder} is read-only",
            advice=f"Make the folder writable (chmod u+w {folder}); nothing was changed")
