"""The records of During 事中 and After 事后: metrics and readings, meetings, resource requests,
review checks, incidents, work logs and retrospectives.

Import them from ``opstui.domain.models`` (which re-exports every record) or from here.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from opstui.domain.base import Direction, Name, Record, RecordId, Title


class Cadence(StrEnum):
    """How often a metric is read."""

    DAILY = "daily"
    WEEKLY = "weekly"


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
    opened_at: datetime
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
    highlight: bool = False
    """Marked by the user: the log's highlights go into the 周报's 本周亮点."""


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
