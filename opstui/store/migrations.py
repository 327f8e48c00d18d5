"""Schema versions of the data file and the steps that bring older files up to date."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from opstui.domain.models import SCHEMA_VERSION

META_TABLE = "_meta"
META_DOC = "1"

Tables = MutableMapping[str, dict[str, Any]]


def schema_version(data: Tables) -> int:
    """The schema version stored in ``data``; 0 for a file written before versions existed."""
    meta = data.get(META_TABLE, {}).get(META_DOC, {})
    version = meta.get("schema_version", 0)
    return version if isinstance(version, int) else -1


def set_schema_version(data: Tables, version: int = SCHEMA_VERSION) -> None:
    """Record ``version`` in ``data``."""
    data.setdefault(META_TABLE, {}).setdefault(META_DOC, {})["schema_version"] = version


def _from_0(data: Tables) -> None:
    # Version 0: a TinyDB file with opstui's tables but no version stamp. Drop TinyDB's
    # unused default table; the records themselves are already in version 1 shape.
    if not data.get("_default"):
        data.pop("_default", None)


MIGRATIONS: dict[int, Callable[[Tables], None]] = {0: _from_0}
"""``MIGRATIONS[n]`` turns a version-n file into version n+1, in place."""


def version_problem(version: int) -> str | None:
    """Why a file of schema ``version`` cannot be used, or None if it can (maybe migrated)."""
    if version < 0:
        return "its schema version is not a number"
    if version > SCHEMA_VERSION:
        return (
            f"it was written by a newer opstui (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade opstui"
        )
    return None


def migrate(data: Tables) -> int:
    """Bring ``data`` to ``SCHEMA_VERSION`` in place.

    Returns:
        The version the data had before.

    Raises:
        ValueError: The data is from a newer opstui, or its version is unreadable.
    """
    before = schema_version(data)
    problem = version_problem(before)
    if problem:
        raise ValueError(problem)
    for version in range(before, SCHEMA_VERSION):
        MIGRATIONS[version](data)
    set_schema_version(data)
    return before
