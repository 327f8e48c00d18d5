"""The demo moves by whole weeks and shows its story as it stood at the moment it is opened.

Each test builds a real data file with ``make_demo_copy`` (or reads the loaded records) for
a pinned ``now``: a Monday morning, a Wednesday noon, a Friday afternoon, a Sunday.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest

from opstui.demo import load_demo, make_demo_copy
from opstui.domain.models import (
    RECORD_TABLES,
    DayPlan,
    Incident,
    LogEntry,
    Meeting,
    ProgressNote,
    Record,
    ResourceRequest,
    ResourceStatus,
    Task,
    TaskStatus,
)
from opstui.store.repository import Repository

R = TypeVar("R", bound=Record)

MONDAY = datetime(2026, 11, 23, 10, 30)
"""The week after the anchor's: its Monday, half an hour into the weekly sync."""
WEDNESDAY = datetime(2026, 11, 25, 12, 0)
FRIDAY = datetime(2026, 11, 27, 15, 0)
SUNDAY = datetime(2026, 11, 29, 12, 0)
MOMENTS = [MONDAY, WEDNESDAY, FRIDAY, SUNDAY]
PLACEHOLDER = re.compile(r"\{[dw]:")
WEEKLY_SYNC = re.compile(r"周会|Weekly sync")


def of(records: list[Record], cls: type[R]) -> list[R]:
    return [r for r in records if isinstance(r, cls)]


def task(records: list[Record], title: str) -> Task | None:
    return next((t for t in of(records, Task) if t.title == title), None)


def leaves(value: Any, kind: type) -> list[Any]:
    """Every ``kind`` (datetime, str) inside a dumped record."""
    if isinstance(value, kind):
        return [value]
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in leaves(v, kind)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in leaves(v, kind)]
    return []


def moments(value: Any) -> list[datetime]:
    """Every datetime inside a dumped record."""
    return leaves(value, datetime)


def texts(value: Any) -> list[str]:
    """Every string inside a dumped record."""
    return leaves(value, str)


@pytest.mark.parametrize("now", MOMENTS, ids=lambda n: n.strftime("%a"))
def test_the_copy_is_whole_and_shows_nothing_after_now(tmp_path: Path, now: datetime) -> None:
    path = make_demo_copy(now.date(), folder=tmp_path, now=now)
    repo = Repository(path, read_only=True)
    records = [r for cls in RECORD_TABLES.values() for r in repo.all(cls)]
    today = now.date()
    logs = of(records, LogEntry)
    assert logs and all(log.day.weekday() < 5 for log in logs), "a work log on a weekend"
    assert max(log.day for log in logs) < today, "today's work log is the shutdown's to write"
    for record in records:
        late = [m for m in moments(record.model_dump()) if m > now]
        assert not late, f"{record.table} {record.id[:8]} happens after now: {late}"
        day = getattr(record, "day", None)
        if not isinstance(record, DayPlan):  # a plan for tomorrow may be made today
            assert day is None or day <= today, f"{record.table} {record.id[:8]} on {day}"
    syncs = [m for m in of(records, Meeting) if WEEKLY_SYNC.search(m.title)]
    assert len(syncs) == 5  # Monday's sync started at 10:00, so it is there at 10:30
    for meeting in syncs:
        assert meeting.day.weekday() == 0, (meeting.day, meeting.title)  # on its story weekday
        assert f"W{meeting.day.isocalendar().week:02d}" in meeting.title, meeting.title
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    check = subprocess.run([sys.executable, "-m", "opstui", "--db", str(path), "check"],
                           capture_output=True, text=True, env=env, timeout=120, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith("ok: ")


def test_monday_morning_the_week_is_still_ahead() -> None:
    records, _ = load_demo(MONDAY.date(), now=MONDAY)
    retro = task(records, "双11 复盘会 (GRAI)")  # done on Tuesday at 17:10
    assert retro is not None and retro.status is TaskStatus.DOING and retro.done_at is None
    csat = task(records, "CSAT survey for Double 11 buyers")  # cancelled on Tuesday
    assert csat is not None and csat.status is TaskStatus.TODO  # no progress noted by then
    assert not [n for n in of(records, ProgressNote) if n.task_id == csat.id]
    assert task(records, "给 Marco 的双11 复盘反馈") is None  # created on Tuesday evening
    plan = next(p for p in of(records, DayPlan) if p.day == MONDAY.date())
    ids = {t.id for t in of(records, Task)}
    assert plan.task_ids and set(plan.task_ids) <= ids
    # Tuesday's plan is there already, without Tuesday's new tasks
    assert any(p.day == MONDAY.date() + timedelta(days=1) for p in of(records, DayPlan))
    sop = task(records, "整理运营 SOP 文档 v2")  # rolled from Monday, at the shutdown
    assert sop is not None and sop.slips == [] and sop.rollover_count == 0
    # the weekly sync is under way: its action items are there, made at 10:30
    sync = next(m for m in of(records, Meeting) if m.day == MONDAY.date())
    assert sync.title == "Weekly sync W48: retro week, 双12 kickoff"
    assert any(t.source.ref == sync.id for t in of(records, Task))


def test_wednesday_noon_keeps_what_happened_and_only_that() -> None:
    records, _ = load_demo(WEDNESDAY.date(), now=WEDNESDAY)
    retro = task(records, "双11 复盘会 (GRAI)")
    assert retro is not None and retro.status is TaskStatus.DONE
    assert retro.done_at == datetime(2026, 11, 24, 17, 10)
    csat = task(records, "CSAT survey for Double 11 buyers")
    assert csat is not None and csat.status is TaskStatus.CANCELLED
    plan = task(records, "双12 活动方案初稿")  # notes at 20% (Tuesday) and 50% (Friday)
    assert plan is not None and plan.percent == 20 and plan.slips == []
    freeze = task(records, "Release freeze 3 days before big campaigns (agree with 技术部)")
    assert freeze is not None and freeze.slips == [] and freeze.rollover_count == 0
    # a request chased on Thursday is still waiting, with no word of the chase
    tags = next(r for r in of(records, ResourceRequest) if r.what.startswith("分层标签"))
    assert tags.status is ResourceStatus.REQUESTED and tags.note == ""
    assert not [i for i in of(records, Incident) if i.title == "短信到达率跌到 82%"]


def test_an_incident_opened_before_its_task_points_at_no_task_yet(tmp_path: Path) -> None:
    now = datetime(2026, 11, 26, 15, 20)  # the SMS incident at 15:10, its task at 15:30
    records, _ = load_demo(now.date(), now=now)
    sms = next(i for i in of(records, Incident) if i.title == "短信到达率跌到 82%")
    assert sms.task_id is None and sms.is_open
    assert task(records, "Check SMS delivery with the carrier") is None
    later, _ = load_demo(now.date(), now=now + timedelta(minutes=20))
    sms = next(i for i in of(later, Incident) if i.title == "短信到达率跌到 82%")
    found = task(later, "Check SMS delivery with the carrier")
    assert found is not None and sms.task_id == found.id


def test_friday_afternoon_shows_the_story_up_to_the_minute() -> None:
    records, _ = load_demo(FRIDAY.date(), now=FRIDAY)
    plan = task(records, "双12 活动方案初稿")
    assert plan is not None and plan.percent == 50
    assert [s.day for s in plan.slips] == [date(2026, 11, 26)]
    report = task(records, "周报 Weekly report to 赵总")  # weekly report due today, done 17:50
    reports = [t for t in of(records, Task) if t.title == "周报 Weekly report to 赵总"]
    assert report is not None and any(t.is_open and t.due == FRIDAY.date() for t in reports)
    tags = next(r for r in of(records, ResourceRequest) if r.what.startswith("分层标签"))
    assert tags.note == "11-24 提需求; 11-26 追问，说下周一给排期"
    evening, _ = load_demo(FRIDAY.date(), now=FRIDAY.replace(hour=23))
    assert max(log.day for log in of(evening, LogEntry)) == date(2026, 11, 26)
    assert all(t.status is TaskStatus.DONE for t in of(evening, Task)
               if t.title == "周报 Weekly report to 赵总")


TODAYS = [date(2026, 11, 23) + timedelta(days=n) for n in range(7)] + [
    date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 3), date(2027, 1, 4)]
