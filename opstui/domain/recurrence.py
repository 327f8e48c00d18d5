"""Recurring work: RRULE templates expanded into tasks, exactly once per occurrence.

An instance's id is derived from its template and day (``instance_id``), so creating the
instances of a range twice, from one process or two, finds them already there. The store
side (``materialise``) does its check-and-insert inside one repository transaction, which
re-reads the file under the lock: two processes cannot both insert the same instance.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from opstui.domain.models import Recurrence, Source, SourceKind, Task

NAMESPACE = uuid.UUID("6f1c2a4e-5b3d-4e8a-9c7f-0a1b2c3d4e5f")
"""Namespace of instance ids (uuid5 over ``template-id:day``)."""
MAX_OCCURRENCES = 400
"""Never expand more than this many occurrences of one template in one range."""


class RecurrenceError(ValueError):
    """An RRULE that does not parse; the message says why."""


def _rule(rrule: str, dtstart: date) -> Any:
    from dateutil.rrule import rrulestr

    text = rrule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        raise RecurrenceError("empty recurrence rule (try FREQ=WEEKLY;BYDAY=FR)")
    if any(part.strip().upper().startswith("DTSTART") for part in text.split(";")):
        raise RecurrenceError("leave DTSTART out of the rule; the start date is separate")
    try:
        return rrulestr(text, dtstart=datetime.combine(dtstart, time()))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise RecurrenceError(f"not a recurrence rule: {rrule.strip()!r} ({exc})") from None


def check_rrule(rrule: str, dtstart: date) -> None:
    """Raise ``RecurrenceError`` unless ``rrule`` is a usable RRULE starting ``dtstart``."""
    _rule(rrule, dtstart)


def occurrences(template: Recurrence, start: date, end: date) -> list[date]:
    """The days in ``start..end`` (both included) on which ``template`` recurs.

    Raises:
        RecurrenceError: The template's rule does not parse.
    """
    if end < start:
        return []
    rule = _rule(template.rrule, template.dtstart)
    found: list[date] = []
    for moment in rule.between(datetime.combine(start, time()),
                               datetime.combine(end, time(23, 59, 59)), inc=True):
        found.append(moment.date())
        if len(found) >= MAX_OCCURRENCES:
            break
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


def due_instances(templates: Iterable[Recurrence], start: date, end: date,
                  now: datetime) -> Iterator[Task]:
    """Every instance of the active ``templates`` in ``start..end``; rules that do not
    parse are skipped (``check_rrule`` refuses them on entry)."""
    for template in templates:
        if not template.active:
            continue
        first = max(start, template.dtstart, template.created_at.date())
        try:
            days = occurrences(template, first, end)
        except RecurrenceError:
            continue
        for day in days:
            yield instance(template, day, now)


class _Store(Protocol):
    def all(self, cls: type[Any]) -> list[Any]: ...
    def get(self, cls: type[Any], record_id: str) -> Any: ...
    def add(self, record: Any) -> Any: ...
    def transaction(self) -> AbstractContextManager[None]: ...


def materialise(store: _Store, start: date, end: date, now: datetime, *,
                not_before: date | None = None) -> list[Task]:
    """Create the missing instances of every active template in ``start..end``.

    Idempotent: an instance already stored (or archived) is left alone. The check and the
    insert run in one transaction, so two processes never create the same instance twice.

    Args:
        store: The repository.
        start: First day of the range.
        end: Last day of the range.
        now: Creation time of new instances.
        not_before: No instances before this day (past weeks are not filled in later).

    Returns:
        The tasks created (empty when all were there).
    """
    if not_before is not None:
        start = max(start, not_before)
    templates = store.all(Recurrence)
    if not templates or end < start:
        return []
    if not _missing(store, due_instances(templates, start, end, now)):
        return []  # the usual case: no lock taken, nothing written
    with store.transaction():  # re-reads the file under the lock: another process may be done
        missing = _missing(store, due_instances(store.all(Recurrence), start, end, now))
        return [store.add(task) for task in missing]


def _missing(store: _Store, wanted: Iterable[Task]) -> list[Task]:
    """The ``wanted`` instances not stored yet, neither under their derived id nor as a task
    made elsewhere (imported, or made before ids were derived) for the same occurrence."""
    candidates = [t for t in wanted if store.get(Task, t.id) is None]
    if not candidates:
        return []
    made = {(t.source.ref, t.source.on) for t in store.all(Task)
            if t.source.kind is SourceKind.RECURRENCE}
    return [t for t in candidates if (t.source.ref, t.source.on) not in made]


def next_occurrence(template: Recurrence, after: date, within_days: int = 366) -> date | None:
    """The first occurrence after ``after`` (within a year), or None."""
    found = occurrences(template, after + timedelta(days=1), after + timedelta(days=within_days))
    return found[0] if found else None
