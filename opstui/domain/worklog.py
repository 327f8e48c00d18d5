"""The day's shutdown: the day's facts and a drafted work log (工作日志); the unfinished planned
tasks are rolled or unplanned with ``rollover.roll_over``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from opstui.domain.models import LogEntry, Reading, TaskStatus
from opstui.domain.report import (
    DecisionLine,
    IncidentLine,
    Records,
    TaskLine,
    metric_status,
)
from opstui.domain.report_words import anomaly_text
from opstui.domain.views import backlog_key, finished_on, log_for, planned_tasks


@dataclass(frozen=True)
class NoteLine:
    """A progress note written on the day."""

    at: datetime
    task: str
    text: str
    percent: int | None


@dataclass(frozen=True)
class AlertLine:
    """A metric reading of the day that is off target or moved sharply."""

    metric: str
    unit: str
    value: float
    target: float | None
    status: str
    """``anomaly`` (an unusual reading), else the status against the target."""
    change_pct: float | None
    note: str
    """The cause the user noted on the reading ("" when none was)."""
    z: float | None = None
    pct: float | None = None
    reasons: tuple[str, ...] = ()
    """The anomaly rules that fired (``metrics.Verdict.reasons``), said per language by
    ``report_words.anomaly_text``."""


@dataclass
class DayReport:
    """What happened on one day: the raw material of its work log."""

    day: date
    done: list[TaskLine] = field(default_factory=list)
    notes: list[NoteLine] = field(default_factory=list)
    decisions: list[DecisionLine] = field(default_factory=list)
    alerts: list[AlertLine] = field(default_factory=list)
    incidents: list[IncidentLine] = field(default_factory=list)
    unfinished: list[TaskLine] = field(default_factory=list)
    """Planned for the day and still open."""
    tomorrow: list[TaskLine] = field(default_factory=list)
    """Tomorrow's plan, or the most urgent open work when there is none."""
    log: LogEntry | None = None


def metric_alerts(records: Records, day: date) -> list[AlertLine]:
    """Readings of ``day`` worth a line in the log: anomalies (the During pane's rules in
    ``metrics.judge``), a fall from on/near target to off target, or a noted cause.

    A metric that is simply below a long-term target every day is not news and is left out.
    """
    from opstui.domain.metrics import change, judge

    by_metric: dict[str, list[Reading]] = {}
    for reading in records.readings:
        if reading.day <= day:
            by_metric.setdefault(reading.metric_id, []).append(reading)
    out = []
    for metric in records.metrics:
        own = sorted(by_metric.get(metric.id, []), key=lambda r: r.day)
        if not own or own[-1].day != day:
            continue
        reading = own[-1]
        status = metric_status(reading.value, metric.target, metric.direction, metric.warn_pct)
        before = own[-2] if len(own) > 1 else None
        _, change_pct = change(reading.value, before.value if before is not None else None)
        crossed = status == "alert" and before is not None and metric_status(
            before.value, metric.target, metric.direction, metric.warn_pct) in ("ok", "warn")
        verdict = judge([r.value for r in own[:-1]], reading.value, metric.direction,
                        metric.anomaly)
        if verdict.anomalous or crossed or reading.note.strip():
            out.append(AlertLine(metric.name, metric.unit, reading.value, metric.target,
                                 "anomaly" if verdict.anomalous else status, change_pct,
                                 reading.note.strip(), verdict.z, verdict.pct,
                                 verdict.reasons))
    return out


