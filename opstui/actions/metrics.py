"""Metric actions: define a metric, record a reading, turn an anomaly into a task."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from opstui.actions.errors import ActionError, Outcome
from opstui.actions.unit import work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.domain.models import Metric
    from opstui.store.repository import Repository


def metric_named(repo: Repository, key: str) -> Metric:
    """The metric with this key (or id prefix).

    Raises:
        ActionError: No such metric (the known keys are listed).
    """
    from opstui.domain.models import Metric

    found = repo.metric_by_key(key.strip().lower())
    if found is None and len(key) >= 4:
        found = next((m for m in repo.all(Metric) if m.id.startswith(key.strip().lower())),
                     None)
    if found is None:
        keys = sorted(m.key for m in repo.all(Metric))
        known = ", ".join(keys) if keys else "none yet (opstui metric define KEY)"
        raise ActionError(f"no metric {key!r}; known keys: {known}", "metric")
    return found


def define_metric(repo: Repository, clock: Clock, key: str, fields: dict[str, Any],
                  rule: dict[str, Any] | None = None, *, source: str = "cli") -> Outcome:
    """Create the metric ``key``, or change the fields given of the existing one.

    Args:
        fields: Metric fields (name, unit, target, direction, cadence, warn_pct).
        rule: AnomalyRule fields to change (window, z_threshold, pct_change).
    """
    from opstui.domain.models import AnomalyRule, Metric

    with work(repo, clock, "metric", source=source) as w:
        wanted = key.strip().lower()
        existing = repo.metric_by_key(wanted)
        data = dict(fields)
        if existing is None:
            data.setdefault("name", key.strip())
            metric = w.add(Metric(key=wanted, anomaly=AnomalyRule(**(rule or {})), **data))
            verb = "defined"
        else:
            if rule:
                data["anomaly"] = existing.anomaly.model_copy(update=rule).model_dump()
            metric = w.update(Metric, existing.id, **data)
            verb = "updated"
        w.say(f"{metric.key}  {verb}  {metric.name}", metric, verb=verb)
    return w.outcome


def save_metric(repo: Repository, clock: Clock, metric: Metric, *,
                original: Metric | None = None, source: str = "tui") -> Outcome:
    """Save a metric from the form: a new one, or the fields changed on an existing one."""
    with work(repo, clock, "metric", source=source) as w:
        clash = repo.metric_by_key(metric.key)
        if clash is not None and clash.id != metric.id:
            raise ActionError(f"a metric with key {metric.key!r} exists already", "key")
        saved = w.add(metric) if original is None else w.update_from(original, metric)
        w.say(f"Metric {saved.key} saved", saved)
    return w.outcome


def record_reading(repo: Repository, clock: Clock, metric: str, day: date, value: float,
                   note: str | None = None, *, source: str = "cli") -> Outcome:
    """Record ``metric``'s value for ``day``; a reading of that day is replaced (one per day).

    Args:
        metric: The metric's key or id.
        note: A note on the reading (None keeps the replaced reading's note).
    """
    from opstui.domain.models import Reading

    with work(repo, clock, "reading", source=source) as w:
        found = metric_named(repo, metric)
        same_day = [r for r in repo.readings_for(found.id) if r.day == day]
        replaced = same_day[0] if same_day else None
        for extra in same_day[1:]:
            w.delete(extra)
        shown = f"{found.key} {day.isoformat()}: {value:g}"
        if replaced is not None:
            kept_note = replaced.note if note is None else note
            reading = w.update(Reading, replaced.id, value=value, note=kept_note)
            verb = "replaced" if replaced.value != value else "recorded again"
            message = (f"{shown} replaced {replaced.value:g}" if replaced.value != value
                       else f"{shown} recorded")
        else:
            reading = w.add(Reading(metric_id=found.id, day=day, value=value, note=note or ""))
            verb = "recorded"
            message = f"{shown} recorded"
        w.say(message, reading, found, verb=verb)
    return w.outcome


def investigate(repo: Repository, clock: Clock, metric: str, due: date | None = None, *,
                as_of: date | None = None, source: str = "cli") -> Outcome:
    """Turn the metric's newest open anomaly into an investigate task (owner: its goal's).

    Args:
        due: The task's due day (default: the day after the clock's).
        as_of: The day the metric board is judged on (default: the clock's day).

    Raises:
        ActionError: No anomaly waiting for a look on this metric.
    """
    from opstui.domain.metrics import board_row, investigate_task, investigated_days
    from opstui.domain.models import Goal, Task

    with work(repo, clock, "investigate", source=source) as w:
        found = metric_named(repo, metric)
        row = board_row(found, repo.readings_for(found.id), as_of or clock.today,
                        investigated_days(repo.grouped(Task, "metric_id").get(found.id, ())
                                          ).get(found.id, set()))
        anomaly = row.open_anomaly
        if anomaly is None:
            raise ActionError(f"no anomaly of {found.key} is waiting for a look")
        goals = sorted((g for g in repo.all(Goal)
                        if g.metric_id == found.id and g.owner and not g.closed),
                       key=lambda g: g.created_at, reverse=True)
        owner = goals[0].owner if goals else None
        task = w.add(investigate_task(found, anomaly, owner, clock.now, due=due))
        when = "today" if task.due == clock.today else f"{task.due:%a %m-%d}"
        w.say(f"Investigate task {task.short_id} added to {when}", task)
    return w.outcome
