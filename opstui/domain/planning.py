"""Before 事前: goal progress and status, the day's plan and its load, resources.

Pure functions over records; ``today`` is always passed in. Rollover is in ``rollover``.

Goal status compares progress with the share of the period gone by (``elapsed``):

- **on track**: progress >= elapsed - ``AT_RISK_MARGIN`` (10 points), or the goal is met;
- **at risk**: progress >= elapsed - ``OFF_TRACK_MARGIN`` (25 points);
- **off track**: further behind than that;
- **no data**: nothing to judge by (no reading of the linked metric, no tasks);
- **upcoming**: the goal's period has not begun on the day judged (planned ahead).

The Before pane, the weekly report, the retro and the metric board all take a goal's
status from ``goal_progress``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from opstui.domain.dates import Period, parse_period
from opstui.domain.errors import RuleError
from opstui.domain.models import (
    DayPlan,
    Direction,
    Goal,
    Metric,
    Reading,
    ResourceRequest,
    ResourceStatus,
    Settings,
    Task,
    TaskStatus,
)

AT_RISK_MARGIN = 0.10
"""Progress this far (or less) behind the elapsed share is still on track."""
OFF_TRACK_MARGIN = 0.25
"""Progress further behind the elapsed share than this is off track."""
RESOURCE_HORIZON_DAYS = 2
"""A task starting within this many days needs its support confirmed."""


class GoalStatus(StrEnum):
    """How a goal stands against the time gone by."""

    ON_TRACK = "on track"
    AT_RISK = "at risk"
    OFF_TRACK = "off track"
    NO_DATA = "no data"
    UPCOMING = "upcoming"
    """The period starts after the day judged: nothing to be on or off track with yet."""


@dataclass(frozen=True)
class GoalProgress:
    """A goal's progress (0.0 to 1.0) and its status on a day."""

    goal: Goal
    progress: float | None
    """None when there is nothing to measure."""
    elapsed: float
    """Share of the goal's period gone by at the end of the day."""
    status: GoalStatus
    basis: str
    """``metric``, ``tasks`` or ``none``: what the progress was measured on."""
    detail: str = ""
    """What the progress is made of: ``latest 103,500 (baseline 98,000 → 117,600)``."""
    upcoming: bool = False
    """The goal's period starts after the day viewed (planned ahead, not running yet)."""


def judge(progress: float | None, elapsed: float) -> GoalStatus:
    """The status of a goal with ``progress`` when ``elapsed`` of its period has passed."""
    if progress is None:
        return GoalStatus.NO_DATA
    if progress >= 1.0 or progress >= elapsed - AT_RISK_MARGIN - 1e-9:
        return GoalStatus.ON_TRACK
    if progress >= elapsed - OFF_TRACK_MARGIN - 1e-9:
        return GoalStatus.AT_RISK
    return GoalStatus.OFF_TRACK


def metric_progress(baseline: float, target: float, latest: float, direction: Direction
                    ) -> float:
    """How far ``latest`` has come from ``baseline`` towards ``target``, clamped to 0..1.

    For ``down`` metrics (cost per acquisition) lower is better; a target already met at
    the baseline counts as done.
    """
    gap = (target - baseline) if direction is Direction.UP else (baseline - target)
    gained = (latest - baseline) if direction is Direction.UP else (baseline - latest)
    if gap <= 0:
        return 1.0 if gained >= gap else 0.0
    return max(0.0, min(1.0, gained / gap))


