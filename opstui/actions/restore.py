"""Putting a backup back: the way out when the data file is unusable (or a change went wrong).

Restoring cannot go through the journal: the file being replaced may not even parse. It is
made undoable the other way: under the data set's lock, the current file (whatever its
state) is first copied into the backups folder as a ``restore`` backup, and only then is the
chosen backup written over it, atomically. ``opstui restore <that backup>`` takes it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from opstui.actions.errors import ActionError, Outcome
from opstui.domain.clock import Clock


@dataclass(frozen=True)
class BackupInfo:
    """One backup of a data file, and whether it can be restored.

    Attributes:
        path: The backup file.
        size: Its size in bytes.
        records: Records it holds per table (when usable).
        problem: Why it cannot be restored ("" when it can).
    """

    path: Path
    size: int
    records: dict[str, int]
    problem: str


def inspect_backup(path: Path) -> BackupInfo:
    """Read a backup and judge it with the store's own validator (nothing is changed)."""
    from opstui.domain.models import TABLES
    from opstui.store.disk import DataFileError, parse_tables
    from opstui.store.migrations import schema_version, version_problem
    from opstui.store.validate import validate_table

    try:
        raw = path.read_bytes()
    except OSError as exc:
        return BackupInfo(path, 0, {}, f"cannot be read: {exc.strerror or exc}")
    try:
        tables = parse_tables(path, raw)
    except DataFileError as exc:
        return BackupInfo(path, len(raw), {}, exc.problem)
    problem = version_problem(schema_version(tables)) or ""
    counts: dict[str, int] = {}
    for name, docs in tables.items():
        if problem or name not in TABLES:
            continue
        for _doc_id, record, found in validate_table(name, docs):
            if record is None:
                problem = str(found)
                break
            counts[name] = counts.get(name, 0) + 1
    return BackupInfo(path, len(raw), counts, problem)


def list_backups(data_file: Path) -> list[BackupInfo]:
    """The backups of ``data_file``, newest first, each judged."""
    from opstui.store.disk import backups_of

    return [inspect_backup(p) for p in backups_of(data_file)]


def find_backup(data_file: Path, wanted: str | None) -> Path:
    """The backup ``wanted`` names (a path, a file name in the backups folder, or a unique
    part of one, like its time stamp); the newest usable one when None.

    Raises:
        ActionError: Nothing matches, several do, or there is no usable backup.
    """
    from opstui.paths import user_path
    from opstui.store.disk import backup_dir, backups_of

    found = backups_of(data_file)
    if wanted is None:
        for path in found:
            if not inspect_backup(path).problem:
                return path
        folder = backup_dir(data_file)
        raise ActionError(f"no usable backup of {data_file} in {folder}" if found else
                          f"{data_file} has no backups (they are kept in {folder})")
    given = user_path(wanted)
    if given.is_file():
        return given
    matches = [p for p in found if wanted in p.name]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ActionError(f"no backup of {data_file} matches {wanted!r} "
                          "(see 'opstui restore --list')")
    shown = ", ".join(p.name for p in matches[:3])
    raise ActionError(f"{wanted!r} matches {len(matches)} backups ({shown}...); say which")


def restore(data_file: Path, clock: Clock, backup: str | None = None, *,
            source: str = "cli") -> Outcome:
    """Put a backup back over ``data_file``, after backing up the file as it is.

    Args:
        data_file: The data file to restore.
        clock: The moment (kept for the action signature; backups are stamped by the store).
        backup: Which backup (see ``find_backup``); the newest usable one when None.
        source: The front end ("cli" or "tui").

    Returns:
        What was done; ``extra["saved"]`` is the backup of the replaced file (None when
        there was no file).

    Raises:
        ActionError: No such backup, or it is unusable (the reason is given).
        DataFileError: The data file cannot be written (it is a link, read-only...).
    """
    from opstui.store.disk import DataLock, atomic_write, make_backup
    from opstui.store.problems import check_writable, data_file_failure

    del clock, source  # the restore is not journalled: its own backup makes it undoable
    chosen = find_backup(data_file, backup)
    info = inspect_backup(chosen)
    if info.problem:
        raise ActionError(f"{chosen} cannot be restored: {info.problem}")
    payload = chosen.read_bytes()
    with DataLock(data_file).held():
        check_writable(data_file)
        try:
            saved = make_backup(data_file, reason="restore")
            atomic_write(data_file, payload)
        except OSError as exc:
            raise data_file_failure(exc, data_file) from None
    total = sum(info.records.values())
    undo = ""
    if saved is not None and inspect_backup(saved).problem:
        undo = f"; the unusable file it replaced is kept as {saved}"
    elif saved is not None:
        undo = (f"; the file it replaced is backed up as {saved.name} (opstui restore "
                f"{saved.name} takes this back)")
    return Outcome(message=f"restored {data_file} from {chosen.name} ({total} records){undo}",
                   extra={"saved": saved, "restored": chosen})
