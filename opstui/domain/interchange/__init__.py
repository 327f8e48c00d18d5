"""Other tools' files in and out: what every importer returns, and the rules they share.

The parsers (``taskwarrior``, ``todotxt``) are pure: they take the file's text and return an
:class:`ImportBatch` of validated records with stable ids, so importing the same file twice
finds the same records. The action ``opstui.actions.importing`` decides what is new, what
changed and what is already there (:func:`merged`), and writes it in one unit of work.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import TYPE_CHECKING, TypeVar

from opstui.domain.base import Record
from opstui.domain.errors import RuleError

if TYPE_CHECKING:
    from opstui.domain.models import ProgressNote, Recurrence, Task

R = TypeVar("R", bound=Record)

FORMATS = ("opstui", "taskwarrior", "todotxt")
"""The formats ``opstui import`` reads."""
NAMESPACE = uuid.UUID("0d5f3c1e-7a2b-4c9d-8e6f-1a2b3c4d5e6f")
"""Namespace of the ids derived from what a source file says (uuid5)."""
UNCOMPARED = frozenset({"id", "updated_at"})
"""Fields that never count as a change on re-import."""


class InterchangeError(RuleError):
    """A file that cannot be imported; the one-line message says where and why."""


@dataclass
class ImportBatch:
    """What one file holds, as records ready to store.

    Attributes:
        tasks: Every task (open, done, cancelled), with ``source_id`` set.
        notes: Progress notes on those tasks (Taskwarrior annotations).
        recurrences: Templates of recurring work (Taskwarrior ``status: recurring``).
        skipped: One line per thing the file holds that has no home here (and why).
    """

    tasks: list[Task] = field(default_factory=list)
    notes: list[ProgressNote] = field(default_factory=list)
    recurrences: list[Recurrence] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def stable_id(*parts: str) -> str:
    """A record id derived from ``parts``: the same in every run (uuid5, 32 hex digits)."""
    return uuid.uuid5(NAMESPACE, "\x1f".join(parts)).hex


def detect_format(text: str, name: str = "") -> str:
    """Which format ``text`` is in: ``opstui``, ``taskwarrior`` or ``todotxt``.

    JSON holding task objects with a ``uuid`` and a ``description`` (an array, or
    Taskwarrior 2.x's one object per line) is Taskwarrior; any other JSON, and any file named
    ``*.json``, is taken for opstui's own export (whose importer says what is wrong with
    it); the rest is todo.txt.

    Raises:
        InterchangeError: The text is empty.
    """
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        raise InterchangeError(f"{name or 'the file'} is empty")
    is_json_name = name.lower().endswith(".json")
    if stripped[0] not in "[{":
        return "opstui" if is_json_name else "todotxt"
    from opstui.domain.interchange.taskwarrior import load_items

    try:
        items = load_items(stripped)
    except InterchangeError:
        try:
            json.loads(stripped)
        except json.JSONDecodeError:
            return "opstui" if is_json_name else "todotxt"
        return "opstui"
    if items and all("uuid" in i and "description" in i for i in items):
        return "taskwarrior"
    return "opstui"


def version_of(task: Task) -> str | None:
    """The source's own version of an imported task: Taskwarrior's ``modified``, or the
    todo.txt line as it was. None for tasks made here."""
    key = "modified" if (task.source_id or "").startswith("taskwarrior:") else "line"
    found = task.external.get(key)
    return str(found) if found is not None else None


def merged(current: Task, incoming: Task, now: datetime) -> Task | None:
    """``current`` (stored) with what the source says in ``incoming``; None if unchanged.

    When the source's version of the task (:func:`version_of`) is the one imported last
    time, the task is left as it is here: edits made in opstui since are kept. Otherwise
    the fields the source knows (the ones the parser set) take the source's values; the
    fields it does not know (owner, estimate, goal, plan history...) keep opstui's. A new
    status goes through the same rule as in the app (done remembers the percent, reopening
    gives it back), and a finish time known only to the day (todo.txt) keeps the time of
    day already stored for that day.

    Args:
        current: The task as stored.
        incoming: The task as the file says (only the fields the source knows are set).
        now: The import's time (a task finished without a date is finished now).
    """
    from opstui.domain.tracking import change_status

    seen = version_of(incoming)
    if seen is not None and version_of(current) == seen:
        return None
    fields = incoming.model_fields_set - UNCOMPARED - {"created_at"}
    updates = {name: getattr(incoming, name) for name in fields
               if getattr(current, name) != getattr(incoming, name)}
    done_at = updates.get("done_at")
    if (isinstance(done_at, datetime) and current.done_at is not None
            and done_at.time() == time() and done_at.date() == current.done_at.date()):
        del updates["done_at"]
    if not updates:
        return None
    base = current
    if "status" in updates:
        reason = incoming.status_reason or current.status_reason or "imported"
        base = change_status(current, incoming.status, reason, now)
        updates.pop("status")
        updates.pop("status_reason", None)
        if "done_at" not in fields or (incoming.status.value == "done"
                                       and incoming.done_at is None):
            updates.pop("done_at", None)
    new = base.evolve(**updates)
    return None if new == current else new


def changed(current: R, incoming: R) -> R | None:
    """``current`` with the fields set on ``incoming``; None when they are equal already."""
    fields = incoming.model_fields_set - UNCOMPARED - {"created_at"}
    updates = {name: getattr(incoming, name) for name in fields
               if getattr(current, name) != getattr(incoming, name)}
    if not updates:
        return None
    return current.evolve(**updates)


def changed_fields(current: Record, new: Record) -> list[str]:
    """The fields whose values differ between two versions of a record."""
    return [n for n in type(current).model_fields
            if n not in UNCOMPARED and getattr(current, n) != getattr(new, n)]


def dumps_value(value: object) -> str:
    """A JSON value as compact text (external fields in CSV cells)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
