"""The goal form: title, period, owner, and optionally a metric with baseline and target."""

from __future__ import annotations

from collections.abc import Sequence

from opstui.domain.dates import DateParseError, parse_period
from opstui.domain.metrics import parse_value
from opstui.domain.models import Direction, Goal, Metric
from opstui.ui.screens.field_checks import number_check, required
from opstui.ui.screens.field_form import FieldForm, FormField
from opstui.ui.screens.task_form import owner_check

NO_METRIC = "-"


def period_check(text: str) -> tuple[bool, str]:
    """A period such as 2026-W48, 2026-11, 2026-Q4 or 2026; its days are shown back."""
    if not text.strip():
        return False, "a period is required (2026-W48, 2026-11, 2026-Q4 or 2026)"
    try:
        period = parse_period(text)
    except DateParseError as exc:
        return False, str(exc)
    return True, f"= {period.start:%Y-%m-%d} to {period.end:%Y-%m-%d} ({period.days} days)"


def _number(text: str) -> float | None:
    return parse_value(text) if text.strip() else None


def goal_form(metrics: Sequence[Metric], default_period: str) -> FieldForm[Goal]:
    """The form that adds a goal.

    Args:
        metrics: The metrics a goal may be tied to.
        default_period: The period filled in (the current week).
    """
    by_id = {m.id: m for m in metrics}

    def build(values: dict[str, str]) -> Goal:
        metric = by_id.get(values["metric"])
        fields: dict[str, object] = {
            "title": values["title"], "period": values["period"],
            "owner": values["owner"].strip().removeprefix("@") or None,
            "direction": values["direction"] or Direction.UP,
        }
        target, baseline = _number(values["target"]), _number(values["baseline"])
        if metric is None:
            if target is not None or baseline is not None:
                raise ValueError("baseline and target need a metric")
        else:
            target = target if target is not None else metric.target
            if target is None:
                raise ValueError(f"target: metric {metric.key} has no target; give one")
            fields.update(metric_id=metric.id, target=target, baseline=baseline)
        return Goal(**fields)  # type: ignore[arg-type]

    options = [("(none: progress from its tasks)", NO_METRIC)] + [
        (f"{m.key} · {m.name}", m.id) for m in sorted(metrics, key=lambda m: m.key)]
    fields = [
        FormField("title", "Goal", placeholder="Q4 日活提升 20% (DAU +20%)",
                  check=required("a title")),
        FormField("period", "Period (2026-W48, 2026-11, 2026-Q4, 2026)", default_period,
                  check=period_check),
        FormField("owner", "Owner", check=owner_check),
        FormField("metric", "Metric", NO_METRIC, kind="select", options=options),
        FormField("baseline", "Baseline (empty: the period's first reading)",
                  check=number_check()),
        FormField("target", "Target (empty: the metric's target)", check=number_check()),
        FormField("direction", "Better is", Direction.UP.value, kind="select",
                  options=[("higher (up)", "up"), ("lower (down)", "down")]),
    ]
    return FieldForm("New goal 目标", fields, build)
