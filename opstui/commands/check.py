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


def _label(record: Any) -> str:
    text = next((getattr(record, a) for a in ("title", "deliverable", "text")
                 if getattr(record, a, None)), None)
    if text is None:
        day = getattr(record, "day", None)
        text = day.isoformat() if day else ""
    text = " ".join(str(text).split())
    return f' "{text[:40]}"' if text else ""


def _references(report: Report) -> None:
    """Add a problem for every reference to a record that does not exist."""
    models = report.models
    kinds = {"goal": "goals", "metric": "metrics", "task": "tasks", "meeting": "meetings",
             "retro": "retros", "incident": "incidents", "recurrence": "recurrences"}

    def missing(table: str, record: Any, field_name: str, kind: str, ref: str | None) -> None:
        table_name = kinds[kind]
        if (ref is not None and ref not in models.get(table_name, {})
                and ref not in report.invalid.get(table_name, ())):
            report.problems.append(
                f"{table} {record.id[:8]}{_label(record)}: {field_name} refers to a missing "
                f"{kind} {ref[:8]}")

    for task in models.get("tasks", {}).values():
        missing("tasks", task, "goal_id", "goal", task.goal_id)
        missing("tasks", task, "metric_id", "metric", task.metric_id)
        if task.source.kind.value in kinds:
            missing("tasks", task, "source.ref", task.source.kind.value, task.source.ref)
    for note in models.get("notes", {}).values():
        missing("notes", note, "task_id", "task", note.task_id)
    for plan in models.get("plans", {}).values():
        for task_id in plan.task_ids:
            missing("plans", plan, "task_ids", "task", task_id)
    for name in ("resources", "reviews"):
        for record in models.get(name, {}).values():
            missing(name, record, "task_id", "task", record.task_id)
    for incident in models.get("incidents", {}).values():
        missing("incidents", incident, "task_id", "task", incident.task_id)
        missing("incidents", incident, "metric_id", "metric", incident.metric_id)
    for reading in models.get("readings", {}).values():
        missing("readings", reading, "metric_id", "metric", reading.metric_id)
    for goal in models.get("goals", {}).values():
        missing("goals", goal, "metric_id", "metric", goal.metric_id)
    for retro in models.get("retros", {}).values():
        for goal_id in retro.goal_ids:
            missing("retros", retro, "goal_ids", "goal", goal_id)
        for metric_id in retro.metric_ids:
            missing("retros", retro, "metric_ids", "metric", metric_id)


def _duplicates(report: Report) -> None:
    """Add a problem for two plans of one day, or two metrics with one key."""
    for table, attr in (("plans", "day"), ("metrics", "key")):
        seen: dict[Any, str] = {}
        for record in report.models.get(table, {}).values():
            value = getattr(record, attr)
            if value in seen:
                report.problems.append(f"{table} {seen[value][:8]} and {record.id[:8]} have the "
                                       f"same {attr} {str(value)!r}")
            else:
                seen[value] = record.id


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
    _references(report)
    _duplicates(report)
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
