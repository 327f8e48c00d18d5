"""Reading what a report needs from a repository: only the period's records are validated,
and archive files are opened only for periods old enough to have finished tasks there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from opstui.domain.models import (
    DayPlan,
    Finding,
    Goal,
    Incident,
    LogEntry,
    Meeting,
    Metric,
    ProgressNote,
    Reading,
    Record,
    ResourceRequest,
    Retrospective,
    Task,
)
from opstui.domain.report import Records
from opstui.store.repository import Repository

if TYPE_CHECKING:
    from opstui.domain.assessment import PeopleRecords

R = TypeVar("R", bound=Record)
ALERT_DAYS = 60
"""Readings this many days before a day are read to judge its anomalies (the usual window is
14 readings)."""
NOTE_DAYS = 7
"""Progress notes this many days before a period are read too (the latest word on late work)."""


def raw_where(repo: Repository, cls: type[R], keep: Callable[[dict[str, Any]], bool]
              ) -> list[R]:
    """Records of ``cls`` in the hot file whose stored document passes ``keep``, validated
    one by one (the rest of the table is never validated)."""
    docs = repo.raw_tables().get(cls.table, {})
    return [cls.model_validate(doc) for doc in docs.values() if keep(doc)]


def archive_years(repo: Repository, start: date, today: date) -> list[int]:
    """The archive years a period starting on ``start`` needs (none while it is recent)."""
    keep_days = repo.settings().archive_after_days
    if (today - start).days <= keep_days:
        return []
    return list(range(start.year, today.year + 1))


def tasks_between(repo: Repository, start: date, end: date, today: date) -> list[Task]:
    """Every current task, plus the archived ones finished or slipped from ``start`` on."""
    tasks = repo.all(Task)
    years = archive_years(repo, start, today)
    if years:
        low = start.isoformat()
        tasks += [t for t in repo.archived(Task, years=years)
                  if (t.done_at is not None and t.done_at.date().isoformat() >= low)
                  or any(s.day >= start for s in t.slips)]
    return tasks


def records_for(repo: Repository, start: date, end: date, today: date, *,
                reading_days: int = 7) -> Records:
    """The records a week's, a day's or a month's report is gathered from.

    Readings are read from ``reading_days`` before ``start`` (last week's numbers; a day's
    anomaly window) to ``end``; notes from ``NOTE_DAYS`` before ``start``.
    """
    first_reading = (start - timedelta(days=reading_days)).isoformat()
    last = end.isoformat()
    first_note = (start - timedelta(days=NOTE_DAYS)).isoformat()
    notes = raw_where(repo, ProgressNote, lambda d: first_note <= str(d.get("at", ""))[:10])
    meetings, earlier = _meetings(repo, start, end)
    return Records(
        tasks=tasks_between(repo, start, end, today),
        notes=notes,
        goals=repo.all(Goal),
        metrics=repo.all(Metric),
        readings=raw_where(repo, Reading,
                           lambda d: first_reading <= str(d.get("day", "")) <= last),
        logs=raw_where(repo, LogEntry, lambda d: start.isoformat() <= str(d.get("day", ""))
                       <= last),
        meetings=meetings,
        earlier_meetings=earlier,
        incidents=repo.all(Incident),
        retros=repo.all(Retrospective),
        plans=raw_where(repo, DayPlan, lambda d: start.isoformat() <= str(d.get("day", ""))
                        <= (end + timedelta(days=7)).isoformat()),
        resources=repo.all(ResourceRequest),
        findings=raw_where(repo, Finding, lambda d: start.isoformat() <= str(d.get("day", ""))
                           <= last),
    )



def people_for(repo: Repository) -> PeopleRecords:
    """What an assessment reads beside the report records: review checks, the journal (for
    reopenings), the entered scores and the feedback notes."""
    from opstui.domain.assessment import PeopleRecords
    from opstui.domain.models import Assessment, Feedback, JournalEntry, ReviewCheck

    return PeopleRecords(reviews=repo.all(ReviewCheck), journal=repo.all(JournalEntry),
                         assessments=repo.all(Assessment), feedback=repo.all(Feedback))


def _meetings(repo: Repository, start: date, end: date) -> tuple[list[Meeting], frozenset[str]]:
    """Meetings of the period, validated; the ids of earlier ones (their action items may
    still be open), read without validating their minutes."""
    low, high = start.isoformat(), end.isoformat()
    docs = repo.raw_tables().get(Meeting.table, {}).values()
    found = [Meeting.model_validate(d) for d in docs if low <= str(d.get("day", "")) <= high]
    earlier = frozenset(str(d["id"]) for d in docs if "id" in d and str(d.get("day", "")) < low)
    return found, earlier
