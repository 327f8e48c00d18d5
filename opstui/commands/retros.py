"""Retrospective subcommands: ``retro list`` and ``retro show``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from opstui.commands import CommandError, open_repository, today


def register(command: Any) -> None:
    """Add ``opstui retro list|show``."""
    retro = command("retro", "opstui.commands.retros:missing",
                    "Retrospectives (复盘): list them, or show one with its actions.")
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


def missing(args: argparse.Namespace) -> int:
    """``opstui retro`` without an action."""
    raise CommandError("say what to do: opstui retro list, or opstui retro show ID")


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
