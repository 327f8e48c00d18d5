"""The During pane's metric and incident forms: define a metric, record a reading, open,
escalate and resolve an incident."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rich.text import Text

from opstui.domain.dates import parse_date
from opstui.domain.metrics import format_number, parse_value
from opstui.domain.minutes import split_names
from opstui.domain.models import AnomalyRule, Incident, Metric, Reading, Severity, Task
from opstui.domain.tracking import escalate, resolve
from opstui.ui.screens.field_checks import clip, date_check, form_date, number_check, required
from opstui.ui.screens.field_form import FieldForm, FormField


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
        FormField("target", "Target", fmt(base.target), check=number_check()),
        FormField("direction", "Better when", base.direction.value, kind="select",
                  options=[("higher (up)", "up"), ("lower (down)", "down")]),
        FormField("cadence", "Cadence", base.cadence.value, kind="select",
                  options=[("daily", "daily"), ("weekly", "weekly")]),
        FormField("warn_pct", "Warn within % of target", fmt(base.warn_pct),
                  check=number_check()),
        FormField("window", "Anomaly window (readings)", str(rule.window),
                  check=number_check(required=True)),
        FormField("z", "Anomaly z-score threshold", fmt(rule.z_threshold),
                  check=number_check(required=True)),
        FormField("pct_change", "Anomaly % change vs previous (empty: off)",
                  fmt(rule.pct_change), check=number_check()),
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
    plain_date = date_check(today, required=True)

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
        return base.evolve(day=form_date(values["day"], today), value=parse_value(values["value"]),
                           note=values["note"].strip())

    unit = f" ({metric.unit})" if metric.unit else ""
    return FieldForm(clip(f"Reading: {metric.name}"), [
        FormField("value", f"Value{unit}", "" if existing is None else f"{base.value:g}",
                  check=number_check(required=True)),
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

    return FieldForm(clip(f"Escalate: {incident.title}"), [
        FormField("to", "Escalate to (name)", check=required("a name")),
        FormField("note", "Note"),
        FormField("inform", "Departments informed (comma separated)",
                  ", ".join(incident.departments_informed)),
    ], build, extra=Text(f"at {now:%Y-%m-%d %H:%M}"))


def resolve_form(incident: Incident, now: datetime) -> FieldForm[Incident]:
    """Resolve ``incident`` with its cause and resolution."""
    def build(values: dict[str, str]) -> Incident:
        return resolve(incident, values["cause"], values["resolution"], now)

    return FieldForm(clip(f"Resolve: {incident.title}"), [
        FormField("cause", "Cause", incident.cause, kind="text", check=required("the cause")),
        FormField("resolution", "Resolution", incident.resolution, kind="text",
                  check=required("the resolution")),
    ], build)
