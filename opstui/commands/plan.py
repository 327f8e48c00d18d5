"""Plan subcommands: ``plan [DATE]``, ``plan add``, ``plan remove``, ``plan set``, ``plan
rollover``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from opstui.commands import CommandError, open_repository, parse_day, today

if TYPE_CHECKING:
    from opstui.domain.dayplan import PlanView
    from opstui.domain.models import DayPlan
    from opstui.store.repository import Repository

SUBCOMMANDS = ("add", "remove", "set", "rollover", "show")
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

    remove = sub.add_parser("remove", help="take tasks off a day's plan")
    remove.set_defaults(handler="opstui.commands.plan:remove")
    remove.add_argument("ids", nargs="+", metavar="ID", help="task id prefix (4+ hex digits)")
    remove.add_argument("--date", metavar="DATE", help="the day (default today)")
    remove.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)

    settings = sub.add_parser("set", help="set a day's capacity and buffer")
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


def _plan(repo: Repository, day: date) -> DayPlan:
    from opstui.domain.planning import new_plan

    return repo.plan_for(day) or new_plan(day, repo.settings())


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
    from opstui.domain.models import Task
    from opstui.domain.planning import plan_with

    day = _day(args)
    repo = open_repository(args)
    found = [repo.resolve(Task, prefix) for prefix in args.ids]
    closed = [t for t in found if not t.is_open]
    if closed:
        raise CommandError(f"{closed[0].short_id} is {closed[0].status.value}; "
                           "only open tasks can be planned")
    from opstui.domain.rollover import replanned

    with repo.transaction():
        plan = _plan(repo, day)
        before = set(plan.task_ids)
        repo.save(plan_with(plan, [t.id for t in found]))
        for task in found:  # planning it again undoes an earlier unplanning of that day
            if (fresh := repo.get(Task, task.id)) is not None and fresh is not (
                    again := replanned(fresh, day)):
                repo.save(again)
    for task in found:
        state = "already planned" if task.id in before else "planned"
        print(f"{task.short_id}  {state} {day:%a %Y-%m-%d}  {task.title}")
    return 0


def remove(args: argparse.Namespace) -> int:
    """``opstui plan remove``: take tasks off a day's plan."""
    from opstui.domain.models import Task
    from opstui.domain.planning import plan_without

    day = _day(args)
    repo = open_repository(args)
    found = [repo.resolve(Task, prefix) for prefix in args.ids]
    with repo.transaction():
        plan = repo.plan_for(day)
        missing = [t for t in found if plan is None or t.id not in plan.task_ids]
        if missing:
            raise CommandError(f"{missing[0].short_id} is not planned for {day.isoformat()}")
        assert plan is not None
        repo.save(plan_without(plan, [t.id for t in found]))
        from opstui.domain.rollover import unplanned

        for task in found:  # a slip, so rollover does not offer it again
            if (fresh := repo.get(Task, task.id)) is not None and fresh.is_open:
                repo.save(unplanned(fresh, day))
    for task in found:
        print(f"{task.short_id}  removed from {day:%a %Y-%m-%d}  {task.title}")
    return 0


def set_capacity(args: argparse.Namespace) -> int:
    """``opstui plan set``: the day's capacity (hours) and buffer (percent)."""
    if args.capacity is None and args.buffer is None:
        raise CommandError("give --capacity HOURS and/or --buffer PCT")
    if args.capacity is not None and not 0 < args.capacity <= 24:
        raise CommandError(f"--capacity: must be more than 0 and at most 24, not {args.capacity:g}")
    if args.buffer is not None and not 0 <= args.buffer <= 90:
        raise CommandError(f"--buffer: must be 0 to 90, not {args.buffer}")
    day = _day(args)
    repo = open_repository(args)
    changes: dict[str, Any] = {}
    if args.capacity is not None:
        changes["capacity_hours"] = args.capacity
    if args.buffer is not None:
        changes["buffer_pct"] = args.buffer
    with repo.transaction():
        plan = repo.save(_plan(repo, day).evolve(**changes))
    print(f"{day:%a %Y-%m-%d}  capacity {plan.capacity_hours:g}h, buffer {plan.buffer_pct}%")
    return 0


def rollover(args: argparse.Namespace) -> int:
    """``opstui plan rollover``: every leftover of earlier plans goes onto the day's plan."""
    from opstui.domain.models import DayPlan
    from opstui.domain.rollover import Carry, leftovers, roll_over

    day = _day(args)
    repo = open_repository(args)
    with repo.transaction():
        tasks = {t.id: t for t in repo.tasks()}
        found = leftovers(repo.all(DayPlan), tasks, day)
        if not found:
            print(f"nothing to roll over onto {day:%a %Y-%m-%d}")
            return 0
        plans = {p.day: p for p in repo.all(DayPlan)}
        done = roll_over([Carry(lo.task.id, lo.planned_on, reason=args.reason)
                          for lo in found], tasks, _plan(repo, day), plans)
        for record in done.to_save:
            repo.save(record)
    for lo, task in zip(found, done.tasks, strict=True):
        print(f"{task.short_id}  rolled from {lo.planned_on:%m-%d} (×{task.rollover_count})  "
              f"{task.title}")
    return 0
