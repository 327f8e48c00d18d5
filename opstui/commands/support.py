"""``opstui support``: ask a department for support on a task, record its answer, list them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from opstui.commands import open_repository, parse_day, run_action

DB_HELP = "the data file (default: $OPSTUI_DB, else opstui.json in the user data folder)"


def register(command: Any) -> None:
    """Add ``support request|confirm|refuse|list``."""
    support = command("support", "opstui.commands.support:list_requests",
                      "Support (资源协调) from other departments: request it for a task, "
                      "record the answer, or list the requests.")
    support.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    support.add_argument("--all", action="store_true", help=argparse.SUPPRESS)
    sub = support.add_subparsers(dest="support_command", metavar="SUBCOMMAND",
                                 parser_class=type(support))

    request = sub.add_parser("request", help="ask a department for support on a task",
                             description="Ask DEPARTMENT for WHAT on a task; it waits for "
                                         "confirmation (the plan marks the task at risk "
                                         "until then).")
    request.set_defaults(handler="opstui.commands.support:request")
    request.add_argument("id", metavar="ID", help="task id prefix (4+ hex digits)")
    request.add_argument("department", metavar="DEPARTMENT", help="技术部, 法务, 设计部…")
    request.add_argument("what", nargs="+", metavar="WHAT", help="what is needed")
    request.add_argument("--by", metavar="DATE", help="needed by (fri, +3d, 2026-11-30)")
    request.add_argument("--contact", metavar="NAME", help="the person to ask")
    request.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)

    confirm = sub.add_parser("confirm", help="the department confirmed the support")
    confirm.set_defaults(handler="opstui.commands.support:confirm")
    confirm.add_argument("id", metavar="ID", help="support request id prefix")
    confirm.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)

    refuse = sub.add_parser("refuse", help="the department refused, and why")
    refuse.set_defaults(handler="opstui.commands.support:refuse")
    refuse.add_argument("id", metavar="ID", help="support request id prefix")
    refuse.add_argument("--reason", required=True, metavar="TEXT", help="why it was refused")
    refuse.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)

    listing = sub.add_parser("list", help="requests of open tasks not yet confirmed",
                             description="Support requests of open tasks that are waiting "
                                         "or refused (--all: every one).")
    listing.set_defaults(handler="opstui.commands.support:list_requests")
    listing.add_argument("--all", action="store_true", help="confirmed ones and closed tasks too")
    listing.add_argument("--json", action="store_true", help="print full records as JSON")
    listing.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)


def request(args: argparse.Namespace) -> int:
    """``opstui support request ID DEPARTMENT WHAT``."""
    from opstui.actions.support import request_support

    needed = parse_day("--by", args.by) if args.by else None
    print(run_action(request_support, args, args.id, args.department, " ".join(args.what),
                     needed_by=needed, contact=args.contact).message)
    return 0


def confirm(args: argparse.Namespace) -> int:
    """``opstui support confirm ID``."""
    from opstui.actions.support import answer_support

    print(run_action(answer_support, args, args.id, "confirmed").message)
    return 0


def refuse(args: argparse.Namespace) -> int:
    """``opstui support refuse ID --reason TEXT``."""
    from opstui.actions.support import answer_support

    print(run_action(answer_support, args, args.id, "refused", args.reason).message)
    return 0


def list_requests(args: argparse.Namespace) -> int:
    """``opstui support [list]``: the requests waiting or refused, soonest needed first."""
    from datetime import date

    from opstui.domain.models import ResourceRequest, ResourceStatus

    repo = open_repository(args, read_only=True)
    tasks = {t.id: t for t in repo.tasks()}
    found = [r for r in repo.all(ResourceRequest)
             if getattr(args, "all", False) or (
                 r.status is not ResourceStatus.CONFIRMED
                 and r.task_id in tasks and tasks[r.task_id].is_open)]
    found.sort(key=lambda r: (r.status is ResourceStatus.REFUSED, r.needed_by or date.max))
    if getattr(args, "json", False):
        import orjson

        payload = [r.model_dump(mode="json") for r in found]
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not found:
        print("no support waiting for an answer")
        return 0
    from opstui.commands.table import render

    rows = [(r.short_id, r.status.value, f"{r.needed_by:%m-%d}" if r.needed_by else "",
             r.department, r.what, tasks[r.task_id].title if r.task_id in tasks else "?",
             r.note) for r in found]
    lines = render(("ID", "STATUS", "BY", "DEPARTMENT", "WHAT", "TASK", "NOTE"), rows,
                   max_widths=(None, None, None, 16, 30, 30, None))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
