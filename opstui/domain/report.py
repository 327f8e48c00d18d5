"""Gathering the week (周报) and the day: what belongs to an ISO week, as a typed report model.

Rendering lives in ``report_markdown``; this module only decides what belongs where. Every
function takes the records it needs and ``today``; nothing is read from a store or a clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from opstui.domain.dates import Period, parse_period, week_period
from opstui.domain.models import (
    DayPlan,
    Goal,
    Incident,
    LogEntry,
    Meeting,
    Metric,
    ProgressNote,
    Reading,
    ResourceRequest,
    ResourceStatus,
    Retrospective,
    Settings,
    SourceKind,
    Task,
    TaskStatus,
)
from opstui.domain.people import Finding, Stream
from opstui.domain.report_kpis import (  # noqa: F401 - re-exported for report users
    GoalLine,
    KpiLine,
    goal_line,
    goal_lines,
    goals_of,
    kpi_lines,
    mean_of,
    metric_status,
)
from opstui.domain.report_lines import (
    BudgetLine,
    DecisionLine,
    IncidentLine,
    InsightLine,
    ProblemLine,
    SlipLine,
    SupportLine,
    TaskLine,
)
from opstui.domain.views import backlog_key

INSIGHT_SECTIONS = ("insight", "try", "start", "stop", "problem")
"""Retro sections whose text is an insight worth reporting upward."""
_NUMBERED = re.compile(r"^(\d+[.)、]|[①-⑩])\s*")


@dataclass
class Records:
    """The records a report is gathered from (pass only what the period needs)."""

    tasks: Sequence[Task] = ()
    notes: Sequence[ProgressNote] = ()
    goals: Sequence[Goal] = ()
    metrics: Sequence[Metric] = ()
    readings: Sequence[Reading] = ()
    logs: Sequence[LogEntry] = ()
    meetings: Sequence[Meeting] = ()
    earlier_meetings: frozenset[str] = frozenset()
    """Ids of meetings before the period that ``meetings`` may leave out."""
    incidents: Sequence[Incident] = ()
    retros: Sequence[Retrospective] = ()
    plans: Sequence[DayPlan] = ()
    resources: Sequence[ResourceRequest] = ()
    findings: Sequence[Finding] = ()


@dataclass
class WeeklyReport:
    """Everything the weekly report (周报) says about one ISO week."""

    week: Period
    today: date
    done: list[TaskLine] = field(default_factory=list)
    created: int = 0
    cancelled: int = 0
    slipped: list[SlipLine] = field(default_factory=list)
    overdue: list[TaskLine] = field(default_factory=list)
    goals: list[GoalLine] = field(default_factory=list)
    kpis: list[KpiLine] = field(default_factory=list)
    highlights: list[str] = field(default_factory=list)
    problems: list[ProblemLine] = field(default_factory=list)
    incidents: list[IncidentLine] = field(default_factory=list)
    decisions: list[DecisionLine] = field(default_factory=list)
    open_actions: list[TaskLine] = field(default_factory=list)
    insights: list[InsightLine] = field(default_factory=list)
    retro_actions: list[tuple[str, int, int]] = field(default_factory=list)
    """Per retro held in the week: its title, improvement actions done, and in all."""
    next_week: list[TaskLine] = field(default_factory=list)
    support: list[SupportLine] = field(default_factory=list)
    in_progress: list[TaskLine] = field(default_factory=list)
    """Open tasks under way at the week's end (doing or waiting, or with some percent done)."""
    blocked: list[TaskLine] = field(default_factory=list)
    """Blocked tasks at the week's end, with why."""
    findings: list[Finding] = field(default_factory=list)
    """What the ongoing work (竞品, 用户调研, 团队建设, 流程优化) found this week."""
    budgets: list[BudgetLine] = field(default_factory=list)
    """Campaign budgets of the week's goals: planned against spent."""
    reporter: str = ""
    department: str = ""
    recipients: tuple[str, ...] = ()
    which: str = ""
    """``last`` or ``this`` when the week was chosen that way (the first line says so)."""

    @property
    def at_risk(self) -> list[GoalLine]:
        """Goals at risk or behind."""
        return [g for g in self.goals if g.status in ("at_risk", "behind")]

    @property
    def empty(self) -> bool:
        """True when nothing was recorded in the week: no task done, created, slipped or late,
        no log, meeting, incident or retro."""
        return not (self.done or self.created or self.cancelled or self.slipped or self.overdue
                    or self.highlights or self.problems or self.incidents or self.decisions
                    or self.insights)

    @property
    def kpis_on_target(self) -> int:
        """How many metrics met their target this week."""
        return sum(k.status == "ok" for k in self.kpis)

    @property
    def kpis_with_data(self) -> int:
        """How many metrics have a target and readings this week."""
        return sum(k.status in ("ok", "warn", "alert") for k in self.kpis)


