"""The day's shutdown: its facts and the drafted work log (rolling is in test_rollover)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from opstui.domain.models import (
    DayPlan,
    Incident,
    LogEntry,
    Meeting,
    Metric,
    ProgressNote,
    Reading,
    Task,
)
from opstui.domain.report import Records
from opstui.domain.worklog import (
    LogDraft,
    day_report,
    draft_log,
    metric_alerts,
    save_log,
)

DAY = date(2026, 11, 20)
TOMORROW = DAY + timedelta(days=1)


def day_records() -> Records:
    """A day with a bit of everything."""
    shipped = Task(title="Weekly report", status="done", priority="P1",
                   done_at=datetime(2026, 11, 20, 17, 50))
    open_ = Task(title="双12 plan", priority="P0")
    later = Task(title="Tomorrow's thing", priority="P2")
    return Records(
        tasks=[shipped, open_, later],
        notes=[ProgressNote(task_id=open_.id, at=datetime(2026, 11, 20, 11, 30), text="50%",
                            percent=50),
               ProgressNote(task_id=open_.id, at=datetime(2026, 11, 19, 11, 30), text="old")],
        meetings=[Meeting(day=DAY, title="Sync", decisions=["Freeze releases"])],
        incidents=[Incident(title="SMS 82%", severity="S2",
                            opened_at=datetime(2026, 11, 20, 15, 0),
                            resolution="backup channel")],
        plans=[DayPlan(day=DAY, task_ids=[shipped.id, open_.id]),
               DayPlan(day=TOMORROW, task_ids=[later.id])],
    )


def test_the_day_report_gathers_the_day() -> None:
    report = day_report(day_records(), DAY)
    assert [t.title for t in report.done] == ["Weekly report"]
    assert [n.text for n in report.notes] == ["50%"]
    assert [d.decision for d in report.decisions] == ["Freeze releases"]
    assert [i.title for i in report.incidents] == ["SMS 82%"]
    assert [t.title for t in report.unfinished] == ["双12 plan"]
    assert [t.title for t in report.tomorrow] == ["Tomorrow's thing"]


@pytest.mark.parametrize(("lang", "summary"), [
    ("en", "1 task done; 1 planned not finished; 1 incident"),
    ("zh", "完成 1 项任务；1 项计划未完成；1 个问题"),
])
def test_a_draft_is_written_from_the_day(lang: str, summary: str) -> None:
    draft = draft_log(day_report(day_records(), DAY), lang)
    assert draft.summary == summary
    assert draft.highlights.splitlines() == ["- Weekly report", "- Freeze releases"]
    assert draft.problems == "- [S2] SMS 82%"
    assert draft.solutions == "- backup channel"
    assert draft.tomorrow == ["Tomorrow's thing"]


def test_a_saved_log_is_the_draft_and_editing_updates_it() -> None:
    saved = LogEntry(day=DAY, summary="mine", tomorrow=["a"])
    records = day_records()
    records.logs = [saved]
    draft = draft_log(day_report(records, DAY))
    assert (draft.summary, draft.tomorrow) == ("mine", ["a"])
    updated = save_log(saved, DAY, LogDraft(summary=" edited ", tomorrow=["x", " ", "y"]))
    assert (updated.id, updated.summary, updated.tomorrow) == (saved.id, "edited", ["x", "y"])
    assert save_log(None, DAY, LogDraft(summary="new")).day == DAY


def test_metric_alerts_are_news_not_the_long_term_gap() -> None:
    steady = Metric(key="dau", name="DAU", target=200.0)  # always below target
    d7 = Metric(key="d7", name="D7", unit="%", target=35.0)
    readings = [Reading(metric_id=steady.id, day=DAY - timedelta(days=i), value=100.0 + i % 2)
                for i in range(20)]
    readings += [Reading(metric_id=d7.id, day=DAY - timedelta(days=i), value=31.0 + (i % 3) / 10)
                 for i in range(1, 20)]
    readings.append(Reading(metric_id=d7.id, day=DAY, value=24.6, note="5.8.0 logout bug"))
    alerts = metric_alerts(Records(metrics=[steady, d7], readings=readings), DAY)
    assert [(a.metric, a.status, a.note) for a in alerts] == [
        ("D7", "anomaly", "5.8.0 logout bug")]


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "- DAU: 80,000 users (target 117,600) — push failed"),
    ("zh", "- DAU：80,000 users（目标 117,600） — push failed"),
])
def test_a_metric_line_in_the_draft_is_written_as_the_board_writes_it(
    lang: str, line: str
) -> None:
    dau = Metric(key="dau", name="DAU", unit="users", target=117_600.0)
    readings = [Reading(metric_id=dau.id, day=DAY - timedelta(days=i), value=111_000.0 + i % 2)
                for i in range(1, 20)]
    readings.append(Reading(metric_id=dau.id, day=DAY, value=80_000.0, note="push failed"))
    records = Records(metrics=[dau], readings=readings)
    draft = draft_log(day_report(records, DAY), lang)
    assert line in draft.problems.splitlines()
