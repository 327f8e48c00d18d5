"""The During pane's detail boxes and table rows, as literal rich Text (never markup)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text

from opstui.domain.metrics import BoardRow, format_number
from opstui.domain.models import (
    Incident,
    Meeting,
    ProgressNote,
    ReviewCheck,
    ReviewOutcome,
    Task,
)
from opstui.domain.people import Feedback
from opstui.domain.tracking import FollowUp, PersonLoad
from opstui.ui.widgets.metric_board import STATUS_STYLE, spark_text, status_reason
from opstui.ui.widgets.record_table import Row

OUTCOME_STYLE = {ReviewOutcome.APPROVED: "bold green", ReviewOutcome.REJECTED: "bold red",
                 ReviewOutcome.PENDING: "yellow"}
SEVERITY_STYLE = {"S1": "bold white on red", "S2": "bold red", "S3": "yellow", "S4": "dim"}


def task_detail(task: Task | None, follow: FollowUp | None = None,
                notes: Sequence[ProgressNote] = ()) -> Text:
    """The highlighted task: title, facts, last update (stale flag), reason, recent notes."""
    if task is None:
        return Text("")
    text = Text(task.title, style="bold")
    facts = [f"#{task.short_id}", task.priority.value, task.status.value, f"{task.percent}%"]
    if task.owner:
        facts.append(f"owner {task.owner}")
    if task.due:
        facts.append(f"due {task.due.isoformat()}")
    if task.estimate_minutes:
        from opstui.domain.dates import format_duration

        facts.append(f"est. {format_duration(task.estimate_minutes)}")
    if task.tags:
        facts.append(" ".join(f"#{tag}" for tag in task.tags))
    text.append("\n" + " · ".join(facts))
    if follow is not None:
        text.append(f"\nLast update {follow.updated:%Y-%m-%d %H:%M}")
        if follow.stale:
            text.append(f"  FOLLOW UP: quiet for {follow.days_quiet} days", style="bold red")
        if follow.overdue:
            text.append("  OVERDUE", style="bold red")
    if task.status.needs_reason and task.status_reason:
        text.append(f"\n{task.status.value.capitalize()}: {task.status_reason}")
    elif task.acceptance:
        text.append(f"\nAccepted when: {task.acceptance}")
    for note in list(notes)[-3:][::-1]:
        pct = f" {note.percent}%" if note.percent is not None else ""
        text.append(f"\n  {note.at:%m-%d %H:%M}{pct}  ", style="dim")
        text.append(note.text.replace("\n", " "))
    return text


def person_line(owner: str, feedback: Sequence[Feedback], last_sync: str | None) -> Text:
    """One line on a team member above their task's detail: when they last synced (team
    sync) and the newest feedback note (private, from this machine)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(owner, style="bold")
    if last_sync:
        text.append(f" · synced {last_sync}", style="dim")
    if feedback:
        newest = max(feedback, key=lambda f: (f.day, f.created_at))
        text.append(f" · {len(feedback)} feedback, newest {newest.day:%m-%d} "
                    f"{newest.kind.value}: ", style="dim")
        text.append(newest.text.splitlines()[0] if newest.text else "")
    text.append("\n")
    return text


def person_row(person: PersonLoad) -> Row:
    """A team-view row: owner and counts, non-zero trouble counts stand out."""
    def count(number: int, style: str = "bold red") -> Text:
        return Text(str(number), style=style if number else "dim", justify="right")
    return (person.owner, [Text(person.owner, no_wrap=True), count(len(person.open), ""),
                           count(person.overdue), count(person.blocked),
                           count(person.waiting, "yellow"), count(person.stale)])


def meeting_row(meeting: Meeting, open_actions: int) -> Row:
    """A meeting row: day, title, departments, open action items."""
    return (meeting.id, [meeting.day.isoformat(), meeting.title, ", ".join(meeting.departments),
                         Text(str(open_actions), style="bold yellow" if open_actions else "dim",
                              justify="right")])


def meeting_detail(meeting: Meeting | None, actions: Sequence[Task],
                   carried: Sequence[Task]) -> Text:
    """Minutes, decisions, this meeting's action items, and earlier open ones."""
    if meeting is None:
        return Text("")
    text = Text(meeting.title, style="bold")
    text.append(f"\n{meeting.day.isoformat()}")
    if meeting.departments:
        text.append(f" · {', '.join(meeting.departments)}")
    if meeting.attendees:
        text.append(f"\nAttendees: {', '.join(meeting.attendees)}")
    if meeting.minutes.strip():
        text.append("\n\nMinutes\n", style="bold")
        text.append(meeting.minutes.strip())
    if meeting.decisions:
        text.append("\n\nDecisions\n", style="bold")
        text.append("\n".join(f"· {d}" for d in meeting.decisions))
    text.append("\n\nAction items\n", style="bold")
    if not actions:
        text.append("none", style="dim")
    for task in actions:
        _action_line(text, task)
    if carried:
        text.append("\n\nStill open from earlier meetings\n", style="bold yellow")
        for task in carried:
            _action_line(text, task)
    return text


def _action_line(text: Text, task: Task) -> None:
    mark = "✓" if not task.is_open else "·"
    text.append(f"{mark} {task.short_id} ", style="dim")
    text.append(task.title)
    facts = [task.owner or "no owner", task.status.value]
    if task.due:
        facts.append(f"due {task.due.isoformat()}")
    text.append(f"  ({', '.join(facts)})\n", style="dim")


