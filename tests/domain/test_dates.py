"""Dates as people type them, durations, ISO weeks and periods, against a pinned today."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opstui.domain.dates import (
    DateParseError,
    Period,
    format_duration,
    iso_week_label,
    next_weekday,
    parse_date,
    parse_duration,
    parse_period,
    week_period,
    week_start,
)

TODAY = date(2026, 11, 23)  # a Monday
assert TODAY.weekday() == 0


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("today", date(2026, 11, 23)),
        ("  Today ", date(2026, 11, 23)),
        ("今天", date(2026, 11, 23)),
        ("tomorrow", date(2026, 11, 24)),
        ("TOMORROW", date(2026, 11, 24)),
        ("明天", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 22)),
        # A weekday is the next such day, never today (today is a Monday).
        ("mon", date(2026, 11, 30)),
        ("tue", date(2026, 11, 24)),
        ("wed", date(2026, 11, 25)),
        ("thu", date(2026, 11, 26)),
        ("fri", date(2026, 11, 27)),
        ("sat", date(2026, 11, 28)),
        ("sun", date(2026, 11, 29)),
        ("monday", date(2026, 11, 30)),
        ("Tuesday", date(2026, 11, 24)),
        ("wednesday", date(2026, 11, 25)),
        ("thursday", date(2026, 11, 26)),
        ("friday", date(2026, 11, 27)),
        ("saturday", date(2026, 11, 28)),
        ("sunday", date(2026, 11, 29)),
        ("周五", date(2026, 11, 27)),
        # "next" is the day in next week.
        ("next mon", date(2026, 11, 30)),
        ("next fri", date(2026, 12, 4)),
        ("next sunday", date(2026, 12, 6)),
        ("next week", date(2026, 11, 30)),
        ("下周一", date(2026, 11, 30)),
        ("下周五", date(2026, 12, 4)),
        ("+3d", date(2026, 11, 26)),
        ("+0d", date(2026, 11, 23)),
        ("-1w", date(2026, 11, 16)),
        ("+2w", date(2026, 12, 7)),
        ("+1m", date(2026, 12, 23)),
        ("-3m", date(2026, 8, 23)),
        ("+1y", date(2027, 11, 23)),
        ("+3 d", date(2026, 11, 26)),
        ("2026-11-30", date(2026, 11, 30)),
        ("2028-02-29", date(2028, 2, 29)),
        ("11-30", date(2026, 11, 30)),
        ("1-5", date(2026, 1, 5)),
        ("11/30", date(2026, 11, 30)),
        ("30 Nov 2026", date(2026, 11, 30)),
        ("Nov 30", date(2026, 11, 30)),
        ("30 November", date(2026, 11, 30)),
        ("Dec 1, 2027", date(2027, 12, 1)),
        ("2026/12/24", date(2026, 12, 24)),
    ],
)
def test_parse_date(typed: str, meant: date) -> None:
    assert parse_date(typed, TODAY) == meant


@pytest.mark.parametrize(
    ("today", "typed", "meant"),
    [
        (date(2026, 1, 31), "+1m", date(2026, 2, 28)),  # month ends are clamped
        (date(2028, 2, 29), "+1y", date(2029, 2, 28)),
        (date(2026, 11, 29), "mon", date(2026, 11, 30)),  # from a Sunday
        (date(2026, 11, 27), "fri", date(2026, 12, 4)),  # never today
        (date(2026, 12, 31), "tomorrow", date(2027, 1, 1)),
        (date(2027, 3, 1), "11-30", date(2027, 11, 30)),  # this year, not next
    ],
)
def test_parse_date_relative_to_other_days(today: date, typed: str, meant: date) -> None:
    assert parse_date(typed, today) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "banana",
        "2026-02-30",
        "13-45",
        "02-30",
        "+3x",
        "3d",
        "next banana",
        "fri!",
        "[red]fri[/]",
        "3pm",  # a time, not a day
        "2026",  # a year, no day in it
        "Nov 2026",  # which day?
        "1200",
        "5",
        "monday 5",
        "+9999y",  # beyond the calendar
        "-9999y",
        "99999-01-01",
        "2026-11-30x",
    ],
)
def test_parse_date_refuses_saying_what_was_typed(typed: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date(typed, TODAY)
    assert typed in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("typed", ["", "   "])
def test_parse_date_refuses_empty(typed: str) -> None:
    with pytest.raises(DateParseError, match="empty"):
        parse_date(typed, TODAY)


@given(st.text(max_size=30) | st.from_regex(r"[+-]\d{1,4} ?[dwmy]", fullmatch=True))
def test_parse_date_never_fails_with_anything_but_a_message(typed: str) -> None:
    try:
        parsed = parse_date(typed, TODAY)
    except DateParseError as exc:
        assert str(exc)
    else:
        assert isinstance(parsed, date)


@given(st.integers(0, 6), st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_next_weekday_is_within_a_week_and_never_today(weekday: int, today: date) -> None:
    found = next_weekday(today, weekday)
    assert found.weekday() == weekday
    assert 1 <= (found - today).days <= 7


# -- durations ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("30m", 30),
        ("45min", 45),
        ("1h", 60),
        ("1.5h", 90),
        ("2h30m", 150),
        ("2h 30m", 150),
        ("90", 90),
        (" 1H ", 60),
        ("0.25h", 15),
    ],
)
def test_parse_duration(typed: str, minutes: int) -> None:
    assert parse_duration(typed) == minutes


@pytest.mark.parametrize(
    "typed", ["", "0", "0m", "0h", "-5m", "h", "m", "abc", "1.5", "1d", "²", "1" * 400 + "h"]
)
def test_parse_duration_refuses(typed: str) -> None:
    with pytest.raises(DateParseError):
        parse_duration(typed)


@pytest.mark.parametrize(
    ("minutes", "shown"), [(1, "1m"), (45, "45m"), (60, "1h"), (90, "1h30m"), (600, "10h")]
)
def test_format_duration(minutes: int, shown: str) -> None:
    assert format_duration(minutes) == shown


@given(st.integers(min_value=1, max_value=10**7))
def test_duration_round_trip(minutes: int) -> None:
    assert parse_duration(format_duration(minutes)) == minutes


@given(st.text(max_size=20))
def test_parse_duration_never_fails_with_anything_but_a_message(typed: str) -> None:
    try:
        minutes = parse_duration(typed)
    except DateParseError as exc:
        assert str(exc)
    else:
        assert minutes >= 1


# -- weeks and periods ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 11, 23), "2026-W48"),
        (date(2026, 11, 22), "2026-W47"),
        (date(2026, 12, 31), "2026-W53"),
        (date(2027, 1, 1), "2026-W53"),
        (date(2027, 1, 3), "2026-W53"),
        (date(2027, 1, 4), "2027-W01"),
        (date(2024, 12, 30), "2025-W01"),
    ],
)
def test_iso_week_label(day: date, label: str) -> None:
    assert iso_week_label(day) == label
    week = week_period(day)
    assert week.label == label
    assert week.start == week_start(day)
    assert week.start.weekday() == 0
    assert week.days == 7
    assert week.contains(day)
    assert parse_period(label) == week


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-W47", date(2026, 11, 16), date(2026, 11, 22)),
        ("2026-W01", date(2025, 12, 29), date(2026, 1, 4)),
        ("2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
        (" 2026-w48 ", date(2026, 11, 23), date(2026, 11, 29)),
    ],
)
def test_parse_period(typed: str, start: date, end: date) -> None:
    period = parse_period(typed)
    assert (period.start, period.end) == (start, end)
    assert period.label == typed.strip().upper()


@pytest.mark.parametrize(
    "typed",
    ["", "Q4", "26", "2026-", "2026-Q0", "2026-Q5", "2026-00", "2026-13", "2026-1", "2026-W00",
     "2027-W53", "2026-W54", "2026-W5", "2026-11-23", "banana", "0000"],
)  # fmt: skip
def test_parse_period_refuses(typed: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_period(typed)
    assert repr(typed.strip()) in str(caught.value)


NOVEMBER = Period("2026-11", date(2026, 11, 1), date(2026, 11, 30))


@pytest.mark.parametrize(
    ("today", "share"),
    [
        (date(2026, 10, 31), 0.0),
        (date(2026, 11, 1), 1 / 30),
        (date(2026, 11, 15), 0.5),
        (date(2026, 11, 23), 23 / 30),
        (date(2026, 11, 30), 1.0),
        (date(2027, 1, 1), 1.0),
    ],
)
def test_elapsed_share(today: date, share: float) -> None:
    assert NOVEMBER.elapsed_share(today) == pytest.approx(share)


def test_period_days_and_contains() -> None:
    assert NOVEMBER.days == 30
    assert NOVEMBER.contains(date(2026, 11, 1))
    assert NOVEMBER.contains(date(2026, 11, 30))
    assert not NOVEMBER.contains(date(2026, 12, 1))
    assert parse_period("2028").days == 366
