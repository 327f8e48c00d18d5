"""Plan subcommands: ``plan [DATE]``, ``plan add``, ``plan remove|unplan``, ``plan move``,
``plan set|capacity``, ``plan rollover``: parse, call the action of ``actions.planning``, print."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from opstui.commands import CommandError, open_repository, parse_day, run_action, today

if TYPE_CHECKING:
    from opstui.domain.dayplan import PlanView

SUBCOMMANDS = ("add", "remove", "unplan", "move", "move-day", "set", "capacity", "rollover",
               "show")
DB_HELP = "the data file (default: $OPSTUI_DB, else opstui.json in the user data folder)"


class _AnyName(dict):  # type: ignore[type-arg]
    """The subcommand names, except that any word passes argparse's choices check (it may be
    a DATE); the real names live in the action's ``_name_parser_map``."""

    def __contains__(self, key: object) -> bool:
        return True


class _PlanSubcommands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Subcommands that let ``opstui plan DATE`` mean ``opstui plan show DATE``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = _AnyName()

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        if values and values[0] not in self._name_parser_map:
            values = ["show", *values]
        super().__call__(parser, namespace, values, option_string)


def register(command: Any) -> None:
    """Add ``plan`` and its subcommands."""
    plan = command("plan", "opstui.commands.plan:show",
                   "The day's plan with load, capacity, buffer and at-risk items "
                   "('opstui plan [DATE] [--json]'), or change it with a subcommand.")
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.register("action", "plan_parsers", _PlanSubcommands)
    sub = plan.add_subparsers(dest="plan_command", metavar="[DATE | SUBCOMMAND]",
                              parser_class=type(plan), action="plan_parsers")

    show = sub.add_parser("show", help="show a day's plan (the default)")
    show.set_defaults(handler="opstui.commands.plan:show")
    show.add_argument("date", nargs="?", metavar="DATE", help="the day (default today)")
    show.add_argument("--json", dest="json_show", action="store_true",
                      help="print the plan as JSON")
    show.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)

    add = sub.add_parser("add", help="put tasks on a day's plan (in the order given)")
    add.set_defaults(handler="opstui.commands.plan:add")
    add.add_argument("ids", nargs="+", metavar="ID", help="task id prefix (4+ hex digits)")
    add.add_argument("--date", metavar="DATE", help="the day (default today)")
    add.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)

    remove = sub.add_parser("remove", aliases=["unplan"],
                            help="take tasks off a day's plan (back to the backlog)")
    remove.set_defaults(handler="opstui.commands.plan:remove")
    remove.add_argument("ids", nargs="+", metavar="ID", help="task id prefix (4+ hex digits)")
    remove.add_argument("--date", metavar="DATE", help="the day (default today)")
    remove.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)

    move_in = sub.add_parser("move", help="move a planned task earlier or later in the plan")
    move_in.set_defaults(handler="opstui.commands.plan:move")
    move_in.add_argument("id", metavar="ID", help="task id prefix (4+ hex digits)")
    move_in.add_argument("offset", type=int, metavar="N",
                         help="places to move: negative is earlier (-1), positive later")
    move_in.add_argument("--date", metavar="DATE", help="the day (default today)")
    move_in.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)

    move_day = sub.add_parser("move-day", help="move a planned task to another day's plan")
    move_day.set_defaults(handler="opstui.commands.plan:move_day")
    move_day.add_argument("id", metavar="ID", help="task id prefix (4+ hex digits)")
    move_day.add_argument("to", metavar="DATE", help="the day to move it to (e.g. wed, 12-02)")
    move_day.add_argument("--date", metavar="DATE",
                          help="the day it is planned for now (default today)")
    move_day.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)

    settings = sub.add_parser("set", aliases=["capacity"],
                              help="set a day's capacity and buffer")
    settings.set_defaults(handler="opstui.commands.plan:set_capacity")
    settings.add_argument("--capacity", type=float, metavar="HOURS",
                          help="working hours of the day (0-24]")
    settings.add_argument("--buffer", type=int, metavar="PCT",
                          help="percent kept free for surprises (0-90)")
    settings.add_argument("--date", metavar="DATE", help="the day (default today)")
    settings.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)

    roll = sub.add_parser("rollover", help="move unfinished tasks of earlier plans onto a day")
    roll.set_defaults(handler="opstui.commands.plan:rollover")
    roll.add_argument("--date", metavar="DATE", help="the day to roll onto (default today)")
    roll.add_argument("--reason", default="", metavar="TEXT", help="why they slipped")
    roll.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)


