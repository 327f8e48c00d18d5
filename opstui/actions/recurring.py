"""Recurring work: add a template, and the one rule that makes its instances.

The rule, the same whichever front end runs: **each active template has at most one open
instance, its next occurrence**. It is made by an action, never by looking:

- adding a template (:func:`add_recurring`) makes its first occurrence on or after the
  later of its start and today;
- finishing or cancelling an instance (the hook :func:`follow_up`, called by
  ``actions.tasks.mark_done`` and ``set_status``) makes the template's next occurrence
  after that instance's day, and not before today.

Later occurrences are not tasks: the week view projects them as planned occurrences
(``domain.recurrence.planned_occurrences``, read only). So listing tasks, reports and
the backlog never change because the TUI showed a week, and a weekday rule puts one task
in the backlog, not five.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from opstui.actions.errors import ActionError, Outcome
from opstui.actions.unit import Work, work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.domain.models import Recurrence, Task
    from opstui.store.repository import Repository

LOOK_AHEAD_DAYS = 366
"""The next occurrence is looked for within this many days."""


def next_instance(w: Work, template: Recurrence, after: date) -> Task | None:
    """Make ``template``'s first occurrence on or after ``after`` an open task, unless the
    template is inactive or already has an open instance; occurrences made before (done,
    archived or imported) are skipped. Returns the task made, if any."""
    from opstui.domain.models import SourceKind, Task
    from opstui.domain.recurrence import RecurrenceError, instance, instance_id, occurrences

    if not template.active:
        return None
    made = {t.source.on: t for t in w.repo.tasks()
            if t.source.kind is SourceKind.RECURRENCE and t.source.ref == template.id}
    if any(t.is_open for t in made.values()):
        return None
    start = max(after, template.dtstart)
    try:
        days = occurrences(template, start, start + timedelta(days=LOOK_AHEAD_DAYS))
    except RecurrenceError:
        return None
    for day in days:
        if day in made or w.repo.get(Task, instance_id(template.id, day)) is not None:
            continue
        return w.add(instance(template, day, w.now))
    return None


def follow_up(w: Work, tasks: Iterable[Task]) -> list[Task]:
    """The hook after tasks were finished or cancelled: each recurring instance among them
    is followed by its template's next occurrence. Returns the instances made."""
    from opstui.domain.models import Recurrence, SourceKind

    made = []
    for task in tasks:
        if task.is_open or task.source.kind is not SourceKind.RECURRENCE or not task.source.ref:
            continue
        template = w.repo.get(Recurrence, task.source.ref)
        if template is None:
            continue
        after = max((task.source.on or w.clock.today) + timedelta(days=1), w.clock.today)
        if (found := next_instance(w, template, after)) is not None:
            made.append(found)
    return made


def add_recurring(repo: Repository, clock: Clock, title: str, rrule: str, *,
                  start: date | None = None, priority: str = "P2", owner: str | None = None,
                  estimate_minutes: int | None = None, tags: Iterable[str] = (),
                  source: str = "cli") -> Outcome:
    """Add recurring work (``o``, ``opstui recur add``) and make its next occurrence a task.

    Args:
        rrule: An RFC 5545 rule without DTSTART, e.g. ``FREQ=WEEKLY;BYDAY=FR``.
        start: The first day it may recur (default today).

    Raises:
        ActionError: No title, or a rule that does not parse or recurs within a day.
    """
    from opstui.domain.models import Recurrence
    from opstui.domain.recurrence import check_rrule

    if not title.strip():
        raise ActionError("recurring work needs a title", "title")
    first = start or clock.today
    rule = rrule.strip().removeprefix("RRULE:")
    with work(repo, clock, "recur", source=source) as w:
        check_rrule(rule, first)
        template = w.add(Recurrence.model_validate({
            "title": title.strip(), "rrule": rule, "dtstart": first, "priority": priority,
            "owner": (owner or "").strip().removeprefix("@") or None,
            "estimate_minutes": estimate_minutes, "tags": list(tags)}))
        task = next_instance(w, template, max(first, clock.today))
        then = (f"; next {task.due:%a %Y-%m-%d} is in the backlog ({task.short_id})"
                if task is not None and task.due else "; no occurrence within a year")
        w.say(f"{template.short_id}  recurring: {template.title} ({template.rrule}){then}",
              template, *([task] if task else []))
    return w.outcome

