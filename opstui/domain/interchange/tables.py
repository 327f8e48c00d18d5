"""Which tasks an export takes (status, owner, period), and tasks as a CSV sheet.

The CSV is what Excel and WPS open directly, Chinese included: UTF-8 with a byte order
mark, a header row and one row per task with the same columns. A cell that a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``) starts with ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from opstui.domain.interchange import dumps_value

if TYPE_CHECKING:
    from opstui.domain.models import Meeting, Task

COLUMNS = (
    "id", "title", "status", "status_reason", "priority", "owner", "due", "start",
    "estimate_minutes", "percent", "project", "tags", "department", "goal_id", "metric_id",
    "description", "acceptance", "depends", "source", "source_id", "rollover_count",
    "done_at", "created_at", "updated_at", "external",
)
"""The CSV's columns, in order (the header row)."""
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Selection:
    """What an export takes; None or empty means "any".

    Attributes:
        status: A task status, or ``open`` for every unfinished one.
        owner: Only this owner's tasks (case-insensitive).
        start: First day of the period.
        end: Last day of the period.
    """

    status: str | None = None
    owner: str | None = None
    start: date | None = None
    end: date | None = None

    def _in_period(self, day: date | None) -> bool:
        if day is None:
            return False
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    @property
    def has_period(self) -> bool:
        """True when a period was given."""
        return self.start is not None or self.end is not None

    def takes(self, task: Task) -> bool:
        """True for a task the export includes: its status and owner match, and (given a
        period) it is due, starts or was finished in it."""
        if self.status == "open" and not task.is_open:
            return False
        if self.status not in (None, "open") and task.status.value != self.status:
            return False
        if self.owner and (task.owner or "").casefold() != self.owner.strip().casefold():
            return False
        if self.has_period:
            finished = task.done_at.date() if task.done_at else None
            return any(self._in_period(day) for day in (task.due, task.start, finished))
        return True

    def takes_meeting(self, meeting: Meeting) -> bool:
        """True for a meeting held in the period that the owner (if given) attended; with a
        status, none (a status is a task's)."""
        if self.status is not None:
            return False
        if self.owner and self.owner.strip().casefold() not in {
                a.casefold() for a in meeting.attendees}:
            return False
        return not self.has_period or self._in_period(meeting.day)


def select(tasks: Iterable[Task], selection: Selection) -> list[Task]:
    """The tasks ``selection`` takes, by due date (none last), then title."""
    return sorted((t for t in tasks if selection.takes(t)),
                  key=lambda t: (t.due or date.max, t.title, t.id))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return dumps_value(value) if value else ""
    if hasattr(value, "value"):  # an enum
        return str(value.value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def task_row(task: Task) -> list[str]:
    """One task as the CSV's cells, in ``COLUMNS`` order."""
    source = "" if task.source.kind.value == "manual" else (
        f"{task.source.kind.value}:{task.source.ref or ''}"
        + (f"@{task.source.on.isoformat()}" if task.source.on else ""))
    values = {name: getattr(task, name) for name in COLUMNS if name != "source"}
    values["source"] = source
    return [_cell(values[name]) for name in COLUMNS]


def tasks_csv(tasks: Iterable[Task]) -> bytes:
    """The tasks as a CSV file: UTF-8 with a BOM, CRLF line ends, every row as wide as the
    header."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for task in tasks:
        writer.writerow(task_row(task))
    return buffer.getvalue().encode("utf-8-sig")
