"""The demo as it stood at a moment: what had not happened yet is taken out.

The demo's story runs to the end of its anchor week (a Friday). Moved into today's week,
part of that week may still lie ahead: on a Tuesday morning, Wednesday's meeting and
Thursday's notes have not happened. ``as_of(records, now)`` gives the records as they
stood at ``now``, one rule per kind of record:

- a record created after ``now`` does not exist yet (``drop_unborn``);
- a work log of today or later is not written: the day's evening, the shutdown (收工),
  is the user's to do (``drop_unborn``);
- a record of a later day (reading, meeting, review, retro, feedback, finding) has not
  happened (``drop_unborn``);
- a task finished or cancelled after ``now`` is still open (``reopened``): ``doing`` at
  the percent of its latest note kept (a task cancelled later with no progress noted is
  ``todo``), ``done_at`` cleared; a slip of today or later has
  not happened (the day is not over), and an open task's percent follows its kept notes;
- an incident resolved after ``now`` is open (``unresolved``), its later escalations gone;
- a resource request answered after ``now`` is still waiting for its answer
  (``unanswered``); a reading's cause noted after ``now`` is not noted yet (``unnoted``);
- day plans stay (a plan for tomorrow, made today, is fine) but lose dropped tasks;
- every reference to a record that does not exist is removed, or the record that only
  makes sense with it is dropped (``without_dangling``), so the copy passes
  ``opstui check``.

Only records are changed: this module reads no clock and writes no file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from opstui.domain.models import (
    DayPlan,
    Goal,
    Incident,
    LogEntry,
    ProgressNote,
    Reading,
    Record,
    ResourceRequest,
    ResourceStatus,
    Retrospective,
    ReviewCheck,
    Task,
    TaskStatus,
)


def as_of(records: Iterable[Record], now: datetime) -> list[Record]:
    """``records`` as they stood at ``now``: what happened later is undone or left out.

    Args:
        records: The demo's records, already moved into today's week.
        now: The moment to cut at (its date is today).

    Returns:
        The records that existed at ``now``, each as it was then, with no reference to a
        record that did not exist.
    """
    today = now.date()
    kept = [r for r in records if not drop_unborn(r, now)]
    notes: dict[str, list[ProgressNote]] = {}
    for record in kept:
        if isinstance(record, ProgressNote):
            notes.setdefault(record.task_id, []).append(record)
    dropped_notes = _note_counts(records, now)
    rewound: list[Record] = []
    for record in kept:
        if isinstance(record, Task):
            record = reopened(record, sorted(notes.get(record.id, []), key=lambda n: n.at),
                              now, notes_dropped=dropped_notes.get(record.id, 0) > 0)
            record = unslipped(record, today)
        elif isinstance(record, Incident):
            record = unresolved(record, now)
        elif isinstance(record, ResourceRequest):
            record = unanswered(record, now)
        elif isinstance(record, Reading):
            record = unnoted(record, now)
        rewound.append(record)
    return without_dangling(rewound)


def drop_unborn(record: Record, now: datetime) -> bool:
    """True for a record that did not exist yet at ``now``.

    A work log of today or later is not written yet (the shutdown is still to do); a record
    of a later day, or created after ``now``, has not happened. Day plans always stay.
    """
    if isinstance(record, DayPlan):
        return False
    day = getattr(record, "day", None)
    if isinstance(record, LogEntry):
        return record.day >= now.date()
    if isinstance(day, date) and day > now.date():
        return True
    if isinstance(record, Incident) and record.opened_at > now:
        return True
    return record.created_at > now


def _note_counts(records: Iterable[Record], now: datetime) -> dict[str, int]:
    """How many notes of each task were written after ``now``."""
    counts: dict[str, int] = {}
    for record in records:
        if isinstance(record, ProgressNote) and drop_unborn(record, now):
            counts[record.task_id] = counts.get(record.task_id, 0) + 1
    return counts


def reopened(task: Task, notes: list[ProgressNote], now: datetime, *,
             notes_dropped: bool = False) -> Task:
    """``task`` as it was at ``now``: finished later, it is still ``doing``; cancelled later,
    ``doing`` if progress was noted by then, else ``todo``.

    Args:
        task: The task.
        notes: Its progress notes written by ``now``, oldest first.
        now: The moment.
        notes_dropped: Some of its notes were written after ``now``: its percent (if it is
            open) and its last change follow the notes kept.
    """
    closed_later = (
        (task.done_at is not None and task.done_at > now)
        or (task.status is TaskStatus.CANCELLED and task.updated_at > now)
    )
    if not closed_later and not (notes_dropped and task.is_open):
        return task
    percents = [n.percent for n in notes if n.percent is not None]
    changes: dict[str, Any] = {"percent": percents[-1] if percents else 0}
    if closed_later:
        started = task.status is TaskStatus.DONE or bool(percents)
        changes.update(status=TaskStatus.DOING if started else TaskStatus.TODO, done_at=None,
                       reopen_status=None, reopen_percent=None)
    changes["updated_at"] = max([task.created_at, *(n.at for n in notes)])
    return task.model_copy(update=changes)


def unslipped(task: Task, today: date) -> Task:
    """``task`` without the slips of today or later: a planned day slips only once it is
    over. Its count of rolls loses the rolls taken out."""
    later = [s for s in task.slips if s.day >= today]
    if not later:
        return task
    rolls = sum(1 for s in later if s.action == "rolled")
    return task.model_copy(update={
        "slips": [s for s in task.slips if s.day < today],
        "rollover_count": max(0, task.rollover_count - rolls),
    })


def unresolved(incident: Incident, now: datetime) -> Incident:
    """``incident`` at ``now``: resolved later, it is open (no resolution yet); escalations
    after ``now`` have not happened."""
    changes: dict[str, Any] = {}
    if incident.resolved_at is not None and incident.resolved_at > now:
        changes.update(resolved_at=None, resolution="")
    escalations = [e for e in incident.escalations if e.at <= now]
    if len(escalations) != len(incident.escalations):
        changes["escalations"] = escalations
    return incident.model_copy(update=changes) if changes else incident


def unanswered(request: ResourceRequest, now: datetime) -> ResourceRequest:
    """``request`` at ``now``: answered (or chased) after ``now``, it is still requested,
    with no answer noted."""
    if request.updated_at <= now:
        return request
    return request.model_copy(update={
        "status": ResourceStatus.REQUESTED, "note": "", "updated_at": request.created_at})


def unnoted(reading: Reading, now: datetime) -> Reading:
    """``reading`` at ``now``: a cause written down after ``now`` is not written yet."""
    if reading.updated_at <= now:
        return reading
    return reading.model_copy(update={"note": "", "updated_at": reading.created_at})


_SOURCE_TABLES = {"meeting": "meetings", "retro": "retros", "metric": "metrics",
                  "incident": "incidents", "recurrence": "recurrences", "goal": "goals"}


def without_dangling(records: list[Record]) -> list[Record]:
    """``records`` with no reference to a record that is not among them.

    An optional reference (a task's goal, metric or dependencies; an incident's task or
    metric; a plan's tasks; a retro's goals and metrics) is removed. A record that only
    makes sense with what it points at is dropped: a task made from a meeting, retro or
    incident that does not exist, a note, resource request or review check of a dropped
    task, a reading of a dropped metric. Dropping may leave new dangling references, so
    this repeats until nothing changes.
    """
    while True:
        ids: dict[str, set[str]] = {}
        for record in records:
            ids.setdefault(record.table, set()).add(record.id)
        fixed = [_fixed(record, ids) for record in records]
        kept = [r for r in fixed if r is not None]
        if len(kept) == len(records) and all(a is b for a, b in zip(kept, records, strict=True)):
            return kept
        records = kept


def _fixed(record: Record, ids: dict[str, set[str]]) -> Record | None:
    """``record`` with its dangling optional references removed, or None to drop it."""
    def has(table: str, ref: str | None) -> bool:
        return ref is None or ref in ids.get(table, set())

    changes: dict[str, Any] = {}
    if isinstance(record, Task):
        kind = record.source.kind.value
        if kind in _SOURCE_TABLES and not has(_SOURCE_TABLES[kind], record.source.ref):
            return None
        if not has("goals", record.goal_id):
            changes["goal_id"] = None
        if not has("metrics", record.metric_id):
            changes["metric_id"] = None
        depends = [d for d in record.depends if has("tasks", d)]
        if depends != record.depends:
            changes["depends"] = depends
    elif isinstance(record, ProgressNote | ResourceRequest | ReviewCheck):
        if not has("tasks", record.task_id):
            return None
    elif isinstance(record, Reading):
        if not has("metrics", record.metric_id):
            return None
    elif isinstance(record, Goal):
        if not has("metrics", record.metric_id):
            changes["metric_id"] = None
    elif isinstance(record, Incident):
        for name, table in (("task_id", "tasks"), ("metric_id", "metrics")):
            if not has(table, getattr(record, name)):
                changes[name] = None
    elif isinstance(record, DayPlan):
        task_ids = [t for t in record.task_ids if has("tasks", t)]
        if task_ids != record.task_ids:
            changes["task_ids"] = task_ids
    elif isinstance(record, Retrospective):
        goal_ids = [g for g in record.goal_ids if has("goals", g)]
        metric_ids = [m for m in record.metric_ids if has("metrics", m)]
        if goal_ids != record.goal_ids or metric_ids != record.metric_ids:
            changes.update(goal_ids=goal_ids, metric_ids=metric_ids)
    return record.model_copy(update=changes) if changes else record
