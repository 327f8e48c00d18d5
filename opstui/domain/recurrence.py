"""Recurring work: RRULE templates, their occurrences, and the task of one occurrence.

An instance's id is derived from its template and day (``instance_id``), so an occurrence
made twice, from one process or two, is found already there. Which occurrences become tasks
is one rule, applied by actions (``opstui.actions.recurring``): each template has at most
one open instance, its next occurrence. The others are only projected, read only
(``planned_occurrences``), for the week view.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from opstui.domain.errors import RuleError
from opstui.domain.models import Recurrence, Source, SourceKind, Task

NAMESPACE = uuid.UUID("6f1c2a4e-5b3d-4e8a-9c7f-0a1b2c3d4e5f")
"""Namespace of instance ids (uuid5 over ``template-id:day``)."""
MAX_OCCURRENCES = 400
"""Never expand more than this many occurrences of one template in one range."""


class RecurrenceError(RuleError):
    """An RRULE that does not parse; the message says why."""


EXAMPLE = "FREQ=WEEKLY;BYDAY=FR"
"""An example rule shown with every complaint."""
FINER_THAN_DAILY = ("HOURLY", "MINUTELY", "SECONDLY")
"""Frequencies refused: occurrences are days, so a rule cannot recur within a day."""
TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
"""Rule parts refused for the same reason."""


def _parts(rrule: str) -> list[tuple[str, str]]:
    """The ``NAME=value`` parts of ``rrule`` (a leading ``RRULE:`` dropped), checked for shape.

    Raises:
        RecurrenceError: Empty, a part without ``=``, DTSTART inside, or no FREQ.
    """
    text = rrule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text.strip():
        raise RecurrenceError(f"empty recurrence rule (try {EXAMPLE})")
    parts = []
    for raw in text.split(";"):
        if not raw.strip():
            continue
        name, sep, value = raw.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise RecurrenceError(f"{raw.strip()!r} is not NAME=value: write parts like "
                                  f"FREQ=WEEKLY separated by ';', e.g. {EXAMPLE}")
        parts.append((name.strip().upper(), value.strip()))
    names = [name for name, _ in parts]
    if "DTSTART" in names:
        raise RecurrenceError("leave DTSTART out of the rule; the start date is separate")
    if "FREQ" not in names:
        raise RecurrenceError(f"the rule needs a FREQ (DAILY, WEEKLY, MONTHLY or YEARLY), "
                              f"e.g. {EXAMPLE}")
    return parts


_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _never(parts: list[tuple[str, str]]) -> bool:
    """True when BYMONTH and BYMONTHDAY name no real day (e.g. February 30): such a rule
    would make the expansion scan every day up to the year 9999 for nothing."""
    values = dict(parts)
    if "BYMONTH" not in values or "BYMONTHDAY" not in values:
        return False
    try:
        months = [int(m) for m in values["BYMONTH"].split(",")]
        days = [int(d) for d in values["BYMONTHDAY"].split(",")]
    except ValueError:
        return False  # dateutil says what is wrong
    return not any(1 <= m <= 12 and 1 <= abs(d) <= _MONTH_DAYS[m - 1]
                   for m in months for d in days)


def _build(parts: list[tuple[str, str]], dtstart: date, original: str) -> Any:
    from dateutil.rrule import rrulestr

    if _never(parts):
        raise RecurrenceError(f"{original.strip()!r} never occurs: no such day in those "
                              f"months (e.g. FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28)")

    text = ";".join(f"{name}={value}" for name, value in parts)
    try:
        return rrulestr(text, dtstart=datetime.combine(dtstart, time()))
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        raise RecurrenceError(f"not a recurrence rule: {original.strip()!r}; write it like "
                              f"{EXAMPLE} (every Friday) or FREQ=MONTHLY;BYMONTHDAY=1") from None


def _rule(rrule: str, dtstart: date) -> Any:
    """The rule for expansion, as days: a rule finer than daily (stored before such rules
    were refused) is read as daily, without its time-of-day parts."""
    parts = _parts(rrule)
    freq = next(value.upper() for name, value in parts if name == "FREQ")
    if freq in FINER_THAN_DAILY:
        parts = [(n, "DAILY" if n == "FREQ" else v) for n, v in parts if n != "INTERVAL"]
    parts = [(n, v) for n, v in parts if n not in TIME_PARTS]
    return _build(parts, dtstart, rrule)


def check_rrule(rrule: str, dtstart: date) -> None:
    """Raise ``RecurrenceError`` unless ``rrule`` is a usable RRULE starting ``dtstart``.

    Rules that recur more than once a day (HOURLY, MINUTELY, SECONDLY, or BYHOUR /
    BYMINUTE / BYSECOND parts) are refused before anything is expanded: work recurs on days.
    """
    parts = _parts(rrule)
    for name, value in parts:
        if name == "FREQ" and value.upper() in FINER_THAN_DAILY:
            raise RecurrenceError(f"FREQ={value.upper()} recurs within a day; recurring work "
                                  f"happens at most once a day: use DAILY, WEEKLY, MONTHLY "
                                  f"or YEARLY, e.g. {EXAMPLE}")
        if name in TIME_PARTS:
            raise RecurrenceError(f"{name} sets times of day; recurring work is planned by "
                                  f"day: leave {name} out, e.g. {EXAMPLE}")
    _build(parts, dtstart, rrule)


def occurrences(template: Recurrence, start: date, end: date) -> list[date]:
    """The days in ``start..end`` (both included) on which ``template`` recurs, each once,
    at most ``MAX_OCCURRENCES`` of them.

    Raises:
        RecurrenceError: The template's rule does not parse.
    """
    if end < start:
        return []
    rule = _rule(template.rrule, template.dtstart)
    last = datetime.combine(end, time(23, 59, 59))
    found: list[date] = []
    for moment in rule.xafter(datetime.combine(start, time()), inc=True):
        if moment > last or len(found) >= MAX_OCCURRENCES:
            break
        if not found or found[-1] != moment.date():
            found.append(moment.date())
    return found


def instance_id(template_id: str, day: date) -> str:
    """The id of ``template_id``'s instance on ``day``: the same in every process."""
    return uuid.uuid5(NAMESPACE, f"{template_id}:{day.isoformat()}").hex


