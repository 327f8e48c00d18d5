"""Tasks out as CSV (Excel, WPS) and iCalendar (any calendar app), and which tasks go."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from opstui.domain.interchange.ics import calendar_ics
from opstui.domain.interchange.tables import COLUMNS, Selection, select, tasks_csv
from opstui.domain.models import Meeting, Task

SHANGHAI = timezone(timedelta(hours=8))
TASKS = [
    Task(title="写周报 🎉", priority="P0", owner="王芳", tags=["周报", "team"],
         due=date(2026, 11, 30), start=date(2026, 11, 27), project="运营",
         description='line one\nline two, with "quotes"', created_at=datetime(2026, 11, 1, 9),
         updated_at=datetime(2026, 11, 2, 10)),
    Task(title="=HYPERLINK(\"http://evil\")", priority="P3", owner="Li Wei"),
    Task(title="shipped", status="done", percent=100, priority="P1", owner="王芳",
         done_at=datetime(2026, 11, 20, 17, 30), external={"effort": 3, "渠道": "微信"}),
    Task(title="stuck", status="blocked", status_reason="waiting for 法务", priority="P2",
         due=date(2026, 12, 10)),
]
MEETINGS = [
    Meeting(day=date(2026, 11, 24), title="部门例会", departments=["运营", "技术"],
            attendees=["王芳", "Li Wei"], minutes="本周重点", decisions=["上线日期 12-01"]),
    Meeting(day=date(2026, 12, 15), title="later", attendees=["someone"]),
]


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_csv_starts_with_a_bom_and_every_row_has_the_headers_columns() -> None:
    data = tasks_csv(TASKS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data)
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 1 + len(TASKS)
    assert {len(row) for row in rows} == {len(COLUMNS)}


def test_the_csv_keeps_chinese_newlines_and_each_field() -> None:
    rows = [dict(zip(COLUMNS, row, strict=True)) for row in _rows(tasks_csv(TASKS))[1:]]
    first = rows[0]
    assert (first["title"], first["owner"], first["tags"], first["due"], first["priority"]) == (
        "写周报 🎉", "王芳", "周报, team", "2026-11-30", "P0")
    assert first["description"] == 'line one\nline two, with "quotes"'
    assert first["created_at"] == "2026-11-01 09:00"
    assert rows[2]["done_at"] == "2026-11-20 17:30"
    assert rows[2]["external"] == '{"effort":3,"渠道":"微信"}'
    assert rows[3]["status_reason"] == "waiting for 法务"


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_quoted() -> None:
    rows = _rows(tasks_csv(TASKS))
    assert rows[2][COLUMNS.index("title")] == "'=HYPERLINK(\"http://evil\")"


@pytest.mark.parametrize(("selection", "titles"), [
    (Selection(), {"写周报 🎉", "=HYPERLINK(\"http://evil\")", "shipped", "stuck"}),
    (Selection(status="open"), {"写周报 🎉", "=HYPERLINK(\"http://evil\")", "stuck"}),
    (Selection(status="done"), {"shipped"}),
    (Selection(owner="王芳"), {"写周报 🎉", "shipped"}),
    (Selection(owner="li wei"), {"=HYPERLINK(\"http://evil\")"}),
    (Selection(start=date(2026, 11, 20), end=date(2026, 11, 30)), {"写周报 🎉", "shipped"}),
    (Selection(start=date(2026, 12, 1)), {"stuck"}),
    (Selection(end=date(2026, 11, 27)), {"写周报 🎉", "shipped"}),  # starts on the 27th
])
def test_the_filters_take_status_owner_and_period(selection: Selection, titles: set[str]
                                                   ) -> None:
    assert {t.title for t in select(TASKS, selection)} == titles


def test_meetings_follow_the_period_and_the_owner_but_not_a_status() -> None:
    assert [m.title for m in MEETINGS if Selection(end=date(2026, 11, 30)).takes_meeting(m)
            ] == ["部门例会"]
    assert [m.title for m in MEETINGS if Selection(owner="li wei").takes_meeting(m)] == [
        "部门例会"]
    assert not any(Selection(status="open").takes_meeting(m) for m in MEETINGS)


@pytest.fixture
def calendar() -> Calendar:
    data = calendar_ics(TASKS, MEETINGS, stamp=datetime(2026, 11, 23, 18, 0), tz=SHANGHAI)
    return Calendar.from_ical(data)


def test_the_ics_parses_with_a_todo_per_task_and_an_event_per_meeting(calendar: Calendar
                                                                      ) -> None:
    todos = calendar.walk("VTODO")
    events = calendar.walk("VEVENT")
    assert len(todos) == len(TASKS) and len(events) == len(MEETINGS)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    for component in [*todos, *events]:
        assert component["DTSTAMP"].dt == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_the_ics_todos_round_trip_their_fields(calendar: Calendar) -> None:
    todos = {str(t["UID"]): t for t in calendar.walk("VTODO")}
    first = todos[f"{TASKS[0].id}@opstui"]
    assert str(first["SUMMARY"]) == "写周报 🎉"
    assert first["DUE"].dt == date(2026, 11, 30)
    assert first["DTSTART"].dt == date(2026, 11, 27)
    assert int(first["PRIORITY"]) == 1
    assert str(first["STATUS"]) == "NEEDS-ACTION"
    assert list(first["CATEGORIES"].cats) == ["周报", "team"]
    assert str(first["X-OPSTUI-OWNER"]) == "王芳"
    assert str(first["DESCRIPTION"]) == 'line one\nline two, with "quotes"'
    assert first["CREATED"].dt == datetime(2026, 11, 1, 1, 0, tzinfo=UTC)  # 09:00 in +08
    done = todos[f"{TASKS[2].id}@opstui"]
    assert (str(done["STATUS"]), int(done["PERCENT-COMPLETE"]), int(done["PRIORITY"])) == (
        "COMPLETED", 100, 3)
    assert done["COMPLETED"].dt == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    stuck = todos[f"{TASKS[3].id}@opstui"]
    assert (str(stuck["STATUS"]), str(stuck["X-OPSTUI-STATUS"])) == ("IN-PROCESS", "blocked")
    assert "waiting for 法务" in str(stuck["DESCRIPTION"])
    assert int(todos[f"{TASKS[1].id}@opstui"]["PRIORITY"]) == 7


def test_the_ics_events_are_all_day_meetings_with_their_minutes(calendar: Calendar) -> None:
    event = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "部门例会")
    assert event["DTSTART"].dt == date(2026, 11, 24)
    assert event["DTEND"].dt == date(2026, 11, 25)
    text = str(event["DESCRIPTION"])
    assert "本周重点" in text and "- 上线日期 12-01" in text and "王芳, Li Wei" in text
    assert list(event["CATEGORIES"].cats) == ["运营", "技术"]
