"""Record validation as tables: what a form may save and what it must refuse."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from opstui.domain.models import (
    RECORD_TYPES,
    TABLES,
    DayPlan,
    Escalation,
    Goal,
    Incident,
    JournalEntry,
    LogEntry,
    Meeting,
    Metric,
    Priority,
    ProgressNote,
    Reading,
    Record,
    Recurrence,
    ResourceRequest,
    Retrospective,
    ReviewCheck,
    Settings,
    Severity,
    Slip,
    Source,
    SourceKind,
    Task,
    TaskStatus,
    new_id,
)
from opstui.domain.people import Assessment, Feedback, Finding

NOW = datetime(2026, 11, 23, 9, 30)
TODAY = NOW.date()


def task(**fields: Any) -> Task:
    return Task.model_validate({"title": "Write the weekly report"} | fields)


# -- Task fields ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"priority": "P0"}, {"priority": Priority.P0}),
        ({"priority": "P3"}, {"priority": Priority.P3}),
        ({}, {"priority": Priority.P2, "status": TaskStatus.TODO, "percent": 0}),
        ({"percent": 0}, {"percent": 0}),
        ({"percent": 100}, {"percent": 100}),
        ({"due": "2026-11-30"}, {"due": date(2026, 11, 30)}),
        ({"due": date(2026, 11, 30)}, {"due": date(2026, 11, 30)}),
        ({"title": "  padded  "}, {"title": "padded"}),
        ({"title": "周报"}, {"title": "周报"}),
        ({"tags": ["ops", "#ops", "growth", "ops"]}, {"tags": ["ops", "growth"]}),
        ({"tags": [" q4 ", "q4"]}, {"tags": ["q4"]}),
        ({"owner": " 李雷 "}, {"owner": "李雷"}),
        ({"estimate_minutes": 90}, {"estimate_minutes": 90}),
    ],
)
def test_task_accepts(fields: dict[str, Any], expected: dict[str, Any]) -> None:
    made = task(**fields)
    assert {k: getattr(made, k) for k in expected} == expected


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"priority": "P4"}, "priority"),
        ({"priority": "P9"}, "priority"),
        ({"priority": "p1 "}, "priority"),
        ({"priority": "high"}, "priority"),
        ({"percent": -1}, "percent"),
        ({"percent": 101}, "percent"),
        ({"due": "friday"}, "due"),
        ({"due": "2026-02-30"}, "due"),
        ({"due": "2026-11-30T10:00:00"}, "due"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 501}, "title"),
        ({"status": "paused"}, "status"),
        ({"owner": ""}, "owner"),
        ({"tags": ["#"]}, "tags"),
        ({"tags": [""]}, "tags"),
        ({"estimate_minutes": 0}, "estimate_minutes"),
        ({"goal_id": "not-an-id"}, "goal_id"),
        ({"id": "ABCDEF" + "0" * 26}, "id"),
        ({"colour": "red"}, "colour"),
        ({"rollover_count": -1}, "rollover_count"),
    ],
)
def test_task_refuses(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        task(**fields)
    assert field in {str(err["loc"][0]) for err in caught.value.errors()}


def test_assignment_is_validated_too() -> None:
    made = task()
    with pytest.raises(ValidationError):
        made.percent = 120
    assert made.percent == 0


# -- statuses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "is_open", "needs_reason"),
    [
        (TaskStatus.TODO, True, False),
        (TaskStatus.DOING, True, False),
        (TaskStatus.WAITING, True, True),
        (TaskStatus.BLOCKED, True, True),
        (TaskStatus.DONE, False, False),
        (TaskStatus.CANCELLED, False, False),
    ],
)
def test_status_semantics(status: TaskStatus, is_open: bool, needs_reason: bool) -> None:
    assert status.is_open is is_open
    assert status.needs_reason is needs_reason
    assert task(status=status).is_open is is_open


@pytest.mark.parametrize(
    ("fields", "overdue"),
    [
        ({"due": date(2026, 11, 22)}, True),
        ({"due": TODAY}, False),
        ({"due": date(2026, 11, 24)}, False),
        ({}, False),
        ({"due": date(2026, 11, 1), "status": TaskStatus.DONE}, False),
        ({"due": date(2026, 11, 1), "status": TaskStatus.BLOCKED}, True),
    ],
)
def test_overdue(fields: dict[str, Any], overdue: bool) -> None:
    assert task(**fields).is_overdue(TODAY) is overdue


# -- other records ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "stored"),
    [
        ("2026", "2026"),
        ("2026-Q4", "2026-Q4"),
        ("2026-q1", "2026-Q1"),
        ("2026-11", "2026-11"),
        ("2026-W47", "2026-W47"),
        ("2026-w01", "2026-W01"),
        ("2026-W53", "2026-W53"),  # 2026 starts on a Thursday: it has 53 ISO weeks
        (" 2026-12 ", "2026-12"),
    ],
)
def test_goal_period_accepts(period: str, stored: str) -> None:
    assert Goal(title="DAU +20%", period=period).period == stored


@pytest.mark.parametrize(
    "period",
    ["", "26", "2026-Q5", "2026-Q0", "2026-13", "2026-00", "2026-W00", "2026-W54",
     "2027-W53", "2026/11", "Q4 2026", "2026-11-01", "next quarter"],
)  # fmt: skip
def test_goal_period_refuses(period: str) -> None:
    with pytest.raises(ValidationError, match="period"):
        Goal(title="DAU +20%", period=period)


@pytest.mark.parametrize("key", ["dau", "d7_retention", "a", "x" * 40, "arpu2"])
def test_metric_key_accepts(key: str) -> None:
    assert Metric(key=key, name="n").key == key


@pytest.mark.parametrize(
    "key", ["", "DAU", "7d", "_dau", "d7-retention", "dau rate", "x" * 41, "日活"]
)
def test_metric_key_refuses(key: str) -> None:
    with pytest.raises(ValidationError, match="key"):
        Metric(key=key, name="n")


@pytest.mark.parametrize(
    ("severity", "escalated", "resolved", "needs"),
    [
        (Severity.S1, False, False, True),
        (Severity.S2, False, False, True),
        (Severity.S3, False, False, False),
        (Severity.S4, False, False, False),
        (Severity.S1, True, False, False),
        (Severity.S1, False, True, False),
    ],
)
def test_incident_needs_escalation(
    severity: Severity, escalated: bool, resolved: bool, needs: bool
) -> None:
    incident = Incident(
        title="Payment page down",
        severity=severity,
        opened_at=NOW,
        escalations=[Escalation(to="VP Ops", at=NOW)] if escalated else [],
        resolved_at=NOW if resolved else None,
    )
    assert incident.needs_escalation is needs
    assert incident.is_open is not resolved


@pytest.mark.parametrize(
    ("cls", "fields"),
    [
        (DayPlan, {"day": TODAY, "capacity_hours": 0}),
        (DayPlan, {"day": TODAY, "buffer_pct": 95}),
        (LogEntry, {"day": TODAY, "tomorrow": ["a", "b", "c", "d"]}),
        (ProgressNote, {"task_id": new_id(), "text": "  "}),
        (ProgressNote, {"task_id": new_id(), "text": "ok", "percent": 101}),
        (Reading, {"metric_id": new_id(), "day": TODAY, "value": "lots"}),
        (Meeting, {"day": TODAY, "title": "sync", "decisions": [" "]}),
        (Settings, {"lang": "fr"}),
        (Settings, {"archive_after_days": 0}),
        (Slip, {"day": TODAY, "action": "forgot"}),
        (Source, {"kind": "email"}),
    ],
)
def test_other_records_refuse(cls: type[Any], fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        cls.model_validate(fields)


# -- evolve ---------------------------------------------------------------------------------


def test_evolve_returns_a_validated_copy() -> None:
    original = task(percent=10)
    changed = original.evolve(percent=60, status=TaskStatus.DOING)
    assert (changed.id, changed.percent, changed.status) == (original.id, 60, TaskStatus.DOING)
    assert original.percent == 10


@pytest.mark.parametrize(
    "changes", [{"percent": 101}, {"priority": "P9"}, {"title": ""}, {"nonsense": 1}]
)
def test_evolve_refuses_invalid_changes(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        task().evolve(**changes)


# -- round trips ------------------------------------------------------------------------------


def sample_records() -> list[Record]:
    task_id = new_id()
    return [
        Task(
            id=task_id,
            title="复盘双十一 [b]活动[/b]",
            status=TaskStatus.WAITING,
            status_reason="waiting for legal",
            priority=Priority.P1,
            due=date(2026, 11, 30),
            tags=["campaign", "复盘"],
            source=Source(kind=SourceKind.MEETING, ref=new_id(), on=TODAY),
            slips=[Slip(day=date(2026, 11, 20), action="rolled", reason="sick")],
            done_at=None,
        ),
        ProgressNote(task_id=task_id, text="halfway", percent=50, at=NOW),
        Goal(title="D7 ≥ 35%", period="2026-Q4", baseline=0.31, target=0.35),
        Metric(key="d7", name="D7 retention", unit="%", target=35.5),
        Reading(metric_id=new_id(), day=TODAY, value=-1.25e-3, note="outage"),
        Meeting(day=TODAY, title="Weekly sync", attendees=["王芳"], decisions=["ship"]),
        ResourceRequest(task_id=task_id, department="legal", what="review T&Cs"),
        ReviewCheck(day=TODAY, deliverable="Banner copy"),
        Incident(title="SMS gateway", severity=Severity.S1, opened_at=NOW,
                 escalations=[Escalation(to="CTO", at=NOW)]),
        LogEntry(day=TODAY, summary="good day", tomorrow=["a", "b"]),
        Retrospective(title="Double 11", project="d11", day=TODAY, sections={"goal": "GMV"}),
        DayPlan(day=TODAY, task_ids=[task_id], capacity_hours=6.5),
        Recurrence(title="Weekly report", rrule="FREQ=WEEKLY;BYDAY=FR", dtstart=TODAY),
        Assessment(member="陈静", period="2026-11", ability=4, attitude=4.5, peer=85,
                   comment="主动"),
        Feedback(member="陈静", day=TODAY, kind="praise", text="复盘准备充分"),
        Finding(stream="competitor", day=TODAY, text="竞品 A 上线签到", tags=["#签到"]),
    ]  # fmt: skip


def test_sample_covers_every_record_type() -> None:
    assert {type(r) for r in sample_records()} == set(RECORD_TYPES)
    assert set(TABLES.values()) == {*RECORD_TYPES, JournalEntry}


@pytest.mark.parametrize("record", sample_records(), ids=lambda r: type(r).__name__)
def test_json_round_trip(record: Record) -> None:
    dumped = record.model_dump(mode="json")
    assert type(record).model_validate(dumped) == record
    assert type(record).model_validate(record.model_dump(mode="json", exclude_none=True)) == record


unicode_titles = st.text(min_size=1, max_size=200).filter(lambda s: s.strip())
markup_like = st.sampled_from(["[red]", "[/]", "[bold]", "[link=x]", "\\[", "${x}", "<b>"])
cjk = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=20
)


@given(
    title=unicode_titles | st.builds("".join, st.lists(markup_like | cjk, min_size=1, max_size=20)),
    tags=st.lists(st.from_regex(r"[a-z0-9\u4e00-\u9fff]{1,10}", fullmatch=True), max_size=5),
    percent=st.integers(0, 100),
    due=st.none() | st.dates(),
)
def test_task_json_round_trip_any_title(
    title: str, tags: list[str], percent: int, due: date | None
) -> None:
    made = Task(title=title, tags=tags, percent=percent, due=due)
    assert made.title
    assert made.title in title
    again = Task.model_validate(made.model_dump(mode="json"))
    assert again == made
    assert again.title == made.title


def test_new_ids_are_unique_hex() -> None:
    ids = {new_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
    assert task(id="abcdef12" + "0" * 24).short_id == "abcdef12"
