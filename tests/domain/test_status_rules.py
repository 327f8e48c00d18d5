"""One status per goal wherever it is shown: a goal whose period has not begun is upcoming
in Before, in the weekly report and in the retro alike (it was on track in the report)."""

from __future__ import annotations

from datetime import date, datetime

from opstui.domain.models import Goal, Metric, Reading, Task, TaskStatus
from opstui.domain.planning import GoalStatus, goal_progress
from opstui.domain.report_kpis import goal_line

DAY = date(2026, 11, 30)


def test_a_goal_not_begun_is_upcoming_everywhere() -> None:
    metric = Metric(key="dau", name="DAU", target=120.0)
    readings = [Reading(metric_id=metric.id, day=date(2026, 11, d), value=100.0)
                for d in range(1, 31)]
    december = Goal(title="12月 DAU", period="2026-12", metric_id=metric.id, baseline=100.0,
                    target=120.0)
    judged = goal_progress(december, DAY, metric=metric, readings=readings)
    assert judged.status is GoalStatus.UPCOMING and judged.upcoming
    assert judged.detail == "starts 2026-12-01"
    line = goal_line(december, metric=metric, readings=readings, tasks=[], as_of=DAY)
    assert line.status == "upcoming"
    # The month it runs in, the same goal is judged by its pace as before.
    running = goal_progress(december, date(2026, 12, 15), metric=metric, readings=readings)
    assert running.status is GoalStatus.OFF_TRACK


def test_the_weekly_report_words_an_upcoming_goal() -> None:
    from opstui.domain.report import Records, week_of, weekly_report
    from opstui.domain.report_markdown import weekly_markdown

    goal = Goal(title="12月 活动", period="2026-12")
    at = datetime(2026, 11, 30, 10, 0)
    done = Task(title="周报", status=TaskStatus.DONE, done_at=at, due=DAY, created_at=at,
                updated_at=at)
    week = week_of(None, DAY)
    report = weekly_report(Records(goals=[goal], tasks=[done]), week, DAY)
    assert [g.status for g in report.goals] == ["upcoming"]
    assert "not started yet" in weekly_markdown(report, "en")
    assert "未开始" in weekly_markdown(report, "zh")
