"""During the day: status rules, staleness, team load, reviews, escalation (meeting
minutes and their action items are in ``opstui.domain.minutes``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from opstui.domain.errors import RuleError
from opstui.domain.models import (
    Escalation,
    Incident,
    ProgressNote,
    ResourceRequest,
    ResourceStatus,
    ReviewCheck,
    ReviewOutcome,
    Severity,
    Task,
    TaskStatus,
)
from opstui.domain.settings import Settings
from opstui.domain.views import backlog_key

UNASSIGNED = "(unassigned)"


class TrackingError(RuleError):
    """A change the rules refuse; the message says why, fit to show as is."""


# -- status and notes -------------------------------------------------------------------
def status_problem(status: TaskStatus, reason: str) -> str | None:
    """Why ``status`` with ``reason`` cannot be set, or None when it can."""
    if status.needs_reason and not reason.strip():
        return f"a {status.value} task needs a reason (waiting for whom? blocked by what?)"
    return None


def change_status(task: Task, status: TaskStatus, reason: str, now: datetime) -> Task:
    """``task`` with its new status.

    Done sets 100% and the finish time, and remembers the status and percent the task had;
    leaving done gives that percent back (reopening loses no work).

    Raises:
        TrackingError: Waiting or blocked without a reason.
    """
    problem = status_problem(status, reason)
    if problem:
        raise TrackingError(problem)
    changes: dict[str, object] = {
        "status": status,
        "status_reason": reason.strip() if status.needs_reason else "",
        "updated_at": now,
    }
    if not status.is_open:
        if task.is_open:
            changes["reopen_status"] = task.status
            changes["reopen_percent"] = task.percent
        if status is TaskStatus.DONE:
            changes["percent"] = 100
            changes["done_at"] = task.done_at if task.status is TaskStatus.DONE else now
        else:
            changes["done_at"] = None
    else:
        changes["done_at"] = None
        changes["reopen_status"] = None
        changes["reopen_percent"] = None
        if not task.is_open:
            kept = task.reopen_percent
            changes["percent"] = kept if kept is not None else (
                task.percent if task.status is not TaskStatus.DONE else 0)
    return task.evolve(**changes)


def reopen(task: Task, now: datetime) -> Task:
    """A done or cancelled task back to the status and percent it had before it finished.

    Raises:
        TrackingError: The task is still open.
    """
    if task.is_open:
        raise TrackingError(f"{task.short_id} is not finished ({task.status.value})")
    status = task.reopen_status or TaskStatus.TODO
    reason = task.status_reason if status.needs_reason else ""
    if status.needs_reason and not reason:
        status = TaskStatus.DOING if (task.reopen_percent or 0) > 0 else TaskStatus.TODO
    return change_status(task, status, reason, now)


def add_note(task: Task, text: str, percent: int | None, now: datetime
             ) -> tuple[ProgressNote, Task]:
    """A progress note on ``task`` and the task updated by it (percent, last update).

    Raises:
        pydantic.ValidationError: Empty text or a percent outside 0-100.
    """
    note = ProgressNote(task_id=task.id, at=now, text=text, percent=percent)
    changes: dict[str, object] = {"updated_at": now}
    if percent is not None:
        changes["percent"] = percent
        if percent > 0 and task.status is TaskStatus.TODO:
            changes["status"] = TaskStatus.DOING
    return note, task.evolve(**changes)


def last_update(task: Task, notes: Sequence[ProgressNote] = ()) -> datetime:
    """When the task last moved: its own change time or its newest note, whichever is later."""
    latest = task.updated_at
    for note in notes:  # a plain loop: run for every open task after every change
        if note.at > latest:
            latest = note.at
    return latest


def is_stale(task: Task, updated: datetime, today: date, settings: Settings, *,
             counted: dict[date, int] | None = None) -> bool:
    """An open task with no update for ``settings.stale_working_days`` working days or more
    needs a follow-up.

    Only the working days of ``settings`` count, so with a Monday-Friday week and the
    default of 3, work last touched on Friday is stale on Wednesday, not on Monday.

    Args:
        counted: Working days up to ``today`` already counted, by last-update day: shared
            by a caller judging many tasks, so each day is counted once.
    """
    if not task.is_open:
        return False
    day = updated.date()
    days = counted.get(day) if counted is not None else None
    if days is None:
        days = settings.working_days_between(day, today)
        if counted is not None:
            counted[day] = days
    return days >= settings.stale_working_days


@dataclass(frozen=True)
class FollowUp:
    """A task with what the follow-up needs to know."""

    task: Task
    updated: datetime
    stale: bool
    overdue: bool
    days_quiet: int
    """Whole days since the last update (as of the day judged)."""


def follow_up(task: Task, notes: Sequence[ProgressNote], today: date, settings: Settings
              ) -> FollowUp:
    """How ``task`` stands for a follow-up on ``today`` (stale by ``settings``' working days)."""
    updated = last_update(task, notes)
    return FollowUp(task, updated, is_stale(task, updated, today, settings),
                    task.is_overdue(today), max(0, (today - updated.date()).days))


# -- team view ------------------------------------------------------------------------------
@dataclass
class PersonLoad:
    """One owner's open work and what needs following up."""

    owner: str
    open: list[Task] = field(default_factory=list)
    overdue: int = 0
    blocked: int = 0
    waiting: int = 0
    stale: int = 0

    @property
    def attention(self) -> int:
        """How many of this person's tasks need a word: overdue, blocked or stale."""
        return self.overdue + self.blocked + self.stale


def team_view(tasks: Iterable[Task], notes_by_task: Mapping[str, Sequence[ProgressNote]],
              today: date, settings: Settings) -> list[PersonLoad]:
    """Open tasks grouped by owner, the people who most need a follow-up first.

    Args:
        tasks: Tasks to group (finished ones are skipped).
        notes_by_task: Progress notes by task id.
        today: The day overdue and staleness are judged on.
        settings: The user's settings (the stale threshold in working days).

    Returns:
        One entry per owner (unowned tasks under ``(unassigned)``), sorted by how many
        tasks need attention, then by open count, then by name; tasks by priority and due.
    """
    people: dict[str, PersonLoad] = {}
    for task in tasks:
        if not task.is_open:
            continue
        owner = task.owner or UNASSIGNED
        person = people.get(owner)
        if person is None:
            person = people[owner] = PersonLoad(owner)
        person.open.append(task)
        person.overdue += task.is_overdue(today)
        person.blocked += task.status is TaskStatus.BLOCKED
        person.waiting += task.status is TaskStatus.WAITING
        updated = last_update(task, notes_by_task.get(task.id, ()))
        person.stale += is_stale(task, updated, today, settings)
    for person in people.values():
        person.open.sort(key=backlog_key)
    return sorted(people.values(),
                  key=lambda p: (-p.attention, -len(p.open), p.owner == UNASSIGNED, p.owner))


# -- attention strip ------------------------------------------------------------------------
@dataclass(frozen=True)
class Attention:
    """What needs the manager now, counted."""

    overdue: int = 0
    blocked: int = 0
    stale: int = 0
    unconfirmed: int = 0
    """Resource requests still waiting for confirmation."""
    metric_alerts: int = 0
    unescalated: int = 0
    """Open S1/S2 incidents not escalated yet."""


@dataclass(frozen=True)
class TaskBuckets:
    """Open tasks sorted into the attention lists (each by priority, then due)."""

    overdue: list[Task]
    blocked: list[Task]
    stale: list[Task]
    unconfirmed: list[Task]
    """Open tasks waiting on a resource request that is not confirmed."""


def task_buckets(tasks: Iterable[Task], notes_by_task: Mapping[str, Sequence[ProgressNote]],
                 requests: Iterable[ResourceRequest], today: date, settings: Settings
                 ) -> TaskBuckets:
    """Sort the open tasks into overdue, blocked, stale and waiting-on-resources lists, each
    by priority, then due date (``follow_up.DayWork``, which keeps them between changes)."""
    from opstui.domain.follow_up import DayWork

    work = DayWork()
    work.update({t.id: t for t in tasks}, None, notes_by_task, requests, today, settings)
    return work.buckets()


def unconfirmed_requests(requests: Iterable[ResourceRequest]) -> int:
    """How many resource requests still wait for a confirmation."""
    return sum(r.status is ResourceStatus.REQUESTED for r in requests)


# -- reviews --------------------------------------------------------------------------------
def review_problem(review: ReviewCheck) -> str | None:
    """Why ``review``'s outcome cannot stand, or None.

    Rejected needs a reason; approved needs every checklist item passed.
    """
    if not review.items:
        return "a review needs at least one checklist item"
    if review.outcome is ReviewOutcome.REJECTED and not review.reason.strip():
        return "a rejection needs a reason"
    if review.outcome is ReviewOutcome.APPROVED:
        failed = [i.label for i in review.items if i.passed is not True]
        if failed:
            return f"cannot approve: not passed: {', '.join(failed)}"
    return None


# -- incidents ------------------------------------------------------------------------------
SEVERE = (Severity.S1, Severity.S2)


def escalate(incident: Incident, to: str, at: datetime, note: str = "",
             inform: Iterable[str] = ()) -> Incident:
    """``incident`` escalated to ``to`` at ``at``; departments in ``inform`` are noted as told.

    Raises:
        TrackingError: The incident is resolved, or nobody to escalate to.
        pydantic.ValidationError: A name is too long.
    """
    if not incident.is_open:
        raise TrackingError("the incident is resolved; reopen it before escalating")
    if not to.strip():
        raise TrackingError("escalate to whom? (a name)")
    informed = list(dict.fromkeys([*incident.departments_informed, *inform]))
    escalation = Escalation(to=to, at=at, note=note.strip())
    return incident.evolve(escalations=[*incident.escalations, escalation],
                           departments_informed=informed)


def resolve(incident: Incident, cause: str, resolution: str, at: datetime) -> Incident:
    """``incident`` resolved at ``at``, with its cause and what was done.

    Raises:
        TrackingError: Cause or resolution missing, or already resolved.
    """
    if not incident.is_open:
        raise TrackingError("the incident is already resolved")
    if not cause.strip() or not resolution.strip():
        raise TrackingError("resolving needs both the cause and the resolution")
    return incident.evolve(resolved_at=at, cause=cause.strip(), resolution=resolution.strip())


def incident_key(incident: Incident) -> tuple[bool, bool, str, float]:
    """Sort key: open first, unescalated severe first, then severity, newest first."""
    return (not incident.is_open, not incident.needs_escalation, incident.severity.value,
            -incident.opened_at.timestamp())


def unescalated(incidents: Iterable[Incident]) -> int:
    """How many open S1/S2 incidents have not been escalated."""
    return sum(i.needs_escalation for i in incidents)
