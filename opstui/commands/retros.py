"""Retrospective subcommands: ``retro list``, ``retro show``, ``retro add`` and ``retro edit``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from opstui.commands import CommandError, open_repository, parse_day, run_action, today


def register(command: Any) -> None:
    """Add ``opstui retro list|show|add|edit``."""
    retro = command("retro", "opstui.commands.retros:missing",
                    "Retrospectives (复盘): list them, show one with its actions, or add one.")
    sub = retro.add_subparsers(dest="retro", metavar="ACTION", parser_class=type(retro))
    listing = sub.add_parser("list", help="every retro, newest first, with its actions done",
                             description="Every retrospective, newest first.")
    listing.set_defaults(handler="opstui.commands.retros:list_retros")
    listing.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="the data file")
    show = sub.add_parser("show", help="one retro as Markdown, with the last one's actions",
                          description="One retrospective as Markdown: its sections, its "
                                      "improvement actions and whether they are done, and the "
                                      "previous retro of the project with its actions.")
    show.set_defaults(handler="opstui.commands.retros:show")
    show.add_argument("id", metavar="ID", help="retro id prefix (4+ hex digits)")
    show.add_argument("--lang", choices=("en", "zh"),
                      help="headings in English or Chinese (default: the data file's setting)")
    show.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="the data file")
    add = sub.add_parser(
        "add", help="hold a retro; its improvement actions become tasks",
        description="Store a retrospective (复盘). Each --action is a quick-add line "
                    "('book CDN early @林晓 due:fri !P1') and becomes a task whose source is "
                    "the retro; every line is valid or nothing is saved.")
    add.set_defaults(handler="opstui.commands.retros:add")
    add.add_argument("title", nargs="+", metavar="TITLE", help="the retro (words are joined)")
    add.add_argument("--project", required=True, metavar="NAME",
                     help="project, campaign or period reviewed (retros of one project are "
                          "compared)")
    add.add_argument("--format", choices=("grai", "kpt", "ssc"), default="grai",
                     help="GRAI (goal, result, analysis, insight), KPT (keep, problem, try) or "
                          "ssc (start, stop, continue); default grai")
    add.add_argument("--date", metavar="DATE", help="the day it was held (default today)")
    add.add_argument("--from", dest="period_start", metavar="DATE",
                     help="first day of the period reviewed")
    add.add_argument("--to", dest="period_end", metavar="DATE",
                     help="last day of the period reviewed")
    add.add_argument("--goal", dest="goals", action="append", default=[], metavar="ID",
                     help="a goal reviewed (repeat)")
    add.add_argument("--metric", dest="metrics", action="append", default=[], metavar="KEY",
                     help="a metric reviewed, by key (repeat)")
    add.add_argument("--section", dest="sections", action="append", default=[],
                     metavar="NAME=TEXT", help="a section's text, e.g. keep='early prep' "
                     "(repeat)")
    add.add_argument("--action", dest="actions", action="append", default=[], metavar="LINE",
                     help="an improvement action, as a quick-add line (repeat)")
    add.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="the data file")
    edit = sub.add_parser("edit", help="change a retro's title, project or sections",
                          description="Change a retro: the sections given replace those "
                                      "of the same name; the rest is kept.")
    edit.set_defaults(handler="opstui.commands.retros:edit")
    edit.add_argument("id", metavar="ID", help="retro id prefix (4+ hex digits)")
    edit.add_argument("--title", metavar="TEXT", help="a new title")
    edit.add_argument("--project", metavar="NAME", help="a new project name")
    edit.add_argument("--section", dest="sections", action="append", default=[],
                      metavar="NAME=TEXT", help="a section's new text (repeat)")
    edit.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="the data file")


def missing(args: argparse.Namespace) -> int:
    """``opstui retro`` without an action."""
    raise CommandError("say what to do: opstui retro list, opstui retro show ID, or "
                       "opstui retro add TITLE --project NAME")


def _sections(items: list[str]) -> dict[str, str]:
    sections: dict[str, str] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise CommandError(f"--section: write NAME=TEXT, not {item!r}")
        sections[name.strip().lower()] = text.strip()
    return sections


def add(args: argparse.Namespace) -> int:
    """``opstui retro add``: store a retro; its actions become tasks."""
    from opstui.actions.retros import add_retro

    day = parse_day("--date", args.date)
    sections = _sections(args.sections)
    fields: dict[str, Any] = {
        "title": " ".join(args.title), "project": args.project, "format": args.format,
        "day": day, "goal_ids": args.goals, "metric_ids": args.metrics, "sections": sections,
        "period_start": parse_day("--from", args.period_start, day) if args.period_start
        else None,
        "period_end": parse_day("--to", args.period_end, day) if args.period_end else None,
    }
    print(run_action(add_retro, args, fields, args.actions).message)
    return 0


def edit(args: argparse.Namespace) -> int:
    """``opstui retro edit ID [--title] [--project] [--section NAME=TEXT]``."""
    from opstui.actions.retros import edit_retro

    changes: dict[str, Any] = {name: value for name in ("title", "project")
                               if (value := getattr(args, name)) is not None}
    if args.sections:
        changes["sections"] = _sections(args.sections)
    print(run_action(edit_retro, args, args.id, changes).message)
    return 0


def _retro_tasks(repo: Any, since: Any) -> list[Any]:
    """Current tasks whose source is a retro, and archived ones from ``since``'s year on
    (actions are made at a retro, so older archive files cannot hold any)."""
    from opstui.domain.models import SourceKind, Task

    tasks = repo.all(Task)
    if since is not None:
        tasks += repo.archived(Task, years=range(since.year, today().year + 1))
    return [t for t in tasks if t.source.kind is SourceKind.RETRO]


def list_retros(args: argparse.Namespace) -> int:
    """``opstui retro list``: id, day, format, project, title and actions done."""
    from opstui.commands.table import render
    from opstui.domain.models import Retrospective, TaskStatus
    from opstui.domain.retro import FORMAT_NAMES

    repo = open_repository(args, read_only=True)
    retros = sorted(repo.all(Retrospective), key=lambda r: (r.day, r.created_at), reverse=True)
    if not retros:
        print("no retrospectives")
        return 0
    actions: dict[str, list[Any]] = {}
    for task in _retro_tasks(repo, min(r.day for r in retros)):
        actions.setdefault(task.source.ref or "", []).append(task)
    rows = []
    for retro in retros:
        own = actions.get(retro.id, [])
        done = sum(t.status is TaskStatus.DONE for t in own)
        rows.append((retro.short_id, retro.day.isoformat(), FORMAT_NAMES[retro.format],
                     f"{done}/{len(own)}", retro.project, retro.title))
    lines = render(("ID", "DAY", "FORMAT", "ACTIONS", "PROJECT", "TITLE"), rows,
                   max_widths=(None, None, None, None, 24, None))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def show(args: argparse.Namespace) -> int:
    """``opstui retro show ID``: the retro as Markdown, with the previous one's actions."""
    from opstui.domain.models import Goal, Retrospective
    from opstui.domain.retro import actions_of, previous_retro, retro_markdown

    repo = open_repository(args, read_only=True)
    retro = repo.resolve(Retrospective, args.id)
    previous = previous_retro(repo.all(Retrospective), retro.project, retro.day,
                              exclude=retro.id)
    tasks = _retro_tasks(repo, previous.day if previous else retro.day)
    text = retro_markdown(retro, actions_of(retro, tasks), previous,
                          actions_of(previous, tasks) if previous else (),
                          lang=args.lang or repo.settings().lang, goals=repo.all(Goal))
    sys.stdout.write(text)
    return 0
