"""Goal subcommands: ``goal add``, ``goal break``, ``goal close`` (actions.goals) and ``goal
list`` (progress and status as the pane shows)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from opstui.commands import CommandError, open_repository, parse_day, run_action

if TYPE_CHECKING:
    from opstui.domain.planning import GoalProgress


def _number(text: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    return value


def register(command: Any) -> None:
    """Add ``goal add|edit|break|close|budget|list``."""
    goal = command("goal", "opstui.commands.goals:list_goals",
                   "Goals of a period: add one, or list the current ones with progress.")
    goal.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    sub = goal.add_subparsers(dest="goal_command", metavar="SUBCOMMAND",
                              parser_class=type(goal))
    db_help = "the data file (default: $OPSTUI_DB, else opstui.json in the user data folder)"

    add = sub.add_parser("add", help="add a goal for a period",
                         description="Add a goal for a period, optionally tied to a metric.")
    add.set_defaults(handler="opstui.commands.goals:add_goal")
    add.add_argument("title", nargs="+", metavar="TITLE", help="the goal (words are joined)")
    add.add_argument("--period", required=True, metavar="P",
                     help="2026-W47, 2026-11, 2026-Q4 or 2026")
    add.add_argument("--owner", metavar="NAME", help="who owns the goal")
    add.add_argument("--metric", metavar="KEY", help="key of the metric that measures it")
    add.add_argument("--target", type=_number, metavar="N",
                     help="target value (default: the metric's target)")
    add.add_argument("--baseline", type=_number, metavar="N",
                     help="starting value (default: the first reading in the period)")
    add.add_argument("--direction", choices=("up", "down"),
                     help="up: higher is better; down: lower is better (default: the metric's)")
    add.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)

    breaking = sub.add_parser(
        "break", help="break a goal into tasks, one quick-add line each",
        description="Break a goal into tasks: one task per LINE, in the quick-add syntax "
                    "('title !P1 @owner due:fri ~2h #tag plan:today'); every line is valid "
                    "or nothing is saved.")
    breaking.set_defaults(handler="opstui.commands.goals:break_down")
    breaking.add_argument("id", metavar="ID", help="goal id prefix (4+ hex digits)")
    breaking.add_argument("lines", nargs="+", metavar="LINE", help="one task per argument")
    breaking.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)

    editing = sub.add_parser("edit", help="change fields of a goal",
                             description="Change fields of a goal; only the options given "
                                         "change.")
    editing.set_defaults(handler="opstui.commands.goals:edit")
    editing.add_argument("id", metavar="ID", help="goal id prefix (4+ hex digits)")
    editing.add_argument("--title", metavar="TEXT")
    editing.add_argument("--period", metavar="P", help="2026-W47, 2026-11, 2026-Q4 or 2026")
    editing.add_argument("--owner", metavar="NAME", help="who owns it ('-' for nobody)")
    editing.add_argument("--target", type=_number, metavar="N")
    editing.add_argument("--baseline", type=_number, metavar="N")
    editing.add_argument("--direction", choices=("up", "down"))
    editing.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)

    closing = sub.add_parser("close", help="close a goal (it leaves the current goals)",
                             description="Close a goal, or open it again with --reopen.")
    closing.set_defaults(handler="opstui.commands.goals:close")
    closing.add_argument("id", metavar="ID", help="goal id prefix (4+ hex digits)")
    closing.add_argument("--reopen", action="store_true", help="open a closed goal again")
    closing.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)

    budget = sub.add_parser("budget", help="a campaign's budget: planned and spent (活动预算)",
                            description="Set a goal's (campaign's) budget, planned and spent "
                                        "so far, in yuan; the 周报 and the retro show it.")
    budget.set_defaults(handler="opstui.commands.goals:set_budget")
    budget.add_argument("id", metavar="ID", help="goal id prefix")
    budget.add_argument("--planned", type=_number, metavar="N", help="the budget ('-1' clears)")
    budget.add_argument("--spent", type=_number, metavar="N", help="spent so far ('-1' clears)")
    budget.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)

    listing = sub.add_parser("list", help="current goals with progress and status",
                             description="Goals whose period holds the day, with progress "
                             "and status (on track / at risk / off track / no data).")
    listing.set_defaults(handler="opstui.commands.goals:list_goals")
    listing.add_argument("--json", action="store_true", help="print as JSON")
    listing.add_argument("--date", metavar="DATE", help="judge on this day (default today)")
    listing.add_argument("--all", action="store_true",
                         help="every goal, closed and past ones too")
    listing.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)


def add_goal(args: argparse.Namespace) -> int:
    """``opstui goal add``: store a goal; print its short id, title and period."""
    from opstui.actions.goals import add_goal as add_action

    outcome = run_action(add_action, args, " ".join(args.title), args.period,
                        owner=args.owner, metric=args.metric, target=args.target,
                        baseline=args.baseline, direction=args.direction,
                        named={"metric": "--metric", "title": "TITLE"})
    print(outcome.message)
    return 0


def break_down(args: argparse.Namespace) -> int:
    """``opstui goal break ID LINE...``: one task per quick-add line, all or none."""
    from opstui.actions.goals import break_down as break_action

    print(run_action(break_action, args, args.id, args.lines).message)
    return 0


def close(args: argparse.Namespace) -> int:
    """``opstui goal close ID [--reopen]``."""
    from opstui.actions.goals import close_goal

    print(run_action(close_goal, args, args.id, reopen=args.reopen).message)
    return 0


def progress_json(item: GoalProgress) -> dict[str, Any]:
    """One goal's progress as JSON-ready data."""
    goal = item.goal
    return {
        "id": goal.id,
        "short_id": goal.short_id,
        "title": goal.title,
        "period": goal.period,
        "owner": goal.owner,
        "metric_id": goal.metric_id,
        "baseline": goal.baseline,
        "target": goal.target,
        "direction": goal.direction.value,
        "closed": goal.closed,
        "progress": None if item.progress is None else round(item.progress, 4),
        "percent": None if item.progress is None else round(item.progress * 100),
        "elapsed": round(item.elapsed, 4),
        "status": item.status.value,
        "basis": item.basis,
        "detail": item.detail,
        "upcoming": item.upcoming,
    }


