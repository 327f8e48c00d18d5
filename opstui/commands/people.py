"""``opstui highlight``, ``feedback add|list``, ``finding add|list``; the handler of ``review
score`` (its parser is in ``commands.reviews``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from opstui.commands import CommandError, open_repository, parse_day, run_action

FEEDBACK_KINDS = ("praise", "improve", "1:1", "development")
"""``people.FeedbackKind`` values, spelled out so ``--help`` loads no models."""
STREAMS = ("competitor", "research", "team", "process")
"""``people.Stream`` values: 竞品/行业动态, 用户调研, 团队建设, 流程优化/SOP."""


def register(command: Any) -> None:
    """Add the subcommands (``command`` is ``build_parser``'s helper)."""
    mark = command("highlight", "opstui.commands.people:highlight",
                   "Mark a task, or a day's work log, as a highlight of the week: the 周报 "
                   "lists marked done tasks and marked logs' highlights under 本周亮点.")
    mark.add_argument("id", nargs="?", metavar="ID", help="task id prefix")
    mark.add_argument("--log", metavar="DATE", help="mark the work log of this day instead")
    mark.add_argument("--off", action="store_true", help="take the mark off")

    feedback = command("feedback", "opstui.commands.people:feedback_missing",
                       "Feedback on team members and 1:1 notes (private: never synced).")
    fsub = feedback.add_subparsers(dest="feedback", metavar="WHAT", parser_class=type(feedback))
    fadd = fsub.add_parser("add", help="write a feedback note on a member",
                           description="Write a dated feedback note on a member.")
    fadd.set_defaults(handler="opstui.commands.people:feedback_add")
    fadd.add_argument("member", metavar="MEMBER")
    fadd.add_argument("kind", choices=FEEDBACK_KINDS, help="what the note is")
    fadd.add_argument("text", nargs="+", metavar="TEXT", help="the note (words are joined)")
    fadd.add_argument("--date", metavar="DATE", help="the day (default today)")
    flist = fsub.add_parser("list", help="list feedback notes, newest first",
                            description="List feedback notes, newest first.")
    flist.set_defaults(handler="opstui.commands.people:feedback_list")
    flist.add_argument("member", nargs="?", metavar="MEMBER", help="only this member's")
    for parser in (fadd, flist):
        parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                            help="the data file")

    finding = command("finding", "opstui.commands.people:finding_missing",
                      "Findings of the ongoing work: competitor/industry, user research, "
                      "team building, process/SOP; the 周报 lists the week's.")
    gsub = finding.add_subparsers(dest="finding", metavar="WHAT", parser_class=type(finding))
    gadd = gsub.add_parser("add", help="note a finding", description="Note a finding.")
    gadd.set_defaults(handler="opstui.commands.people:finding_add")
    gadd.add_argument("stream", choices=STREAMS, help="the stream it belongs to")
    gadd.add_argument("text", nargs="+", metavar="TEXT", help="what was found")
    gadd.add_argument("-t", "--tag", dest="tags", action="extend", nargs="+", default=[],
                      metavar="TAG", help="tags (repeat, or separate with commas)")
    gadd.add_argument("--date", metavar="DATE", help="the day (default today)")
    glist = gsub.add_parser("list", help="list findings, newest first",
                            description="List findings, newest first.")
    glist.set_defaults(handler="opstui.commands.people:finding_list")
    glist.add_argument("--stream", choices=STREAMS, help="only this stream")
    glist.add_argument("--grep", metavar="TEXT",
                       help="only findings whose text or tags contain TEXT (any case)")
    for parser in (gadd, glist):
        parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                            help="the data file")


def feedback_missing(args: argparse.Namespace) -> int:
    """``opstui feedback`` alone."""
    raise CommandError("say what to do: opstui feedback add or opstui feedback list")


def finding_missing(args: argparse.Namespace) -> int:
    """``opstui finding`` alone."""
    raise CommandError("say what to do: opstui finding add or opstui finding list")


def highlight(args: argparse.Namespace) -> int:
    """``opstui highlight ID`` / ``--log DATE``."""
    from opstui.actions.reporting import mark_highlight

    if (args.id is None) == (args.log is None):
        raise CommandError("name a task id, or --log DATE for a day's work log (not both)")
    day = parse_day("--log", args.log) if args.log is not None else None
    print(run_action(mark_highlight, args, args.id, day=day, on=not args.off).message)
    return 0


def score(args: argparse.Namespace) -> int:
    """``opstui review score MEMBER --month 2026-11 --ability 4 ...``."""
    from opstui.actions.reporting import SCORE_FIELDS, score_member
    from opstui.commands import today

    period = (args.month or today().strftime("%Y-%m")).strip()
    scores = {name: getattr(args, name) for name in SCORE_FIELDS
              if getattr(args, name) is not None}
    print(run_action(score_member, args, args.member, period, scores).message)
    return 0


def feedback_add(args: argparse.Namespace) -> int:
    """``opstui feedback add MEMBER KIND TEXT``."""
    from opstui.actions.reporting import add_feedback

    day = parse_day("--date", args.date) if args.date else None
    print(run_action(add_feedback, args, args.member, args.kind, " ".join(args.text),
                     day=day).message)
    return 0


def feedback_list(args: argparse.Namespace) -> int:
    """``opstui feedback list [MEMBER]``."""
    from opstui.commands.table import render
    from opstui.domain.people import Feedback

    notes = open_repository(args, read_only=True).all(Feedback)
    if args.member:
        notes = [n for n in notes if n.member == args.member.strip()]
    notes.sort(key=lambda n: (n.day, n.created_at), reverse=True)
    if not notes:
        print("no feedback yet")
        return 0
    rows = [(n.short_id, n.day.isoformat(), n.member, n.kind.value, " ".join(n.text.split()))
            for n in notes]
    sys.stdout.write("\n".join(render(("ID", "DAY", "MEMBER", "KIND", "NOTE"), rows)) + "\n")
    return 0


def finding_add(args: argparse.Namespace) -> int:
    """``opstui finding add STREAM TEXT``."""
    from opstui.actions.reporting import add_finding

    day = parse_day("--date", args.date) if args.date else None
    tags = [t.strip() for v in args.tags for t in v.split(",") if t.strip()]
    print(run_action(add_finding, args, args.stream, " ".join(args.text), tags=tags,
                     day=day).message)
    return 0


def finding_list(args: argparse.Namespace) -> int:
    """``opstui finding list [--stream S] [--grep TEXT]``."""
    from opstui.commands.table import render
    from opstui.domain.people import Finding

    found = open_repository(args, read_only=True).all(Finding)
    if args.stream:
        found = [f for f in found if f.stream.value == args.stream]
    if args.grep:
        needle = args.grep.casefold()
        found = [f for f in found if needle in f.text.casefold()
                 or any(needle in t.casefold() for t in f.tags)]
    found.sort(key=lambda f: (f.day, f.created_at), reverse=True)
    if not found:
        print("no findings" + (" match" if args.grep or args.stream else " yet"))
        return 0
    rows = [(f.short_id, f.day.isoformat(), f.stream.value, " ".join(f.text.split()),
             " ".join(f"#{t}" for t in f.tags)) for f in found]
    sys.stdout.write("\n".join(render(("ID", "DAY", "STREAM", "FINDING", "TAGS"), rows))
                     + "\n")
    return 0
