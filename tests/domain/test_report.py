"""Gathering the weekly report: what belongs to an ISO week, table-tested with a pinned clock."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from opstui.domain.dates import DateParseError, parse_period
from opstui.domain.models import (
    Escalation,
    Goal,
    Incident,
    LogEntry,
    Meeting,
    Metric,
    Reading,
    ResourceRequest,
    Retrospective,
    Slip,
    Source,
    Task,
)
from opstui.domain.report import Records, kpi_lines, metric_status, week_of, weekly_report

W47 = parse_period("2026-W47")  # Mon 2026-11-16 .. Sun 2026-11-22
TODAY = date(2026, 11, 23)
CREATED = datetime(2026, 11, 2, 9, 0)


def task(title: str, **fields: object) -> Task:
    """A task created well before the week."""
    fields.setdefault("created_at", CREATED)
    return Task(title=title, **fields)  # type: ignore[arg-type]


def done(title: str, at: datetime, **fields: object) -> Task:
    """A task finished at ``at``."""
    return task(title, status="done", done_at=at, percent=100, **fields)


@pytest.mark.parametrize(("finished", "in_week"), [
    (datetime(2026, 11, 15, 23, 59), False),  # Sunday before
    (datetime(2026, 11, 16, 0, 0), True),  # Monday 00:00
    (datetime(2026, 11, 22, 23, 59), True),  # Sunday 23:59 belongs to the week
    (datetime(2026, 11, 23, 0, 0), False),  # next Monday
])
def test_a_task_belongs_to_the_iso_week_it_was_finished_in(finished: datetime, in_week: bool
                                                           ) -> None:
    report = weekly_report(Records(tasks=[done("Ship it", finished)]), W47, TODAY)
    assert [line.title for line in report.done] == (["Ship it"] if in_week else [])


def test_a_reopened_or_cancelled_task_is_not_done() -> None:
    at = datetime(2026, 11, 18, 10, 0)
    reopened = task("Reopened", status="doing", done_at=at)
    cancelled = task("Dropped", status="cancelled", done_at=at, updated_at=at)
    report = weekly_report(Records(tasks=[reopened, cancelled]), W47, TODAY)
    assert report.done == []
    assert report.cancelled == 1


def test_an_empty_week_says_so() -> None:
    old = done("Long ago", datetime(2026, 10, 1, 12, 0))
    report = weekly_report(Records(tasks=[old]), W47, TODAY)
    assert report.empty


def test_slips_in_the_week_keep_their_reasons() -> None:
    slipped = task("SOP doc", slips=[
        Slip(day=date(2026, 11, 13), action="rolled", reason="before the week"),
        Slip(day=date(2026, 11, 17), action="unplanned", reason="retro first"),
    ])
    report = weekly_report(Records(tasks=[slipped]), W47, TODAY)
    assert [(s.day, s.action, s.reason) for s in report.slipped] == [
        (date(2026, 11, 17), "unplanned", "retro first")]


@pytest.mark.parametrize(("due", "today", "overdue"), [
    (date(2026, 11, 20), date(2026, 11, 20), False),  # due today: not late yet
    (date(2026, 11, 19), date(2026, 11, 20), True),
    (date(2026, 11, 22), TODAY, True),  # a past week: late by its Sunday evening
    (date(2026, 11, 23), TODAY, False),
])
def test_overdue_is_judged_at_the_weeks_end_or_today(due: date, today: date, overdue: bool
                                                     ) -> None:
    late = task("Late", due=due, status="blocked", status_reason="waiting for 法务")
    report = weekly_report(Records(tasks=[late]), W47, today)
    assert [(t.title, t.note) for t in report.overdue] == (
        [("Late", "waiting for 法务")] if overdue else [])


def test_kpis_compare_the_week_with_the_week_before() -> None:
    dau = Metric(key="dau", name="DAU", unit="users", target=120.0)
    d7 = Metric(key="d7", name="D7", unit="%", target=35.0)
    cpa = Metric(key="cpa", name="CPA", unit="CNY", target=18.0, direction="down",
                 cadence="weekly")
    readings = [
        *(Reading(metric_id=dau.id, day=date(2026, 11, d), value=100.0) for d in range(9, 16)),
        *(Reading(metric_id=dau.id, day=date(2026, 11, d), value=v)
          for d, v in ((16, 110.0), (17, 130.0))),
        Reading(metric_id=d7.id, day=date(2026, 11, 12), value=30.0),
        Reading(metric_id=d7.id, day=date(2026, 11, 19), value=31.5),
        Reading(metric_id=cpa.id, day=date(2026, 11, 13), value=22.0),
        Reading(metric_id=cpa.id, day=date(2026, 11, 20), value=17.0),
    ]
    lines = {k.name: k for k in kpi_lines([dau, d7, cpa], readings, W47)}
    assert (lines["DAU"].this_week, lines["DAU"].last_week, lines["DAU"].status) == (
        120.0, 100.0, "ok")
    assert lines["DAU"].change == pytest.approx(20.0)
    assert lines["D7"].change == pytest.approx(1.5)  # points, not percent
    assert lines["CPA"].status == "ok" and lines["CPA"].improved is True


@pytest.mark.parametrize(("value", "target", "direction", "expected"), [
    (None, 10.0, "up", "nodata"),
    (5.0, None, "up", "none"),
    (10.0, 10.0, "up", "ok"),
    (9.6, 10.0, "up", "warn"),
    (9.0, 10.0, "up", "alert"),
    (10.4, 10.0, "down", "warn"),
    (9.0, 10.0, "down", "ok"),
])
def test_metric_status_against_target(value: float | None, target: float | None,
                                      direction: str, expected: str) -> None:
    from opstui.domain.models import Direction

    assert metric_status(value, target, Direction(direction)) == expected


def test_goals_of_the_week_show_target_latest_and_status() -> None:
    dau = Metric(key="dau", name="DAU", target=120.0)
    quarter = Goal(title="DAU +20%", period="2026-Q4", metric_id=dau.id, baseline=100.0,
                   target=120.0)
    week = Goal(title="Retro actions assigned", period="2026-W47")
    other = Goal(title="Next year", period="2027")
    tasks = [done("a", datetime(2026, 11, 17, 9, 0), goal_id=week.id),
             task("b", goal_id=week.id)]
    readings = [Reading(metric_id=dau.id, day=date(2026, 11, 20), value=121.0)]
    report = weekly_report(Records(tasks=tasks, goals=[quarter, week, other], metrics=[dau],
                                   readings=readings), W47, TODAY)
    lines = {g.title: g for g in report.goals}
    assert set(lines) == {"DAU +20%", "Retro actions assigned"}
    assert (lines["DAU +20%"].actual, lines["DAU +20%"].status) == (121.0, "achieved")
    assert (lines["Retro actions assigned"].tasks_done,
            lines["Retro actions assigned"].tasks_total) == (1, 2)


def test_problems_incidents_meetings_retros_plan_and_support() -> None:
    monday = datetime(2026, 11, 16, 10, 0)
    log = LogEntry(day=date(2026, 11, 18), problems="Legal is slow", solutions="Asked early",
                   highlights="- Plan approved\n- Dashboard live", highlight=True)
    incident = Incident(title="SMS delivery 82%", severity="S2", opened_at=monday,
                        escalations=[Escalation(to="赵总", at=monday)], cause="carrier",
                        resolution="backup channel", resolved_at=datetime(2026, 11, 17, 9))
    old_incident = Incident(title="Long closed", opened_at=datetime(2026, 10, 1),
                            resolved_at=datetime(2026, 10, 2))
    meeting = Meeting(day=date(2026, 11, 18), title="双12 sync", decisions=["No release"])
    action = task("Budget request", source=Source(kind="meeting", ref=meeting.id),
                  due=date(2026, 11, 24))
    retro = Retrospective(title="D11 retro", project="D11", day=date(2026, 11, 17),
                          sections={"insight": "1. Freeze releases\n2. Cap pushes",
                                    "analysis": "not an insight"})
    next_week = task("Next week's work", due=date(2026, 11, 25), priority="P0")
    far = task("Far away", due=date(2026, 12, 20))
    request = ResourceRequest(task_id=next_week.id, department="技术部", what="2 devs",
                              needed_by=date(2026, 11, 19))
    confirmed = ResourceRequest(task_id=far.id, department="法务", what="ok",
                                status="confirmed")
    report = weekly_report(Records(
        tasks=[action, next_week, far], logs=[log], incidents=[incident, old_incident],
        meetings=[meeting], retros=[retro], resources=[request, confirmed]), W47, TODAY)
    assert report.highlights == ["Plan approved", "Dashboard live"]
    assert [(p.problem, p.cause, p.solution) for p in report.problems] == [
        ("SMS delivery 82%", "carrier", "backup channel"), ("Legal is slow", "", "Asked early")]
    assert [(i.title, i.escalated_to) for i in report.incidents] == [
        ("SMS delivery 82%", ("赵总",))]
    assert [d.decision for d in report.decisions] == ["No release"]
    assert [a.title for a in report.open_actions] == ["Budget request"]
    assert [i.text for i in report.insights] == ["Freeze releases", "Cap pushes"]
    assert report.retro_actions == [("D11 retro", 0, 0)]
    assert [t.title for t in report.next_week] == ["Next week's work", "Budget request"]
    assert [(s.department, s.late, s.task) for s in report.support] == [
        ("技术部", True, "Next week's work")]


@pytest.mark.parametrize(("text", "day", "label"), [
    ("2026-W47", date(2026, 1, 1), "2026-W47"),
    (None, date(2026, 11, 22), "2026-W47"),  # a Sunday
    (None, date(2027, 1, 1), "2026-W53"),  # ISO weeks cross the new year
])
def test_week_of(text: str | None, day: date, label: str) -> None:
    assert week_of(text, day).label == label


def test_week_of_refuses_a_month() -> None:
    with pytest.raises(DateParseError, match="not a week"):
        week_of("2026-11", TODAY)
