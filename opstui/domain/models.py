"""The records opstui keeps: plain pydantic models, no storage and no UI.

Tasks, notes, goals, plans, recurrences and settings live here; the During/After records
(metrics, meetings, incidents, logs, retros, ...) in ``records`` and the ``Record`` base in
``base``. Every record is importable from this module.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from importlib import import_module
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from opstui.domain.base import (
    SCHEMA_VERSION,
    Direction,
    Name,
    Percent,
    Record,
    RecordId,
    Title,
    new_id,
)
from opstui.domain.dates import DateParseError, parse_period
from opstui.domain.journal import JournalEntry, RecordChange

if TYPE_CHECKING:
    from collections.abc import Iterator

    from opstui.domain.people import Assessment, Feedback, Finding
    from opstui.domain.records import (
        DEFAULT_CHECKLIST,
        RETRO_SECTIONS,
        AnomalyRule,
        Cadence,
        CheckItem,
        Escalation,
        Incident,
        LogEntry,
        Meeting,
        Metric,
        Reading,
        ResourceRequest,
        ResourceStatus,
        RetroFormat,
        Retrospective,
        ReviewCheck,
        ReviewOutcome,
        Severity,
    )
    from opstui.domain.settings import Settings

_LAZY_MODULES = {
    "opstui.domain.records": (
        "DEFAULT_CHECKLIST", "RETRO_SECTIONS", "AnomalyRule", "Cadence", "CheckItem",
        "Escalation", "Incident", "LogEntry", "Meeting", "Metric", "Reading", "ResourceRequest",
        "ResourceStatus", "RetroFormat", "Retrospective", "ReviewCheck", "ReviewOutcome",
        "Severity",
    ),
    "opstui.domain.people": ("Assessment", "Feedback", "Finding"),
    "opstui.domain.settings": ("Settings",),
}
"""Names re-exported from modules imported on first use: a command that adds a task does not
pay for creating the classes of meetings, retros or settings (~10 % of ``opstui add``)."""
_LAZY = {name: module for module, names in _LAZY_MODULES.items() for name in names}

__all__ = [
    "DEFAULT_CHECKLIST", "RECORD_TABLES", "RECORD_TYPES", "RETRO_SECTIONS", "SCHEMA_VERSION",
    "TABLES",
    "AnomalyRule", "Assessment", "Cadence", "CheckItem", "DayPlan", "Direction", "Escalation",
    "Feedback", "Finding", "Goal",
    "Incident", "JournalEntry", "LogEntry", "Meeting", "Metric", "Name", "Percent", "Priority",
    "ProgressNote", "Reading", "Record", "RecordChange", "RecordId", "Recurrence",
    "ResourceRequest",
    "ResourceStatus", "RetroFormat", "Retrospective", "ReviewCheck", "ReviewOutcome",
    "Settings", "Severity", "Slip", "Source", "SourceKind", "Task", "TaskStatus", "Title",
    "new_id",
]

_PERIOD_RE = re.compile(r"^\d{4}(-W(0[1-9]|[1-4]\d|5[0-3])|-(0[1-9]|1[0-2])|-Q[1-4])?$")


class Priority(StrEnum):
    """How urgent a task is; P0 is the most urgent."""

    P0 = "P0"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


class TaskStatus(StrEnum):
    """Where a task stands."""

    TODO = "todo"
    DOING = "doing"
    WAITING = "waiting"
    BLOCKED = "blocked"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """True for every status that still needs work."""
        return self not in (TaskStatus.DONE, TaskStatus.CANCELLED)

    @property
    def needs_reason(self) -> bool:
        """Waiting and blocked tasks must say why."""
        return self in (TaskStatus.WAITING, TaskStatus.BLOCKED)


class SourceKind(StrEnum):
    """Where a task came from."""

    MANUAL = "manual"
    MEETING = "meeting"
    RETRO = "retro"
    METRIC = "metric"
    INCIDENT = "incident"
    RECURRENCE = "recurrence"
    GOAL = "goal"


class Source(BaseModel):
    """The record a task was created from (a meeting, a retro, a metric anomaly...)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    kind: SourceKind = SourceKind.MANUAL
    ref: RecordId | None = None
    on: date | None = None
    """For recurring instances: the day of the occurrence."""


