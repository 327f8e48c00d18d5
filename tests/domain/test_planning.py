"""Goal progress and status, plan load, reordering, backlog filter, resource risks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opstui.domain.models import (
    DayPlan,
    Direction,
    Goal,
    Metric,
    Reading,
    ResourceRequest,
    Settings,
    Task,
)
from opstui.domain.planning import (
    GoalStatus,
    current_goals,
    goal_progress,
    judge,
    metric_progress,
    new_plan,
    plan_load,
    plan_moved,
    plan_with,
    plan_without,
    resource_risks,
    task_progress,
    upcoming_goals,
    week_load,
)
from opstui.domain.views import BacklogFilter, filter_tasks

TODAY = date(2026, 11, 23)


def t(title: str = "x", **fields: object) -> Task:
    return Task(title=title, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("progress", "elapsed", "status"), [
    (None, 0.5, GoalStatus.NO_DATA),
    (0.5, 0.5, GoalStatus.ON_TRACK),
    (0.4, 0.5, GoalStatus.ON_TRACK),     # 10 points behind: still on track
    (0.39, 0.5, GoalStatus.AT_RISK),
    (0.25, 0.5, GoalStatus.AT_RISK),     # 25 points behind: at risk
    (0.24, 0.5, GoalStatus.OFF_TRACK),
    (0.0, 0.05, GoalStatus.ON_TRACK),    # the period has barely begun
    (1.0, 1.0, GoalStatus.ON_TRACK),
    (0.7, 1.0, GoalStatus.OFF_TRACK),    # period over, goal missed
    (0.9, 0.2, GoalStatus.ON_TRACK),     # ahead
])
def test_status_compares_progress_with_time_gone_by(
        progress: float | None, elapsed: float, status: GoalStatus) -> None:
    assert judge(progress, elapsed) is status


@pytest.mark.parametrize(("baseline", "target", "latest", "direction", "expected"), [
    (100, 200, 150, Direction.UP, 0.5),
    (100, 200, 250, Direction.UP, 1.0),
    (100, 200, 80, Direction.UP, 0.0),
    (22.5, 18.0, 20.25, Direction.DOWN, 0.5),   # cost: lower is better
    (22.5, 18.0, 25.0, Direction.DOWN, 0.0),
    (22.5, 18.0, 17.0, Direction.DOWN, 1.0),
    (100, 100, 100, Direction.UP, 1.0),          # met at the start
])
def test_metric_progress_is_direction_aware(baseline: float, target: float, latest: float,
                                            direction: Direction, expected: float) -> None:
    assert metric_progress(baseline, target, latest, direction) == pytest.approx(expected)


@pytest.mark.parametrize(("tasks", "expected"), [
    ([], None),
    ([t(status="done"), t()], 0.5),
    ([t(status="done", estimate_minutes=180), t(estimate_minutes=60)], 0.75),
    ([t(percent=50, estimate_minutes=60), t(status="cancelled")], 0.5),
    ([t(status="cancelled")], None),
])
def test_task_progress_is_estimate_weighted(tasks: list[Task], expected: float | None) -> None:
    result = task_progress(tasks, 60)
    assert result == (pytest.approx(expected) if expected is not None else None)


def test_metric_goal_uses_latest_reading_up_to_today() -> None:
    metric = Metric(key="cpa", name="CPA", target=18.0, direction="down", unit="元")
    goal = Goal(title="CPA ≤ 18", period="2026-Q4", metric_id=metric.id, baseline=22.5,
                target=18.0, direction="down")
    readings = [Reading(metric_id=metric.id, day=TODAY - timedelta(days=1), value=20.25),
                Reading(metric_id=metric.id, day=TODAY + timedelta(days=1), value=10.0)]
    result = goal_progress(goal, TODAY, metric=metric, readings=readings)
    assert result.progress == pytest.approx(0.5)
    # 2026-Q4 is 92 days; the end of Nov 23 is 54 days in: 0.587, 8.7 points behind.
    assert result.elapsed == pytest.approx(54 / 92)
    assert result.status is GoalStatus.ON_TRACK
    assert "20.25 元" in result.detail and "22.5 → 18" in result.detail


def test_metric_goal_without_readings_has_no_data() -> None:
    goal = Goal(title="g", period="2026-11", metric_id="a" * 32, baseline=1, target=2)
    assert goal_progress(goal, TODAY).status is GoalStatus.NO_DATA


def test_task_goal_rolls_up_its_tasks() -> None:
    goal = Goal(title="W48 goal", period="2026-W48")
    tasks = [t(status="done", goal_id=goal.id), t(goal_id=goal.id), t(goal_id=goal.id)]
    result = goal_progress(goal, TODAY, tasks=tasks)   # Monday: 1/7 of the week gone
    assert result.progress == pytest.approx(1 / 3)
    assert result.status is GoalStatus.ON_TRACK
    assert result.detail == "1/3 tasks done"
    late = goal_progress(goal, TODAY + timedelta(days=5), tasks=tasks)  # Saturday: 6/7
    assert late.status is GoalStatus.OFF_TRACK


def test_current_goals_are_open_and_hold_the_day_shortest_first() -> None:
    q = Goal(title="Q", period="2026-Q4")
    w = Goal(title="W", period="2026-W48")
    m = Goal(title="M", period="2026-11")
    closed = Goal(title="C", period="2026-11", closed=True)
    old = Goal(title="O", period="2026-10")
    assert [g.title for g in current_goals([q, w, m, closed, old], TODAY)] == ["W", "M", "Q"]


def test_upcoming_goals_are_open_later_periods_soonest_first() -> None:
    dec = Goal(title="Dec", period="2026-12")
    next_week = Goal(title="next week", period="2026-W49")
    next_year = Goal(title="2027", period="2027")
    now = Goal(title="now", period="2026-11")
    closed = Goal(title="closed", period="2026-12", closed=True)
    assert [g.title for g in upcoming_goals([dec, next_week, next_year, now, closed], TODAY)
            ] == ["next week", "Dec", "2027"]


@pytest.mark.parametrize(("estimates", "done", "planned", "unestimated", "over"), [
    ([60, 120], [], 180, 0, False),
    ([None, 60], [], 105, 1, False),            # default 45 for the unestimated one
    ([300, 120], [], 420, 0, True),             # 7h > 6.4h available
    ([300, 120], [0], 120, 0, False),           # the finished one no longer counts
])
def test_plan_load(estimates: list[int | None], done: list[int], planned: int,
                   unestimated: int, over: bool) -> None:
    tasks = [t(estimate_minutes=e, status="done" if i in done else "todo")
             for i, e in enumerate(estimates)]
    load = plan_load(DayPlan(day=TODAY), tasks, 45)
    assert (load.planned_minutes, load.unestimated, load.over) == (planned, unestimated, over)
    assert load.available_minutes == 384 and load.capacity_minutes == 480
    assert load.free_minutes == 384 - planned


def test_new_plan_takes_the_settings() -> None:
    plan = new_plan(TODAY, Settings(capacity_hours=6, buffer_pct=30))
    assert (plan.day, plan.capacity_hours, plan.buffer_pct, plan.task_ids) == (TODAY, 6, 30, [])


@pytest.mark.parametrize(("task", "offset", "order"), [
    ("b", -1, "bac"), ("b", 1, "acb"), ("a", -1, "abc"), ("c", 5, "abc"), ("a", 2, "bca"),
    ("z", 1, "abc"),
])
def test_plan_moved(task: str, offset: int, order: str) -> None:
    ids = {c: c * 32 for c in "abcz"}
    plan = DayPlan(day=TODAY, task_ids=[ids[c] for c in "abc"])
    moved = plan_moved(plan, ids[task], offset)
    assert "".join(i[0] for i in moved.task_ids) == order


def test_plan_with_and_without_keep_each_task_once() -> None:
    a, b = "a" * 32, "b" * 32
    plan = plan_with(DayPlan(day=TODAY, task_ids=[a]), [b, a, b])
    assert plan.task_ids == [a, b]
    assert plan_without(plan, [a]).task_ids == [b]


def test_week_load_shows_each_day() -> None:
    task = t(estimate_minutes=90)
    plans = {TODAY: DayPlan(day=TODAY, task_ids=[task.id])}
    week = week_load(TODAY + timedelta(days=3), plans, {task.id: task}, 60)
    assert next(d.day for d in week) == TODAY and len(week) == 7
    assert week[0].load is not None and week[0].load.planned_minutes == 90
    assert week[1].load is None and week[1].tasks == 0


@pytest.mark.parametrize(("query", "titles"), [
    ("", ["周报 report", "DAU dashboard", "竞品调研"]),
    ("dau", ["DAU dashboard"]),
    ("@林", ["周报 report"]),
    ("#weekly", ["周报 report", "竞品调研"]),
    ("#weekly @bob", []),
    ("goal:abcd", ["DAU dashboard"]),
    ("竞品", ["竞品调研"]),
])
def test_backlog_filter(query: str, titles: list[str]) -> None:
    tasks = [t("周报 report", owner="林晓", tags=["weekly"]),
             t("DAU dashboard", owner="Bob", goal_id="abcd" + "0" * 28),
             t("竞品调研", tags=["Weekly", "竞品"])]
    assert [x.title for x in filter_tasks(tasks, query)] == titles
    assert BacklogFilter.parse("").empty


@pytest.mark.parametrize(("start_in", "status", "risky"), [
    (0, "requested", True),
    (2, "requested", True),
    (3, "requested", False),       # beyond the 2-day horizon
    (1, "confirmed", False),
    (1, "refused", True),
    (-2, "requested", True),       # started already, still unconfirmed
])
def test_resource_risks(start_in: int, status: str, risky: bool) -> None:
    task = t("launch", start=TODAY + timedelta(days=start_in))
    request = ResourceRequest(task_id=task.id, department="技术部", what="API",
                              status=status)  # type: ignore[arg-type]
    found = resource_risks([task], TODAY, {task.id: [request]}, TODAY)
    assert bool(found) is risky
    if risky:
        assert found[0].starts == task.start and found[0].requests == (request,)


def test_resource_risk_uses_the_plan_day_without_a_start() -> None:
    task = t("launch")
    request = ResourceRequest(task_id=task.id, department="法务", what="review")
    later = TODAY + timedelta(days=5)
    assert resource_risks([task], later, {task.id: [request]}, TODAY) == []
    assert resource_risks([task], TODAY + timedelta(days=1), {task.id: [request]}, TODAY)
    done = t("done", status="done")
    assert resource_risks([done], TODAY, {done.id: [request]}, TODAY) == []


def test_goal_progress_baseline_falls_back_to_first_reading_of_period() -> None:
    metric = Metric(key="dau", name="DAU", target=200)
    goal = Goal(title="DAU", period="2026-11", metric_id=metric.id)
    readings = [Reading(metric_id=metric.id, day=date(2026, 10, 30), value=50),
                Reading(metric_id=metric.id, day=date(2026, 11, 1), value=100),
                Reading(metric_id=metric.id, day=date(2026, 11, 20), value=150)]
    result = goal_progress(goal, TODAY, metric=metric, readings=readings)
    assert result.progress == pytest.approx(0.5)
    assert result.status is GoalStatus.OFF_TRACK  # 23/30 of November gone: 27 points behind
