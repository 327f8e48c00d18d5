"""The records opstui keeps: plain pydantic models, no storage and no UI."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from opstui.domain.dates import DateParseError, parse_period

SCHEMA_VERSION = 1
"""Version of the stored data layout; bumped with a migration in ``opstui.store.migrations``."""

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Percent = Annotated[int, Field(ge=0, le=100)]
RecordId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]

_PERIOD_RE = re.compile(r"^\d{4}(-W(0[1-9]|[1-4]\d|5[0-3])|-(0[1-9]|1[0-2])|-Q[1-4])?$")


def new_id() -> str:
    """Return a fresh record id: a UUID4 as 32 lowercase hex digits."""
    return uuid.uuid4().hex


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


class Direction(StrEnum):
    """Whether a higher or a lower number is better."""

    UP = "up"
    DOWN = "down"


class Cadence(StrEnum):
    """How often a metric is read."""

    DAILY = "daily"
    WEEKLY = "weekly"


class SourceKind(StrEnum):
    """Where a task came from."""

    MANUAL = "manual"
    MEETING = "meeting"
    RETRO = "retro"
    METRIC = "metric"
    INCIDENT = "incident"
    RECURRENCE = "recurrence"
    GOAL = "goal"


class Record(BaseModel):
    """Fields every stored record has."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)
    table: ClassVar[str] = ""

    id: RecordId = Field(default_factory=new_id)
    created_at: datetime = Field(default_factory=datetime.now)
    updated_at: datetime = Field(default_factory=datetime.now)

    @property
    def short_id(self) -> str:
        """The first eight hex digits, as users see and type them."""
        return self.id[:8]

    def evolve(self, **changes: Any) -> Self:
        """A validated copy with ``changes`` applied (``model_copy`` does not validate).

        Raises:
            pydantic.ValidationError: A change is invalid.
        """
        data = self.model_dump()
        data.update(changes)
        return type(self).model_validate(data)


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
    at: datetime = Field(default_factory=datetime.now)
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


class AnomalyRule(BaseModel):
    """How unusual a reading must be to count as an anomaly."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    window: Annotated[int, Field(ge=3, le=365)] = 14
    z_threshold: Annotated[float, Field(gt=0)] = 3.0
    pct_change: Annotated[float, Field(gt=0)] | None = 20.0
    """Flag a change of more than this percent against the previous reading."""


class Metric(Record):
    """A tracked number with a unit, a target, a direction and a cadence."""

    table: ClassVar[str] = "metrics"

    key: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
    name: Title
    unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] = ""
    target: float | None = None
    direction: Direction = Direction.UP
    cadence: Cadence = Cadence.DAILY
    warn_pct: Annotated[float, Field(ge=0, le=100)] = 5.0
    """Within this many percent short of target the status is warn, beyond it alert."""
    anomaly: AnomalyRule = Field(default_factory=AnomalyRule)


class Reading(Record):
    """One value of a metric on one day."""

    table: ClassVar[str] = "readings"

    metric_id: RecordId
    day: date
    value: float
    note: str = ""
    """The cause, once it is known."""


class Meeting(Record):
    """Minutes of a meeting: who, what was said, what was decided.

    Action items are tasks whose source is this meeting.
    """

    table: ClassVar[str] = "meetings"

    day: date
    title: Title
    departments: list[Name] = Field(default_factory=list)
    attendees: list[Name] = Field(default_factory=list)
    minutes: str = ""
    decisions: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]] = (
        Field(default_factory=list)
    )


class ResourceStatus(StrEnum):
    """Whether requested support was given."""

    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    REFUSED = "refused"


class ResourceRequest(Record):
    """Support a task needs from a department, and whether it is confirmed."""

    table: ClassVar[str] = "resources"

    task_id: RecordId
    department: Name
    what: Title
    contact: Name | None = None
    needed_by: date | None = None
    status: ResourceStatus = ResourceStatus.REQUESTED
    note: str = ""


class CheckItem(BaseModel):
    """One line of a review checklist."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    label: Title
    passed: bool | None = None
    note: str = ""


DEFAULT_CHECKLIST = ("accurate", "compliant", "on brand", "serves the goal")


