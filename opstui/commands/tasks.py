"""Task subcommands: ``add``, ``tasks``, ``done``, ``note`` and ``archive``."""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from opstui.commands import CommandError, open_repository, parse_day, run_action, today

if TYPE_CHECKING:
    from opstui.domain.models import Task

OWNER_WIDTH = 16


def _shown(day: date) -> str:
    return day.strftime("%a %Y-%m-%d")


def _tags(values: list[str]) -> list[str]:
    return [tag for value in values for tag in (t.strip() for t in value.split(",")) if tag]


def _quick_add(words: list[str], day: date) -> Any:
    """Read the quick-add tokens in the title words (``!P1 @owner due:fri ~2h #tag plan:today``)."""
    from opstui.domain.quickadd import QuickAddError, parse_quick_add

    try:
        return parse_quick_add(" ".join(words), day)
    except QuickAddError as exc:
        where = f"col {exc.column}: {exc.token!r}: " if exc.token else ""
        raise CommandError(f"TITLE: {where}{exc.message}") from None


def add(args: argparse.Namespace) -> int:
    """``opstui add``: create a task, optionally on a goal and a day's plan; print its id.

    The title words may carry quick-add tokens (``!P1 @林晓 due:fri ~2h #report
    plan:today``); an option and a token for the same field is an error.
    """
    day = today()
    quick = _quick_add(args.title, day)
    fields: dict[str, Any] = quick.task_fields()
    plan_day = quick.plan_day

    def both(option: str, name: str) -> None:
        if name in fields:
            raise CommandError(f"{option} and a {name.replace('_minutes', '')} token in the "
                               "title both given; use one")

    if args.priority:
        both("--priority", "priority")
        fields["priority"] = args.priority
    if args.owner is not None:
        both("--owner", "owner")
        fields["owner"] = args.owner
    if args.due is not None:
        both("--due", "due")
        fields["due"] = parse_day("--due", args.due, day)
    if args.plan is not None:
        if plan_day is not None:
            raise CommandError("--plan and a plan: token in the title both given; use one")
        plan_day = parse_day("--plan", args.plan, day)
    if args.estimate is not None:
        from opstui.domain.dates import DateParseError, parse_duration

        both("--estimate", "estimate_minutes")
        try:
            fields["estimate_minutes"] = parse_duration(args.estimate)
        except DateParseError as exc:
            raise CommandError(f"--estimate: {exc}") from None
    if args.tags:
        fields["tags"] = [*fields.get("tags", []), *_tags(args.tags)]

    from opstui.actions.tasks import add_task

    outcome = run_action(add_task, args, fields, plan_day=plan_day, goal=args.goal)
    task = outcome.record
    parts = [task.short_id]
    if task.due is not None:
        parts.append(f"due {_shown(task.due)}")
    if plan_day is not None:
        parts.append(f"planned {_shown(plan_day)}")
    print("  ".join(parts))
    return 0


def _sort_key(task: Task) -> tuple[Any, ...]:
    if task.is_open:
        return (0, task.priority.value, task.due or date.max, task.created_at.timestamp())
    finished = task.done_at or task.updated_at
    return (1, -finished.timestamp(), task.priority.value)


def list_tasks(args: argparse.Namespace) -> int:
    """``opstui tasks``: open tasks first, by priority then due; a table or ``--json``."""
    from opstui.domain.models import Task

    repo = open_repository(args)
    tasks = repo.all(Task)
    if args.all:
        tasks += repo.archived(Task)
    if args.status == "open":
        tasks = [t for t in tasks if t.is_open]
    elif args.status:
        tasks = [t for t in tasks if t.status.value == args.status]
    if getattr(args, "mine", False):
        from opstui.actions.sync import whoami

        args.owner = whoami(repo)
        if not args.owner:
            raise CommandError("--mine: who are you? run 'opstui sync setup URL --as NAME'")
    if args.owner:
        wanted = args.owner.strip().casefold()
        tasks = [t for t in tasks if (t.owner or "").casefold() == wanted]
    tasks.sort(key=_sort_key)
    if args.json:
        import orjson

        payload = [t.model_dump(mode="json") for t in tasks]
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not tasks:
        print("no tasks")
        return 0
    from opstui.commands.table import render

    rows = [
        (t.short_id, t.priority.value, t.status.value, t.due.isoformat() if t.due else "",
         t.owner or "", t.title)
        for t in tasks
    ]
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    lines = render(("ID", "PRI", "STATUS", "DUE", "OWNER", "TITLE"), rows,
                   max_widths=(None, None, None, None, OWNER_WIDTH, None), total_width=width)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def done(args: argparse.Namespace) -> int:
    """``opstui done``: mark tasks done; every id is resolved before anything changes."""
    from opstui.actions.tasks import mark_done

    print(run_action(mark_done, args, args.ids).message)
    return 0


def reopen(args: argparse.Namespace) -> int:
    """``opstui reopen``: a finished task back to the status and percent it had."""
    from opstui.actions.tasks import reopen_task

    print(run_action(reopen_task, args, args.id).message)
    return 0


def note(args: argparse.Namespace) -> int:
    """``opstui note``: add a progress note; ``--percent`` also updates the task."""
    from opstui.actions.tasks import add_note

    print(run_action(add_note, args, args.id, " ".join(args.text), args.percent).message)
    return 0


def status(args: argparse.Namespace) -> int:
    """``opstui status``: change a task's status; waiting and blocked need ``--reason``."""
    from opstui.actions.tasks import set_status

    print(run_action(set_status, args, args.id, args.status, " ".join(args.reason or []))
          .message)
    return 0


def assign(args: argparse.Namespace) -> int:
    """``opstui assign``: give a task to someone (``-`` for nobody)."""
    from opstui.actions.tasks import reassign

    owner = None if args.owner in ("-", "") else args.owner
    print(run_action(reassign, args, args.id, owner).message)
    return 0


def archive(args: argparse.Namespace) -> int:
    """``opstui archive``: move long-finished tasks and their notes to the archive files."""
    from opstui.actions.archive import archive as archive_action

    print(run_action(archive_action, args).message)
    return 0