def list_goals(args: argparse.Namespace) -> int:
    """``opstui goal list``: current goals with progress and status, then upcoming ones; a
    table or ``--json``."""
    day = parse_day("--date", getattr(args, "date", None) or None)
    from opstui.domain.dayplan import goal_report

    repo = open_repository(args)
    report = goal_report(repo, day, everything=getattr(args, "all", False), upcoming=True)
    if args.json:
        import orjson

        payload = [progress_json(item) for item in report]
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not report:
        print(f"no current goals on {day.isoformat()}")
        return 0
    from opstui.commands.table import render

    rows = [
        (item.goal.short_id, item.goal.period,
         "—" if item.progress is None else f"{item.progress * 100:.0f}%",
         f"{item.elapsed * 100:.0f}%", "upcoming" if item.upcoming else item.status.value,
         item.goal.owner or "",
         item.goal.title)
        for item in report
    ]
    lines = render(("ID", "PERIOD", "DONE", "TIME", "STATUS", "OWNER", "TITLE"), rows,
                   max_widths=(None, None, None, None, None, 16, None))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def edit(args: argparse.Namespace) -> int:
    """``opstui goal edit ID --owner NAME ...``: the options given become the new values."""
    from opstui.actions.goals import edit_goal

    changes: dict[str, Any] = {name: getattr(args, name)
                               for name in ("title", "period", "owner", "target", "baseline",
                                            "direction") if getattr(args, name) is not None}
    if str(changes.get("owner", "")).strip() == "-":
        changes["owner"] = None
    if not changes:
        raise CommandError("nothing to change: give at least one option (see --help)")
    print(run_action(edit_goal, args, args.id, changes).message)
    return 0


def set_budget(args: argparse.Namespace) -> int:
    """``opstui goal budget ID --planned N --spent N``."""
    from opstui.actions.reporting import set_budget as action

    changes = {name: (None if value == -1 else value)
               for name, value in (("budget_planned", args.planned),
                                   ("budget_spent", args.spent)) if value is not None}
    print(run_action(action, args, args.id, changes).message)
    return 0