def _in(moment: datetime | date | None, start: date, end: date) -> bool:
    if moment is None:
        return False
    day = moment.date() if isinstance(moment, datetime) else moment
    return start <= day <= end


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def late_reason(task: Task, notes: Sequence[ProgressNote] = ()) -> str:
    """Why an open task is late: its waiting/blocked reason, its last slip, its last note."""
    if task.status.needs_reason and task.status_reason.strip():
        return task.status_reason.strip()
    if task.slips:
        return task.slips[-1].reason
    if notes:
        return max(notes, key=lambda n: n.at).text
    return ""


def weekly_report(records: Records, week: Period, today: date) -> WeeklyReport:
    """Gather the weekly report of ``week`` (an ISO week, Monday to Sunday).

    Args:
        records: The records to draw from (tasks finished in the week must be included even
            when they are archived).
        week: The week, as ``week_period(day)`` or ``parse_period("2026-W47")`` gives it.
        today: Overdue and late support are judged as of the earlier of today and the
            week's last day.

    Returns:
        The report model; ``empty`` when nothing was recorded that week.
    """
    start, end = week.start, week.end
    as_of = min(today, end)
    report = WeeklyReport(week=week, today=today)
    notes_by_task: dict[str, list[ProgressNote]] = {}
    for note in records.notes:
        notes_by_task.setdefault(note.task_id, []).append(note)
    tasks = list(records.tasks)
    by_id = {t.id: t for t in tasks}

    done = [t for t in tasks if t.status is TaskStatus.DONE and _in(t.done_at, start, end)]
    done.sort(key=lambda t: (t.done_at or datetime.min))
    report.done = [TaskLine.of(t) for t in done]
    report.created = sum(_in(t.created_at, start, end) for t in tasks)
    report.cancelled = sum(t.status is TaskStatus.CANCELLED and _in(t.updated_at, start, end)
                           for t in tasks)
    report.slipped = sorted(
        (SlipLine(t.title, t.owner, s.day, s.action, s.reason)
         for t in tasks for s in t.slips if start <= s.day <= end),
        key=lambda s: (s.day, s.title))
    cutoff = end + timedelta(days=1) if today > end else today
    overdue = [t for t in tasks if t.is_overdue(cutoff) and t.created_at.date() <= end]
    overdue.sort(key=lambda t: (t.due or date.max, *backlog_key(t)[:1]))
    report.overdue = [TaskLine.of(t, late_reason(t, notes_by_task.get(t.id, ())))
                      for t in overdue]
    report.goals = goal_lines(records, start, end, as_of)
    report.kpis = kpi_lines(records.metrics, records.readings, week, records.goals, as_of)

    report.highlights = [t.title for t in done if t.highlight]
    for entry in sorted((e for e in records.logs if start <= e.day <= end), key=lambda e: e.day):
        if entry.highlight:
            report.highlights += [h for h in _lines(entry.highlights)
                                  if h not in report.highlights]
        if entry.problems.strip():
            report.problems.append(ProblemLine(entry.day, entry.problems.strip(), "",
                                               entry.solutions.strip()))
    for incident in sorted(records.incidents, key=lambda i: i.opened_at):
        opened = _in(incident.opened_at, start, end)
        open_then = incident.opened_at.date() <= end and (
            incident.resolved_at is None or incident.resolved_at.date() >= start)
        escalated = any(_in(e.at, start, end) for e in incident.escalations)
        if not (opened or open_then or escalated):
            continue
        report.incidents.append(IncidentLine(
            incident.title, incident.severity, incident.owner, incident.opened_at,
            incident.resolved_at if incident.resolved_at and incident.resolved_at.date() <= end
            else None, tuple(e.to for e in incident.escalations),
            tuple(incident.departments_informed), incident.resolution.strip()))
        if opened and (incident.cause.strip() or incident.resolution.strip()):
            report.problems.append(ProblemLine(incident.opened_at.date(), incident.title,
                                               incident.cause.strip(),
                                               incident.resolution.strip()))
    report.problems.sort(key=lambda p: p.day)
    meetings = sorted((m for m in records.meetings if start <= m.day <= end),
                      key=lambda m: (m.day, m.created_at))
    report.decisions = [DecisionLine(m.day, m.title, d) for m in meetings for d in m.decisions]
    this_week = {m.id for m in meetings}
    earlier = {m.id for m in records.meetings if m.day < start} | records.earlier_meetings
    actions = [t for t in tasks if t.is_open and t.source.kind is SourceKind.MEETING and (
        t.source.ref in this_week or (t.source.ref in earlier and t.is_overdue(cutoff)))]
    report.open_actions = [TaskLine.of(t, late_reason(t, notes_by_task.get(t.id, ())))
                           for t in sorted(actions, key=lambda t: (t.due or date.max,
                                                                   backlog_key(t)))]
    for retro in sorted((r for r in records.retros if start <= r.day <= end),
                        key=lambda r: r.day):
        for section in INSIGHT_SECTIONS:
            for line in _lines(retro.sections.get(section, "")):
                report.insights.append(InsightLine(retro.title, section,
                                                   _NUMBERED.sub("", line)))
        own = [t for t in tasks if t.source.kind is SourceKind.RETRO and t.source.ref == retro.id]
        report.retro_actions.append((retro.title, sum(t.status is TaskStatus.DONE for t in own),
                                     len(own)))
    report.next_week = [TaskLine.of(t) for t in next_week_tasks(records, end)]
    report.support = support_lines(records.resources, by_id, as_of)
    standing = [t for t in tasks if t.is_open and t.created_at.date() <= end]
    standing.sort(key=lambda t: (t.due or date.max, *backlog_key(t)))
    report.blocked = [TaskLine.of(t, late_reason(t, notes_by_task.get(t.id, ())))
                      for t in standing if t.status is TaskStatus.BLOCKED]
    report.in_progress = [
        TaskLine.of(t, _latest(notes_by_task.get(t.id, ()), end)) for t in standing
        if t.status in (TaskStatus.DOING, TaskStatus.WAITING)
        or (t.status is TaskStatus.TODO and t.percent > 0)]
    report.findings = sorted((f for f in records.findings if start <= f.day <= end),
                             key=lambda f: (list(Stream).index(f.stream), f.day))
    report.budgets = [BudgetLine(g.title, g.owner, g.budget_planned, g.budget_spent)
                      for g in goals_of(records.goals, start, end)
                      if g.budget_planned is not None or g.budget_spent is not None]
    return report