class ReviewOutcome(StrEnum):
    """The verdict of a review check."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ReviewCheck(Record):
    """A checklist pass over a deliverable (copy, campaign plan, design)."""

    table: ClassVar[str] = "reviews"

    day: date
    deliverable: Title
    kind: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = "copy"
    task_id: RecordId | None = None
    reviewer: Name | None = None
    items: list[CheckItem] = Field(
        default_factory=lambda: [CheckItem(label=label) for label in DEFAULT_CHECKLIST]
    )
    outcome: ReviewOutcome = ReviewOutcome.PENDING
    reason: str = ""


class Severity(StrEnum):
    """How bad an incident is; S1 is the worst."""

    S1 = "S1"
    S2 = "S2"
    S3 = "S3"
    S4 = "S4"


class Escalation(BaseModel):
    """An incident passed upward or across."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    to: Name
    at: datetime
    note: str = ""


class Incident(Record):
    """A problem with severity, owner, escalation and resolution."""

    table: ClassVar[str] = "incidents"

    title: Title
    severity: Severity = Severity.S3
    owner: Name | None = None
    opened_at: datetime = Field(default_factory=datetime.now)
    description: str = ""
    task_id: RecordId | None = None
    metric_id: RecordId | None = None
    departments_informed: list[Name] = Field(default_factory=list)
    escalations: list[Escalation] = Field(default_factory=list)
    resolved_at: datetime | None = None
    cause: str = ""
    resolution: str = ""

    @property
    def is_open(self) -> bool:
        """True until the incident is resolved."""
        return self.resolved_at is None

    @property
    def needs_escalation(self) -> bool:
        """Severe (S1/S2), still open and not yet escalated."""
        return self.is_open and self.severity in (Severity.S1, Severity.S2) and not self.escalations


class LogEntry(Record):
    """The work log of one day (工作日志)."""

    table: ClassVar[str] = "logs"

    day: date
    summary: str = ""
    highlights: str = ""
    problems: str = ""
    solutions: str = ""
    tomorrow: list[str] = Field(default_factory=list, max_length=3)
    """Tomorrow's top three."""


class RetroFormat(StrEnum):
    """Retrospective templates."""

    GRAI = "grai"
    KPT = "kpt"
    SSC = "ssc"


RETRO_SECTIONS: dict[RetroFormat, tuple[str, ...]] = {
    RetroFormat.GRAI: ("goal", "result", "analysis", "insight"),
    RetroFormat.KPT: ("keep", "problem", "try"),
    RetroFormat.SSC: ("start", "stop", "continue"),
}


class Retrospective(Record):
    """A structured review (复盘) of a project, campaign or period.

    Improvement actions are tasks whose source is this retro.
    """

    table: ClassVar[str] = "retros"

    title: Title
    project: Name
    """Retros of the same project are compared: the next one shows the last one's actions."""
    format: RetroFormat = RetroFormat.GRAI
    day: date
    period_start: date | None = None
    period_end: date | None = None
    goal_ids: list[RecordId] = Field(default_factory=list)
    metric_ids: list[RecordId] = Field(default_factory=list)
    sections: dict[str, str] = Field(default_factory=dict)


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


class Settings(BaseModel):
    """Per-data-file preferences."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)

    lang: Annotated[str, StringConstraints(pattern=r"^(en|zh)$")] = "en"
    """Language of report headings."""
    capacity_hours: Annotated[float, Field(gt=0, le=24)] = 8.0
    buffer_pct: Annotated[int, Field(ge=0, le=90)] = 20
    default_estimate_minutes: Annotated[int, Field(gt=0)] = 60
    stale_days: Annotated[int, Field(ge=1)] = 3
    archive_after_days: Annotated[int, Field(ge=1)] = 21
    """Finished tasks move to the archive files this many days after they finish."""


RECORD_TYPES: tuple[type[Record], ...] = (
    Task,
    ProgressNote,
    Goal,
    Metric,
    Reading,
    Meeting,
    ResourceRequest,
    ReviewCheck,
    Incident,
    LogEntry,
    Retrospective,
    DayPlan,
    Recurrence,
)
"""Every stored record type; its ``table`` names the TinyDB table."""

TABLES: dict[str, type[Record]] = {cls.table: cls for cls in RECORD_TYPES}