def instance(template: Recurrence, day: date, now: datetime) -> Task:
    """The task for ``template``'s occurrence on ``day`` (due and starting that day)."""
    return Task(
        id=instance_id(template.id, day),
        title=template.title,
        priority=template.priority,
        owner=template.owner,
        estimate_minutes=template.estimate_minutes,
        tags=list(template.tags),
        due=day,
        start=day,
        source=Source(kind=SourceKind.RECURRENCE, ref=template.id, on=day),
        created_at=now,
        updated_at=now,
    )


def next_occurrence(template: Recurrence, after: date, within_days: int = 366) -> date | None:
    """The first occurrence after ``after`` (within a year), or None."""
    found = occurrences(template, after + timedelta(days=1), after + timedelta(days=within_days))
    return found[0] if found else None


def planned_occurrences(templates: Iterable[Recurrence], tasks: Iterable[Task], first: date,
                        last: date) -> list[tuple[date, Recurrence]]:
    """The occurrences in ``first..last`` that are not tasks (yet): what the week view shows
    as planned occurrences. Read only."""
    made = {(t.source.ref, t.source.on) for t in tasks if t.source.kind is SourceKind.RECURRENCE}
    found = []
    for template in templates:
        if not template.active:
            continue
        try:
            days = occurrences(template, max(first, template.dtstart), last)
        except RecurrenceError:
            continue
        found += [(day, template) for day in days if (template.id, day) not in made]
    found.sort(key=lambda pair: (pair[0], pair[1].title))
    return found