def task_progress(tasks: Iterable[Task], default_estimate_minutes: int) -> float | None:
    """Estimate-weighted progress of a goal's tasks (cancelled ones left out).

    Each task weighs its estimate (or the default); a done task counts in full, an open one
    by its percent done. None when the goal has no tasks.
    """
    total = gained = 0.0
    for task in tasks:
        if task.status is TaskStatus.CANCELLED:
            continue
        weight = task.estimate_minutes or default_estimate_minutes
        total += weight
        gained += weight * (1.0 if task.status is TaskStatus.DONE else task.percent / 100)
    return gained / total if total else None


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def goal_progress(
    goal: Goal,
    today: date,
    *,
    tasks: Sequence[Task] = (),
    metric: Metric | None = None,
    readings: Sequence[Reading] = (),
    default_estimate_minutes: int = 60,
) -> GoalProgress:
    """Progress and status of ``goal`` at the end of ``today``.

    A goal linked to a metric measures the latest reading up to ``today`` against its
    baseline and target (the goal's own, else the metric's target and the first reading
    of the period as baseline). Other goals roll up from their ``tasks``.

    Args:
        goal: The goal.
        today: The day judged.
        tasks: The goal's tasks (``goal_id`` is the goal's id).
        metric: The linked metric, if any.
        readings: The metric's readings, oldest first.
        default_estimate_minutes: Weight of a task without an estimate.
    """
    period = parse_period(goal.period)
    elapsed = period.elapsed_share(today)
    if period.start > today:
        return GoalProgress(goal, None, 0.0, GoalStatus.UPCOMING,
                            "metric" if goal.metric_id is not None else "tasks",
                            f"starts {period.start.isoformat()}", upcoming=True)
    if goal.metric_id is not None:
        seen = [r for r in readings if r.day <= today]
        target = goal.target if goal.target is not None else (metric.target if metric else None)
        direction = goal.direction
        baseline = goal.baseline
        if baseline is None:
            in_period = [r for r in seen if r.day >= period.start]
            baseline = in_period[0].value if in_period else None
        if not seen or target is None or baseline is None:
            return GoalProgress(goal, None, elapsed, GoalStatus.NO_DATA, "metric",
                                "no reading yet" if not seen else "no baseline or target")
        latest = seen[-1].value
        progress = metric_progress(baseline, target, latest, direction)
        unit = f" {metric.unit}" if metric and metric.unit else ""
        detail = (f"latest {_number(latest)}{unit} ({seen[-1].day:%m-%d}), "
                  f"{_number(baseline)} → {_number(target)}")
        return GoalProgress(goal, progress, elapsed, judge(progress, elapsed), "metric", detail)
    share = task_progress(tasks, default_estimate_minutes)
    if share is None:
        return GoalProgress(goal, None, elapsed, GoalStatus.NO_DATA, "none", "no tasks yet")
    done = sum(t.status is TaskStatus.DONE for t in tasks)
    counted = sum(t.status is not TaskStatus.CANCELLED for t in tasks)
    return GoalProgress(goal, share, elapsed, judge(share, elapsed), "tasks",
                        f"{done}/{counted} tasks done")


def current_goals(goals: Iterable[Goal], day: date) -> list[Goal]:
    """Open goals whose period holds ``day``: shortest period first (the week, then the
    month, the quarter, the year), then by title."""
    found: list[tuple[Period, Goal]] = []
    for goal in goals:
        if goal.closed:
            continue
        period = parse_period(goal.period)
        if period.contains(day):
            found.append((period, goal))
    found.sort(key=lambda pair: (pair[0].days, pair[0].start, pair[1].title))
    return [goal for _, goal in found]


def upcoming_goals(goals: Iterable[Goal], day: date) -> list[Goal]:
    """Open goals whose period starts after ``day``: soonest first, then the shortest
    period, then by title (so a goal set for next month can be broken down now)."""
    found: list[tuple[Period, Goal]] = []
    for goal in goals:
        if goal.closed:
            continue
        period = parse_period(goal.period)
        if period.start > day:
            found.append((period, goal))
    found.sort(key=lambda pair: (pair[0].start, pair[0].days, pair[1].title))
    return [goal for _, goal in found]


def goal_fields(title: str, period: str, *, owner: str | None = None,
                metric: Metric | None = None, target: float | None = None,
                baseline: float | None = None, direction: str | None = None
                ) -> dict[str, object]:
    """A goal's fields by the one rule of both front ends: a baseline or a target needs a
    metric; a goal on a metric takes the metric's target and direction unless given.

    Raises:
        RuleError: A target or baseline without a metric, a metric with no target, or a
            period that does not parse.
    """
    fields: dict[str, object] = {"title": title, "period": parse_period(period).label,
                                 "owner": owner.removeprefix("@") if owner else None}
    if metric is None:
        if target is not None or baseline is not None:
            raise RuleError("a baseline and a target need a metric")
        if direction:
            fields["direction"] = direction
        return fields
    goal_target = target if target is not None else metric.target
    if goal_target is None:
        raise RuleError(f"target: metric {metric.key} has no target; give one")
    fields.update(metric_id=metric.id, target=goal_target, baseline=baseline,
                  direction=direction or metric.direction)
    return fields


# -- the day's plan ------------------------------------------------------------------------


def new_plan(day: date, settings: Settings) -> DayPlan:
    """An empty plan for ``day`` with the capacity and buffer ``settings`` give its weekday.

    A plan once saved keeps its own capacity and buffer (a change for one day stays that
    day's); only a day without a plan yet takes the weekday's default.
    """
    return DayPlan(day=day, capacity_hours=settings.capacity.on(day),
                   buffer_pct=settings.buffer.on(day))


@dataclass(frozen=True)
class PlanLoad:
    """The planned work of a day against the hours available after the buffer."""

    planned_minutes: int
    """Estimated minutes of the plan's open tasks (a default estimate where none is set)."""
    available_minutes: int
    """Capacity minus the buffer kept for surprises."""
    capacity_minutes: int
    buffer_pct: int
    unestimated: int = 0
    """Open planned tasks counted with the default estimate."""
    done_minutes: int = 0
    """Estimated minutes of planned tasks already finished (not in ``planned_minutes``)."""

    @property
    def over(self) -> bool:
        """True when the plan eats into the buffer."""
        return self.planned_minutes > self.available_minutes

    @property
    def over_capacity(self) -> bool:
        """True when the plan needs more than every hour of the day, buffer included."""
        return self.planned_minutes > self.capacity_minutes

    @property
    def share(self) -> float:
        """Planned minutes as a share of the available minutes (1.0 = exactly full)."""
        return self.planned_minutes / self.available_minutes if self.available_minutes else 0.0

    @property
    def free_minutes(self) -> int:
        """Available minutes not yet planned (negative when over-planned)."""
        return self.available_minutes - self.planned_minutes


