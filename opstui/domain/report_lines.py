"""The lines a report lists: a task, a slip, a problem, an incident, a decision, an insight,
support still waiting, a campaign budget. Plain frozen dataclasses, built by ``report``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from opstui.domain.models import Priority, Severity, Task, TaskStatus


@dataclass(frozen=True)
class TaskLine:
    """A task as a report lists it."""

    short_id: str
    title: str
    owner: str | None
    priority: Priority
    status: TaskStatus
    due: date | None
    done_at: datetime | None = None
    note: str = ""
    """Why it slipped, is late or is waiting; or the latest progress."""
    task_id: str = ""
    percent: int = 0
    kind: str = "manual"
    """Where the task came from (``SourceKind``): titles opstui wrote are said per language."""

    @classmethod
    def of(cls, task: Task, note: str = "") -> TaskLine:
        """The line of ``task``."""
        return cls(task.short_id, task.title, task.owner, task.priority, task.status, task.due,
                   task.done_at, note, task.id, task.percent, task.source.kind.value)


@dataclass(frozen=True)
class SlipLine:
    """A planned day a task was not finished on, and what was done about it."""

    title: str
    owner: str | None
    day: date
    action: str
    reason: str


@dataclass(frozen=True)
class ProblemLine:
    """A problem met, its cause and how it was solved."""

    day: date
    problem: str
    cause: str
    solution: str


@dataclass(frozen=True)
class IncidentLine:
    """An incident of the week with its escalations."""

    title: str
    severity: Severity
    owner: str | None
    opened: datetime
    resolved: datetime | None
    escalated_to: tuple[str, ...]
    informed: tuple[str, ...]
    resolution: str


@dataclass(frozen=True)
class DecisionLine:
    """A decision taken in a meeting."""

    day: date
    meeting: str
    decision: str


@dataclass(frozen=True)
class InsightLine:
    """A lesson from a retrospective."""

    retro: str
    section: str
    text: str


@dataclass(frozen=True)
class SupportLine:
    """Support still waiting for another department's confirmation."""

    department: str
    what: str
    contact: str | None
    needed_by: date | None
    task: str
    late: bool


@dataclass(frozen=True)
class BudgetLine:
    """A campaign's budget (活动预算): planned against spent so far."""

    title: str
    owner: str | None
    planned: float | None
    spent: float | None

    @property
    def share(self) -> float | None:
        """Spent as a share of planned (None without both)."""
        if self.planned is None or self.spent is None or not self.planned:
            return None
        return self.spent / self.planned
