"""Metric subcommands: ``metric define``, ``metric add`` and ``metric list``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from opstui.commands import CommandError, open_repository, parse_day, run_action, subcommand_adder

if TYPE_CHECKING:
    from opstui.domain.metrics import BoardRow
    from opstui.domain.models import Metric
    from opstui.store.repository import Repository


def _number(text: str) -> float:
    from opstui.domain.metrics import NotANumber, parse_value

    try:
        return parse_value(text)
    except NotANumber as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``opstui metric`` and its subcommands."""
    metric = command("metric", "opstui.commands.metrics:no_subcommand",
                     "Define metrics, record their readings, list the metric board.")
    sub = metric.add_subparsers(dest="metric_command", metavar="SUBCOMMAND",
                                parser_class=type(metric))
    subcommand = subcommand_adder(sub, "opstui.commands.metrics")

    define = subcommand("define", "define",
                        "Define a metric (or change one): name, unit, target, direction.")
    define.add_argument("key", metavar="KEY",
                        help="short key: a-z, 0-9, _ (e.g. d7_retention; DAU is read as dau)")
    define.add_argument("--name", help="what it is called (default: the key)")
    define.add_argument("--unit", help="unit shown after values: %%, users, CNY…")
    define.add_argument("--target", type=_number, help="the value aimed for")
    define.add_argument("--direction", choices=("up", "down"),
                        help="up: higher is better (default); down: lower is better")
    define.add_argument("--cadence", choices=("daily", "weekly"), help="how often it is read")
    define.add_argument("--warn-pct", type=_number, metavar="PCT",
                        help="within this %% short of target: warn; beyond: alert (default 5)")
    define.add_argument("--window", type=int, metavar="N",
                        help="readings the z-score is computed over (default 14)")
    define.add_argument("--z", type=_number, metavar="Z",
                        help="standard deviations that make an anomaly (default 3)")
    define.add_argument("--pct-change", type=_number, metavar="PCT",
                        help="a change vs the previous reading beyond this %% is an anomaly "
                        "(default 20; 0 turns the rule off)")

    add = subcommand("add", "add_reading", "Record a reading; says if it is an anomaly.")
    add.add_argument("key", metavar="KEY", help="the metric's key")
    add.add_argument("value", type=_number, metavar="VALUE", help="a number (31.8, 117600)")
    add.add_argument("-d", "--date", metavar="DATE", help="the day it is for (default today)")
    add.add_argument("--note", default=None, help="the cause, when it is known")

    look = subcommand("investigate", "investigate",
                      "Turn the metric's newest anomaly nobody looked into into a P1 task.")
    look.add_argument("key", metavar="KEY", help="the metric's key")
    look.add_argument("-d", "--due", metavar="DATE", help="when it is due (default tomorrow)")

    listing = subcommand("list", "list_metrics",
                         "The metric board: latest, target, change, status, anomaly.")
    listing.add_argument("--json", action="store_true", help="print the board as JSON")
    listing.add_argument("-d", "--date", metavar="DATE", help="the board as of DATE")


def no_subcommand(args: argparse.Namespace) -> int:
    """``opstui metric`` alone: say what to type."""
    raise CommandError("say what to do: opstui metric define|add|investigate|list "
                       "(see --help)")


def investigate(args: argparse.Namespace) -> int:
    """``opstui metric investigate``: an investigate task for the newest open anomaly."""
    from opstui.actions.metrics import investigate as investigate_action

    due = parse_day("--due", args.due) if args.due else None
    task = run_action(investigate_action, args, args.key, due).record
    print(f"{task.short_id}  due {task.due.isoformat()}  {task.title}")
    return 0


def find_metric(repo: Repository, key: str) -> Metric:
    """The metric with ``key``, or a CommandError listing the known keys."""
    from opstui.domain.models import Metric

    found = repo.metric_by_key(key.strip().lower())
    if found is None:
        keys = sorted(m.key for m in repo.all(Metric))
        known = ", ".join(keys) if keys else "none yet (opstui metric define KEY)"
        raise CommandError(f"no metric {key!r}; known keys: {known}")
    return found


