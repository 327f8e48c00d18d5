"""Recurring work: expansion, stable instance ids, rules refused in words, and the read-only
projection of planned occurrences (the instances themselves: tests/actions)."""

from __future__ import annotations

import contextlib
from datetime import date, datetime

import pytest

from opstui.domain.models import Recurrence, Task
from opstui.domain.recurrence import (
    RecurrenceError,
    check_rrule,
    instance_id,
    next_occurrence,
    occurrences,
    planned_occurrences,
)

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 8, 0)
CREATED = datetime(2026, 9, 1, 9, 0)


def template(rrule: str = "FREQ=WEEKLY;BYDAY=FR", **fields: object) -> Recurrence:
    return Recurrence(title="竞品周报", rrule=rrule, dtstart=date(2026, 9, 4), created_at=CREATED,
                      **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("rrule", "start", "end", "days"), [
    ("FREQ=WEEKLY;BYDAY=FR", date(2026, 11, 23), date(2026, 11, 29), [date(2026, 11, 27)]),
    ("RRULE:FREQ=WEEKLY;BYDAY=MO,WE", date(2026, 11, 23), date(2026, 11, 29),
     [date(2026, 11, 23), date(2026, 11, 25)]),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", date(2026, 11, 1), date(2026, 12, 31),
     [date(2026, 11, 30), date(2026, 12, 31)]),
    ("FREQ=DAILY;COUNT=3", date(2026, 9, 1), date(2026, 9, 30),
     [date(2026, 9, 4), date(2026, 9, 5), date(2026, 9, 6)]),
    ("FREQ=WEEKLY;BYDAY=FR", date(2026, 11, 29), date(2026, 11, 23), []),
])
def test_occurrences(rrule: str, start: date, end: date, days: list[date]) -> None:
    assert occurrences(template(rrule), start, end) == days


@pytest.mark.parametrize("rrule", ["FREQ=SOMETIMES", "BYDAY=XX", "", "DTSTART=20260101;FREQ=DAILY"])
def test_bad_rules_are_refused(rrule: str) -> None:
    with pytest.raises(RecurrenceError):
        check_rrule(rrule, TODAY)


def test_next_occurrence() -> None:
    assert next_occurrence(template(), TODAY) == date(2026, 11, 27)


def test_instance_ids_are_stable_and_distinct() -> None:
    assert instance_id("a" * 32, TODAY) == instance_id("a" * 32, TODAY)
    assert instance_id("a" * 32, TODAY) != instance_id("b" * 32, TODAY)
    assert len(instance_id("a" * 32, TODAY)) == 32


@pytest.mark.parametrize(("rrule", "says"), [
    ("FREQ=MINUTELY", "FREQ=MINUTELY recurs within a day"),
    ("FREQ=HOURLY;INTERVAL=2", "FREQ=HOURLY recurs within a day"),
    ("FREQ=SECONDLY", "at most once a day"),
    ("FREQ=DAILY;BYHOUR=9,17", "BYHOUR sets times of day"),
    ("FREQ=WEEKLY;BYDAY=MO;BYMINUTE=30", "leave BYMINUTE out"),
    ("FREQ=WEEKLY;BYDAY", "'BYDAY' is not NAME=value"),
    ("BYDAY=FR", "needs a FREQ"),
    ("FREQ=SOMETIMES", "write it like FREQ=WEEKLY;BYDAY=FR"),
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "never occurs"),
])
def test_rules_finer_than_a_day_or_malformed_are_refused_in_words(rrule: str, says: str) -> None:
    with pytest.raises(RecurrenceError) as caught:
        check_rrule(rrule, TODAY)
    message = str(caught.value)
    assert says in message and "FREQ=" in message
    assert "unpack" not in message and "Error" not in message


@pytest.mark.parametrize("rrule", ["FREQ=DAILY;BYHOUR=9,17", "FREQ=MINUTELY",
                                   "FREQ=HOURLY;INTERVAL=5"])
def test_stored_sub_daily_rules_recur_once_a_day(rrule: str) -> None:
    days = occurrences(template(rrule), date(2026, 11, 23), date(2026, 11, 25))
    assert days == [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)]


def test_the_next_occurrence_of_any_rule_is_found_quickly() -> None:
    import time as clock

    for rrule in ("FREQ=MINUTELY", "FREQ=SECONDLY", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"):
        started = clock.perf_counter()
        with contextlib.suppress(RecurrenceError):
            next_occurrence(template(rrule), TODAY)
        assert clock.perf_counter() - started < 0.5, rrule


def test_planned_occurrences_leave_out_the_ones_that_are_tasks() -> None:
    weekly, daily = template(), template("FREQ=DAILY", active=False)
    made = Task(title="竞品周报", source={"kind": "recurrence", "ref": weekly.id,
                                        "on": date(2026, 11, 27)})
    found = planned_occurrences([weekly, daily], [made], TODAY, date(2026, 12, 6))
    assert [(day, t.id) for day, t in found] == [(date(2026, 12, 4), weekly.id)]
