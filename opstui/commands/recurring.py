"""``opstui recur``: recurring work (例行工作) as RRULE templates; add one, list them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from opstui.commands import CommandError, open_repository, parse_day, run_action, today

DB_HELP = "the data file (default: $OPSTUI_DB, else opstui.json in the user data folder)"
PRIORITIES = ("P0", "P1", "P2", "P3")


def register(command: Any) -> None:
    """Add ``recur add|list``."""
    recur = command("recur", "opstui.commands.recurring:list_templates",
                    "Recurring work: add a template (its next occurrence becomes a task; "
                    "the next one is made when that one is done), or list them.")
    recur.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    sub = recur.add_subparsers(dest="recur_command", metavar="SUBCOMMAND",
                               parser_class=type(recur))
    add = sub.add_parser("add", help="add recurring work",
                         description="Add recurring work. Its next occurrence goes in the "
                                     "backlog now; when it is done or cancelled, the one "
                                     "after it is made. Later occurrences show in the week "
                                     "view without being tasks.")
    add.set_defaults(handler="opstui.commands.recurring:add")
    add.add_argument("title", nargs="+", metavar="TITLE", help="the work (words are joined)")
    add.add_argument("--rrule", required=True, metavar="RULE",
                     help="an RRULE without DTSTART: FREQ=WEEKLY;BYDAY=FR (every Friday), "
                          "FREQ=MONTHLY;BYMONTHDAY=1, FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR")
    add.add_argument("--start", metavar="DATE", help="first day it may occur (default today)")
    add.add_argument("-p", "--priority", choices=PRIORITIES, default="P2",
                     help="P0 (most urgent) to P3; default P2")
    add.add_argument("-o", "--owner", metavar="NAME", help="who does it")
    add.add_argument("-e", "--estimate", metavar="DURATION", help="e.g. 30m, 1.5h, 2h30m")
    add.add_argument("-t", "--tag", dest="tags", action="extend", nargs="+", default=[],
                     metavar="TAG", help="tags")
    add.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)
    listing = sub.add_parser("list", help="every template with its next occurrence",
                             description="Every recurring-work template, its rule, its open "
                                         "instance and its next occurrence.")
    listing.set_defaults(handler="opstui.commands.recurring:list_templates")
    listing.add_argument("--json", action="store_true", help="print as JSON")
    listing.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)


def add(args: argparse.Namespace) -> int:
    """``opstui recur add TITLE --rrule RULE``."""
    from opstui.actions.recurring import add_recurring
    from opstui.domain.dates import DateParseError, parse_duration

    start = parse_day("--start", args.start) if args.start else None
    estimate = None
    if args.estimate:
        try:
            estimate = parse_duration(args.estimate)
        except DateParseError as exc:
            raise CommandError(f"--estimate: {exc}") from None
    tags = [t.lstrip("#") for item in args.tags for t in item.split(",") if t.lstrip("#")]
    outcome = run_action(add_recurring, args, " ".join(args.title), args.rrule, start=start,
                         priority=args.priority, owner=args.owner, estimate_minutes=estimate,
                         tags=tags)
    print(outcome.message)
    return 0


def list_templates(args: argparse.Namespace) -> int:
    """``opstui recur [list]``: templates, their open instance and next occurrence."""
    from opstui.domain.models import Recurrence, SourceKind
    from opstui.domain.recurrence import RecurrenceError, next_occurrence

    repo = open_repository(args, read_only=True)
    day = today()
    open_by: dict[str, Any] = {t.source.ref: t for t in repo.tasks() if t.is_open
                               and t.source.kind is SourceKind.RECURRENCE and t.source.ref}
    rows = []
    for template in sorted(repo.all(Recurrence), key=lambda r: r.title):
        instance = open_by.get(template.id)
        after = instance.source.on if instance is not None and instance.source.on else None
        try:
            upcoming = next_occurrence(template, after or day - day.resolution)
        except RecurrenceError:
            upcoming = None
        rows.append((template, instance, upcoming))
    if getattr(args, "json", False):
        import orjson

        payload = [{**t.model_dump(mode="json"),
                    "open_instance": i.id if i is not None else None,
                    "open_on": i.source.on.isoformat() if i is not None and i.source.on
                    else None,
                    "next": n.isoformat() if n else None} for t, i, n in rows]
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not rows:
        print("no recurring work")
        return 0
    from opstui.commands.table import render

    lines = render(("ID", "RULE", "OPEN", "THEN", "ACTIVE", "TITLE"), [
        (t.short_id, t.rrule, f"{i.short_id} {i.source.on:%m-%d}" if i and i.source.on else "",
         f"{n:%a %m-%d}" if n else "", "yes" if t.active else "no", t.title)
        for t, i, n in rows], max_widths=(None, 32, None, None, None, None))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
