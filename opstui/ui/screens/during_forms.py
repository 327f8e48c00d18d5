"""The During pane's forms: status, note, meeting, review, metric, reading, incident, escalate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rich.text import Text

from opstui.domain.dates import DateParseError, parse_date
from opstui.domain.metrics import NotANumber, format_number, parse_value
from opstui.domain.models import (
    AnomalyRule,
    CheckItem,
    Incident,
    Meeting,
    Metric,
    ProgressNote,
    Reading,
    ReviewCheck,
    ReviewOutcome,
    Severity,
    Task,
    TaskStatus,
)
from opstui.domain.tracking import (
    ActionItem,
    change_status,
    escalate,
    parse_action_items,
    resolve,
    review_problem,
    split_names,
    status_problem,
)
from opstui.ui.screens.field_form import Check, FieldForm, FormField, FormProblem


# -- checks -------------------------------------------------------------------------------
def required(what: str) -> Check:
    """Non-empty text."""
    return lambda text: (bool(text.strip()), "" if text.strip() else f"{what} is required")


def date_check(today: date, *, optional: bool = False) -> Check:
    """A date as people type it; the parsed date is shown back."""
    def check(text: str) -> tuple[bool, str]:
        if not text.strip():
            return optional, "" if optional else "a date is required"
        try:
            return True, f"→ {parse_date(text, today).strftime('%a %Y-%m-%d')}"
        except DateParseError as exc:
            return False, str(exc)
    return check


def number_check(*, optional: bool = False) -> Check:
    """A finite number."""
    def check(text: str) -> tuple[bool, str]:
        if not text.strip():
            return optional, "" if optional else "a number is required"
        try:
            return True, f"→ {parse_value(text):g}"
        except NotANumber as exc:
            return False, str(exc)
    return check


def percent_check(text: str) -> tuple[bool, str]:
    """Empty, or a whole number 0-100."""
    raw = text.strip().rstrip("%")
    if not raw:
        return True, "optional: percent done (also updates the task)"
    if not raw.isdigit() or int(raw) > 100:
        return False, "percent must be a whole number from 0 to 100"
    return True, f"→ {int(raw)}%"


def _date(text: str, today: date) -> date:
    try:
        return parse_date(text, today)
    except DateParseError as exc:
        raise FormProblem(str(exc)) from None


# -- status and notes -------------------------------------------------------------------------
STATUS_OPTIONS = [(s.value, s.value) for s in TaskStatus]


def status_form(task: Task, now: datetime) -> FieldForm[Task]:
    """Change the status of ``task``; waiting and blocked need a reason."""
    def reason_check(text: str) -> tuple[bool, str]:
        return True, "required for waiting and blocked" if not text.strip() else ""

    def build(values: dict[str, str]) -> Task:
        status = TaskStatus(values["status"])
        problem = status_problem(status, values["reason"])
        if problem:
            raise FormProblem(problem)
        return change_status(task, status, values["reason"], now)

    return FieldForm(f"Status: {task.title}"[:70], [
        FormField("status", "Status", task.status.value, kind="select", options=STATUS_OPTIONS),
        FormField("reason", "Reason (waiting for whom? blocked by what?)", task.status_reason,
                  check=reason_check),
    ], build)


@dataclass(frozen=True)
class NoteInput:
    """A progress note to add."""

    text: str
    percent: int | None


def note_form(task: Task, notes: Sequence[ProgressNote]) -> FieldForm[NoteInput]:
    """Add a progress note, optionally with percent done; recent notes are shown."""
    def build(values: dict[str, str]) -> NoteInput:
        raw = values["percent"].strip().rstrip("%")
        return NoteInput(values["text"].strip(), int(raw) if raw else None)

    extra = Text("Recent notes:\n" if notes else "No notes yet.")
    for note in notes[-5:]:
        pct = f" {note.percent}%" if note.percent is not None else ""
        extra.append(f"{note.at:%m-%d %H:%M}{pct}  {note.text}\n")
    return FieldForm(f"Note: {task.title}"[:70], [
        FormField("text", "Progress note", check=required("the note")),
        FormField("percent", "Percent done", str(task.percent), check=percent_check),
    ], build, extra=extra)


# -- meetings -------------------------------------------------------------------------------
@dataclass(frozen=True)
class MeetingInput:
    """A meeting and the action items to add as tasks."""

    meeting: Meeting
    actions: list[ActionItem]


def meeting_form(meeting: Meeting | None, today: date, carried: Sequence[Task] = ()
                 ) -> FieldForm[MeetingInput]:
    """Write (or edit) a meeting; new action items become tasks when saved."""
    base = meeting or Meeting(day=today, title="untitled")

    def actions_check(text: str) -> tuple[bool, str]:
        from opstui.domain.tracking import TrackingError

        try:
            items = parse_action_items(text, today)
        except TrackingError as exc:
            return False, str(exc)
        shown = [f"{i.title} · {i.owner or 'no owner'} · "
                 f"{i.due.isoformat() if i.due else 'no due date'}" for i in items]
        return True, "\n".join(shown) or "one a line: what | owner | due (new tasks)"

    def build(values: dict[str, str]) -> MeetingInput:
        actions = parse_action_items(values["actions"], today)
        decisions = [d.strip() for d in values["decisions"].splitlines() if d.strip()]
        new = base.evolve(day=_date(values["day"], today), title=values["title"],
                          departments=split_names(values["departments"]),
                          attendees=split_names(values["attendees"]),
                          minutes=values["minutes"], decisions=decisions)
        return MeetingInput(new, actions)

    extra = None
    if carried:
        extra = Text("Still open from earlier meetings:\n", style="bold")
        for task in carried:
            due = f" due {task.due.isoformat()}" if task.due else ""
            extra.append(f"· {task.title} ({task.owner or 'no owner'}{due}, "
                         f"{task.status.value})\n", style="")
    return FieldForm("Meeting 会议纪要" if meeting is None else f"Meeting: {base.title}"[:70], [
        FormField("day", "Date", base.day.isoformat(), check=date_check(today)),
        FormField("title", "Title", "" if meeting is None else base.title,
                  check=required("a title")),
        FormField("departments", "Departments (comma separated)", ", ".join(base.departments)),
        FormField("attendees", "Attendees (comma separated)", ", ".join(base.attendees)),
        FormField("minutes", "Minutes", base.minutes, kind="text"),
        FormField("decisions", "Decisions (one a line)", "\n".join(base.decisions), kind="text"),
        FormField("actions", "New action items (one a line: what | owner | due)", "",
                  kind="text", check=actions_check),
    ], build, extra=extra)


# -- reviews --------------------------------------------------------------------------------
OUTCOMES = [(o.value, o.value) for o in ReviewOutcome]
_MARKS = {"pass": True, "ok": True, "y": True, "yes": True, "✓": True,
          "fail": False, "no": False, "n": False, "x": False, "✗": False,
          "": None, "?": None, "-": None}


def checklist_text(items: Sequence[CheckItem]) -> str:
    """The checklist as editable lines: ``label | pass/fail/? | note``."""
    marks = {True: "pass", False: "fail", None: "?"}
    return "\n".join(f"{i.label} | {marks[i.passed]}" + (f" | {i.note}" if i.note else "")
                     for i in items)


def parse_checklist(text: str) -> list[CheckItem]:
    """Read ``label | pass/fail/? | note`` lines.

    Raises:
        FormProblem: A line without a label, or a mark that is not pass/fail/?.
    """
    items = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        label, mark, note = ([p.strip() for p in line.split("|", 2)] + ["", ""])[:3]
        if not label:
            raise FormProblem(f"checklist line {number} has no label")
        if mark.lower() not in _MARKS:
            raise FormProblem(f"checklist line {number}: mark {mark!r} is not pass, fail or ?")
        items.append(CheckItem(label=label, passed=_MARKS[mark.lower()], note=note))
    if not items:
        raise FormProblem("the checklist needs at least one item")
    return items


def review_form(review: ReviewCheck | None, today: date) -> FieldForm[ReviewCheck]:
    """Write (or edit) a review check: checklist, pass/fail per item, outcome and reason."""
    base = review or ReviewCheck(day=today, deliverable="untitled")

    def checklist_check(text: str) -> tuple[bool, str]:
        try:
            items = parse_checklist(text)
        except FormProblem as exc:
            return False, str(exc)
        failed = sum(i.passed is False for i in items)
        unchecked = sum(i.passed is None for i in items)
        return True, f"{len(items)} items · {failed} failed · {unchecked} not checked"

    def build(values: dict[str, str]) -> ReviewCheck:
        new = base.evolve(day=_date(values["day"], today), deliverable=values["deliverable"],
                          kind=values["kind"].strip() or "copy",
                          reviewer=values["reviewer"].strip() or None,
                          items=[i.model_dump() for i in parse_checklist(values["items"])],
                          outcome=values["outcome"], reason=values["reason"].strip())
        problem = review_problem(new)
        if problem:
            raise FormProblem(problem)
        return new

    return FieldForm("Review check 审核", [
        FormField("deliverable", "Deliverable", "" if review is None else base.deliverable,
                  check=required("the deliverable")),
        FormField("kind", "Kind (copy, campaign plan, design…)", base.kind),
        FormField("day", "Date", base.day.isoformat(), check=date_check(today)),
        FormField("reviewer", "Reviewer", base.reviewer or ""),
        FormField("items", "Checklist (one a line: item | pass / fail / ? | note)",
                  checklist_text(base.items), kind="text", check=checklist_check),
        FormField("outcome", "Outcome", base.outcome.value, kind="select", options=OUTCOMES),
        FormField("reason", "Reason (required to reject)", base.reason),
    ], build)


# -- metrics --------------------------------------------------------------------------------
def metric_form(metric: Metric | None, keys: Sequence[str]) -> FieldForm[Metric]:
    """Define (or change) a metric, with its anomaly rule."""
    base = metric or Metric(key="new", name="new")
    rule = base.anomaly

    def key_check(text: str) -> tuple[bool, str]:
        key = text.strip().lower()
        if not key:
            return False, "a key is required (a-z, 0-9, _)"
        import re

        if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", key):
            return False, "a key is a-z, 0-9 and _, starting with a letter"
        if key in keys and (metric is None or key != metric.key):
            return False, f"{key} is already defined"
        return True, f"→ {key}" if key != text.strip() else ""

    def build(values: dict[str, str]) -> Metric:
        def num(name: str) -> float | None:
            return parse_value(values[name]) if values[name].strip() else None
        pct = num("pct_change")
        new_rule = AnomalyRule(window=int(num("window") or 14),
                               z_threshold=num("z") or 3.0,
                               pct_change=pct if pct else None)
        return base.evolve(key=values["key"].strip().lower(), name=values["name"],
                           unit=values["unit"], target=num("target"),
                           direction=values["direction"], cadence=values["cadence"],
                           warn_pct=num("warn_pct") if values["warn_pct"].strip() else 5.0,
                           anomaly=new_rule.model_dump())

    def fmt(value: float | None) -> str:
        return "" if value is None else f"{value:g}"

    return FieldForm("Metric 数据指标", [
        FormField("key", "Key", "" if metric is None else base.key, check=key_check),
        FormField("name", "Name", "" if metric is None else base.name, check=required("a name")),
        FormField("unit", "Unit (%, users, CNY…)", base.unit),
        FormField("target", "Target", fmt(base.target), check=number_check(optional=True)),
        FormField("direction", "Better when", base.direction.value, kind="select",
                  options=[("higher (up)", "up"), ("lower (down)", "down")]),
        FormField("cadence", "Cadence", base.cadence.value, kind="select",
                  options=[("daily", "daily"), ("weekly", "weekly")]),
        FormField("warn_pct", "Warn within % of target", fmt(base.warn_pct),
                  check=number_check(optional=True)),
        FormField("window", "Anomaly window (readings)", str(rule.window),
                  check=number_check()),
        FormField("z", "Anomaly z-score threshold", fmt(rule.z_threshold), check=number_check()),
        FormField("pct_change", "Anomaly % change vs previous (empty: off)",
                  fmt(rule.pct_change), check=number_check(optional=True)),
    ], build)


def replaced_reading(readings: Sequence[Reading], day: date) -> Reading | None:
    """The reading of ``day`` that a new reading for that day replaces (one a day)."""
    return next((r for r in readings if r.day == day), None)


def reading_form(metric: Metric, today: date, existing: Reading | None = None,
                 readings: Sequence[Reading] = ()) -> FieldForm[Reading]:
    """Record a reading of ``metric`` (numbers only; the unit stays the metric's).

    Args:
        metric: The metric.
        today: The day viewed (the default date).
        existing: The reading being edited, if any.
        readings: The metric's readings: the date field says which one a save replaces.
    """
    base = existing or Reading(metric_id=metric.id, day=today, value=0)
    plain_date = date_check(today)

    def day_check(text: str) -> tuple[bool, str]:
        ok, message = plain_date(text)
        if not ok:
            return ok, message
        day = parse_date(text, today)
        old = replaced_reading(readings, day)
        if old is not None:
            message += (f" · replaces the reading of {format_number(old.value, metric.unit)} "
                        f"recorded for {day.isoformat()}")
        return ok, message

    def build(values: dict[str, str]) -> Reading:
        return base.evolve(day=_date(values["day"], today), value=parse_value(values["value"]),
                           note=values["note"].strip())

    unit = f" ({metric.unit})" if metric.unit else ""
    return FieldForm(f"Reading: {metric.name}"[:70], [
        FormField("value", f"Value{unit}", "" if existing is None else f"{base.value:g}",
                  check=number_check()),
        FormField("day", "Date", base.day.isoformat(), check=day_check),
        FormField("note", "Cause / note (once known)", base.note),
    ], build)


# -- incidents ------------------------------------------------------------------------------
SEVERITY_OPTIONS = [(f"{s.value}", s.value) for s in Severity]


def incident_form(now: datetime, metric: Metric | None = None, task: Task | None = None
                  ) -> FieldForm[Incident]:
    """Log an incident; linked to the highlighted metric or task when given."""
    def build(values: dict[str, str]) -> Incident:
        return Incident(title=values["title"], severity=values["severity"],  # type: ignore[arg-type]
                        owner=values["owner"].strip() or None, opened_at=now,
                        description=values["description"],
                        metric_id=metric.id if metric else None,
                        task_id=task.id if task else None)

    link = Text("Linked to: ", style="bold")
    link.append(f"metric {metric.key} ({metric.name})" if metric else (
        f"task {task.short_id} {task.title}" if task
        else "nothing (press ! on a task or metric to link)"))
    return FieldForm("Incident 问题", [
        FormField("title", "What went wrong", check=required("a title")),
        FormField("severity", "Severity (S1 worst; S1/S2 must be escalated)", "S3",
                  kind="select", options=SEVERITY_OPTIONS),
        FormField("owner", "Owner"),
        FormField("description", "What is known", kind="text"),
    ], build, extra=link)


def escalate_form(incident: Incident, now: datetime) -> FieldForm[Incident]:
    """Escalate ``incident``: to whom, note, departments informed."""
    def build(values: dict[str, str]) -> Incident:
        return escalate(incident, values["to"], now, values["note"],
                        split_names(values["inform"]))

    return FieldForm(f"Escalate: {incident.title}"[:70], [
        FormField("to", "Escalate to (name)", check=required("a name")),
        FormField("note", "Note"),
        FormField("inform", "Departments informed (comma separated)",
                  ", ".join(incident.departments_informed)),
    ], build, extra=Text(f"at {now:%Y-%m-%d %H:%M}"))


def resolve_form(incident: Incident, now: datetime) -> FieldForm[Incident]:
    """Resolve ``incident`` with its cause and resolution."""
    def build(values: dict[str, str]) -> Incident:
        return resolve(incident, values["cause"], values["resolution"], now)

    return FieldForm(f"Resolve: {incident.title}"[:70], [
        FormField("cause", "Cause", incident.cause, kind="text", check=required("the cause")),
        FormField("resolution", "Resolution", incident.resolution, kind="text",
                  check=required("the resolution")),
    ], build)
