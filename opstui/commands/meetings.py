"""Meeting subcommands: ``meeting add`` and ``meeting list``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from opstui.commands import CommandError, open_repository, parse_day, run_action, today


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``opstui meeting`` and its subcommands."""
    meeting = command("meeting", "opstui.commands.meetings:no_subcommand",
                      "Record meeting minutes with decisions and action items.")
    sub = meeting.add_subparsers(dest="meeting_command", metavar="SUBCOMMAND",
                                 parser_class=type(meeting))
    add = sub.add_parser("add", help="Record a meeting; action items become tasks.",
                         description="Record a meeting; action items become tasks (source: "
                         "the meeting), all in one save.")
    add.set_defaults(handler="opstui.commands.meetings:add")
    add.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="the data file")
    add.add_argument("title", nargs="+", metavar="TITLE", help="what the meeting was")
    add.add_argument("--dept", dest="departments", action="append", default=[],
                     metavar="D", help="a department taking part (repeat)")
    add.add_argument("--attendee", dest="attendees", action="append", default=[],
                     metavar="NAME", help="someone present (repeat)")
    add.add_argument("-d", "--date", metavar="DATE", help="when it was (default today)")
    add.add_argument("--minutes", default="", help="the minutes ('-' reads them from stdin)")
    add.add_argument("--decision", dest="decisions", action="append", default=[],
                     metavar="TEXT", help="a decision taken (repeat)")
    add.add_argument("--action", dest="actions", action="append", default=[],
                     metavar="'WHAT | OWNER | DUE'", help="an action item (repeat)")
    listing = sub.add_parser("list", help="Meetings, newest first, with open action items.")
    listing.set_defaults(handler="opstui.commands.meetings:list_meetings")
    listing.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="the data file")


def no_subcommand(args: argparse.Namespace) -> int:
    """``opstui meeting`` alone: say what to type."""
    raise CommandError("say what to do: opstui meeting add|list (see --help)")


def add(args: argparse.Namespace) -> int:
    """``opstui meeting add``: the meeting and its action-item tasks in one transaction."""
    from opstui.domain.minutes import parse_action_items, split_names
    from opstui.domain.models import Meeting
    from opstui.domain.tracking import TrackingError

    day = today()
    when = parse_day("--date", args.date or None, day)
    minutes = sys.stdin.read() if args.minutes == "-" else args.minutes
    try:
        items = parse_action_items("\n".join(a.replace("\n", " ") for a in args.actions), day)
    except TrackingError as exc:
        raise CommandError(f"--action: {exc}") from None
    meeting = Meeting(
        day=when, title=" ".join(args.title),
        departments=[d for v in args.departments for d in split_names(v)],
        attendees=[a for v in args.attendees for a in split_names(v)],
        minutes=minutes, decisions=[d for d in args.decisions if d.strip()],
    )
    from opstui.actions.tracking import save_meeting

    outcome = run_action(save_meeting, args, meeting, items)
    meeting, *tasks = outcome.records
    print(f"{meeting.short_id}  {when.isoformat()}  {meeting.title}")
    for task in tasks:
        who = f"  {task.owner}" if task.owner else ""
        due = f"  due {task.due.isoformat()}" if task.due else ""
        print(f"  action {task.short_id}{who}{due}  {task.title}")
    return 0


def list_meetings(args: argparse.Namespace) -> int:
    """``opstui meeting list``: newest first, with how many action items are still open."""
    from opstui.commands.table import render
    from opstui.domain.models import Meeting, Task

    repo = open_repository(args, read_only=True)
    meetings = sorted(repo.all(Meeting), key=lambda m: (m.day, m.created_at), reverse=True)
    if not meetings:
        print("no meetings")
        return 0
    open_by_meeting: dict[str, int] = {}
    for task in repo.all(Task):
        if task.source.ref and task.is_open:
            open_by_meeting[task.source.ref] = open_by_meeting.get(task.source.ref, 0) + 1
    rows = [(m.short_id, m.day.isoformat(), ", ".join(m.departments),
             str(open_by_meeting.get(m.id, 0)), m.title) for m in meetings]
    lines = render(("ID", "DAY", "DEPARTMENTS", "OPEN ACTIONS", "TITLE"), rows,
                   max_widths=(None, None, 24, None, None))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
