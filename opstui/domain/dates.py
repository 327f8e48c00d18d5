"""Dates as people type them, durations, ISO weeks and periods; ``today`` is always passed in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from opstui.domain.errors import RuleError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CN_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_WORDS = {
    "today": 0, "tod": 0, "今天": 0,
    "tomorrow": 1, "tom": 1, "明天": 1,
    "yesterday": -1, "yest": -1, "昨天": -1,
}  # fmt: skip
_OFFSET_RE = re.compile(r"^([+-])(\d{1,4})\s*([dwmy])$")
_MONTH_DAY_RE = re.compile(r"^(\d{1,2})[-/](\d{1,2})$")
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DURATION_RE = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+)m(?:in)?)?$", re.ASCII)


MIN_YEAR = 1900
MAX_YEAR = 2199
"""The years opstui accepts, in every date typed and every date stored: wide enough for any
plan, narrow enough that week, month and report arithmetic never leaves the calendar."""


class DateParseError(RuleError):
    """Raised with a message fit to show the user as is."""


def year_in_range(year: int) -> bool:
    """True if ``year`` is one opstui accepts (``MIN_YEAR`` to ``MAX_YEAR``)."""
    return MIN_YEAR <= year <= MAX_YEAR


def check_year_range(day: date, typed: str | None = None) -> date:
    """``day`` itself if its year is one opstui accepts, the one place that decides it.

    Args:
        day: The date (or datetime) to check.
        typed: What the user typed, named in the message.

    Raises:
        DateParseError: The year is outside ``MIN_YEAR``-``MAX_YEAR``.
    """
    if not year_in_range(day.year):
        shown = f"{typed!r} ({day.isoformat()})" if typed and typed != day.isoformat() \
            else day.isoformat()
        raise DateParseError(
            f"{shown} is outside the years opstui accepts ({MIN_YEAR} to {MAX_YEAR})")
    return day


def _weekday_index(word: str) -> int | None:
    for names in (WEEKDAYS, _FULL_WEEKDAYS, _CN_WEEKDAYS):
        if word in names:
            return names.index(word)
    return None


def next_weekday(today: date, weekday: int) -> date:
    """The next day after ``today`` that falls on ``weekday`` (0 = Monday); never today."""
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def parse_date(text: str, today: date) -> date:
    """Parse a date the way people type it.

    Accepts ``today``, ``tomorrow``, ``yesterday``, a weekday (``fri``: the next Friday
    after today), ``next mon`` (Monday of next week), offsets (``+3d``, ``-1w``, ``+2m``,
    ``+1y``), ISO ``2026-11-30``, ``11-30`` (this year), and, last, what dateutil reads
    without fuzzy matching (``30 Nov 2026``).

    Args:
        text: What the user typed.
        today: The day relative dates count from.

    Returns:
        The date meant.

    Raises:
        DateParseError: The text is not a date, or its year is outside ``MIN_YEAR`` to
            ``MAX_YEAR``; the message says what was typed.
    """
    return check_year_range(_parse_date(text, today), text.strip())


def _parse_date(text: str, today: date) -> date:
    raw = text.strip()
    word = raw.lower()
    if not word:
        raise DateParseError("empty date")
    if _ISO_RE.match(word):
        try:
            return date.fromisoformat(word)
        except ValueError as exc:
            raise DateParseError(f"not a date: {raw!r} ({exc})") from None
    if word in _WORDS:
        return today + timedelta(days=_WORDS[word])
    weekday = _weekday_index(word)
    if weekday is not None:
        return next_weekday(today, weekday)
    if word.startswith(("next ", "下")):
        rest = word[5:].strip() if word.startswith("next ") else word[1:]
        weekday = _weekday_index(rest)
        if weekday is None and rest == "week":
            weekday = 0
        if weekday is not None:
            next_monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
            return next_monday + timedelta(days=weekday)
    offset = _OFFSET_RE.match(word)
    if offset:
        try:
            return _apply_offset(today, offset.group(1), int(offset.group(2)), offset.group(3))
        except (ValueError, OverflowError):
            raise DateParseError(f"not a date: {raw!r} (beyond the calendar)") from None
    month_day = _MONTH_DAY_RE.match(word)
    if month_day:
        try:
            return date(today.year, int(month_day.group(1)), int(month_day.group(2)))
        except ValueError:
            raise DateParseError(f"not a date: {raw!r}") from None
    return _parse_with_dateutil(raw, today)


def _apply_offset(today: date, sign: str, amount: int, unit: str) -> date:
    step = amount if sign == "+" else -amount
    if unit == "d":
        return today + timedelta(days=step)
    if unit == "w":
        return today + timedelta(weeks=step)
    from dateutil.relativedelta import relativedelta

    delta = relativedelta(months=step) if unit == "m" else relativedelta(years=step)
    return today + delta


def _parse_with_dateutil(raw: str, today: date) -> date:
    # Only letters, digits, spaces and date punctuation reach dateutil: it would read a
    # bare "banana" as nothing at all, and some inputs as times of today.
    if not re.fullmatch(r"[A-Za-z0-9 ,./-]+", raw) or not re.search(r"\d", raw):
        raise DateParseError(_hint(raw))
    from datetime import datetime

    from dateutil import parser

    # Parse twice with different default months and days: if the results differ, the text
    # did not say which day ("3pm", "2026", "Nov 2026", "5") and dateutil would invent one.
    # Only the year may be left out ("30 Nov" is this year's).
    try:
        first = parser.parse(raw, default=datetime(today.year, 1, 1)).date()
        second = parser.parse(raw, default=datetime(today.year, 2, 2)).date()
    except (ValueError, OverflowError):
        raise DateParseError(_hint(raw)) from None
    if first != second:
        raise DateParseError(_hint(raw))
    return first


def _hint(raw: str) -> str:
    return (
        f"not a date: {raw!r} (try today, tomorrow, fri, next mon, +3d, 2026-11-30 or 11-30)"
    )


def parse_duration(text: str) -> int:
    """Parse an estimate such as ``30m``, ``1.5h``, ``2h30m`` or a bare number of minutes.

    Returns:
        Whole minutes, at least 1.

    Raises:
        DateParseError: Not a duration, or not positive.
    """
    raw = text.strip().lower().replace(" ", "")
    if raw.isascii() and raw.isdigit():
        minutes = int(raw)
    else:
        match = _DURATION_RE.match(raw)
        if not raw or not match or not (match.group(1) or match.group(2)):
            raise DateParseError(f"not a duration: {text.strip()!r} (try 30m, 1.5h or 2h30m)")
        try:
            minutes = round(float(match.group(1) or 0) * 60) + int(match.group(2) or 0)
        except OverflowError:
            raise DateParseError(f"not a duration: {text.strip()!r} (too long)") from None
    if minutes <= 0:
        raise DateParseError(f"a duration must be more than zero: {text.strip()!r}")
    return minutes


def format_duration(minutes: int) -> str:
    """Show minutes the way they are typed: ``45m``, ``2h``, ``1h30m``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest}m" if rest else f"{hours}h"


