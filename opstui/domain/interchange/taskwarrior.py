"""Taskwarrior's ``task export`` (2.x and 3.x JSON) as opstui records.

Every field has a place (nothing is dropped silently):

========================  =======================================================
Taskwarrior               opstui
========================  =======================================================
``uuid``                  the task's id (its 32 hex digits) and ``source_id``
                          ``taskwarrior:<uuid>``: a re-import updates, never adds
``description``           ``title`` (the whole text in ``description`` if longer
                          than a title may be)
``status``                pending: todo (doing once ``start`` is set); waiting, or
                          pending with a future ``wait``: waiting; completed: done;
                          deleted: cancelled; recurring: a ``Recurrence`` template
``priority``              H: P1, M: P2, L: P3, none: P2 (opstui's "not said")
``project``, ``tags``     ``project``, ``tags``
``due``, ``scheduled``    ``due``, ``start`` (as dates in the local time zone)
``entry``, ``end``        ``created_at``, ``done_at``
``annotations``           progress notes, at their own times
``depends``               ``depends`` (the ids of those tasks)
``parent``, ``imask``     instances of a template: ``source`` recurrence on their day,
                          so opstui never makes the same occurrence again
``wait``, ``until``,      kept in ``external`` as Taskwarrior wrote them, with every
``modified``, UDAs ...    other field (user-defined attributes included)
========================  =======================================================

``id`` and ``urgency`` are Taskwarrior's own working numbers and are not kept. Times are
UTC in the file; they become naive local times in the zone given (the user's).
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from pydantic import ValidationError

from opstui.domain.interchange import ImportBatch, InterchangeError, stable_id

PRIORITIES = {"H": "P1", "M": "P2", "L": "P3"}
"""Taskwarrior priority to opstui priority (no priority: P2)."""
CONSUMED = frozenset({
    "id", "urgency", "uuid", "description", "status", "priority", "project", "tags",
    "due", "scheduled", "entry", "end", "annotations", "depends",
})
"""Fields with a home of their own; every other field goes to ``external`` unchanged."""
TITLE_MAX = 500
_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$")
_UNITS = {
    "d": "DAILY", "day": "DAILY", "days": "DAILY", "daily": "DAILY",
    "w": "WEEKLY", "wk": "WEEKLY", "wks": "WEEKLY", "week": "WEEKLY", "weeks": "WEEKLY",
    "weekly": "WEEKLY",
    "mo": "MONTHLY", "mos": "MONTHLY", "mth": "MONTHLY", "mths": "MONTHLY",
    "month": "MONTHLY", "months": "MONTHLY", "monthly": "MONTHLY",
    "q": "QUARTER", "qtr": "QUARTER", "qtrs": "QUARTER", "quarter": "QUARTER",
    "quarters": "QUARTER", "quarterly": "QUARTER",
    "y": "YEARLY", "yr": "YEARLY", "yrs": "YEARLY", "year": "YEARLY", "years": "YEARLY",
    "yearly": "YEARLY", "annual": "YEARLY",
}
_NAMED = {
    "biweekly": "FREQ=WEEKLY;INTERVAL=2", "fortnight": "FREQ=WEEKLY;INTERVAL=2",
    "bimonthly": "FREQ=MONTHLY;INTERVAL=2", "semiannual": "FREQ=MONTHLY;INTERVAL=6",
    "biannual": "FREQ=YEARLY;INTERVAL=2", "biyearly": "FREQ=YEARLY;INTERVAL=2",
    "weekdays": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
}
_ISO = re.compile(r"^P(\d+)([DWMY])$")
_COUNTED = re.compile(r"^(\d*)\s*([a-z]+)$")


def load_items(text: str) -> list[dict[str, Any]]:
    """The task objects of an export: a JSON array (2.4 and later, 3.x), or one object per
    line (older 2.x, with or without commas between them).

    Raises:
        InterchangeError: Not JSON, or not objects.
    """
    body = text.lstrip("\ufeff").strip()
    try:
        data = json.loads(body) if body.startswith("[") else [
            json.loads(line.rstrip().rstrip(",")) for line in body.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise InterchangeError(f"not a Taskwarrior export: not valid JSON ({exc})") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InterchangeError("not a Taskwarrior export: expected a list of task objects")
    return data


def parse_taskwarrior(text: str, *, tz: tzinfo = UTC,
                      now: datetime | None = None) -> ImportBatch:
    """Every task of a ``task export`` as opstui records (see the module's table).

    Args:
        text: The export, as text.
        tz: The user's time zone: dates and times are read in it.
        now: The time now (naive local): a pending task whose ``wait`` is later is waiting.
            None: only ``status: waiting`` counts.

    Raises:
        InterchangeError: The text is not an export, or a task in it is invalid (the message
            names it by its position and uuid).
    """
    items = _newest_per_uuid(load_items(text))
    batch = ImportBatch()
    # Templates first: an instance links to its template only if the template is kept.
    ordered = sorted(items, key=lambda pair: pair[1].get("status") != "recurring")
    for n, item in ordered:
        where = f"task #{n} ({str(item.get('uuid', '?'))[:8]})"
        try:
            if item.get("status") == "recurring":
                _add_template(batch, item, tz, where)
            else:
                _add_task(batch, item, tz, now, {r.id for r in batch.recurrences}, where)
        except ValidationError as exc:
            err = exc.errors()[0]
            place = ".".join(str(p) for p in err["loc"]) or "record"
            message = str(err["msg"]).removeprefix("Value error, ")
            raise InterchangeError(f"{where}: {place}: {message}") from None
    return batch


def _newest_per_uuid(items: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """Items by position (from 1), one per uuid: the last modified wins (merged exports)."""
    chosen: dict[str, tuple[int, dict[str, Any]]] = {}
    for n, item in enumerate(items, 1):
        key = _uuid(item, n)
        old = chosen.get(key)
        if old is None or str(item.get("modified", "")) >= str(old[1].get("modified", "")):
            chosen[key] = (old[0] if old else n, item)
    return sorted(chosen.values(), key=lambda pair: pair[0])


def _uuid(item: dict[str, Any], n: int) -> str:
    """The item's uuid as 32 hex digits.

    Raises:
        InterchangeError: It has none, or it is not a UUID.
    """
    raw = item.get("uuid")
    if not isinstance(raw, str):
        raise InterchangeError(f"task #{n}: no uuid")
    try:
        return uuid.UUID(raw).hex
    except ValueError:
        raise InterchangeError(f"task #{n}: uuid {raw!r} is not a UUID") from None


def moment(value: Any, tz: tzinfo, where: str, name: str) -> datetime:
    """A Taskwarrior time (``20261205T000000Z``, ISO 8601, or epoch seconds) as a naive
    local time in ``tz``.

    Raises:
        InterchangeError: Not a time (the field is named).
    """
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            when = datetime.fromtimestamp(value, UTC)
        elif isinstance(value, str) and (m := _BASIC.match(value)):
            year, month, day, hour, minute, second = map(int, m.groups())
            when = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        elif isinstance(value, str):
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
        else:
            raise ValueError
    except (ValueError, OverflowError, OSError):
        raise InterchangeError(f"{where}: {name} {value!r} is not a time") from None
    return when.astimezone(tz).replace(tzinfo=None)


def _day(item: dict[str, Any], name: str, tz: tzinfo, where: str) -> date | None:
    value = item.get(name)
    return None if value is None else moment(value, tz, where, name).date()


def _title(description: Any, where: str) -> tuple[str, str]:
    """The title and, when the text is too long for a title, the whole text."""
    if not isinstance(description, str) or not description.strip():
        raise InterchangeError(f"{where}: no description")
    text = description.strip()
    if len(text) <= TITLE_MAX:
        return text, ""
    return text[: TITLE_MAX - 1].rstrip() + "…", text


def _tags(item: dict[str, Any]) -> list[str]:
    tags = item.get("tags") or []
    if isinstance(tags, str):
        tags = tags.split(",")
    return [str(t).strip() for t in tags if str(t).strip()]


def _depends(item: dict[str, Any], where: str) -> list[str]:
    raw = item.get("depends") or []
    if isinstance(raw, str):  # 2.5 and earlier: "uuid,uuid"
        raw = [part for part in raw.split(",") if part.strip()]
    try:
        return list(dict.fromkeys(uuid.UUID(str(u).strip()).hex for u in raw))
    except ValueError:
        raise InterchangeError(f"{where}: depends {raw!r} is not a list of uuids") from None


def _external(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in CONSUMED}


def _add_task(batch: ImportBatch, item: dict[str, Any], tz: tzinfo, now: datetime | None,
              templates: set[str], where: str) -> None:
    from opstui.domain.models import ProgressNote, Source, SourceKind, Task, TaskStatus

    task_id = uuid.UUID(str(item["uuid"])).hex
    title, long_text = _title(item.get("description"), where)
    raw_status = item.get("status", "pending")
    wait = item.get("wait")
    waiting_until = moment(wait, tz, where, "wait") if wait is not None else None
    fields: dict[str, Any] = {
        "id": task_id, "source_id": f"taskwarrior:{item['uuid']}", "title": title,
        "priority": PRIORITIES.get(str(item.get("priority", "")).upper(), "P2"),
        "project": item.get("project") or None, "tags": _tags(item),
        "due": _day(item, "due", tz, where), "start": _day(item, "scheduled", tz, where),
        "depends": _depends(item, where), "external": _external(item),
        "status": TaskStatus.TODO, "status_reason": "", "done_at": None,
    }
    if long_text:
        fields["description"] = long_text
    if "entry" in item:
        fields["created_at"] = moment(item["entry"], tz, where, "entry")
    if raw_status == "completed":
        end = item.get("end") or item.get("modified") or item.get("entry")
        fields |= {"status": TaskStatus.DONE, "percent": 100,
                   "done_at": moment(end, tz, where, "end") if end else None}
    elif raw_status == "deleted":
        fields["status"] = TaskStatus.CANCELLED
    elif raw_status == "waiting" or (
            waiting_until is not None and now is not None and waiting_until > now):
        until = f" until {waiting_until.date().isoformat()}" if waiting_until else ""
        fields |= {"status": TaskStatus.WAITING,
                   "status_reason": f"hidden in Taskwarrior{until} (wait)"}
    elif raw_status == "pending":
        if item.get("start"):
            fields["status"] = TaskStatus.DOING
    else:
        raise InterchangeError(f"{where}: unknown status {raw_status!r}")
    parent = item.get("parent")
    if isinstance(parent, str) and fields["due"] is not None:
        try:
            parent_id = uuid.UUID(parent).hex
        except ValueError:
            raise InterchangeError(f"{where}: parent {parent!r} is not a uuid") from None
        if parent_id in templates:
            fields["source"] = Source(kind=SourceKind.RECURRENCE, ref=parent_id,
                                      on=fields["due"])
    batch.tasks.append(Task(**fields))
    for k, note in enumerate(item.get("annotations") or [], 1):
        if not isinstance(note, dict) or not str(note.get("description", "")).strip():
            batch.skipped.append(f"{where}: annotation {k} has no text")
            continue
        at = moment(note.get("entry"), tz, where, f"annotation {k} entry")
        text = str(note["description"])
        batch.notes.append(ProgressNote(
            id=stable_id("taskwarrior-annotation", task_id, str(note.get("entry")), text),
            task_id=task_id, at=at, text=text, created_at=at))


def recurrence_rule(recur: str) -> str | None:
    """Taskwarrior's ``recur`` (``weekly``, ``2w``, ``P1M``, ``weekdays``...) as an RRULE
    without UNTIL; None for periods opstui cannot follow (shorter than a day)."""
    text = recur.strip().lower()
    if text in _NAMED:
        return _NAMED[text]
    iso = _ISO.match(recur.strip().upper())
    if iso:
        count, unit = int(iso.group(1)), iso.group(2)
        freq = {"D": "DAILY", "W": "WEEKLY", "M": "MONTHLY", "Y": "YEARLY"}[unit]
        return _rule(freq, count)
    counted = _COUNTED.match(text)
    if not counted or counted.group(2) not in _UNITS:
        return None
    count = int(counted.group(1) or 1)
    freq = _UNITS[counted.group(2)]
    if freq == "QUARTER":
        return _rule("MONTHLY", 3 * count)
    return _rule(freq, count)


def _rule(freq: str, interval: int) -> str | None:
    if interval < 1:
        return None
    return f"FREQ={freq}" + (f";INTERVAL={interval}" if interval > 1 else "")


def _add_template(batch: ImportBatch, item: dict[str, Any], tz: tzinfo, where: str) -> None:
    from opstui.domain.models import Recurrence

    title, _ = _title(item.get("description"), where)
    recur = str(item.get("recur", ""))
    rule = recurrence_rule(recur)
    start = _day(item, "due", tz, where) or _day(item, "scheduled", tz, where) or (
        _day(item, "entry", tz, where))
    if rule is None or start is None:
        why = f"recurrence {recur!r} is shorter than a day or unknown" if rule is None else (
            "it has no due date")
        batch.skipped.append(f"{where} {title}: a recurring template not kept, as {why} "
                             "(its instances are imported as tasks)")
        return
    until = item.get("until")
    if until is not None:
        last = moment(until, tz, where, "until").date()
        rule += f";UNTIL={last.strftime('%Y%m%d')}"
    fields: dict[str, Any] = {
        "id": uuid.UUID(str(item["uuid"])).hex, "title": title, "rrule": rule,
        "dtstart": start, "tags": _tags(item),
        "priority": PRIORITIES.get(str(item.get("priority", "")).upper(), "P2"),
    }
    if "entry" in item:
        fields["created_at"] = moment(item["entry"], tz, where, "entry")
    dropped = sorted(k for k in _external(item) if k not in ("recur", "until", "mask", "rtype",
                                                                 "modified"))
    if item.get("project"):
        dropped.insert(0, "project")
    if dropped:
        batch.skipped.append(f"{where} {title}: the template's {', '.join(dropped)} not kept "
                             "(a recurrence has no place for them; its instances keep them)")
    batch.recurrences.append(Recurrence(**fields))
