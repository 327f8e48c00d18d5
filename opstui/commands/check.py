"""The ``check`` subcommand: verify a data file and its archives without changing them."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opstui.commands import CommandError, open_repository
from opstui.store.datafile import first_error

MAX_SHOWN = 50
ARCHIVE_TABLES = ("tasks", "notes")
IGNORED_TABLES = ("_meta",)


@dataclass
class Report:
    """What ``check`` found."""

    counts: dict[str, int] = field(default_factory=dict)
    archived: dict[str, int] = field(default_factory=dict)
    archive_files: int = 0
    problems: list[str] = field(default_factory=list)
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Valid records by table and id, hot and archived together."""
    invalid: dict[str, set[str]] = field(default_factory=dict)
    """Ids of invalid records by table: reported once, not again as missing references."""


def _validate_file(report: Report, path: Path, tables: dict[str, Any], allowed: Iterable[str],
                   counts: dict[str, int]) -> dict[str, set[str]]:
    """Validate every record of one file into ``report``; returns the valid ids by table."""
    from pydantic import ValidationError

    from opstui.domain.models import Settings
    from opstui.store.repository import SETTINGS_TABLE
    from opstui.store.validate import validate_table

    allowed = set(allowed)
    valid: dict[str, set[str]] = {}
    for name, docs in tables.items():
        if name in IGNORED_TABLES or (name == "_default" and not docs):
            continue
        if name == SETTINGS_TABLE and SETTINGS_TABLE in allowed:
            try:
                Settings.model_validate(docs.get("1", {}))
            except ValidationError as exc:
                report.problems.append(f"{path.name}: settings are invalid: {first_error(exc)}")
            continue
        if name not in allowed:
            report.problems.append(f"{path.name}: unexpected table {name!r}")
            continue
        found = report.models.setdefault(name, {})
        # The store's own validator: what check passes, every command and the TUI accept.
        for doc_id, record, problem in validate_table(name, docs):
            if record is None:
                report.invalid.setdefault(name, set()).add(str(docs[doc_id].get("id")))
                report.problems.append(f"{path.name}: {problem}")
                continue
            found.setdefault(record.id, record)  # the hot file is read first and wins
            valid.setdefault(name, set()).add(record.id)
            counts[name] = counts.get(name, 0) + 1
    return valid


def inspect_data(data_file: Path, hot: dict[str, Any], archives: list[Path]) -> Report:
    """Validate the hot data of ``data_file`` and every archive file, then cross-check.

    Args:
        data_file: The hot file (for messages).
        hot: Its tables as stored.
        archives: The archive files to read.
    """
    from opstui.domain.models import TABLES
    from opstui.store.repository import SETTINGS_TABLE
    from opstui.store.storage import DataFileError, parse_tables

    report = Report()
    hot_ids = _validate_file(report, data_file, hot, [*TABLES, SETTINGS_TABLE], report.counts)
    for path in archives:
        try:
            tables = parse_tables(path, path.read_bytes())
        except DataFileError as exc:
            report.problems.append(f"{path.name}: {exc.problem}")
            continue
        except OSError as exc:
            report.problems.append(f"{path.name}: {exc.strerror}")
            continue
        report.archive_files += 1
        archived_ids = _validate_file(report, path, tables, ARCHIVE_TABLES, report.archived)
        # A record in both the hot file and an archive (a crash while archiving) is fine:
        # the hot copy wins. Count it once.
        for name, ids in archived_ids.items():
            report.archived[name] -= len(ids & hot_ids.get(name, set()))
    from opstui.store.integrity import cross_problems

    report.problems += cross_problems(report.models, report.invalid)
    return report


def _summary(counts: dict[str, int], always: Iterable[str] = ()) -> str:
    shown = [f"{n} {name}" for name, n in counts.items() if n or name in always]
    return ", ".join(shown)


def check(args: argparse.Namespace) -> int:
    """``opstui check``: exit 0 with a summary, or 1 listing what is wrong."""
    from opstui.domain.models import TABLES
    from opstui.paths import resolve_data_file

    data_file = resolve_data_file(getattr(args, "db", None))
    if not data_file.exists():
        raise CommandError(f"{data_file} does not exist (it is created on first save)", code=1)
    repo = open_repository(args, read_only=True)
    report = inspect_data(data_file, repo.raw_tables(), repo.archive_paths())
    if report.problems:
        for line in report.problems[:MAX_SHOWN]:
            print(line)
        more = len(report.problems) - MAX_SHOWN
        if more > 0:
            print(f"... and {more} more")
        count = len(report.problems)
        print(f"{data_file}: {count} problem{'s' * (count != 1)} found")
        return 1
    counts = {name: report.counts.get(name, 0) for name in TABLES}
    line = f"ok: {_summary(counts, always=('tasks',))} in {data_file}"
    if report.archive_files:
        plural = "s" * (report.archive_files != 1)
        line += (f"; {report.archive_files} archive file{plural}: "
                 f"{_summary(report.archived, always=('tasks',))}")
    print(line)
    return 0