def _latest(notes: Sequence[ProgressNote], end: date) -> str:
    seen = [n for n in notes if n.at.date() <= end]
    return max(seen, key=lambda n: n.at).text if seen else ""


def next_week_tasks(records: Records, end: date) -> list[Task]:
    """Open tasks planned for, or due in, the week after ``end``, most urgent first."""
    start, stop = end + timedelta(days=1), end + timedelta(days=7)
    planned = {i for p in records.plans if start <= p.day <= stop for i in p.task_ids}
    found = [t for t in records.tasks if t.is_open and (
        t.id in planned or (t.due is not None and start <= t.due <= stop))]
    return sorted(found, key=backlog_key)


def support_lines(resources: Iterable[ResourceRequest], tasks: dict[str, Task], as_of: date
                  ) -> list[SupportLine]:
    """Resource requests still waiting for confirmation, soonest needed first."""
    waiting = [r for r in resources if r.status is ResourceStatus.REQUESTED]
    waiting.sort(key=lambda r: (r.needed_by or date.max, r.department))
    out = []
    for request in waiting:
        task = tasks.get(request.task_id)
        out.append(SupportLine(request.department, request.what, request.contact,
                               request.needed_by, task.title if task else "",
                               request.needed_by is not None and request.needed_by < as_of))
    return out


def addressed(report: WeeklyReport, settings: Settings, which: str = "") -> WeeklyReport:
    """``report`` with its header from ``settings`` (reporter, department, recipients), and
    ``which`` (``last``/``this``) when the week was chosen that way; returns it."""
    people = settings.report
    report.reporter, report.department = people.reporter, people.department
    report.recipients, report.which = tuple(people.recipients), which
    return report


def default_week(now: datetime) -> tuple[Period, str]:
    """The week a report is about when none is named: last week on a Monday before noon
    (the report is being written), else this week; with ``last`` or ``this``."""
    if now.weekday() == 0 and now.hour < 12:
        return week_period(now.date() - timedelta(days=7)), "last"
    return week_period(now.date()), "this"


def week_of(text: str | None, day: date) -> Period:
    """The ISO week ``text`` names (``2026-W47``, ``last``, ``this``), else the week holding
    ``day``.

    Raises:
        DateParseError: ``text`` is not a week.
    """
    if text and text.strip().lower() in ("last", "this"):
        back = 7 if text.strip().lower() == "last" else 0
        return week_period(day - timedelta(days=back))
    if text:
        period = parse_period(text)
        if "-W" not in period.label:
            from opstui.domain.dates import DateParseError

            raise DateParseError(f"not a week: {text.strip()!r} (try 2026-W47)")
        return period
    return week_period(day)
