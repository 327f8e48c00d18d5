"""todo.txt lines as tasks, and tasks as todo.txt lines that read back the same.

A line (http://todotxt.org)::

    x 2026-11-20 2026-11-01 (A) 写周报 +周报 @办公室 due:2026-11-30 owner:王芳

The completion mark and dates, priority and creation date are read by ``pytodotxt`` (a
small, maintained library for exactly this); the rest of the line is split here:
``+project`` is the task's project (the first one; all are kept in ``external``),
``@context`` a tag, ``key:value`` an attribute, and what is left the title.

Priorities: A is P0, B P1, C P2, D to Z P3; no priority is P2. Attributes opstui knows:
``due:`` and ``t:`` (threshold: the start date), ``owner:``, ``status:`` (doing, waiting,
blocked, cancelled), ``reason:`` (why waiting or blocked), ``pri:`` (the priority of a
completed task, by convention) and ``opstui:`` (the task's id, written by the export so a
round trip updates the same tasks). Others are kept in ``external``, and so is the line.
Values with spaces (an owner "Li Wei") are written with ``%20``.

A task's identity, without ``opstui:``, is its title and creation date: ticking it off
(``x``) or changing its dates updates it; changing its words makes it a new task.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from pydantic import ValidationError

from opstui.domain.interchange import ImportBatch, InterchangeError, stable_id

if TYPE_CHECKING:
    from opstui.domain.models import Task

LETTERS = {"A": "P0", "B": "P1", "C": "P2"}
"""todo.txt priority to opstui priority (D to Z: P3; none: P2)."""
PRIORITY_LETTER = {"P0": "A", "P1": "B", "P2": "C", "P3": "D"}
KNOWN = frozenset({"due", "t", "owner", "status", "reason", "pri", "opstui"})
_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
_URL_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "mailto", "ssh", "file"})
_ID = re.compile(r"^[0-9a-f]{32}$")
_QUOTED = " %\t"


def _meta(token: str) -> tuple[str, str, str] | None:
    """``token`` as ("+", project, "") / ("@", context, "") / (":", key, value), or None
    when it is a word of the title."""
    if len(token) > 1 and token[0] in "+@":
        return token[0], unquote(token[1:]), ""
    key, sep, value = token.partition(":")
    if sep and value and _KEY.match(key) and key.lower() not in _URL_SCHEMES:
        return ":", key, unquote(value)
    return None


def parse_todotxt(text: str) -> ImportBatch:
    """Every task of a todo.txt file (blank lines skipped).

    Raises:
        InterchangeError: A line is not a task opstui can keep (the line number says which).
    """
    batch = ImportBatch()
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        try:
            task = _task(line, number, seen)
        except ValidationError as exc:
            err = exc.errors()[0]
            place = ".".join(str(p) for p in err["loc"]) or "task"
            message = str(err["msg"]).removeprefix("Value error, ")
            raise InterchangeError(f"line {number}: {place}: {message}") from None
        batch.tasks.append(task)
    return batch


def _date(value: str, number: int, key: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InterchangeError(f"line {number}: {key}:{value} is not a date like 2026-11-30"
                               ) from None


def _task(line: str, number: int, seen: dict[str, int]) -> Task:
    import pytodotxt

    from opstui.domain.models import TaskStatus

    try:
        parsed = pytodotxt.Task(line)
    except ValueError as exc:
        raise InterchangeError(f"line {number}: {exc}") from None
    words: list[str] = []
    projects: list[str] = []
    contexts: list[str] = []
    attributes: dict[str, str] = {}
    for token in (parsed.description or "").split():
        meta = _meta(token)
        if meta is None:
            words.append(token)
        elif meta[0] == "+":
            projects.append(meta[1])
        elif meta[0] == "@":
            contexts.append(meta[1])
        else:
            attributes.setdefault(meta[1], meta[2])
    title = " ".join(words) or " ".join((parsed.description or "").split())
    if not title:
        raise InterchangeError(f"line {number}: no text")
    letter = (parsed.priority or attributes.get("pri") or "").upper()
    fields: dict[str, Any] = {
        "title": title,
        "priority": LETTERS.get(letter, "P3" if letter.isalpha() and len(letter) == 1 else "P2"),
        "project": projects[0] if projects else None,
        "tags": contexts,
        "due": _date(attributes["due"], number, "due") if "due" in attributes else None,
        "start": _date(attributes["t"], number, "t") if "t" in attributes else None,
        "owner": attributes.get("owner") or None,
        "done_at": None, "status_reason": "",
    }
    status = attributes.get("status", "").lower()
    if status and status not in {s.value for s in TaskStatus}:
        raise InterchangeError(f"line {number}: status:{status} is not one of "
                               f"{', '.join(s.value for s in TaskStatus)}")
    if parsed.is_completed:
        fields["status"] = TaskStatus.CANCELLED if status == "cancelled" else TaskStatus.DONE
        if fields["status"] is TaskStatus.DONE:
            fields["percent"] = 100
            if parsed.completion_date:
                fields["done_at"] = datetime.combine(parsed.completion_date, time())
    else:
        fields["status"] = TaskStatus(status) if status in ("doing", "waiting", "blocked") else (
            TaskStatus.TODO)
        if fields["status"].needs_reason:
            fields["status_reason"] = attributes.get("reason") or "no reason given in todo.txt"
    if parsed.creation_date:
        fields["created_at"] = datetime.combine(parsed.creation_date, time())
    key = f"{parsed.creation_date or ''}\x1f{title}"
    seen[key] = seen.get(key, 0) + 1
    if seen[key] > 1:
        key += f"\x1f{seen[key]}"  # the same line twice: two tasks, as in the file
    given = attributes.get("opstui", "")
    external: dict[str, Any] = {k: v for k, v in attributes.items() if k not in KNOWN}
    if len(projects) > 1:
        external["projects"] = projects
    if _ID.match(given):
        # opstui's own export coming back: the task keeps where it first came from (its
        # source_id and external fields are left as they are).
        fields["id"] = given
    else:
        fields["id"] = stable_id("todotxt", key)
        fields["source_id"] = f"todotxt:{fields['id'][:16]}"
        fields["external"] = external | {"line": line}
    from opstui.domain.models import Task

    return Task(**fields)


def _value(text: str) -> str:
    """``text`` made one token (spaces and ``%`` written as ``%20`` and ``%25``)."""
    return quote(text, safe="".join(c for c in map(chr, range(33, 127)) if c not in _QUOTED)
                 ) if any(c in text for c in _QUOTED) else text


def format_line(task: Task) -> str:
    """One task as a todo.txt line that :func:`parse_todotxt` reads back as the same task
    (title, status, priority, dates, project, tags, owner, id)."""
    from opstui.domain.base import UNSTAMPED
    from opstui.domain.models import TaskStatus

    parts: list[str] = []
    finished = task.status in (TaskStatus.DONE, TaskStatus.CANCELLED)
    created = task.created_at.date() if task.created_at != UNSTAMPED else None
    letter = PRIORITY_LETTER[task.priority.value]
    if finished:
        parts.append("x")
        ended = task.done_at or (task.updated_at if task.updated_at != UNSTAMPED else None)
        if ended is not None:
            parts.append(ended.date().isoformat())
            if created is not None:
                parts.append(min(created, ended.date()).isoformat())
    else:
        parts.append(f"({letter})")
        if created is not None:
            parts.append(created.isoformat())
    parts.append(" ".join(task.title.split()))
    if task.project:
        parts.append(f"+{_value(task.project)}")
    for project in task.external.get("projects", [])[1:]:
        parts.append(f"+{_value(str(project))}")
    parts += [f"@{_value(tag)}" for tag in task.tags]
    if task.due:
        parts.append(f"due:{task.due.isoformat()}")
    if task.start:
        parts.append(f"t:{task.start.isoformat()}")
    if task.owner:
        parts.append(f"owner:{_value(task.owner)}")
    if task.status not in (TaskStatus.TODO, TaskStatus.DONE):
        parts.append(f"status:{task.status.value}")
    if task.status.needs_reason and task.status_reason:
        parts.append(f"reason:{_value(task.status_reason)}")
    if finished:
        parts.append(f"pri:{letter}")
    parts.append(f"opstui:{task.id}")
    return " ".join(parts)


def format_todotxt(tasks: Iterable[Task]) -> str:
    """Tasks as a todo.txt file: one line each, open ones first, by priority and due."""
    from opstui.domain.models import TaskStatus

    def order(task: Task) -> tuple[bool, str, date, str]:
        finished = task.status in (TaskStatus.DONE, TaskStatus.CANCELLED)
        return finished, task.priority.value, task.due or date.max, task.title

    return "".join(format_line(task) + "\n" for task in sorted(tasks, key=order))
