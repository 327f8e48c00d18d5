"""Taskwarrior's ``task export`` read into opstui records, nothing lost and nothing doubled.

The fixture was made by a real Taskwarrior 2.6.2 (``tests/fixtures/taskwarrior/
make_export.sh``); the tests only read it.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from opstui.domain.interchange import InterchangeError, detect_format
from opstui.domain.interchange.taskwarrior import parse_taskwarrior, recurrence_rule
from opstui.domain.models import SourceKind, Task, TaskStatus
from opstui.domain.recurrence import check_rrule, occurrences

FIXTURE = Path(__file__).parent.parent / "fixtures" / "taskwarrior" / "task-2.6-export.json"
NOW = datetime(2026, 11, 30, 15, 0)
SHANGHAI = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def raw() -> list[dict[str, Any]]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def batch() -> Any:
    return parse_taskwarrior(FIXTURE.read_text(encoding="utf-8"), tz=UTC, now=NOW)


def _by_title(tasks: list[Task], title: str) -> Task:
    (found,) = [t for t in tasks if t.title == title]
    return found


def _uuid_hex(item: dict[str, Any]) -> str:
    return uuid.UUID(item["uuid"]).hex


def test_every_task_of_the_export_is_a_task_or_a_template_once(raw: list[dict[str, Any]],
                                                                batch: Any) -> None:
    templates = {_uuid_hex(i) for i in raw if i["status"] == "recurring"}
    tasks = {_uuid_hex(i) for i in raw if i["status"] != "recurring"}
    assert {t.id for t in batch.tasks} == tasks
    assert len(batch.tasks) == len(tasks)
    assert {r.id for r in batch.recurrences} == templates
    assert {t.source_id for t in batch.tasks} == {
        f"taskwarrior:{i['uuid']}" for i in raw if i["status"] != "recurring"}


def test_the_format_is_found_from_the_content() -> None:
    assert detect_format(FIXTURE.read_text(encoding="utf-8")) == "taskwarrior"


def test_statuses_map_to_opstui_statuses(batch: Any) -> None:
    assert _by_title(batch.tasks, "Review landing page copy").status is TaskStatus.TODO
    waiting = _by_title(batch.tasks, "Wait for legal sign-off ⚖️")
    assert waiting.status is TaskStatus.WAITING
    assert "2026-12-10" in waiting.status_reason
    done = _by_title(batch.tasks, "Fix broken coupon link")
    assert done.status is TaskStatus.DONE and done.percent == 100
    assert done.done_at == datetime(2026, 11, 30, 14, 7, 39)
    assert _by_title(batch.tasks, "Old idea: podcast series").status is TaskStatus.CANCELLED


def test_cjk_emoji_project_tags_priority_dates_and_udas_are_kept(batch: Any) -> None:
    task = _by_title(batch.tasks, "准备双十一活动方案 🎉")
    assert task.priority.value == "P1"
    assert task.project == "活动.双十一"
    assert task.tags == ["campaign", "中文"]
    assert task.due == date(2026, 12, 5)
    assert task.external["channel"] == "微信" and task.external["effort"] == 3
    assert task.created_at == datetime(2026, 11, 30, 14, 7, 39)
    review = _by_title(batch.tasks, "Review landing page copy")
    assert (review.priority.value, review.start, review.due) == (
        "P2", date(2026, 12, 1), date(2026, 12, 3))
    weekly = [t for t in batch.tasks if t.title == "Send weekly report to 老板"]
    assert {t.priority.value for t in weekly} == {"P3"}
    assert _by_title(batch.tasks, 'Task with "quotes" and [brackets] & <html>').tags == ["edge"]


def test_annotations_become_notes_at_their_own_times(batch: Any) -> None:
    task = _by_title(batch.tasks, "准备双十一活动方案 🎉")
    notes = sorted((n for n in batch.notes if n.task_id == task.id), key=lambda n: n.at)
    assert [n.text for n in notes] == ["和设计确认了主视觉 ✅", "Budget approved by finance"]
    assert notes[0].at == datetime(2026, 11, 30, 14, 7, 39)
    coupon = _by_title(batch.tasks, "Fix broken coupon link")
    assert [n.text for n in batch.notes if n.task_id == coupon.id] == [
        "Coupon fixed, 客服 informed"]


def test_dependencies_point_at_the_tasks_they_name(batch: Any) -> None:
    task = _by_title(batch.tasks, "Collect D7 retention data 数据")
    named = {t.id: t.title for t in batch.tasks}
    assert sorted(named[d] for d in task.depends) == [
        "Review landing page copy", "准备双十一活动方案 🎉"]


def test_recurrence_templates_and_their_instances(batch: Any) -> None:
    weekly = _by_title(batch.recurrences, "Send weekly report to 老板")
    assert weekly.rrule == "FREQ=WEEKLY;UNTIL=20270301"
    assert weekly.dtstart == date(2026, 12, 2)
    check_rrule(weekly.rrule, weekly.dtstart)
    instances = sorted((t for t in batch.tasks if t.source.ref == weekly.id),
                       key=lambda t: t.due or date.min)
    assert [t.source.on for t in instances] == [date(2026, 12, 2), date(2026, 12, 9)]
    assert {t.source.kind for t in instances} == {SourceKind.RECURRENCE}
    # opstui's own expansion names the same days, so it never makes them a second time.
    assert occurrences(weekly, date(2026, 12, 1), date(2026, 12, 10)) == [
        t.source.on for t in instances]
    daily = _by_title(batch.recurrences, "Daily standup notes")
    standups = [t for t in batch.tasks if t.source.ref == daily.id]
    assert len(standups) == 5 and len({t.source.on for t in standups}) == 5
    assert sum(t.status is TaskStatus.DONE for t in standups) == 1


def test_a_template_whose_project_has_no_home_says_so(batch: Any) -> None:
    assert any("Send weekly report" in line and "project" in line for line in batch.skipped)


def test_times_are_read_in_the_users_time_zone() -> None:
    item = {"uuid": str(uuid.uuid4()), "description": "晚上的截止", "status": "pending",
            "entry": "20261130T020000Z", "due": "20261204T160000Z"}
    (task,) = parse_taskwarrior(json.dumps([item]), tz=SHANGHAI).tasks
    assert task.due == date(2026, 12, 5)  # midnight in Shanghai is 16:00 UTC the day before
    assert task.created_at == datetime(2026, 11, 30, 10, 0)


def test_taskwarrior_3_and_old_2x_shapes() -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    v3 = [{"uuid": first, "description": "a", "status": "pending", "wait": "20261210T000000Z",
           "entry": "20261130T000000Z", "modified": "20261130T000000Z"},
          {"uuid": second, "description": "b", "status": "pending", "depends": first,
           "start": "20261130T010000Z", "entry": "2026-11-30T00:00:00Z"}]
    tasks = parse_taskwarrior(json.dumps(v3), now=NOW).tasks
    assert tasks[0].status is TaskStatus.WAITING  # 3.x: pending with a future wait
    assert tasks[1].status is TaskStatus.DOING and tasks[1].depends == [uuid.UUID(first).hex]
    lines = "\n".join(json.dumps(item) + "," for item in v3)  # 2.x before 2.4: one per line
    assert [t.id for t in parse_taskwarrior(lines, now=NOW).tasks] == [t.id for t in tasks]
    assert parse_taskwarrior(json.dumps(v3), now=datetime(2026, 12, 11)).tasks[0].status is (
        TaskStatus.TODO)  # the wait is over


def test_the_same_uuid_twice_keeps_the_newest() -> None:
    same = str(uuid.uuid4())
    items = [{"uuid": same, "description": "new", "modified": "20261201T000000Z"},
             {"uuid": same, "description": "old", "modified": "20261101T000000Z"}]
    assert [t.title for t in parse_taskwarrior(json.dumps(items)).tasks] == ["new"]


@pytest.mark.parametrize(("recur", "rule"), [
    ("daily", "FREQ=DAILY"), ("weekly", "FREQ=WEEKLY"), ("2w", "FREQ=WEEKLY;INTERVAL=2"),
    ("biweekly", "FREQ=WEEKLY;INTERVAL=2"), ("monthly", "FREQ=MONTHLY"),
    ("quarterly", "FREQ=MONTHLY;INTERVAL=3"), ("3mo", "FREQ=MONTHLY;INTERVAL=3"),
    ("yearly", "FREQ=YEARLY"), ("P10D", "FREQ=DAILY;INTERVAL=10"),
    ("weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"), ("2h", None), ("sometimes", None),
])
def test_recurrence_periods(recur: str, rule: str | None) -> None:
    assert recurrence_rule(recur) == rule


def test_an_hourly_template_is_skipped_but_its_instances_are_kept() -> None:
    template, instance = str(uuid.uuid4()), str(uuid.uuid4())
    items = [{"uuid": template, "description": "ping", "status": "recurring", "recur": "2h",
              "due": "20261201T000000Z"},
             {"uuid": instance, "description": "ping", "status": "pending",
              "parent": template, "due": "20261201T000000Z"}]
    batch = parse_taskwarrior(json.dumps(items))
    assert batch.recurrences == []
    assert [t.source.kind for t in batch.tasks] == [SourceKind.MANUAL]
    assert batch.tasks[0].external["parent"] == template
    assert "2h" in batch.skipped[0]


@pytest.mark.parametrize(("text", "message"), [
    ("not json at all {", "not valid JSON"),
    ('[{"description": "x"}]', "task #1: no uuid"),
    ('[{"uuid": "nope", "description": "x"}]', "is not a UUID"),
    ('[{"uuid": "6f1c2a4e-5b3d-4e8a-9c7f-0a1b2c3d4e5f", "description": ""}]', "no description"),
    ('[{"uuid": "6f1c2a4e-5b3d-4e8a-9c7f-0a1b2c3d4e5f", "description": "x", "due": "soon"}]',
     "due 'soon' is not a time"),
    ('[{"uuid": "6f1c2a4e-5b3d-4e8a-9c7f-0a1b2c3d4e5f", "description": "x", "status": "odd"}]',
     "unknown status 'odd'"),
    ('[{"uuid": "6f1c2a4e-5b3d-4e8a-9c7f-0a1b2c3d4e5f", "description": "x", '
     '"tags": ["' + "t" * 81 + '"]}]', "task #1 (6f1c2a4e): tags.0"),
])
def test_bad_exports_are_refused_with_where_and_why(text: str, message: str) -> None:
    with pytest.raises(InterchangeError, match="^.*" + message.replace("(", r"\(")
                       .replace(")", r"\)").replace("[", r"\[")):
        parse_taskwarrior(text)


def test_every_field_of_every_task_has_a_place(raw: list[dict[str, Any]], batch: Any) -> None:
    from opstui.domain.interchange.taskwarrior import CONSUMED

    tasks = {t.id: t for t in batch.tasks}
    for item in raw:
        if item["status"] == "recurring":
            continue
        task = tasks[_uuid_hex(item)]
        for key, value in item.items():
            assert key in CONSUMED or task.external[key] == value, key
