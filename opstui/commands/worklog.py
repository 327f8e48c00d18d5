"""``opstui log`` (the day's work log, 工作日志) and ``opstui shutdown`` (收工)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from opstui.commands import CommandError, open_repository, parse_day, run_action, today

DB_HELP = "the data file (default: $OPSTUI_DB, else opstui.json in the user data folder)"


def register(command: Any) -> None:
    """Add ``log write|show`` and ``shutdown``."""
    log = command("log", "opstui.commands.worklog:show",
                  "The day's work log (工作日志): write it, or show it.")
    log.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    log.add_argument("--date", metavar="DATE", help=argparse.SUPPRESS)
    sub = log.add_subparsers(dest="log_command", metavar="SUBCOMMAND", parser_class=type(log))
    write = sub.add_parser("write", help="write the day's work log",
                           description="Write the day's work log: TEXT is the summary; the "
                                       "options set the other parts. Parts not given keep "
                                       "what the log already says.")
    write.set_defaults(handler="opstui.commands.worklog:write")
    write.add_argument("text", nargs="*", metavar="TEXT", help="the summary (words are joined)")
    write.add_argument("--date", metavar="DATE", help="the day (default today)")
    write.add_argument("--highlights", metavar="TEXT", help="key results")
    write.add_argument("--problems", metavar="TEXT", help="problems met")
    write.add_argument("--solutions", metavar="TEXT", help="how they were solved")
    write.add_argument("--tomorrow", action="append", metavar="ITEM",
                       help="one of tomorrow's top three (repeat, at most 3)")
    write.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)
    show_log = sub.add_parser("show", help="show the day's work log")
    show_log.set_defaults(handler="opstui.commands.worklog:show")
    show_log.add_argument("--date", metavar="DATE", help="the day (default today)")
    show_log.add_argument("--json", action="store_true", help="print the record as JSON")
    show_log.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)

    shutdown = command("shutdown", "opstui.commands.worklog:shutdown",
                       "Shut the day down (收工): save its work log (the one written, else "
                       "the draft from the day) and roll each unfinished planned task to "
                       "tomorrow or unplan it, with a reason.")
    choice = shutdown.add_mutually_exclusive_group()
    choice.add_argument("--roll", action="store_true",
                        help="roll every unfinished planned task to tomorrow's plan")
    choice.add_argument("--unplan", action="store_true",
                        help="take every unfinished planned task back to the backlog")
    shutdown.add_argument("--reason", default="", metavar="TEXT",
                          help="why they were not finished (needed with --roll / --unplan)")
    shutdown.add_argument("--date", metavar="DATE", help="the day (default today)")


def write(args: argparse.Namespace) -> int:
    """``opstui log write [--date D] TEXT``."""
    from opstui.actions.worklog import write_log

    summary = " ".join(args.text).strip() or None
    print(run_action(write_log, args, parse_day("--date", args.date), summary=summary,
                     highlights=args.highlights, problems=args.problems,
                     solutions=args.solutions, tomorrow=args.tomorrow).message)
    return 0


def show(args: argparse.Namespace) -> int:
    """``opstui log [show] [--date D] [--json]``: the work log as the After pane shows it."""
    from opstui.domain.models import LogEntry
    from opstui.domain.views import log_for

    day = parse_day("--date", getattr(args, "date", None))
    entry = log_for(open_repository(args, read_only=True).all(LogEntry), day)
    if getattr(args, "json", False):
        import orjson

        payload = entry.model_dump(mode="json") if entry is not None else None
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if entry is None:
        print(f"no work log for {day:%a %Y-%m-%d} (opstui log write TEXT, or opstui shutdown)")
        return 0
    parts = [("Summary 总结", entry.summary), ("Highlights 亮点", entry.highlights),
             ("Problems 问题", entry.problems), ("Solutions 解决", entry.solutions),
             ("Tomorrow 明日重点", "\n".join(f"{n}. {t}" for n, t in
                                              enumerate(entry.tomorrow, start=1)))]
    blocks = [f"Work log {day:%a %Y-%m-%d}"]
    blocks += [f"{head}\n{body.strip()}" for head, body in parts if body.strip()]
    sys.stdout.write("\n\n".join(blocks) + "\n")
    return 0


def shutdown(args: argparse.Namespace) -> int:
    """``opstui shutdown [--roll | --unplan --reason TEXT]``."""
    from opstui.actions.worklog import shut_down
    from opstui.domain.rollover import ROLLED, UNPLANNED, Carry
    from opstui.domain.worklog import day_report, draft_log
    from opstui.store.report_data import ALERT_DAYS, records_for

    day = parse_day("--date", args.date)
    repo = open_repository(args)
    report = day_report(records_for(repo, day, day, today(), reading_days=ALERT_DAYS), day)
    unfinished = report.unfinished
    if unfinished and not (args.roll or args.unplan):
        listed = ", ".join(f"{t.short_id} {t.title}" for t in unfinished[:3])
        more = f" and {len(unfinished) - 3} more" if len(unfinished) > 3 else ""
        raise CommandError(f"{len(unfinished)} planned task(s) not finished ({listed}{more}): "
                           "say --roll or --unplan, with --reason")
    action = ROLLED if args.roll else UNPLANNED
    carries = [Carry(t.task_id, day, action, args.reason) for t in unfinished]
    outcome = run_action(shut_down, args, day, draft_log(report, repo.settings().lang), carries)
    for line in unfinished:
        verb = "rolled to tomorrow" if action == ROLLED else "unplanned"
        print(f"{line.short_id}  {verb}  {line.title}")
    print(outcome.message)
    return 0