def review_row(review: ReviewCheck) -> Row:
    """A review row: day, deliverable, kind, items passed, outcome."""
    passed = sum(i.passed is True for i in review.items)
    return (review.id, [review.day.isoformat(), review.deliverable, review.kind,
                        Text(f"{passed}/{len(review.items)}", justify="right"),
                        Text(review.outcome.value, style=OUTCOME_STYLE[review.outcome])])


def review_detail(review: ReviewCheck | None) -> Text:
    """The checklist with pass/fail and notes, the outcome and its reason."""
    if review is None:
        return Text("")
    text = Text(review.deliverable, style="bold")
    who = f" · reviewer {review.reviewer}" if review.reviewer else ""
    text.append(f"\n{review.kind} · {review.day.isoformat()}{who}\n")
    for item in review.items:
        mark, style = {True: ("✓ pass", "green"), False: ("✗ fail", "bold red"),
                       None: ("? open", "yellow")}[item.passed]
        text.append(f"{mark}  ", style=style)
        text.append(item.label)
        if item.note:
            text.append(f" — {item.note}", style="dim")
        text.append("\n")
    text.append(f"Outcome: {review.outcome.value}", style=OUTCOME_STYLE[review.outcome])
    if review.reason:
        text.append(f" — {review.reason}")
    return text


def incident_row(incident: Incident) -> Row:
    """An incident row: severity, state (who it was escalated to), owner, title."""
    if incident.needs_escalation:
        state = Text("NOT ESCALATED", style="bold red")
    else:
        state = Text("resolved" if not incident.is_open else "open",
                     style="green" if not incident.is_open else "")
        if incident.escalations:
            state.append(f" ↑ {incident.escalations[-1].to}", style="yellow")
    return (incident.id, [Text(incident.severity.value,
                               style=SEVERITY_STYLE[incident.severity.value]),
                          state, incident.owner or "", f"{incident.opened_at:%m-%d %H:%M}",
                          incident.title])


def incident_detail(incident: Incident | None, linked: str = "") -> Text:
    """Everything about an incident: escalations (to whom, when, note), cause, resolution."""
    if incident is None:
        return Text("")
    text = Text(f"{incident.severity.value} ", style=SEVERITY_STYLE[incident.severity.value])
    text.append(incident.title, style="bold")
    text.append(f"\n#{incident.short_id} · opened {incident.opened_at:%Y-%m-%d %H:%M}")
    if incident.owner:
        text.append(f" · owner {incident.owner}")
    if linked:
        text.append(f"\n{linked}", style="dim")
    if incident.description.strip():
        text.append(f"\n{incident.description.strip()}")
    if incident.needs_escalation:
        text.append("\nNot escalated yet: press e to escalate", style="bold red")
    for esc in incident.escalations:
        text.append(f"\nEscalated to {esc.to} at {esc.at:%Y-%m-%d %H:%M}", style="yellow")
        if esc.note:
            text.append(f": {esc.note}")
    if incident.departments_informed:
        text.append(f"\nInformed: {', '.join(incident.departments_informed)}")
    if incident.resolved_at is not None:
        text.append(f"\nResolved {incident.resolved_at:%Y-%m-%d %H:%M}", style="green")
        text.append(f"\nCause: {incident.cause}\nResolution: {incident.resolution}")
    return text


def metric_detail(row: BoardRow | None, as_of: date) -> Text:
    """The highlighted metric: definition, rule, anomalies of the last 30 readings."""
    if row is None:
        return Text("")
    metric = row.metric
    rule = metric.anomaly
    text = Text(f"{metric.name}", style="bold")
    better = "higher" if metric.direction == "up" else "lower"
    text.append(f"  {metric.key} · {metric.cadence.value} · {better} is better · warn within "
                f"{metric.warn_pct:g}% of target · anomaly: z ≥ {rule.z_threshold:g} over "
                f"{rule.window} readings")
    if rule.pct_change:
        text.append(f" or {rule.pct_change:g}% change")
    text.append("\nStatus ")
    text.append(status_reason(row), style=STATUS_STYLE[row.status])
    if row.spark:
        text.append("\nLast 30: ")
        text.append_text(spark_text(row))
        text.append(f"  {format_number(min(row.spark), metric.unit)} – "
                    f"{format_number(max(row.spark), metric.unit)}", style="dim")
    if row.latest is not None:
        text.append(f"\nLatest {row.latest.day.isoformat()}: "
                    f"{format_number(row.latest.value, metric.unit)}")
        if row.latest.note:
            text.append(f" — {row.latest.note}")
    if row.week_ago is not None:
        text.append(f" · same day last week {format_number(row.week_ago.value, metric.unit)}")
    if not row.verdict.judged and row.latest is not None:
        text.append(f"\nNo anomaly verdict: fewer than {rule.window} earlier readings",
                    style="dim")
    for anomaly in row.anomalies:
        reading = anomaly.reading
        style = "green" if anomaly.investigated else "bold red"
        text.append(f"\nAnomaly {reading.day.isoformat()} "
                    f"{format_number(reading.value, metric.unit)} ({anomaly.verdict.summary})",
                    style=style)
        if reading.note:
            text.append(f" — cause: {reading.note}")
        elif anomaly.investigated:
            text.append(" — being investigated")
        else:
            text.append(" — press x to open an investigate task", style="dim")
    return text