class Slip(BaseModel):
    """A planned day the task was not finished on, and what was done about it."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    day: date
    action: Annotated[str, StringConstraints(pattern=r"^(rolled|unplanned)$")]
    reason: str = ""
    to: date | None = None
    """For a roll: the day it was rolled onto (rolling ``day`` again elsewhere moves it)."""


class Task(Record):
    """A unit of work with priority, owner, deadline and status."""

    table: ClassVar[str] = "tasks"

    title: Title
    status: TaskStatus = TaskStatus.TODO
    status_reason: str = ""
    """Why the task is waiting or blocked."""
    priority: Priority = Priority.P2
    owner: Name | None = None
    due: date | None = None
    start: date | None = None
    estimate_minutes: Annotated[int, Field(gt=0, le=60 * 24 * 30)] | None = None
    percent: Percent = 0
    goal_id: RecordId | None = None
    metric_id: RecordId | None = None
    department: Name | None = None
    tags: list[Name] = Field(default_factory=list)
    description: str = ""
    acceptance: str = ""
    """The acceptance standard the result is checked against."""
    source: Source = Field(default_factory=Source)
    rollover_count: Annotated[int, Field(ge=0)] = 0
    slips: list[Slip] = Field(default_factory=list)
    done_at: datetime | None = None
    reopen_status: TaskStatus | None = None
    """While done: the status the task had before, which reopening gives back."""
    reopen_percent: Percent | None = None
    """While done: the percent the task had before, which reopening gives back."""
    highlight: bool = False
    """Marked by the user as a highlight: once done, the 周报 lists it under 本周亮点."""

    # -- Interchange: what a task imported from another tool brings with it ----------------
    # (``opstui import --from taskwarrior|todotxt``; all default to empty, so tasks made in
    # opstui and files written before these fields existed are unchanged.)
    source_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = (
        None)
    """Where the task was imported from, as ``tool:id`` (``taskwarrior:<uuid>``,
    ``todotxt:<hash>``): a re-import finds the task by it and updates it."""
    project: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = (
        None)
    """The source's project (Taskwarrior ``project``, todo.txt ``+project``)."""
    depends: list[RecordId] = Field(default_factory=list)
    """Tasks this one waits on (Taskwarrior ``depends``), by record id."""
    external: dict[str, Any] = Field(default_factory=dict)
    """The source's fields that have no home here, kept as they were (Taskwarrior UDAs,
    ``wait``, ``until``, ``recur``, ``modified``; todo.txt ``key:value`` pairs...)."""

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, tags: list[str]) -> list[str]:
        cleaned = [t.lstrip("#").strip() for t in tags]
        if not all(cleaned):
            raise ValueError("a tag needs a name after '#'")
        return list(dict.fromkeys(cleaned))

    @property
    def is_open(self) -> bool:
        """True while the task still needs work."""
        return self.status.is_open

    def is_overdue(self, today: date) -> bool:
        """True for an open task whose due date has passed."""
        return self.is_open and self.due is not None and self.due < today


class ProgressNote(Record):
    """A timestamped follow-up note on a task, optionally with percent done."""

    table: ClassVar[str] = "notes"

    task_id: RecordId
    at: datetime
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    percent: Percent | None = None


class Goal(Record):
    """A KPI or OKR for a period, optionally tied to a metric and a target."""

    table: ClassVar[str] = "goals"

    title: Title
    period: str
    """``2026``, ``2026-Q4``, ``2026-11`` or ``2026-W47``."""
    owner: Name | None = None
    metric_id: RecordId | None = None
    baseline: float | None = None
    target: float | None = None
    direction: Direction = Direction.UP
    closed: bool = False
    budget_planned: Annotated[float, Field(ge=0)] | None = None
    """The campaign's budget (活动预算), in yuan."""
    budget_spent: Annotated[float, Field(ge=0)] | None = None
    """What the campaign has spent so far, in yuan."""

    @field_validator("period")
    @classmethod
    def _period_shape(cls, value: str) -> str:
        value = value.strip().upper()
        if not _PERIOD_RE.match(value):
            raise ValueError("period must look like 2026, 2026-Q4, 2026-11 or 2026-W47")
        try:
            parse_period(value)  # the shape is right, but is it real? (2027 has no week 53)
        except DateParseError:
            raise ValueError(f"period {value} does not exist") from None
        return value


