"""Incident subcommands: ``incident add``, ``escalate``, ``resolve`` and ``list``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from opstui.commands import CommandError, now, open_repository, run_action, subcommand_adder

SEVERITIES = ("S1", "S2", "S3", "S4")


def _severity(text: str) -> str:
    value = text.strip().upper()
    if value not in SEVERITIES:
        raise argparse.ArgumentTypeError(f"not a severity: {text!r} (use S1, S2, S3 or S4)")
    return value


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``opstui incident`` and its subcommands."""
    incident = command("incident", "opstui.commands.incidents:no_subcommand",
                       "Log incidents with severity; escalate and resolve them.")
    sub = incident.add_subparsers(dest="incident_command", metavar="SUBCOMMAND",
                                  parser_class=type(incident))
    subcommand = subcommand_adder(sub, "opstui.commands.incidents")

    add = subcommand("add", "add", "Log an incident; prints its short id.")
    add.add_argument("title", nargs="+", metavar="TITLE", help="what went wrong")
    add.add_argument("-s", "--severity", type=_severity, required=True,
                     help="S1 (worst) to S4; S1 and S2 are flagged until escalated")
    add.add_argument("-o", "--owner", metavar="NAME", help="who handles it")
    add.add_argument("--task", metavar="ID", help="short id of a linked task")
    add.add_argument("--metric", metavar="KEY", help="key of a linked metric")
    add.add_argument("--description", default="", help="what is known so far")

    up = subcommand("escalate", "escalate", "Escalate an incident to someone.")
    up.add_argument("id", metavar="ID", help="incident id prefix (4+ hex digits)")
    up.add_argument("--to", required=True, metavar="NAME", help="who it goes to")
    up.add_argument("--note", default="", help="what they are told")
    up.add_argument("--inform", action="append", default=[], metavar="DEPT",
                    help="a department informed (repeat)")

    fix = subcommand("resolve", "resolve", "Resolve an incident with its cause.")
    fix.add_argument("id", metavar="ID", help="incident id prefix (4+ hex digits)")
    fix.add_argument("--cause", required=True, help="why it happened")
    fix.add_argument("--resolution", required=True, help="what was done")
    fix.add_argument("--force", action="store_true",
                     help="resolve an S1/S2 incident that was never escalated (reports say so)")

    listing = subcommand("list", "list_incidents",
                         "Incidents: open first, unescalated S1/S2 at the top.")
    listing.add_argument("-a", "--all", action="store_true", help="include resolved ones")
    listing.add_argument("--json", action="store_true", help="print full records as JSON")


def no_subcommand(args: argparse.Namespace) -> int:
    """``opstui incident`` alone: say what to type."""
    raise CommandError("say what to do: opstui incident add|escalate|resolve|list (see --help)")


def add(args: argparse.Namespace) -> int:
    """``opstui incident add``."""
    from opstui.actions.tracking import open_incident
    from opstui.domain.models import Incident

    moment = now()
    incident = Incident(title=" ".join(args.title), severity=args.severity, owner=args.owner,
                        opened_at=moment, description=args.description)
    outcome = run_action(open_incident, args, incident, task=args.task, metric=args.metric)
    saved = outcome.record
    flag = "  needs escalation" if saved.needs_escalation else ""
    print(f"{saved.short_id}  {saved.severity.value}{flag}  {saved.title}")
    return 0


def escalate(args: argparse.Namespace) -> int:
    """``opstui incident escalate``."""
    from opstui.actions.tracking import escalate_incident
    from opstui.domain.minutes import split_names

    inform = [d for v in args.inform for d in split_names(v)]
    print(run_action(escalate_incident, args, args.id, args.to, args.note, inform).message)
    return 0


def resolve(args: argparse.Namespace) -> int:
    """``opstui incident resolve``."""
    from opstui.actions.tracking import resolve_incident

    print(run_action(resolve_incident, args, args.id, args.cause, args.resolution,
                     force=args.force).message)
    return 0


def list_incidents(args: argparse.Namespace) -> int:
    """``opstui incident list``."""
    from opstui.domain.models import Incident
    from opstui.domain.tracking import incident_key

    repo = open_repository(args, read_only=True)
    incidents = sorted(repo.all(Incident), key=incident_key)
    if not args.all:
        incidents = [i for i in incidents if i.is_open]
    if args.json:
        import orjson

        payload = [i.model_dump(mode="json") for i in incidents]
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not incidents:
        print("no open incidents" if not args.all else "no incidents")
        return 0
    from opstui.commands.table import render

    rows = []
    for i in incidents:
        if not i.is_open:
            state = "resolved"
        elif i.escalations:
            state = f"escalated to {i.escalations[-1].to}"
        else:
            state = "NOT ESCALATED" if i.needs_escalation else "open"
        rows.append((i.short_id, i.severity.value, state, i.owner or "", i.title))
    lines = render(("ID", "SEV", "STATE", "OWNER", "TITLE"), rows,
                   max_widths=(None, None, 28, 16, None))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
