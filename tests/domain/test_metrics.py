"""Metric board rules: status against target, changes, and anomaly detection, as tables."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

import pytest

from opstui.domain.metrics import (
    MetricStatus,
    NotANumber,
    board_row,
    change,
    format_number,
    investigate_task,
    judge,
    parse_value,
    pct_of_target,
    sparkline,
    target_status,
)
from opstui.domain.models import AnomalyRule, Direction, Goal, Metric, Reading

DAY = date(2026, 11, 23)
RULE = AnomalyRule()
# A calm series: mean 100, sample standard deviation 1 (alternating 99 and 101, 14 values).
CALM = [99.0, 101.0] * 7
SD = 1.0378  # stdev of CALM


def metric(direction: str = "up", target: float | None = 100.0, **fields: object) -> Metric:
    return Metric(key="m", name="M", direction=Direction(direction), target=target,
                  **fields)  # type: ignore[arg-type]


def readings(values: list[float], end: date = DAY) -> list[Reading]:
    start = end - timedelta(days=len(values) - 1)
    return [Reading(metric_id="a" * 32, day=start + timedelta(days=i), value=v)
            for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("before", "value", "direction", "anomalous", "judged"),
    [
        ([100.0] * 14, 100.0, "up", False, True),          # flat series: no anomaly
        ([100.0] * 30, 100.0, "down", False, True),
        (CALM, 100 - 4 * SD, "up", True, True),            # a drop of 4 sd: anomaly
        (CALM, 100 - 2 * SD, "up", False, True),           # 2 sd: ordinary
        (CALM, 100 + 4 * SD, "up", False, True),           # higher is better: a rise is fine
        (CALM, 100 + 4 * SD, "down", True, True),          # lower is better: flags rises
        (CALM, 100 - 4 * SD, "down", False, True),         # ... not drops
        (CALM[:13], 50.0, "up", False, False),             # fewer than the window: no verdict
        ([], 50.0, "up", False, False),
        ([100.0] * 14, 99.0, "up", True, True),            # off a flat line, the bad way
        ([100.0] * 14, 101.0, "up", False, True),
    ],
)
def test_rolling_z_score_is_direction_aware(
    before: list[float], value: float, direction: str, anomalous: bool, judged: bool
) -> None:
    verdict = judge(before, value, Direction(direction), AnomalyRule(pct_change=None))
    assert verdict.judged is judged
    assert verdict.anomalous is anomalous


@pytest.mark.parametrize(
    ("previous", "value", "direction", "pct_rule", "anomalous"),
    [
        (100.0, 75.0, "up", 20.0, True),       # -25% on a higher-is-better metric
        (100.0, 85.0, "up", 20.0, False),      # -15%: within the rule
        (100.0, 125.0, "up", 20.0, False),     # a rise is good news
        (100.0, 125.0, "down", 20.0, True),    # a rise of cost is not
        (100.0, 75.0, "up", 30.0, False),      # configurable threshold
        (100.0, 75.0, "up", None, False),      # rule switched off
        (0.0, 75.0, "down", 20.0, False),      # no percent from zero
    ],
)
def test_percent_change_rule(
    previous: float, value: float, direction: str, pct_rule: float | None, anomalous: bool
) -> None:
    # A wide window keeps the z rule quiet so only the percent rule is tested.
    before = [previous - 40, previous + 40] * 7
    before[-1] = previous
    rule = AnomalyRule(z_threshold=50, pct_change=pct_rule)
    assert judge(before, value, Direction(direction), rule).anomalous is anomalous


def test_window_and_threshold_are_configurable() -> None:
    series = [99.0, 101.0] * 3
    assert not judge(series, 90.0, Direction.UP, RULE).judged
    short = AnomalyRule(window=6, pct_change=None)
    assert judge(series, 90.0, Direction.UP, short).anomalous
    lenient = AnomalyRule(window=6, z_threshold=20, pct_change=None)
    assert not judge(series, 90.0, Direction.UP, lenient).anomalous


@pytest.mark.parametrize(
    ("value", "direction", "target", "expected"),
    [
        (100, "up", 100, MetricStatus.OK),
        (120, "up", 100, MetricStatus.OK),
        (96, "up", 100, MetricStatus.WARN),     # within warn_pct (5%)
        (90, "up", 100, MetricStatus.ALERT),
        (18, "down", 18, MetricStatus.OK),
        (18.5, "down", 18, MetricStatus.WARN),
        (22, "down", 18, MetricStatus.ALERT),
        (15, "down", 18, MetricStatus.OK),
        (5, "up", None, MetricStatus.NONE),
    ],
)
def test_status_against_target(
    value: float, direction: str, target: float | None, expected: MetricStatus
) -> None:
    assert target_status(value, metric(direction, target)) is expected


def test_percent_of_target_and_change() -> None:
    assert pct_of_target(31.8, 35.0) == pytest.approx(90.857, abs=0.01)
    assert pct_of_target(3, None) is None and pct_of_target(3, 0) is None
    assert change(110, 100) == (10, 10.0)
    assert change(110, None) == (None, None)
    assert change(5, 0) == (5, None)


def test_board_row_compares_with_previous_and_same_day_last_week() -> None:
    values = [100.0 + i for i in range(20)]
    row = board_row(metric(target=130), readings(values), DAY)
    assert row.latest is not None and row.latest.value == 119
    assert row.change == 1 and row.week_change == 7
    assert row.week_ago is not None and row.week_ago.day == DAY - timedelta(days=7)
    assert row.target_status is MetricStatus.ALERT
    assert len(row.spark) == 20 and not any(row.spark_flags)


def test_board_row_flags_the_anomaly_and_keeps_it_in_the_sparkline() -> None:
    values = [*CALM, *CALM, 60.0, *CALM[:6]]
    rows = readings(values)
    row = board_row(metric(target=90), rows, DAY)
    # The latest reading is back to normal, but nobody has looked at the drop: alert.
    assert row.target_status is MetricStatus.OK and row.status is MetricStatus.ALERT
    assert len(row.spark) == 30 and sum(row.spark_flags) == 1
    assert row.open_anomaly is not None and row.open_anomaly.reading.value == 60
    assert row.needs_attention
    drop_day = row.open_anomaly.reading.day
    investigated = board_row(metric(target=90), rows, DAY, investigated={drop_day})
    assert investigated.open_anomaly is None and not investigated.needs_attention
    assert investigated.status is MetricStatus.OK  # looked at: the target's status again
    at = datetime.combine(DAY, time(9, 30))
    task = investigate_task(metric(target=90), row.open_anomaly, None, at)
    assert (task.due, task.created_at, task.source.on) == (DAY + timedelta(days=1), at, drop_day)
    # As of the day of the drop, the latest reading itself is the anomaly: alert.
    on_the_day = board_row(metric(target=90), rows, drop_day)
    assert on_the_day.verdict.anomalous and on_the_day.status is MetricStatus.ALERT


# One rule for a metric's status (opstui.domain.metrics docstring). MONTH runs from 80 to
# 100 in 2026-11, judged at the end of 11-23 (77% of the month gone).
MONTH = {"period": "2026-11", "baseline": 80.0}


@pytest.mark.parametrize(
    ("latest", "goals", "status"),
    [
        (95.0, [MONTH], MetricStatus.OK),          # 75% of the way: the goal is on track
        (95.0, [], MetricStatus.WARN),             # no goal: 5% short of the standing target
        (93.0, [MONTH], MetricStatus.WARN),        # 65% of the way: at risk
        (93.0, [], MetricStatus.ALERT),            # no goal: 7% short, beyond the warn band
        (90.0, [MONTH], MetricStatus.ALERT),       # 50% of the way: off track
        (101.0, [MONTH], MetricStatus.OK),
        (93.0, [{**MONTH, "closed": True}], MetricStatus.ALERT),  # a closed goal sets no pace
        (93.0, [{**MONTH, "period": "2026-12"}], MetricStatus.ALERT),  # nor one not begun
        # Two running goals: the shortest (the week, from 90: 30% of the way) sets the pace.
        (93.0, [MONTH, {"period": "2026-W48", "baseline": 90.0}], MetricStatus.OK),
    ],
)
def test_a_running_goal_judges_its_metric_by_its_pace(
    latest: float, goals: list[dict[str, object]], status: MetricStatus
) -> None:
    m = metric(target=100.0)
    tied = [Goal(title="G", metric_id=m.id, target=100.0, **g)  # type: ignore[arg-type]
            for g in goals]
    row = board_row(m, readings([latest] * 20), DAY, goals=tied)
    assert row.status is status
    assert row.needs_attention is (status is MetricStatus.ALERT)


def test_a_metric_without_readings_has_no_status() -> None:
    row = board_row(metric(), [], DAY)
    assert row.latest is None and row.status is MetricStatus.NONE and row.spark == ()


@pytest.mark.parametrize(
    ("text", "value"),
    [("31.8", 31.8), ("117,600", 117600.0), ("4.5%", 4.5), ("¥18", 18.0), (" -2 ", -2.0)],
)
def test_values_are_numbers(text: str, value: float) -> None:
    assert parse_value(text) == value


@pytest.mark.parametrize("text", ["", "abc", "nan", "inf", "1.2.3", "12 users"])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(NotANumber, match="not a number"):
        parse_value(text)


def test_sparkline_and_numbers() -> None:
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([5, 5]) == "▄▄" and sparkline([]) == ""
    assert format_number(117600, "users") == "117,600 users"
    assert format_number(31.8, "%") == "31.8%"
    assert math.isinf(judge([1.0] * 14, 0.0, Direction.UP, RULE).z or 0)


def test_the_weekly_report_judges_a_metric_by_the_same_rule() -> None:
    from opstui.domain.dates import parse_period
    from opstui.domain.report_kpis import kpi_lines

    m = metric(target=100.0)
    week = parse_period("2026-W47")
    goal = Goal(title="G", metric_id=m.id, target=100.0, **MONTH)  # type: ignore[arg-type]
    values = [r.model_copy(update={"metric_id": m.id}) for r in readings([91.0] * 20)]
    board = board_row(m, [r for r in values if r.day <= week.end], week.end, goals=[goal])
    (line,) = kpi_lines([m], values, week, [goal], week.end)
    assert line.status == board.status.value == "warn"  # at risk, as the goal says
    (alone,) = kpi_lines([m], values, week)
    assert alone.status == "alert"  # no goal: 9% short of the standing target
