"""Small Before forms: a resource request, the day's capacity and buffer, recurring work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.markup import escape

from opstui.domain.dates import parse_date, parse_duration
from opstui.domain.models import DayPlan, Priority, Recurrence, ResourceRequest, Task
from opstui.domain.recurrence import RecurrenceError, check_rrule, next_occurrence
from opstui.ui.screens.field_checks import date_check, required
from opstui.ui.screens.field_form import FieldForm, FormField
from opstui.ui.screens.task_form import estimate_check, owner_check, tags_of


def resource_form(task: Task, today: date) -> FieldForm[ResourceRequest]:
    """The form that asks a department for support on ``task``."""

    def build(values: dict[str, str]) -> ResourceRequest:
        needed = parse_date(values["needed_by"], today) if values["needed_by"].strip() else None
        return ResourceRequest(task_id=task.id, department=values["department"],
                               what=values["what"], needed_by=needed,
                               contact=values["contact"].strip().removeprefix("@") or None)

    fields = [
        FormField("department", "From department (技术部, 法务, 设计部…)",
                  task.department or "", check=required("a department")),
        FormField("what", "What is needed", check=required("what is needed")),
        FormField("contact", "Contact person", check=owner_check),
        FormField("needed_by", "Needed by", task.start.isoformat() if task.start else "",
                  check=date_check(today)),
    ]
    return FieldForm(f"Support 资源协调 for {task.short_id} {escape(_short(task.title))}",
                     fields, build, extra=Text(f"Task: {task.title}"))


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def refusal_form(request: ResourceRequest, task: Task | None) -> FieldForm[ResourceRequest]:
    """The form that records why ``request`` was refused (the reason goes in its note)."""

    def build(values: dict[str, str]) -> ResourceRequest:
        reason = values["reason"].strip()
        if not reason:
            raise ValueError("reason: say why it was refused")
        return request.evolve(status="refused", note=reason)

    context = Text(f"{request.department}: {request.what}")
    if task is not None:
        context.append(f"\nfor {task.title}")
    fields = [FormField("reason", "Why was it refused? (shown in the support list)",
                        request.note, placeholder="没有排期 no designer free until December",
                        check=required("a reason"))]
    return FieldForm(f"Refuse support from {escape(_short(request.department))}", fields,
                     build, extra=context)


@dataclass(frozen=True)
class CapacityChoice:
    """A day's new capacity and buffer, and whether they become its weekday's default."""

    plan: DayPlan
    weekday_default: bool = False


def capacity_form(plan: DayPlan) -> FieldForm[CapacityChoice]:
    """The form that sets a day's capacity (hours) and buffer (percent), for that day only
    or as the default of its weekday (written to the settings file)."""

    def hours_check(text: str) -> tuple[bool, str]:
        try:
            value = float(text)
        except ValueError:
            return False, f"not a number of hours: {text.strip()!r}"
        return (True, "") if 0 < value <= 24 else (False, "hours must be more than 0, at most 24")

    def buffer_check(text: str) -> tuple[bool, str]:
        try:
            value = int(text.strip().rstrip("%"))
        except ValueError:
            return False, f"not a whole percent: {text.strip()!r}"
        return (True, "") if 0 <= value <= 90 else (False, "buffer must be 0 to 90 percent")

    def build(values: dict[str, str]) -> CapacityChoice:
        changed = plan.evolve(capacity_hours=float(values["capacity"]),
                              buffer_pct=int(values["buffer"].strip().rstrip("%")))
        return CapacityChoice(changed, values.get("default") == "weekday")

    fields = [
        FormField("capacity", "Capacity (working hours of the day)",
                  f"{plan.capacity_hours:g}", check=hours_check),
        FormField("buffer", "Buffer kept free for surprises (percent)", str(plan.buffer_pct),
                  check=buffer_check),
        FormField("default", "For", "day", kind="select",
                  options=[(f"{plan.day:%a %Y-%m-%d} only", "day"),
                           (f"{plan.day:%a %Y-%m-%d} and every {plan.day:%A} after "
                            "(saved in the settings)", "weekday")]),
    ]
    return FieldForm(f"Capacity of {plan.day:%a %Y-%m-%d}", fields, build)


def recurrence_form(today: date) -> FieldForm[Recurrence]:
    """The form that adds recurring work (an RRULE template)."""

    def rule_check(text: str) -> tuple[bool, str]:
        try:
            check_rrule(text, today)
        except RecurrenceError as exc:
            return False, str(exc)
        probe = Recurrence(title="x", rrule=text, dtstart=today)
        upcoming = next_occurrence(probe, today - date.resolution)
        return True, f"next: {upcoming:%a %Y-%m-%d}" if upcoming else "no occurrence within a year"

    def build(values: dict[str, str]) -> Recurrence:
        start = parse_date(values["start"], today) if values["start"].strip() else today
        check_rrule(values["rrule"], start)
        estimate = values["estimate"].strip()
        return Recurrence(
            title=values["title"], rrule=values["rrule"].strip().removeprefix("RRULE:"),
            dtstart=start, priority=Priority(values["priority"]),
            owner=values["owner"].strip().removeprefix("@") or None,
            estimate_minutes=parse_duration(estimate) if estimate else None,
            tags=tags_of(values["tags"]))

    fields = [
        FormField("title", "Recurring work", placeholder="竞品周报 Weekly competitor review",
                  check=required("a title")),
        FormField("rrule", "Rule (RRULE)", "FREQ=WEEKLY;BYDAY=FR", check=rule_check),
        FormField("start", "Starting", "today", check=date_check(today)),
        FormField("priority", "Priority", Priority.P2.value, kind="select",
                  options=[(p.value, p.value) for p in Priority]),
        FormField("owner", "Owner", check=owner_check),
        FormField("estimate", "Estimate", check=estimate_check),
        FormField("tags", "Tags"),
    ]
    return FieldForm("Recurring work 例行工作", fields, build)