"""Each weekday, and across a year end (2026 has a week 53)."""


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_no_placeholder_survives_and_festivals_do_not_move(today: date) -> None:
    records, _ = load_demo(today)
    words = [t for r in records for t in texts(r.model_dump())]
    left = [t for t in words if PLACEHOLDER.search(t)]
    assert not left, left[:3]
    everything = "\n".join(words)
    for festival in ("双11", "双12", "Double 11", "Double 12"):
        assert festival in everything, festival
    d12 = [m for m in of(records, Meeting) if m.title.startswith("双12 跨部门同步")]
    assert len(d12) == (today.weekday() >= 2)  # held on Wednesday
    for meeting in d12:  # the festival's own dates are not story days
        assert "12-09 预热，12-12 正式" in meeting.minutes
        assert "12-09 至 12-12 不发版 (待 CTO 签字)" in meeting.decisions
    start = today - timedelta(days=today.weekday())  # the anchor's week is today's week
    sync = next(m for m in of(records, Meeting) if m.title.startswith("Weekly sync W")
                and m.day == start)
    assert f"W{start.isocalendar().week:02d}" in sync.title
    # a story day in text is the moved day: the retention drop, on Wednesday of last week
    drop = start - timedelta(days=5)
    incident = next(i for i in of(records, Incident) if i.title.startswith("D7 retention"))
    assert incident.title == f"D7 retention fell to 24.6% on {drop:%m-%d} (Android)"


def test_an_incident_resolved_later_is_open_and_a_cause_noted_later_is_not_noted() -> None:
    """Rules the shipped story does not reach (its incidents close before the last week)."""
    from opstui.demo_cut import as_of
    from opstui.domain.models import Escalation, Metric, Reading

    now = datetime(2026, 11, 25, 12, 0)
    opened = now - timedelta(hours=3)
    incident = Incident(title="Checkout errors", opened_at=opened, created_at=opened,
                        updated_at=now + timedelta(hours=5), resolved_at=now + timedelta(hours=5),
                        resolution="rolled back",
                        escalations=[Escalation(to="赵明远", at=opened + timedelta(hours=1)),
                                     Escalation(to="CTO", at=now + timedelta(hours=1))])
    metric = Metric(key="dau", name="DAU", created_at=opened, updated_at=opened)
    taken = now - timedelta(hours=18)
    reading = Reading(metric_id=metric.id, day=taken.date(), value=1.0, note="a holiday",
                      created_at=taken, updated_at=now + timedelta(hours=1))
    kept = {type(r).__name__: r for r in as_of([incident, metric, reading], now)}
    open_incident = kept["Incident"]
    assert isinstance(open_incident, Incident)
    assert open_incident.is_open and open_incident.resolution == ""
    assert [e.to for e in open_incident.escalations] == ["赵明远"]
    noted = kept["Reading"]
    assert isinstance(noted, Reading) and noted.note == "" and noted.updated_at == taken
