"""``opstui import --from taskwarrior|todotxt`` and ``opstui export --format csv|todotxt|ics``.

opstui's own JSON export and import stay in ``opstui.commands.transfer``; these handlers
take their place in the parser and hand the opstui format over to them.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Iterator
from typing import Any

from opstui.commands import CommandError, clock, open_repository, parse_day, run_action

IMPORT_FORMATS = ("opstui", "taskwarrior", "todotxt")
EXPORT_FORMATS = ("json", "csv", "todotxt", "ics")
STATUS_CHOICES = ("todo", "doing", "waiting", "blocked", "done", "cancelled", "open")
SHOWN = 200
"""A dry run lists at most this many changes of each kind."""


def add_import_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--from`` and ``--dry-run`` to ``opstui import``."""
    parser.add_argument("--from", dest="source_format", choices=IMPORT_FORMATS,
                        help="the file's format (default: found from its content)")
    parser.add_argument("--dry-run", action="store_true",
                        help="say what would be added and changed; write nothing")


def add_export_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--format`` and the filters to ``opstui export``."""
    parser.add_argument("--format", dest="export_format", choices=EXPORT_FORMATS,
                        default="json",
                        help="json: everything, to import back (default); csv: one row per "
                             "task, for Excel and WPS; todotxt; ics: tasks and meetings, "
                             "for calendars")
    parser.add_argument("-s", "--status", choices=STATUS_CHOICES,
                        help="only tasks with this status ('open': every unfinished one)")
    parser.add_argument("-o", "--owner", metavar="NAME", help="only this owner's tasks")
    parser.add_argument("--from", dest="period_start", metavar="DATE",
                        help="only tasks due, starting or finished on or after DATE "
                             "(and meetings held then)")
    parser.add_argument("--to", dest="period_end", metavar="DATE",
                        help="... on or before DATE")


# -- import ----------------------------------------------------------------------------------
def _read(name: str) -> tuple[str, bytes]:
    if name == "-":
        return "stdin", sys.stdin.buffer.read()
    from opstui.paths import user_path

    path = user_path(name)
    try:
        return str(path), path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is a folder, not a file to import") from None
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}") from None


@contextlib.contextmanager
def _stdin_holding(raw: bytes) -> Iterator[None]:
    """``sys.stdin`` reading ``raw`` again (it was read to find the format)."""
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    try:
        yield
    finally:
        sys.stdin = saved


def import_(args: argparse.Namespace) -> int:
    """``opstui import FILE [--from FORMAT] [--dry-run]``."""
    from opstui.domain.interchange import InterchangeError, detect_format

    where, raw = _read(args.file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(f"{where} is not UTF-8 text (byte {exc.start}); nothing was "
                           "imported") from None
    try:
        kind = args.source_format or detect_format(text, where)
    except InterchangeError as exc:
        raise CommandError(f"{exc}; nothing was imported") from None
    if kind == "opstui":
        if args.dry_run:
            return _opstui_dry_run(args, where, raw)
        from opstui.commands.transfer import import_ as import_export

        if args.file != "-":
            return import_export(args)
        with _stdin_holding(raw):
            return import_export(args)
    batch = _parse(kind, text, where)
    from opstui.actions.importing import import_batch

    outcome = run_action(import_batch, args, batch, label=f"{where} ({kind})",
                         dry_run=args.dry_run)
    plan = outcome.extra["plan"]
    if args.dry_run:
        for heading, lines in (("would add", plan.added), ("would update", plan.updated)):
            for line in lines[:SHOWN]:
                print(f"{heading} {line}")
            if len(lines) > SHOWN:
                print(f"{heading} ... and {len(lines) - SHOWN} more")
    print(outcome.message)
    for line in plan.skipped:
        print(f"opstui: note: {line}", file=sys.stderr)
    return 0


def _opstui_dry_run(args: argparse.Namespace, where: str, raw: bytes) -> int:
    """What importing an opstui export would add and change; nothing is written."""
    from opstui.domain.models import TABLES, ProgressNote, Task
    from opstui.store.transfer import TransferError, load_export, validate_export

    try:
        records, settings = validate_export(load_export(raw))
    except TransferError as exc:
        raise CommandError(f"{where}: {exc}; nothing would be imported") from None
    repo = open_repository(args, read_only=True)
    stored: dict[tuple[str, str], Any] = {}
    for name, cls in TABLES.items():
        found = [*repo.archived(cls), *repo.all(cls)] if cls in (Task, ProgressNote) else (
            repo.all(cls))
        stored.update(((name, r.id), r) for r in found)
    added = updated = unchanged = 0
    for record in records:
        before = stored.get((record.table, record.id))
        if before is None:
            added += 1
            print(f"would add {_kind(record)} {record.short_id}")
        elif before == record:
            unchanged += 1
        else:
            updated += 1
            print(f"would update {_kind(record)} {record.short_id}")
    change = settings is not None and not args.keep_settings and settings != repo.settings()
    print(f"dry run of {where} (opstui): would add {added}, update {updated}, leave "
          f"{unchanged} unchanged{'; settings would change' if change else ''} "
          "(nothing written)")
    return 0


def _kind(record: Any) -> str:
    """``progress note`` for a ProgressNote."""
    import re

    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", type(record).__name__).lower()


def _parse(kind: str, text: str, where: str) -> Any:
    """The records of ``text`` read as ``kind``.

    Raises:
        CommandError: The file is not valid in that format (nothing was imported).
    """
    from opstui.domain.interchange import InterchangeError

    try:
        if kind == "taskwarrior":
            from dateutil.tz import tzlocal

            from opstui.domain.interchange.taskwarrior import parse_taskwarrior

            return parse_taskwarrior(text, tz=tzlocal(), now=clock().now)
        from opstui.domain.interchange.todotxt import parse_todotxt

        return parse_todotxt(text)
    except InterchangeError as exc:
        raise CommandError(f"{where}: {exc}; nothing was imported") from None


# -- export ----------------------------------------------------------------------------------
def _selection(args: argparse.Namespace) -> Any:
    from opstui.domain.interchange.tables import Selection

    start = parse_day("--from", args.period_start) if args.period_start else None
    end = parse_day("--to", args.period_end) if args.period_end else None
    if start and end and end < start:
        raise CommandError(f"--to {end} is before --from {start}")
    return Selection(status=args.status, owner=args.owner, start=start, end=end)


def export(args: argparse.Namespace) -> int:
    """``opstui export [--format FORMAT] [filters] [--out FILE [--force]]``."""
    filtered = any(getattr(args, name) for name in ("status", "owner", "period_start",
                                                     "period_end"))
    if args.export_format == "json":
        if filtered:
            raise CommandError("--format json exports everything (to import back); the "
                               "filters are for csv, todotxt and ics")
        from opstui.commands.transfer import export as export_everything

        return export_everything(args)
    if args.force and not args.out:
        raise CommandError("--force only applies with --out")
    from opstui.paths import user_path

    out = user_path(args.out) if args.out else None
    if out is not None and not args.force and out.exists():
        raise CommandError(f"{out} already exists; use --force to overwrite it")
    selection = _selection(args)
    payload, summary = _render(args.export_format, selection, args)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return 0
    from opstui.commands.transfer import write_new_file

    write_new_file(out, payload, force=args.force)
    print(f"exported {summary} to {out}", file=sys.stderr)
    return 0


def _render(kind: str, selection: Any, args: argparse.Namespace) -> tuple[bytes, str]:
    """The file's bytes and a summary (``12 tasks, 2 meetings``)."""
    from opstui.domain.interchange.tables import select
    from opstui.domain.models import Meeting, Task

    repo = open_repository(args, read_only=True)
    every = {t.id: t for t in repo.archived(Task)} | {t.id: t for t in repo.all(Task)}
    tasks = select(every.values(), selection)
    count = f"{len(tasks)} task{'s' * (len(tasks) != 1)}"
    if kind == "csv":
        from opstui.domain.interchange.tables import tasks_csv

        return tasks_csv(tasks), count
    if kind == "todotxt":
        from opstui.domain.interchange.todotxt import format_todotxt

        return format_todotxt(tasks).encode("utf-8"), count
    from dateutil.tz import tzlocal

    from opstui.domain.interchange.ics import calendar_ics

    meetings = sorted((m for m in repo.all(Meeting) if selection.takes_meeting(m)),
                      key=lambda m: (m.day, m.title))
    data = calendar_ics(tasks, meetings, stamp=clock().now, tz=tzlocal())
    return data, f"{count}, {len(meetings)} meeting{'s' * (len(meetings) != 1)}"
