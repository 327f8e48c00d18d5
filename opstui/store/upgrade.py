"""Bringing a data file up to the current schema: on open, and inside a transaction when a
file was replaced by an older copy meanwhile. A backup is made first; a file of a newer
opstui is refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from opstui.domain.models import SCHEMA_VERSION
from opstui.store.disk import DataFileError, make_backup, newest_backup
from opstui.store.migrations import META_TABLE, migrate, schema_version, version_problem
from opstui.store.problems import data_file_failure

if TYPE_CHECKING:
    from opstui.store.datafile import DataFile


def migrate_on_open(hot: DataFile, *, read_only: bool) -> None:
    """Migrate the hot file to the current schema (after a backup) when it is older.

    Raises:
        DataFileError: A newer opstui wrote it, read-only mode cannot migrate it, or the
            backup could not be made.
    """
    data = hot.storage.read()
    if not data:
        return
    version = schema_version(data)
    if version == SCHEMA_VERSION:
        return
    problem = version_problem(version)
    if problem:
        raise DataFileError(hot.path, problem, newest_backup(hot.path))
    if read_only:
        raise DataFileError(
            hot.path, f"it needs migrating from schema {version}, which read-only mode "
            "cannot do", newest_backup(hot.path))
    try:
        make_backup(hot.path, reason=f"schema{version}")
    except OSError as exc:
        raise data_file_failure(exc, hot.path) from None
    with hot.storage.transaction():
        fresh = hot.storage.read()
        migrate(fresh)
        hot.storage.write_all(fresh)
    hot.sync()


def migrate_in_transaction(file: DataFile) -> None:
    """Inside ``file``'s transaction: refuse a newer schema; give an empty file the version;
    migrate one that another process replaced with an older copy (after a backup).

    Raises:
        DataFileError: A newer opstui wrote it.
    """
    data = file.storage.read()
    version = schema_version(data)
    problem = version_problem(version)
    if problem:
        raise DataFileError(file.path, problem, newest_backup(file.path))
    if version < SCHEMA_VERSION:
        old = any(name != META_TABLE and table for name, table in data.items())
        if old:
            make_backup(file.path, reason=f"schema{version}")
        migrate(data)
        if old:
            file.storage.write(data)
            file.storage.generation += 1  # the records may have changed shape
            file.sync()