def week_start(day: date) -> date:
    """The Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def iso_week_label(day: date) -> str:
    """``2026-W48`` for any day of that ISO week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included, with the label it was typed as."""

    label: str
    start: date
    end: date

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        """True if ``day`` lies in the period."""
        return self.start <= day <= self.end

    def elapsed_share(self, today: date) -> float:
        """Share of the period gone by at the end of ``today``, from 0.0 to 1.0."""
        if today < self.start:
            return 0.0
        if today >= self.end:
            return 1.0
        return ((today - self.start).days + 1) / self.days


def parse_period(text: str) -> Period:
    """Parse ``2026``, ``2026-Q4``, ``2026-11`` or ``2026-W47`` into a Period.

    Raises:
        DateParseError: The text is not one of those shapes, names no real period, or lies
            outside the years opstui accepts.
    """
    year = re.match(r"\s*(\d{4})", text)
    if year and not year_in_range(int(year.group(1))):
        raise DateParseError(f"{text.strip()!r} is outside the years opstui accepts "
                             f"({MIN_YEAR} to {MAX_YEAR})")
    found = _parse_period(text)
    check_year_range(found.start, text.strip())
    check_year_range(found.end, text.strip())
    return found


def _parse_period(text: str) -> Period:
    label = text.strip().upper()
    try:
        if re.fullmatch(r"\d{4}", label):
            year = int(label)
            return Period(label, date(year, 1, 1), date(year, 12, 31))
        match = re.fullmatch(r"(\d{4})-Q([1-4])", label)
        if match:
            year, quarter = int(match.group(1)), int(match.group(2))
            start = date(year, 3 * quarter - 2, 1)
            return Period(label, start, _month_end(year, 3 * quarter))
        match = re.fullmatch(r"(\d{4})-(\d{2})", label)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            return Period(label, date(year, month, 1), _month_end(year, month))
        match = re.fullmatch(r"(\d{4})-W(\d{2})", label)
        if match:
            start = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
            return Period(label, start, start + timedelta(days=6))
    except ValueError:
        pass
    raise DateParseError(f"not a period: {text.strip()!r} (try 2026-Q4, 2026-11 or 2026-W47)")


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def week_period(day: date) -> Period:
    """The ISO week holding ``day`` as a Period."""
    start = week_start(day)
    return Period(iso_week_label(day), start, start + timedelta(days=6))
