"""Task subcommands beyond add/done/note: ``reopen``, ``status``, ``assign``, ``edit``."""

from __future__ import annotations

import argparse
from typing import Any

from opstui.commands import (
    PRIORITIES,
    STATUSES,
    CommandError,
    _percent,
    _priority,
    parse_day,
    run_action,
)

WORDS = ("reopen", "status", "assign", "edit")


def register(command: Any) -> None:
    """Add the subcommands to the parser (``command`` is ``build_parser``'s helper)."""

    reopen = command("reopen", "opstui.commands.task_changes:reopen",
                     "Reopen a done or cancelled task with the status and percent it had.")
    reopen.add_argument("id", metavar="ID", help="task id prefix (4+ hex digits)")

    status = command("status", "opstui.commands.task_changes:status",
                     "Change a task's status; waiting and blocked need a reason.")
    status.add_argument("id", metavar="ID", help="task id prefix (4+ hex digits)")
    status.add_argument("status", choices=STATUSES, help="the new status")
    status.add_argument("reason", nargs="*", metavar="REASON",
                        help="why it waits or is blocked (words are joined)")

    assign = command("assign", "opstui.commands.task_changes:assign",
                     "Give a task to someone ('-' for nobody).")
    assign.add_argument("id", metavar="ID", help="task id prefix (4+ hex digits)")
    assign.add_argument("owner", metavar="NAME", help="the new owner, or - for nobody")

    edit = command("edit", "opstui.commands.task_changes:edit",
                   "Change fields of a task; only the fields given change.")
    edit.add_argument("id", metavar="ID", help="task id prefix (4+ hex digits)")
    edit.add_argument("--title", metavar="TEXT")
    edit.add_argument("-p", "--priority", type=_priority, help="/".join(PRIORITIES))
    edit.add_argument("-d", "--due", metavar="DATE", help="deadline ('-' clears it)")
    edit.add_argument("-e", "--estimate", metavar="DURATION", help="e.g. 30m, 2h ('-' clears)")
    edit.add_argument("--percent", type=_percent, metavar="N", help="percent done (0-100)")
    edit.add_argument("--description", metavar="TEXT")
    edit.add_argument("--acceptance", metavar="TEXT", help="the acceptance standard")
    edit.add_argument("--department", metavar="NAME", help="department it needs ('-' clears)")
    edit.add_argument("-t", "--tag", dest="tags", action="extend", nargs="+", metavar="TAG",
                      help="replace the tags (comma-separated or repeated; '-' clears)")


def reopen(args: argparse.Namespace) -> int:
    """``opstui reopen``."""
    from opstui.actions.tasks import reopen_task

    print(run_action(reopen_task, args, args.id).message)
    return 0


def status(args: argparse.Namespace) -> int:
    """``opstui status``."""
    from opstui.actions.tasks import set_status

    print(run_action(set_status, args, args.id, args.status, " ".join(args.reason)).message)
    return 0


def assign(args: argparse.Namespace) -> int:
    """``opstui assign``."""
    from opstui.actions.tasks import reassign

    owner = None if args.owner.strip() in ("-", "") else args.owner
    print(run_action(reassign, args, args.id, owner).message)
    return 0


def _cleared(value: str | None) -> bool:
    return value is not None and value.strip() == "-"


def edit(args: argparse.Namespace) -> int:
    """``opstui edit``: the options given become the task's new values."""
    from opstui.actions.tasks import update_task

    changes: dict[str, Any] = {}
    for name in ("title", "priority", "percent", "description", "acceptance"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.due is not None:
        changes["due"] = None if _cleared(args.due) else parse_day("--due", args.due)
    if args.estimate is not None:
        from opstui.domain.dates import DateParseError, parse_duration

        try:
            changes["estimate_minutes"] = (None if _cleared(args.estimate)
                                           else parse_duration(args.estimate))
        except DateParseError as exc:
            raise CommandError(f"--estimate: {exc}") from None
    if args.department is not None:
        changes["department"] = None if _cleared(args.department) else args.department
    if args.tags is not None:
        tags = [t.strip() for v in args.tags for t in v.split(",") if t.strip()]
        changes["tags"] = [] if tags == ["-"] else tags
    if not changes:
        raise CommandError("nothing to change: give at least one option (see --help)")
    print(run_action(update_task, args, args.id, changes).message)
    return 0