def define(args: argparse.Namespace) -> int:
    """``opstui metric define``: create a metric, or change the fields given."""
    fields: dict[str, Any] = {}
    for name in ("name", "unit", "target", "direction", "cadence"):
        if getattr(args, name) is not None:
            fields[name] = getattr(args, name)
    if args.warn_pct is not None:
        fields["warn_pct"] = args.warn_pct
    rule: dict[str, Any] = {}
    if args.window is not None:
        rule["window"] = args.window
    if args.z is not None:
        rule["z_threshold"] = args.z
    if args.pct_change is not None:
        rule["pct_change"] = args.pct_change or None
    from opstui.actions.metrics import define_metric

    outcome = run_action(define_metric, args, args.key, fields, rule)
    metric, verb = outcome.record, outcome.extra["verb"]
    from opstui.domain.metrics import format_number

    target = f"target {format_number(metric.target, metric.unit)}" if metric.target is not None \
        else "no target"
    print(f"{metric.key}  {verb}  {metric.name}  {target}  "
          f"{'higher' if metric.direction == 'up' else 'lower'} is better")
    return 0


def add_reading(args: argparse.Namespace) -> int:
    """``opstui metric add``: record a reading (replacing that day's one) and judge it."""
    from opstui.actions.metrics import record_reading
    from opstui.domain.metrics import board_row, format_number

    day = parse_day("--date", args.date)
    outcome = run_action(record_reading, args, args.key, day, args.value, args.note)
    metric, verb = outcome.records[1], outcome.extra["verb"]
    repo = open_repository(args, read_only=True)
    row = board_row(metric, repo.readings_for(metric.id), day)
    parts = [metric.key, day.isoformat(), format_number(args.value, metric.unit), verb,
             f"status {row.status.value}"]
    if row.verdict.anomalous:
        parts.append(f"ANOMALY ({row.verdict.summary})")
    elif not row.verdict.judged:
        parts.append(f"no anomaly verdict yet (needs {metric.anomaly.window} earlier readings)")
    print("  ".join(parts))
    return 0


def current_board(repo: Repository, as_of: date) -> list[BoardRow]:
    """The metric board as of ``as_of``, metrics by key (what the TUI shows too)."""
    from opstui.domain.metrics import metric_board
    from opstui.domain.models import Goal, Metric, Reading, Task

    return metric_board(repo.all(Metric), repo.grouped(Reading, "metric_id"),
                        repo.grouped(Task, "metric_id"), as_of, repo.all(Goal))


def list_metrics(args: argparse.Namespace) -> int:
    """``opstui metric list``: the board as a table or JSON."""
    from opstui.domain.metrics import board_json, format_change, format_number, sparkline

    day = parse_day("--date", args.date)
    repo = open_repository(args, read_only=True) if _exists(args) else None
    rows = current_board(repo, day) if repo is not None else []
    if args.json:
        import orjson

        payload = {"as_of": day.isoformat(), "metrics": [board_json(r) for r in rows]}
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not rows:
        print("no metrics (opstui metric define KEY --target T)")
        return 0
    from opstui.commands.table import render

    lines = []
    for row in rows:
        unit = row.metric.unit
        anomaly = row.anomalies[0] if row.anomalies else None
        note = ""
        if row.verdict.anomalous:
            note = f"ANOMALY {row.verdict.summary}"
        elif anomaly is not None:
            note = f"anomaly {anomaly.reading.day.strftime('%m-%d')} {anomaly.verdict.summary}"
        lines.append((
            row.metric.key,
            format_number(row.latest.value, unit) if row.latest else "-",
            format_number(row.metric.target, unit) if row.metric.target is not None else "-",
            f"{row.pct_of_target:.0f}%" if row.pct_of_target is not None else "-",
            format_change(row.change, row.change_pct),
            row.status.value,
            sparkline(row.spark),
            note,
        ))
    header = ("KEY", "LATEST", "TARGET", "OF TARGET", "CHANGE", "STATUS", "LAST 30", "ANOMALY")
    sys.stdout.write("\n".join(render(header, lines)) + "\n")
    return 0


def _exists(args: argparse.Namespace) -> bool:
    from opstui.paths import resolve_data_file

    return resolve_data_file(getattr(args, "db", None)).exists()
