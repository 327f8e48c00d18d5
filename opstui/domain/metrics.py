"""The metric board: status against target, change, and anomaly detection; pure functions.

One status rule for a metric, used by the board, the attention strip and ``opstui metric
list`` (``board_status``):

- **A metric a running goal is tied to** (the goal's period holds the day, the goal is not
  closed) is judged as the goal is: the goal's target is where the number must be at the
  end of the period, so today's reading is judged against the pace, by
  ``planning.goal_progress`` — on track is ``ok``, at risk ``warn``, off track ``alert``.
  Judging a mid-quarter reading against the end-of-quarter target called every such metric
  ``alert`` while its goal said on track.
- **Any other metric with a target** keeps the target as a standing level: ``ok`` when met,
  ``warn`` within the metric's warn band (``warn_pct``) short of it, ``alert`` beyond
  (``status_against``).
- **An anomaly nobody has looked at** (no investigate task, no cause noted on the reading)
  among the board's last readings makes the metric ``alert`` whatever the target says;
  once looked at, the status is the target's again.

``alert`` is what needs the user today, and only that: the attention strip counts the
metrics in ``alert`` (``BoardRow.needs_attention``).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from opstui.domain.anomaly import (  # noqa: F401 - judge is re-exported for metrics users
    NO_VERDICT,
    Verdict,
    change,
    judge,
    verdicts,
)
from opstui.domain.dates import parse_period
from opstui.domain.errors import RuleError
from opstui.domain.models import (
    Direction,
    Goal,
    Metric,
    Priority,
    Reading,
    Source,
    SourceKind,
    Task,
)
from opstui.domain.planning import GoalProgress, GoalStatus, goal_progress

SPARK_LENGTH = 30
"""How many readings the sparkline shows."""
SPARK_BLOCKS = "▁▂▃▄▅▆▇█"


class MetricStatus(StrEnum):
    """How a metric stands: against its target, or anomalous."""

    OK = "ok"
    WARN = "warn"
    ALERT = "alert"
    NONE = "-"
    """No reading yet, or no target to judge against."""



class NotANumber(RuleError):
    """A reading that is not a number; the message says what was typed."""


def parse_value(text: str) -> float:
    """Read a metric value as typed: ``31.8``, ``117,600``, ``4.5%``, ``¥18``.

    Units are kept on the metric, so a trailing ``%`` or a currency sign is allowed and
    dropped; anything else that is not a finite number is refused.

    Raises:
        NotANumber: Not a number.
    """
    raw = text.strip()
    cleaned = raw.replace(",", "").replace("_", "").strip().rstrip("%").lstrip("¥$€£").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise NotANumber(f"not a number: {raw!r} (try 31.8 or 117600)") from None
    if not math.isfinite(value):
        raise NotANumber(f"not a number: {raw!r} (must be finite)")
    return value


def pct_of_target(value: float, target: float | None) -> float | None:
    """``value`` as a percentage of ``target`` (None without a usable target)."""
    if target is None or target == 0:
        return None
    return value / target * 100


def status_against(value: float, target: float | None, direction: Direction,
                   warn_pct: float = 5.0) -> MetricStatus:
    """ok when ``target`` is met, warn within ``warn_pct`` percent short of it, alert beyond
    (always alert when short of a zero target); NONE without a target.

    Direction-aware: for a lower-is-better metric, being above the target is the shortfall.
    """
    if target is None:
        return MetricStatus.NONE
    short = target - value if direction is Direction.UP else value - target
    if short <= 0:
        return MetricStatus.OK
    if target == 0:
        return MetricStatus.ALERT
    return MetricStatus.WARN if short / abs(target) * 100 <= warn_pct else MetricStatus.ALERT


def target_status(value: float, metric: Metric) -> MetricStatus:
    """``value``'s status against ``metric``'s target, direction and ``warn_pct``."""
    return status_against(value, metric.target, metric.direction, metric.warn_pct)


def sparkline(values: Sequence[float]) -> str:
    """Block characters, one per value, scaled between the lowest and the highest."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARK_BLOCKS[3] * len(values)
    top = len(SPARK_BLOCKS) - 1
    return "".join(SPARK_BLOCKS[round((v - low) / (high - low) * top)] for v in values)


@dataclass(frozen=True)
class Anomaly:
    """An anomalous reading and why."""

    reading: Reading
    verdict: Verdict
    investigated: bool
    """An investigate task exists for it, or its cause is noted on the reading."""


