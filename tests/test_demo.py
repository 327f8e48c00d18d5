"""The demo data set: built by its script, moved to today, complete and consistent."""

from __future__ import annotations

import importlib.util
import os
import re
import statistics
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import pytest

from opstui.demo import DemoDataError, demo_path, load_demo, load_demo_records, make_demo_copy
from opstui.demo import shift_period as shift
from opstui.domain.dates import parse_period
from opstui.domain.models import (
    RECORD_TABLES,
    TABLES,
    Assessment,
    DayPlan,
    Goal,
    Incident,
    LogEntry,
    Meeting,
    Metric,
    ProgressNote,
    Reading,
    Record,
    Recurrence,
    ResourceRequest,
    ResourceStatus,
    Retrospective,
    ReviewCheck,
    ReviewOutcome,
    SourceKind,
    Task,
    TaskStatus,
)
from opstui.paths import sample_data_dir
from opstui.store.repository import Repository
from tests.test_demo_weeks import moments

R = TypeVar("R", bound=Record)

ANCHOR = date(2026, 11, 20)
TODAY = date(2027, 3, 12)
"""A Friday (the anchor's weekday) in another year and quarter, so dates and goal periods
really move, and the whole story has happened (``test_demo_weeks`` cuts it mid-week)."""
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def make_demo() -> ModuleType:
    """``sample_data/make_demo.py``, imported from its file."""
    spec = importlib.util.spec_from_file_location("make_demo", sample_data_dir() / "make_demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def records() -> list[Record]:
    """The demo, moved so its last day is ``TODAY``."""
    return load_demo_records(TODAY)


def of(records: list[Record], cls: type[R]) -> list[R]:
    return [r for r in records if isinstance(r, cls)]


def readings_of(records: list[Record], key: str) -> list[Reading]:
    metric = next(m for m in of(records, Metric) if m.key == key)
    return sorted((r for r in of(records, Reading) if r.metric_id == metric.id),
                  key=lambda r: r.day)


def z_scores(readings: list[Reading], window: int = 14) -> list[tuple[date, float]]:
    """Each reading's distance from the mean of the ``window`` before it, in their stdevs."""
    out = []
    for i in range(window, len(readings)):
        before = [r.value for r in readings[i - window:i]]
        spread = statistics.stdev(before)
        out.append((readings[i].day, (readings[i].value - statistics.mean(before)) / spread))
    return out


def test_demo_json_is_exactly_what_make_demo_builds(make_demo: ModuleType) -> None:
    built = make_demo.render(make_demo.build()).encode("utf-8")
    assert built == demo_path().read_bytes(), "run python sample_data/make_demo.py"


@pytest.mark.parametrize("hash_seed", ["0", "4242"])
def test_make_demo_gives_the_same_bytes_in_a_fresh_process(hash_seed: str) -> None:
    script = sample_data_dir() / "make_demo.py"
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, str(script), "--check"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def test_demo_json_stays_small() -> None:
    assert demo_path().stat().st_size < 400_000


def moved_anchor(today: date) -> date:
    """Where the anchor (a Friday) lands: the Friday of ``today``'s week."""
    return today - timedelta(days=today.weekday()) + timedelta(days=4)


@pytest.mark.parametrize(
    "today", [ANCHOR, date(2026, 11, 23), TODAY, date(2026, 1, 5), date(2030, 12, 31),
              date(2026, 11, 29)]
)
def test_the_story_ends_in_this_week_and_today_is_not_written_up(today: date) -> None:
    records = load_demo_records(today)
    friday = moved_anchor(today)
    assert max(r.day for r in of(records, Reading)) == min(today, friday)
    assert max(r.day for r in of(records, DayPlan)) == friday  # plans for later days stay
    # Today's work log is the user's to write at the shutdown: the last one is the working
    # day before today (Thursday, at a weekend: the anchor Friday's is not written either).
    last_log = max(r.day for r in of(records, LogEntry))  # type: ignore[attr-defined]
    before = today - timedelta(days=1)
    while before.weekday() >= 5:
        before -= timedelta(days=1)
    assert last_log == min(before, friday - timedelta(days=1))


def test_every_table_has_records(records: list[Record]) -> None:
    assert {r.table for r in records} == set(RECORD_TABLES)


def test_dates_move_by_whole_weeks_and_nothing_else_changes() -> None:
    sunday = date(2027, 3, 14)  # the whole story has happened: nothing is cut
    delta = timedelta(weeks=(sunday - timedelta(days=6) - ANCHOR).days // 7 + 1)
    assert (ANCHOR + delta).weekday() == ANCHOR.weekday() and ANCHOR + delta == date(2027, 3, 12)
    originals = {r.id: r for r in load_demo_records(ANCHOR)}
    dates = re.compile(r"\b\d\d-\d\d\b|\bW\d\d\b")  # a story day or week in text moves

    def compare(old: Any, new: Any, where: str) -> None:
        if isinstance(old, date):
            assert new == old + delta, where
        elif isinstance(old, str):
            assert dates.sub("#", new) == dates.sub("#", old), where
        elif isinstance(old, dict):
            assert old.keys() == new.keys(), where
            for key in old:
                compare(old[key], new[key], f"{where}.{key}")
        elif isinstance(old, list):
            assert len(old) == len(new), where
            for i, (a, b) in enumerate(zip(old, new, strict=True)):
                compare(a, b, f"{where}[{i}]")
        else:
            assert new == old, where

    moved = 0
    for record in load_demo_records(sunday):
        old, new = originals[record.id].model_dump(), record.model_dump()
        if isinstance(record, Goal | Assessment):  # periods move by their own rule
            old.pop("period"), new.pop("period")
        compare(old, new, f"{record.table}:{record.id}")
        moved += 1
    assert moved == len(originals)


@pytest.mark.parametrize("today", [date(2026, 11, 30), TODAY])
def test_a_week_label_in_a_title_names_the_week_the_record_is_in(today: date) -> None:
    labelled = [r for r in load_demo_records(today)
                if isinstance(r, Meeting | LogEntry)
                and re.search(r"\bW\d\d\b", r.title if isinstance(r, Meeting) else r.summary)]
    assert len(labelled) >= 5
    for record in labelled:
        text = record.title if isinstance(record, Meeting) else record.summary
        assert f"W{record.day.isocalendar().week:02d}" in text, (record.day, text)
    originals = {r.id: r for r in load_demo_records(ANCHOR)}
    for record in load_demo_records(today):  # nothing else in the text changed
        if isinstance(record, Meeting):
            old = originals[record.id]
            assert re.sub(r"W\d\d", "W", record.title) == re.sub(r"W\d\d", "W",
                                                                 old.title)  # type: ignore[attr-defined]


def test_current_goals_stay_current_after_the_move(records: list[Record]) -> None:
    goals = {g.title: g for g in of(records, Goal)}
    quarter = goals["日活提升 20% (DAU +20%)"]
    assert quarter.period == "2027-Q1"
    assert parse_period(quarter.period).contains(TODAY)
    assert parse_period(goals["双11 复盘改进项全部落实到人"].period).contains(TODAY)
    october = goals["双11 活动方案定稿并通过法务审核"]
    assert october.closed and october.period == "2027-02"


@pytest.mark.parametrize(
    ("label", "today", "expected"),
    [
        ("2026-Q4", ANCHOR, "2026-Q4"),
        ("2026-Q4", date(2027, 3, 9), "2027-Q1"),
        ("2026-Q3", date(2027, 3, 9), "2026-Q4"),
        ("2026-Q4", date(2026, 8, 1), "2026-Q3"),
        ("2026-11", date(2027, 1, 15), "2027-01"),
        ("2026-10", date(2027, 1, 15), "2026-12"),
        ("2026-12", date(2026, 11, 23), "2026-12"),
        ("2026-W47", date(2026, 11, 23), "2026-W48"),
        ("2026-W46", date(2027, 1, 1), "2026-W52"),
        ("2026-W47", date(2027, 1, 1), "2026-W53"),
        ("2026-W47", date(2027, 1, 4), "2027-W01"),
        ("2026", date(2027, 3, 9), "2027"),
        ("2025", date(2027, 3, 9), "2026"),
    ],
)
def test_goal_periods_keep_their_distance_from_the_anchor_period(
    label: str, today: date, expected: str
) -> None:
    assert shift(label, ANCHOR, today) == expected


def test_tasks_exist_in_every_status_some_overdue(records: list[Record]) -> None:
    tasks = of(records, Task)
    assert {t.status for t in tasks} == set(TaskStatus)
    assert 60 <= len(tasks) <= 80
    overdue = [t for t in tasks if t.is_overdue(TODAY)]
    assert len(overdue) >= 2
    assert all(t.status_reason for t in tasks if t.status.needs_reason)
    assert len({t.owner for t in tasks}) == 4
    assert {t.priority for t in tasks} == {"P0", "P1", "P2", "P3"}


def test_a_blocked_task_waits_on_an_unconfirmed_resource_request(records: list[Record]) -> None:
    requested = {r.task_id for r in of(records, ResourceRequest)
                 if r.status is ResourceStatus.REQUESTED}
    blocked = [t for t in of(records, Task) if t.status is TaskStatus.BLOCKED]
    assert any(t.id in requested and t.department for t in blocked)
    assert {r.status for r in of(records, ResourceRequest)} == set(ResourceStatus)


def test_retention_has_one_sharp_drop_and_the_other_metrics_are_calm(
    records: list[Record],
) -> None:
    retention = readings_of(records, "d7_retention")
    drops = [(day, z) for day, z in z_scores(retention) if z < -3]
    assert len(drops) == 1
    drop_day = drops[0][0]
    assert 8 <= (TODAY - drop_day).days <= 10
    noted = next(r for r in retention if r.day == drop_day)
    assert "5.8.0" in noted.note
    for metric in of(records, Metric):
        if metric.cadence == "daily" and metric.key != "d7_retention":
            readings = readings_of(records, metric.key)
            assert len(readings) == 35
            assert all(abs(z) <= 3 for _, z in z_scores(readings)), metric.key


def test_the_drop_was_investigated_escalated_and_resolved(records: list[Record]) -> None:
    retention = next(m for m in of(records, Metric) if m.key == "d7_retention")
    incident = next(i for i in of(records, Incident) if i.metric_id == retention.id)
    assert incident.escalations and incident.escalations[0].to == "赵明远"
    assert "技术部" in incident.departments_informed
    assert incident.resolved_at is not None and incident.cause and incident.resolution
    tasks = {t.id: t for t in of(records, Task)}
    investigation = tasks[incident.task_id]  # type: ignore[index]
    assert investigation.source.kind is SourceKind.METRIC
    assert investigation.source.ref == retention.id
    notes = [n for n in of(records, ProgressNote) if n.task_id == investigation.id]
    assert len(notes) >= 3 and all(n.percent is not None for n in notes)
    follow_ups = [t for t in tasks.values() if t.source.ref == incident.id]
    assert follow_ups
    assert any(i.is_open for i in of(records, Incident))


def test_meetings_retro_and_reviews_tell_the_rest(records: list[Record]) -> None:
    tasks = of(records, Task)
    meetings = {m.id for m in of(records, Meeting)}
    actions = [t for t in tasks if t.source.ref in meetings]
    assert any(t.is_open for t in actions) and any(not t.is_open for t in actions)
    retro = next(r for r in of(records, Retrospective) if r.format == "grai")
    assert all(retro.sections.get(s) for s in ("goal", "result", "analysis", "insight"))
    assert any(t.source.kind is SourceKind.RETRO and t.source.ref == retro.id for t in tasks)
    outcomes = {r.outcome: r for r in of(records, ReviewCheck)}
    assert ReviewOutcome.APPROVED in outcomes
    assert outcomes[ReviewOutcome.REJECTED].reason
    rules = {r.rrule for r in of(records, Recurrence)}
    assert "FREQ=WEEKLY;BYDAY=FR" in rules


def test_plans_show_rollover_and_today_is_planned(records: list[Record]) -> None:
    tasks = {t.id: t for t in of(records, Task)}
    assert len([t for t in tasks.values() if t.rollover_count > 0]) >= 2
    plans = {p.day: p for p in of(records, DayPlan)}
    today = plans[TODAY]
    assert any(tasks[i].is_open for i in today.task_ids)
    assert any(not tasks[i].is_open for i in today.task_ids)
    rolled = [
        (day, tasks[i]) for day, plan in plans.items() if day < TODAY for i in plan.task_ids
        if any(s.day == day and s.action == "rolled" for s in tasks[i].slips)
    ]
    assert rolled and any(t.id in today.task_ids for _, t in rolled)
    logs = {log.day for log in of(records, LogEntry)}
    working_days = {TODAY - timedelta(days=n) for n in range(35)
                    if (ANCHOR - timedelta(days=n)).weekday() < 5}
    assert len(logs & working_days) >= 0.8 * len(working_days)


def test_at_least_a_quarter_of_task_titles_are_chinese(records: list[Record]) -> None:
    titles = [t.title for t in of(records, Task)]
    chinese = [t for t in titles if CJK.search(t)]
    assert len(chinese) >= len(titles) / 4
    assert len(chinese) < len(titles)


def test_every_reference_points_at_a_record(records: list[Record]) -> None:
    ids = {cls: {r.id for r in of(records, cls)} for cls in TABLES.values()}
    by_kind = {SourceKind.MEETING: Meeting, SourceKind.RETRO: Retrospective,
               SourceKind.METRIC: Metric, SourceKind.INCIDENT: Incident,
               SourceKind.RECURRENCE: Recurrence, SourceKind.GOAL: Goal}
    for record in records:
        for field, cls in (("goal_id", Goal), ("metric_id", Metric), ("task_id", Task)):
            ref = getattr(record, field, None)
            assert ref is None or ref in ids[cls], f"{record.table} {record.id} {field}"
        if isinstance(record, Task) and record.source.ref:
            assert record.source.ref in ids[by_kind[record.source.kind]], record.title
        if isinstance(record, DayPlan):
            assert set(record.task_ids) <= ids[Task]
        if isinstance(record, Retrospective):
            assert set(record.goal_ids) <= ids[Goal] and set(record.metric_ids) <= ids[Metric]
    assert len({r.id for r in records}) == len(records)


def test_nothing_happens_after_today(records: list[Record]) -> None:
    end = datetime.combine(TODAY + timedelta(days=1), datetime.min.time())
    for record in records:
        assert record.created_at <= record.updated_at < end, f"{record.table} {record.id}"


def test_make_demo_copy_fills_a_fresh_data_file_and_leaves_the_demo_alone(
    tmp_path: Path, records: list[Record]
) -> None:
    before = demo_path().read_bytes(), demo_path().stat().st_mtime_ns
    path = make_demo_copy(TODAY, folder=tmp_path)
    assert (demo_path().read_bytes(), demo_path().stat().st_mtime_ns) == before
    assert path.parent.parent == tmp_path
    repo = Repository(path, read_only=True)
    repo.validate_all()
    expected = {name: 0 for name in TABLES}
    for record in records:
        expected[record.table] += 1
    assert repo.counts() == expected
    assert repo.plan_for(TODAY) is not None
    assert repo.settings() == load_demo(TODAY)[1]
    second = make_demo_copy(TODAY, folder=tmp_path)
    assert second != path and second.read_bytes() == path.read_bytes()


def test_a_missing_or_broken_demo_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DemoDataError, match="missing"):
        load_demo(TODAY, tmp_path / "demo.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(DemoDataError, match="not valid JSON"):
        load_demo(TODAY, broken)
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"format": "opstui-export", "anchor": "2026-11-20", "records": '
                     '{"tasks": [{"title": ""}]}}', encoding="utf-8")
    with pytest.raises(DemoDataError, match="invalid: Task title"):
        load_demo(TODAY, wrong)


def test_nothing_is_later_than_now_on_the_first_day(tmp_path: Path) -> None:
    """QA: a task showed "completed 11-23 17:50" while the clock said 15:52."""
    today, now = date(2026, 11, 27), datetime(2026, 11, 27, 15, 52)
    whole = [m for r in load_demo(today)[0] for m in moments(r.model_dump())]
    assert max(whole) > now  # the demo's anchor day runs into the evening
    records, _ = load_demo(today, now=now)
    assert max(m for r in records for m in moments(r.model_dump())) <= now
    repo = Repository(make_demo_copy(today, folder=tmp_path, now=now))
    done = [t for t in repo.all(Task) if t.done_at is not None]
    assert done and max(t.done_at for t in done if t.done_at) <= now
    assert all(r.created_at <= r.updated_at for r in repo.all(Task))
    # the weekly report, done at 17:50, is still to do
    weekly = [t for t in repo.all(Task) if t.title == "周报 Weekly report to 赵总"]
    assert [t.due for t in weekly if t.is_open] == [today]
