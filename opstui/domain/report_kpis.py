"""The numbers of a report: metrics against target and last week, goals and where they stand."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from opstui.domain.dates import Period, parse_period
from opstui.domain.metrics import MetricStatus, status_against
from opstui.domain.models import Direction, Goal, Metric, Reading, Task, TaskStatus

if TYPE_CHECKING:
    from opstui.domain.report import Records


# -- metric and goal status -----------------------------------------------------------------
def metric_status(value: float | None, target: float | None, direction: Direction,
                  warn_pct: float = 5.0) -> str:
    """The status word of reports: ``ok``, ``warn`` or ``alert`` as on the metric board
    (``metrics.status_against``), ``none`` (no target) or ``nodata`` (no value)."""
    if value is None:
        return "nodata"
    status = status_against(value, target, direction, warn_pct)
    return "none" if status is MetricStatus.NONE else status.value


def mean_of(readings: Iterable[Reading], start: date, end: date, cadence_last: bool = False
            ) -> float | None:
    """The mean of the readings from ``start`` to ``end`` (or the last one, for weekly
    metrics); None when there are none."""
    values = sorted((r for r in readings if start <= r.day <= end), key=lambda r: r.day)
    if not values:
        return None
    if cadence_last:
        return values[-1].value
    return sum(r.value for r in values) / len(values)


@dataclass(frozen=True)
class KpiLine:
    """One metric over the week against the week before and its target."""

    name: str
    unit: str
    this_week: float | None
    last_week: float | None
    target: float | None
    direction: Direction
    status: str

    @property
    def change(self) -> float | None:
        """This week against last week: points for percentages, else percent change."""
        if self.this_week is None or self.last_week is None:
            return None
        if self.unit == "%":
            return self.this_week - self.last_week
        if not self.last_week:
            return None
        return (self.this_week - self.last_week) / abs(self.last_week) * 100

    @property
    def improved(self) -> bool | None:
        """True when the change goes the good way, None when there is no change to judge."""
        change = self.change
        if not change:
            return None
        return (change > 0) == (self.direction is Direction.UP)


def kpi_lines(metrics: Iterable[Metric], readings: Iterable[Reading], week: Period,
              goals: Iterable[Goal] = (), as_of: date | None = None) -> list[KpiLine]:
    """Each metric's value this week (mean of daily readings, last weekly reading), last week's
    value, its target and its status.

    The status follows the metric board's rule (``metrics`` module docstring): a metric a
    goal running on ``as_of`` is tied to is judged by the goal's pace, any other against its
    target with the warn band.
    """
    from opstui.domain.metrics import GOAL_STATUS, running_goal
    from opstui.domain.planning import GoalStatus, goal_progress

    goals = list(goals)
    day = as_of or week.end
    by_metric: dict[str, list[Reading]] = {}
    for reading in readings:
        by_metric.setdefault(reading.metric_id, []).append(reading)
    previous = week.start - timedelta(days=7)
    out = []
    for metric in metrics:
        own = by_metric.get(metric.id, [])
        weekly = metric.cadence.value == "weekly"
        now = mean_of(own, week.start, week.end, weekly)
        before = mean_of(own, previous, previous + timedelta(days=6), weekly)
        status = metric_status(now, metric.target, metric.direction, metric.warn_pct)
        goal = running_goal(metric, goals, day) if now is not None else None
        if goal is not None:
            seen = sorted((r for r in own if r.day <= day), key=lambda r: r.day)
            paced = goal_progress(goal, day, metric=metric, readings=seen)
            if paced.status is not GoalStatus.NO_DATA:
                status = GOAL_STATUS[paced.status].value
        out.append(KpiLine(metric.name, metric.unit, now, before, metric.target,
                           metric.direction, status))
    return out


@dataclass(frozen=True)
class GoalLine:
    """A goal of the period: target, actual and where it stands."""

    title: str
    period: str
    owner: str | None
    target: float | None
    actual: float | None
    """The latest reading of the goal's metric."""
    unit: str
    progress: float | None
    """Share of the way from baseline to target (or of the linked work done), 0..1."""
    status: str
    """``achieved``, ``on_track``, ``at_risk``, ``behind``, ``upcoming``, ``closed`` or
    ``nodata``."""
    tasks_done: int = 0
    tasks_total: int = 0


def goal_line(goal: Goal, *, metric: Metric | None, readings: Sequence[Reading],
              tasks: Sequence[Task], as_of: date, default_estimate_minutes: int = 60
              ) -> GoalLine:
    """Where ``goal`` stands at the end of ``as_of``.

    Progress and status come from ``planning.goal_progress`` (the Before pane shows the
    same): a goal tied to a metric is judged on its latest reading against baseline and
    target, one without on its linked tasks. A goal whose progress reached 100% is
    ``achieved``; a closed goal is ``closed``.
    """
    from opstui.domain.planning import GoalStatus, goal_progress

    linked = [t for t in tasks if t.goal_id == goal.id]
    own = sorted((r for r in readings if metric is not None and r.metric_id == metric.id),
                 key=lambda r: r.day)
    judged = goal_progress(goal, as_of, tasks=linked, metric=metric, readings=own,
                           default_estimate_minutes=default_estimate_minutes)
    seen = [r for r in own if r.day <= as_of]
    actual = seen[-1].value if seen else None
    target = goal.target if goal.target is not None else (metric.target if metric else None)
    counted = [t for t in linked if t.status is not TaskStatus.CANCELLED]
    done = sum(t.status is TaskStatus.DONE for t in counted)
    progress = judged.progress
    if goal.closed:
        status = "closed"
    elif progress is not None and progress >= 1.0:
        status = "achieved"
    else:
        status = {GoalStatus.ON_TRACK: "on_track", GoalStatus.AT_RISK: "at_risk",
                  GoalStatus.OFF_TRACK: "behind", GoalStatus.UPCOMING: "upcoming",
                  }.get(judged.status, "nodata")
    return GoalLine(goal.title, goal.period, goal.owner, target, actual,
                    metric.unit if metric else "", progress, status, done, len(counted))


def goals_of(goals: Iterable[Goal], start: date, end: date) -> list[Goal]:
    """Goals whose period overlaps ``start``..``end``, longest periods first."""
    found = []
    for goal in goals:
        period = parse_period(goal.period)
        if period.start <= end and period.end >= start:
            found.append((-(period.days), goal.period, goal.created_at, goal))
    return [g for *_, g in sorted(found, key=lambda x: x[:3])]


def goal_lines(records: Records, start: date, end: date, as_of: date) -> list[GoalLine]:
    """The goal lines of every goal overlapping ``start``..``end``."""
    metrics = {m.id: m for m in records.metrics}
    return [goal_line(g, metric=metrics.get(g.metric_id or ""), readings=records.readings,
                      tasks=records.tasks, as_of=as_of)
            for g in goals_of(records.goals, start, end)]
