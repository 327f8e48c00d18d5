"""The During pane's forms: status, note, meeting and review (metric and incident forms are
in ``metric_incident_forms``), and the field checks they share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rich.text import Text

from opstui.domain.minutes import ActionItem, parse_action_items, split_names
from opstui.domain.models import (
    CheckItem,
    Meeting,
    ProgressNote,
    ReviewCheck,
    ReviewOutcome,
    Task,
    TaskStatus,
)
from opstui.domain.tracking import change_status, review_problem, status_problem
from opstui.ui.screens.field_checks import clip, date_check, form_date, required
from opstui.ui.screens.field_form import FieldForm, FormField, FormProblem


# -- checks -------------------------------------------------------------------------------
def percent_check(text: str) -> tuple[bool, str]:
    """Empty, or a whole number 0-100."""
    raw = text.strip().rstrip("%")
    if not raw:
        return True, "optional: percent done (also updates the task)"
    if not raw.isdigit() or int(raw) > 100:
        return False, "percent must be a whole number from 0 to 100"
    return True, f"= {int(raw)}%"


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

    return FieldForm(clip(f"Status: {task.title}"), [
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
    return FieldForm(clip(f"Note: {task.title}"), [
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
        new = base.evolve(day=form_date(values["day"], today), title=values["title"],
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
    return FieldForm("Meeting 会议纪要" if meeting is None else clip(f"Meeting: {base.title}"), [
        FormField("day", "Date", base.day.isoformat(), check=date_check(today, required=True)),
        FormField("title", "Title", "" if meeting is None else base.title,
                  check=required("a title")),
        FormField("departments", "Departments (comma separated)", ", ".join(base.departments)),
        FormField("attendees", "Attendees (comma separated)", ", ".join(base.attendees)),
        FormField("minutes", "Minutes", base.minutes, kind="text"),
        FormField("decisions", "Decisions (one a line)", "\n".join(base.decisions), kind="text"),
        FormField("actions", "New action items", "",
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
        new = base.evolve(day=form_date(values["day"], today), deliverable=values["deliverable"],
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
        FormField("day", "Date", base.day.isoformat(), check=date_check(today, required=True)),
        FormField("reviewer", "Reviewer", base.reviewer or ""),
        FormField("items", "Checklist (one a line: item | pass / fail / ? | note)",
                  checklist_text(base.items), kind="text", check=checklist_check),
        FormField("outcome", "Outcome", base.outcome.value, kind="select", options=OUTCOMES),
        FormField("reason", "Reason (required to reject)", base.reason),
    ], build)


# -- owner and due (from the task detail view) ------------------------------------------------
def owner_form(task: Task) -> FieldForm[str]:
    """Give ``task`` to someone else (empty: unassigned); the form returns the name."""
    return FieldForm(clip(f"Owner: {task.title}"), [
        FormField("owner", "Owner (empty: unassigned)", task.owner or ""),
    ], lambda values: values["owner"].strip())


def due_form(task: Task, today: date) -> FieldForm[date]:
    """Change ``task``'s due date; the form returns the date."""
    return FieldForm(clip(f"Due: {task.title}"), [
        FormField("due", "Due", task.due.isoformat() if task.due else "",
                  check=date_check(today, required=True)),
    ], lambda values: form_date(values["due"], today))