def day_report(records: Records, day: date) -> DayReport:
    """Gather the facts of ``day`` for its work log."""
    report = DayReport(day=day)
    tasks = {t.id: t for t in records.tasks}
    report.done = [TaskLine.of(t) for t in finished_on(tasks.values(), day)
                   if t.status is TaskStatus.DONE]
    report.notes = [NoteLine(n.at, tasks[n.task_id].title if n.task_id in tasks else "?",
                             n.text, n.percent)
                    for n in sorted(records.notes, key=lambda n: n.at)
                    if n.at.date() == day]
    for meeting in sorted((m for m in records.meetings if m.day == day),
                          key=lambda m: m.created_at):
        report.decisions += [DecisionLine(day, meeting.title, d) for d in meeting.decisions]
    report.alerts = metric_alerts(records, day)
    for incident in records.incidents:
        touched = [incident.opened_at, incident.resolved_at, *(e.at for e in incident.escalations)]
        if any(m is not None and m.date() == day for m in touched):
            report.incidents.append(IncidentLine(
                incident.title, incident.severity, incident.owner, incident.opened_at,
                incident.resolved_at if incident.resolved_at and incident.resolved_at.date() <= day
                else None, tuple(e.to for e in incident.escalations),
                tuple(incident.departments_informed), incident.resolution.strip()))
    plans = {p.day: p for p in records.plans}
    planned = planned_tasks(plans.get(day), tasks)
    report.unfinished = [TaskLine.of(t) for t in planned if t.is_open]
    following = planned_tasks(plans.get(day + timedelta(days=1)), tasks)
    upcoming = [t for t in following if t.is_open]
    if not upcoming:
        upcoming = sorted((t for t in tasks.values() if t.is_open and t.due is not None
                           and t.due <= day + timedelta(days=3)), key=backlog_key)
    report.tomorrow = [TaskLine.of(t) for t in upcoming]
    report.log = log_for(records.logs, day)
    return report


@dataclass
class LogDraft:
    """The editable parts of a work log."""

    summary: str = ""
    highlights: str = ""
    problems: str = ""
    solutions: str = ""
    tomorrow: list[str] = field(default_factory=list)


def draft_log(report: DayReport, lang: str = "en") -> LogDraft:
    """The work log to start from: the saved one if there is one, else drafted from the day.

    Args:
        report: The day's facts.
        lang: ``en`` or ``zh`` for the few words the draft adds.
    """
    if report.log is not None:
        entry = report.log
        return LogDraft(entry.summary, entry.highlights, entry.problems, entry.solutions,
                        list(entry.tomorrow))
    zh = lang == "zh"
    done = sorted(report.done, key=lambda t: t.priority.value)
    parts = []
    if report.done:
        parts.append(f"完成 {len(report.done)} 项任务" if zh else
                     f"{len(report.done)} task{'s' * (len(report.done) != 1)} done")
    if report.unfinished:
        parts.append(f"{len(report.unfinished)} 项计划未完成" if zh else
                     f"{len(report.unfinished)} planned not finished")
    if report.incidents:
        parts.append(f"{len(report.incidents)} 个问题" if zh else
                     f"{len(report.incidents)} incident{'s' * (len(report.incidents) != 1)}")
    highlights = [t.title for t in done[:5]] + [d.decision for d in report.decisions[:3]]
    problems, solutions = [], []
    for incident in report.incidents:
        problems.append(f"[{incident.severity.value}] {incident.title}")
        if incident.resolution:
            solutions.append(incident.resolution)
    from opstui.domain.metrics import format_number

    for alert in report.alerts:
        # As the metric board writes numbers: ``DAU: 80,000 users (target 117,600)``.
        target = ""
        if alert.target is not None:
            shown = format_number(alert.target, "%" if alert.unit == "%" else "")
            target = f"（目标 {shown}）" if zh else f" (target {shown})"
        why = alert.note or anomaly_text(alert.z, alert.pct, alert.reasons, lang)
        colon = "：" if zh else ": "
        problems.append(f"{alert.metric}{colon}{format_number(alert.value, alert.unit)}"
                        f"{target}" + (f" — {why}" if why else ""))
    return LogDraft(
        summary=("; " if not zh else "；").join(parts),
        highlights="\n".join(f"- {h}" for h in highlights),
        problems="\n".join(f"- {p}" for p in problems),
        solutions="\n".join(f"- {s}" for s in solutions),
        tomorrow=[t.title for t in report.tomorrow[:3]],
    )


def save_log(existing: LogEntry | None, day: date, draft: LogDraft) -> LogEntry:
    """The work log of ``day`` with ``draft``'s text: the existing one updated (one per day),
    or a new one.

    Raises:
        pydantic.ValidationError: More than three items for tomorrow.
    """
    fields: dict[str, Any] = {"summary": draft.summary.strip(),
                              "highlights": draft.highlights.strip(),
                              "problems": draft.problems.strip(),
                              "solutions": draft.solutions.strip(),
                              "tomorrow": [t.strip() for t in draft.tomorrow if t.strip()]}
    if existing is not None:
        return existing.evolve(**fields)
    return LogEntry(day=day, **fields)