def _day(args: argparse.Namespace, name: str = "date") -> date:
    label = "DATE" if hasattr(args, "json_show") else "--date"
    return parse_day(label, getattr(args, name, None) or None)


def _minutes(value: int) -> str:
    from opstui.domain.dates import format_duration

    return format_duration(value) if value > 0 else "0m"


def render_view(view: PlanView) -> list[str]:
    """The plan as plain lines: a summary line, the tasks, the at-risk list."""
    from opstui.commands.table import render

    day = view.day.strftime("%a %Y-%m-%d")
    if view.plan is None or view.load is None:
        return [f"{day}: no plan made"]
    load = view.load
    head = (f"{day}: {_minutes(load.planned_minutes)} planned of "
            f"{_minutes(load.available_minutes)} available "
            f"({view.plan.capacity_hours:g}h capacity, {load.buffer_pct}% buffer)")
    if load.over_capacity:
        head += (f" · over capacity by "
                 f"{_minutes(load.planned_minutes - load.capacity_minutes)} (buffer all used)")
    elif load.over:
        head += f" · buffer used: {_minutes(-load.free_minutes)}"
    else:
        head += f" · {_minutes(load.free_minutes)} free"
    if load.unestimated:
        head += f" · {load.unestimated} without estimate (counted as default, marked *)"
    lines = [head]
    if view.rows:
        rows = [
            (r.task.short_id, r.task.priority.value, r.task.status.value,
             _minutes(r.minutes) + ("" if r.estimated else "*"),
             f"↻{r.task.rollover_count}" if r.task.rollover_count else "",
             "AT RISK" if r.at_risk else "", r.task.owner or "", r.task.title)
            for r in view.rows
        ]
        lines += render(("ID", "PRI", "STATUS", "EST", "ROLLED", "RISK", "OWNER", "TITLE"),
                        rows, max_widths=(None,) * 6 + (16, None))
    else:
        lines.append("no tasks planned")
    for risk in view.risks:
        needs = "; ".join(f"{r.department}: {r.what} ({r.status.value})" for r in risk.requests)
        lines.append(f"at risk: {risk.task.short_id} starts {risk.starts:%m-%d}, "
                     f"support not confirmed: {needs}")
    return lines


def show(args: argparse.Namespace) -> int:
    """``opstui plan [DATE]``: the day's plan; a summary with a table, or ``--json``."""
    from opstui.domain.dayplan import load_plan_view

    day = _day(args)
    repo = open_repository(args)
    view = load_plan_view(repo, day, today())
    if args.json or getattr(args, "json_show", False):
        import orjson

        sys.stdout.write(orjson.dumps(view.as_json(), option=orjson.OPT_INDENT_2).decode()
                         + "\n")
        return 0
    sys.stdout.write("\n".join(render_view(view)) + "\n")
    return 0


def add(args: argparse.Namespace) -> int:
    """``opstui plan add``: append tasks to a day's plan; every id is resolved first."""
    from opstui.actions.planning import plan_task

    print(run_action(plan_task, args, _day(args), args.ids).message)
    return 0


def remove(args: argparse.Namespace) -> int:
    """``opstui plan remove`` (or ``unplan``): take tasks off a day's plan."""
    from opstui.actions.planning import unplan_task

    print(run_action(unplan_task, args, _day(args), args.ids).message)
    return 0


def move(args: argparse.Namespace) -> int:
    """``opstui plan move ID N``: move a planned task N places (negative: earlier)."""
    from opstui.actions.planning import move_in_plan

    print(run_action(move_in_plan, args, _day(args), args.id, args.offset).message)
    return 0


def move_day(args: argparse.Namespace) -> int:
    """``opstui plan move-day ID DATE``: move a planned task to another day's plan."""
    from opstui.actions.planning import move_to_day

    to_day = parse_day("DATE", args.to)
    print(run_action(move_to_day, args, _day(args), args.id, to_day).message)
    return 0


def set_capacity(args: argparse.Namespace) -> int:
    """``opstui plan set`` (or ``capacity``): the day's capacity (hours) and buffer (percent)."""
    from opstui.actions.planning import set_capacity as capacity_action

    if args.capacity is None and args.buffer is None:
        raise CommandError("give --capacity HOURS and/or --buffer PCT")
    outcome = run_action(capacity_action, args, _day(args), args.capacity, args.buffer,
                        named={"capacity": "--capacity", "buffer": "--buffer"})
    print(outcome.message)
    return 0


def rollover(args: argparse.Namespace) -> int:
    """``opstui plan rollover``: every leftover of earlier plans goes onto the day's plan."""
    from opstui.actions.planning import roll_over

    print(run_action(roll_over, args, _day(args), None, args.reason).message)
    return 0