class DayPlan(Record):
    """The tasks chosen for one day, in order, with capacity and buffer."""

    table: ClassVar[str] = "plans"

    day: date
    capacity_hours: Annotated[float, Field(gt=0, le=24)] = 8.0
    buffer_pct: Annotated[int, Field(ge=0, le=90)] = 20
    task_ids: list[RecordId] = Field(default_factory=list)


class Recurrence(Record):
    """A template for recurring work; instances are tasks, one per occurrence."""

    table: ClassVar[str] = "recurrences"

    title: Title
    rrule: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    """An RFC 5545 RRULE, e.g. ``FREQ=WEEKLY;BYDAY=FR``."""
    dtstart: date
    priority: Priority = Priority.P2
    owner: Name | None = None
    estimate_minutes: Annotated[int, Field(gt=0)] | None = None
    tags: list[Name] = Field(default_factory=list)
    active: bool = True


_TABLE_HOMES: dict[str, tuple[str, str]] = {
    "tasks": (__name__, "Task"),
    "notes": (__name__, "ProgressNote"),
    "goals": (__name__, "Goal"),
    "metrics": ("opstui.domain.records", "Metric"),
    "readings": ("opstui.domain.records", "Reading"),
    "meetings": ("opstui.domain.records", "Meeting"),
    "resources": ("opstui.domain.records", "ResourceRequest"),
    "reviews": ("opstui.domain.records", "ReviewCheck"),
    "incidents": ("opstui.domain.records", "Incident"),
    "logs": ("opstui.domain.records", "LogEntry"),
    "retros": ("opstui.domain.records", "Retrospective"),
    "plans": (__name__, "DayPlan"),
    "recurrences": (__name__, "Recurrence"),
    "assessments": ("opstui.domain.people", "Assessment"),
    "feedback": ("opstui.domain.people", "Feedback"),
    "findings": ("opstui.domain.people", "Finding"),
}
"""Every record type a user keeps, by its table (the TinyDB table), and where it is defined."""


class _Tables(Mapping[str, "type[Record]"]):
    """Record classes by table name; a class's module is imported when it is first looked up.

    Iterating gives the table names without importing anything, so a data file's tables can
    be listed without creating every record class.
    """

    def __init__(self, homes: dict[str, tuple[str, str]]) -> None:
        self._homes = homes
        self._found: dict[str, type[Record]] = {}

    def __getitem__(self, table: str) -> type[Record]:
        found = self._found.get(table)
        if found is None:  # looked up once per record read: import_module only the first time
            module, name = self._homes[table]
            found = self._found[table] = getattr(import_module(module), name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._homes)

    def __len__(self) -> int:
        return len(self._homes)

    def __contains__(self, table: object) -> bool:
        return table in self._homes


RECORD_TABLES: Mapping[str, type[Record]] = _Tables(_TABLE_HOMES)
"""The user's records by table: what export, import and the demo carry."""

TABLES: Mapping[str, type[Record]] = _Tables(
    {**_TABLE_HOMES, JournalEntry.table: ("opstui.domain.journal", "JournalEntry")})
"""Every table of the data file: the user's records and the journal of actions (kept for
undo; local to this data file, never exported)."""


def __getattr__(name: str) -> Any:
    """The lazily imported names: record classes of other modules and ``RECORD_TYPES``."""
    if name == "RECORD_TYPES":
        value: Any = tuple(RECORD_TABLES.values())
    elif name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


if TYPE_CHECKING:
    RECORD_TYPES: tuple[type[Record], ...]
    """Every record type a user keeps; its ``table`` names the TinyDB table."""