def plan_load(plan: DayPlan, tasks: Iterable[Task], default_estimate_minutes: int) -> PlanLoad:
    """The load of ``plan``: open planned tasks' estimates against capacity minus buffer.

    Args:
        plan: The day's plan.
        tasks: The plan's tasks (as returned by ``planned_tasks``).
        default_estimate_minutes: Used for tasks without an estimate.

    Returns:
        The load; finished tasks no longer count against the day.
    """
    planned = done = unestimated = 0
    for task in tasks:
        minutes = task.estimate_minutes or default_estimate_minutes
        if task.is_open:
            planned += minutes
            unestimated += task.estimate_minutes is None
        else:
            done += minutes
    capacity = round(plan.capacity_hours * 60)
    available = round(capacity * (100 - plan.buffer_pct) / 100)
    return PlanLoad(planned, available, capacity, plan.buffer_pct, unestimated, done)


def plan_with(plan: DayPlan, task_ids: Iterable[str]) -> DayPlan:
    """``plan`` with ``task_ids`` appended (those already planned are not repeated)."""
    ids = list(plan.task_ids)
    ids += [i for i in dict.fromkeys(task_ids) if i not in ids]
    return plan.evolve(task_ids=ids)


def plan_without(plan: DayPlan, task_ids: Iterable[str]) -> DayPlan:
    """``plan`` without ``task_ids``."""
    drop = set(task_ids)
    return plan.evolve(task_ids=[i for i in plan.task_ids if i not in drop])


def plan_moved(plan: DayPlan, task_id: str, offset: int) -> DayPlan:
    """``plan`` with ``task_id`` moved ``offset`` places (negative: earlier), clamped."""
    ids = list(plan.task_ids)
    if task_id not in ids:
        return plan
    old = ids.index(task_id)
    new = max(0, min(len(ids) - 1, old + offset))
    ids.insert(new, ids.pop(old))
    return plan.evolve(task_ids=ids)


def week_days(day: date, first_weekday: int = 0) -> list[date]:
    """The seven days of the week holding ``day``: Monday to Sunday (ISO), or from
    ``first_weekday`` (0 Monday .. 6 Sunday; the ``week_start`` setting)."""
    first = day - timedelta(days=(day.weekday() - first_weekday) % 7)
    return [first + timedelta(days=n) for n in range(7)]


@dataclass(frozen=True)
class DayLoad:
    """One day of the week view: its plan's task count and load (None: no plan made)."""

    day: date
    tasks: int
    load: PlanLoad | None


def week_load(day: date, plans: Mapping[date, DayPlan], tasks: Mapping[str, Task],
              default_estimate_minutes: int, first_weekday: int = 0) -> list[DayLoad]:
    """The load of each day of the week holding ``day`` (from ``first_weekday``)."""
    out = []
    for each in week_days(day, first_weekday):
        plan = plans.get(each)
        if plan is None:
            out.append(DayLoad(each, 0, None))
            continue
        planned = [tasks[i] for i in dict.fromkeys(plan.task_ids) if i in tasks]
        out.append(DayLoad(each, len(planned),
                           plan_load(plan, planned, default_estimate_minutes)))
    return out


# -- resources -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ResourceRisk:
    """A planned task about to start with support that is not confirmed."""

    task: Task
    starts: date
    requests: tuple[ResourceRequest, ...] = field(default=())
    """The requests still open (requested) or refused."""


def resource_risks(
    planned: Sequence[Task],
    plan_day: date,
    requests: Mapping[str, Sequence[ResourceRequest]],
    today: date,
    horizon_days: int = RESOURCE_HORIZON_DAYS,
) -> list[ResourceRisk]:
    """Planned open tasks starting within ``horizon_days`` of ``today`` whose support is
    requested but not confirmed (or was refused).

    Args:
        planned: The plan's tasks.
        plan_day: The plan's day (a task's start unless ``task.start`` says otherwise).
        requests: Resource requests by task id.
        today: The day judged.
        horizon_days: How near a start must be to count.
    """
    out = []
    for task in planned:
        if not task.is_open:
            continue
        starts = task.start or plan_day
        if (starts - today).days > horizon_days:
            continue
        pending = tuple(r for r in requests.get(task.id, ())
                        if r.status is not ResourceStatus.CONFIRMED)
        if pending:
            out.append(ResourceRisk(task, starts, pending))
    return out
