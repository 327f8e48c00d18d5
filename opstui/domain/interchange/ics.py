"""Tasks and meetings as an iCalendar file (RFC 5545), for any calendar app to import.

A task is a VTODO: its due date (``DUE``, a date), start (``DTSTART``), priority (P0: 1,
P1: 3, P2: 5, P3: 7; 1 is the most urgent), status (todo: NEEDS-ACTION, doing, waiting and
blocked: IN-PROCESS, done: COMPLETED with the time, cancelled: CANCELLED; the exact one in
``X-OPSTUI-STATUS``), percent done, tags as ``CATEGORIES``, owner in ``X-OPSTUI-OWNER``.
A meeting is an all-day VEVENT on its day, its minutes and decisions in the description.
``UID`` is the record's id, so importing the file again updates rather than duplicates.
Times are the user's local times, written in UTC as the RFC asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from icalendar import Event, Todo

    from opstui.domain.models import Meeting, Task

PRIORITY = {"P0": 1, "P1": 3, "P2": 5, "P3": 7}
"""opstui priority to iCalendar PRIORITY (1 highest, 9 lowest)."""
STATUS = {"todo": "NEEDS-ACTION", "doing": "IN-PROCESS", "waiting": "IN-PROCESS",
          "blocked": "IN-PROCESS", "done": "COMPLETED", "cancelled": "CANCELLED"}
"""opstui task status to VTODO STATUS."""
PRODID = "-//opstui//opstui export//EN"


def _utc(moment: datetime, tz: tzinfo) -> datetime:
    """A naive local time (or an aware one) in UTC."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
    return aware.astimezone(UTC)


def _todo(task: Task, stamp: datetime, tz: tzinfo) -> Todo:
    from icalendar import Todo

    from opstui.domain.base import UNSTAMPED

    todo = Todo()
    todo.add("uid", f"{task.id}@opstui")
    todo.add("dtstamp", stamp)
    todo.add("summary", task.title)
    if task.due:
        todo.add("due", task.due)
    if task.start and (task.due is None or task.start <= task.due):
        todo.add("dtstart", task.start)
    todo.add("priority", PRIORITY[task.priority.value])
    todo.add("status", STATUS[task.status.value])
    todo.add("x-opstui-status", task.status.value)
    todo.add("percent-complete", task.percent)
    if task.done_at and task.status.value == "done":
        todo.add("completed", _utc(task.done_at, tz))
    if task.tags:
        todo.add("categories", list(task.tags))
    if task.owner:
        todo.add("x-opstui-owner", task.owner)
    if task.project:
        todo.add("x-opstui-project", task.project)
    text = "\n\n".join(part for part in (
        task.description.strip(),
        f"Acceptance: {task.acceptance.strip()}" if task.acceptance.strip() else "",
        f"{task.status.value.capitalize()}: {task.status_reason.strip()}"
        if task.status.needs_reason and task.status_reason.strip() else "",
    ) if part)
    if text:
        todo.add("description", text)
    if task.created_at != UNSTAMPED:
        todo.add("created", _utc(task.created_at, tz))
    if task.updated_at != UNSTAMPED:
        todo.add("last-modified", _utc(task.updated_at, tz))
    return todo


def _event(meeting: Meeting, stamp: datetime) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", f"{meeting.id}@opstui")
    event.add("dtstamp", stamp)
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.day)
    event.add("dtend", meeting.day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # minutes of the day, not a block of busy time
    if meeting.departments:
        event.add("categories", list(meeting.departments))
    parts = [meeting.minutes.strip()]
    if meeting.decisions:
        parts.append("Decisions:\n" + "\n".join(f"- {d}" for d in meeting.decisions))
    if meeting.attendees:
        parts.append("Attendees: " + ", ".join(meeting.attendees))
    text = "\n\n".join(p for p in parts if p)
    if text:
        event.add("description", text)
    return event


def calendar_ics(tasks: Iterable[Task], meetings: Iterable[Meeting], *, stamp: datetime,
                 tz: tzinfo = UTC) -> bytes:
    """The tasks (VTODO) and meetings (VEVENT) as one iCalendar file.

    Args:
        tasks: The tasks to write.
        meetings: The meetings to write.
        stamp: When the file is made (``DTSTAMP``): a naive local time or an aware one.
        tz: The time zone of the records' naive times.
    """
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "opstui")
    when = _utc(stamp, tz)
    for task in tasks:
        calendar.add_component(_todo(task, when, tz))
    for meeting in meetings:
        calendar.add_component(_event(meeting, when))
    return bytes(calendar.to_ical())