@dataclass(frozen=True)
class BoardRow:
    """One line of the metric board, as of a day."""

    metric: Metric
    latest: Reading | None
    previous: Reading | None
    week_ago: Reading | None
    """The reading of the same weekday a week before the latest."""
    pct_of_target: float | None
    change: float | None
    change_pct: float | None
    week_change: float | None
    week_change_pct: float | None
    target_status: MetricStatus
    """The latest reading against the target alone (the pace of a running goal, if any)."""
    status: MetricStatus
    """The target status, raised to alert while an anomaly waits for a look."""
    verdict: Verdict
    """The verdict on the latest reading."""
    spark: tuple[float, ...]
    spark_flags: tuple[bool, ...]
    """Per sparkline value: was it an anomaly."""
    anomalies: tuple[Anomaly, ...]
    """Anomalies among the sparkline's readings, newest first."""
    goal: GoalProgress | None = None
    """The running goal tied to the metric, whose pace judges it (see the module's rule)."""

    @property
    def open_anomaly(self) -> Anomaly | None:
        """The newest anomaly not investigated yet."""
        return next((a for a in self.anomalies if not a.investigated), None)

    @property
    def needs_attention(self) -> bool:
        """Alert status: off target beyond the warn band (or off a goal's pace), or an
        anomaly nobody has looked into."""
        return self.status is MetricStatus.ALERT


GOAL_STATUS = {GoalStatus.ON_TRACK: MetricStatus.OK, GoalStatus.AT_RISK: MetricStatus.WARN,
               GoalStatus.OFF_TRACK: MetricStatus.ALERT, GoalStatus.NO_DATA: MetricStatus.NONE,
               GoalStatus.UPCOMING: MetricStatus.NONE}
"""A goal's status as the status of the metric it is tied to."""


def running_goal(metric: Metric, goals: Iterable[Goal], day: date) -> Goal | None:
    """The open goal tied to ``metric`` whose period holds ``day`` (the shortest period
    when several do: the nearest deadline sets the pace)."""
    found = []
    for goal in goals:
        if goal.metric_id != metric.id or goal.closed:
            continue
        period = parse_period(goal.period)
        if period.start <= day <= period.end:
            found.append((period.days, goal.period, goal))
    return min(found, key=lambda f: f[:2])[2] if found else None


def board_row(metric: Metric, readings: Sequence[Reading], as_of: date,
              investigated: Collection[date] = (), goals: Iterable[Goal] = ()) -> BoardRow:
    """Build the board line of ``metric`` from its readings up to ``as_of``.

    Args:
        metric: The metric.
        readings: Its readings, oldest first (later ones than ``as_of`` are ignored).
        as_of: The day the board is for.
        investigated: Days whose anomaly already has an investigate task.
        goals: Goals; a running one tied to the metric judges it by its pace.

    Returns:
        Latest, target, changes, sparkline of the last 30 readings, status, anomalies.
    """
    days = [r.day for r in readings]
    upto = list(readings[: bisect.bisect_right(days, as_of)])
    latest = upto[-1] if upto else None
    previous = upto[-2] if len(upto) > 1 else None
    week_ago = None
    if latest is not None:
        wanted = latest.day - timedelta(days=7)
        i = bisect.bisect_left(days, wanted, hi=len(upto))
        week_ago = upto[i] if i < len(upto) and upto[i].day == wanted else None
    values = [r.value for r in upto]
    recent = verdicts(values, metric.direction, metric.anomaly, last=SPARK_LENGTH)
    shown = upto[-SPARK_LENGTH:]
    anomalies = tuple(
        Anomaly(r, v, r.day in investigated or bool(r.note.strip()))
        for r, v in zip(reversed(shown), reversed(recent), strict=True) if v.anomalous
    )
    verdict = recent[-1] if recent else NO_VERDICT
    goal = running_goal(metric, goals, as_of)
    paced = goal_progress(goal, as_of, metric=metric, readings=upto) if goal else None
    if latest is None:
        t_status = MetricStatus.NONE
        pct = delta = delta_pct = week = week_pct = None
    else:
        t_status = target_status(latest.value, metric)
        if paced is not None and GOAL_STATUS[paced.status] is not MetricStatus.NONE:
            t_status = GOAL_STATUS[paced.status]
        pct = pct_of_target(latest.value, metric.target)
        delta, delta_pct = change(latest.value, previous.value if previous else None)
        week, week_pct = change(latest.value, week_ago.value if week_ago else None)
    waiting = any(not a.investigated for a in anomalies)
    status = MetricStatus.ALERT if waiting else t_status
    return BoardRow(metric, latest, previous, week_ago, pct, delta, delta_pct, week, week_pct,
                    t_status, status, verdict, tuple(values[-SPARK_LENGTH:]),
                    tuple(v.anomalous for v in recent), anomalies, paced)


def board(metrics: Sequence[Metric], readings_by_metric: dict[str, list[Reading]],
          as_of: date, investigated: dict[str, set[date]] | None = None,
          goals: Iterable[Goal] = ()) -> list[BoardRow]:
    """The whole board, metrics in the order given (by key if the caller sorts them)."""
    done = investigated or {}
    goals = list(goals)
    return [
        board_row(m, sorted(readings_by_metric.get(m.id, ()), key=lambda r: r.day), as_of,
                  done.get(m.id, set()), goals)
        for m in metrics
    ]


def format_number(value: float | None, unit: str = "") -> str:
    """``117,600 users``, ``31.8%``, ``4.02 CNY``; "" for None."""
    if value is None:
        return ""
    if abs(value) >= 1000:
        text = f"{value:,.0f}" if value == round(value) else f"{value:,.1f}"
    else:
        text = f"{round(value, 4):g}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}".strip()


def format_change(delta: float | None, pct: float | None) -> str:
    """``+1.2 (+3.9%)`` or ``-`` when there is nothing to compare with."""
    if delta is None:
        return "-"
    number = f"{delta:+,.0f}" if abs(delta) >= 100 else f"{delta:+.3g}"
    return f"{number} ({pct:+.1f}%)" if pct is not None else number


def board_json(row: BoardRow) -> dict[str, object]:
    """The board line as plain data (``opstui metric list --json``)."""
    latest = row.latest
    anomaly = row.anomalies[0] if row.anomalies else None
    return {
        "key": row.metric.key,
        "name": row.metric.name,
        "unit": row.metric.unit,
        "direction": row.metric.direction.value,
        "target": row.metric.target,
        "latest": latest.value if latest else None,
        "latest_day": latest.day.isoformat() if latest else None,
        "pct_of_target": _rounded(row.pct_of_target),
        "change": _rounded(row.change),
        "change_pct": _rounded(row.change_pct),
        "week_change": _rounded(row.week_change),
        "week_change_pct": _rounded(row.week_change_pct),
        "status": row.status.value,
        "target_status": row.target_status.value,
        "goal": None if row.goal is None else {
            "title": row.goal.goal.title, "period": row.goal.goal.period,
            "status": row.goal.status.value},
        "anomaly": row.verdict.anomalous,
        "anomaly_reasons": list(row.verdict.reasons),
        "last_anomaly": None if anomaly is None else {
            "day": anomaly.reading.day.isoformat(),
            "value": anomaly.reading.value,
            "reasons": list(anomaly.verdict.reasons),
            "investigated": anomaly.investigated,
        },
        "sparkline": sparkline(row.spark),
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def investigated_days(tasks: Iterable[Task]) -> dict[str, set[date]]:
    """Per metric id, the days whose anomaly has an investigate task (source: the metric)."""
    out: dict[str, set[date]] = {}
    for task in tasks:
        if (task.metric_id and task.source.kind is SourceKind.METRIC
                and task.source.on is not None):
            out.setdefault(task.metric_id, set()).add(task.source.on)
    return out


def investigate_task(metric: Metric, anomaly: Anomaly, owner: str | None, now: datetime,
                     due: date | None = None) -> Task:
    """An "investigate" task for ``anomaly`` of ``metric``, created ``now``, linked to both.

    Due ``due`` when given (the TUI passes the day viewed, so the task shows in that day's
    work), else the day after ``now``.
    """
    reading = anomaly.reading
    value = format_number(reading.value, metric.unit)
    title = f"Investigate {metric.name}: {value} on {reading.day.isoformat()}"
    why = anomaly.verdict.summary or "anomaly"
    return Task(
        title=title[:500], priority=Priority.P1, owner=owner,
        due=due if due is not None else now.date() + timedelta(days=1),
        metric_id=metric.id, tags=["investigate"],
        description=f"{metric.key} {value} on {reading.day.isoformat()}: {why}.",
        acceptance="Cause found and noted on the reading; follow-up actions assigned.",
        source=Source(kind=SourceKind.METRIC, ref=metric.id, on=reading.day),
        created_at=now, updated_at=now,
    )


def metric_board(metrics: Iterable[Metric], readings_by_metric: dict[str, list[Reading]],
                 tasks_by_metric: dict[str | None, list[Task]], as_of: date,
                 goals: Iterable[Goal] = ()) -> list[BoardRow]:
    """The board the TUI and ``opstui metric list`` show: metrics by key, as of a day.

    Args:
        metrics: Every metric.
        readings_by_metric: Readings grouped by metric id (any order).
        tasks_by_metric: Tasks grouped by ``metric_id`` (for investigated anomalies).
        as_of: The day the board is for.
        goals: Every goal (a running goal tied to a metric judges it by its pace).
    """
    linked = [t for key, group in tasks_by_metric.items() if key for t in group]
    ordered = sorted(metrics, key=lambda m: m.key)
    return board(ordered, readings_by_metric, as_of, investigated_days(linked), goals)
