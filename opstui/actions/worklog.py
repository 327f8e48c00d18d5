"""After actions: write the day's work log, and shut the day down."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from opstui.actions.errors import ActionError, Outcome
from opstui.actions.unit import Work, work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.domain.models import LogEntry
    from opstui.domain.rollover import Carry
    from opstui.domain.worklog import LogDraft
    from opstui.store.repository import Repository


def _save_log(w: Work, day: date, draft: LogDraft) -> LogEntry:
    """The day's one work log, as it is on disk now, with ``draft``'s text."""
    from opstui.domain.models import LogEntry
    from opstui.domain.views import log_for
    from opstui.domain.worklog import save_log

    return w.put(save_log(log_for(w.repo.all(LogEntry), day), day, draft))


def write_log(repo: Repository, clock: Clock, day: date, *, summary: str | None = None,
              highlights: str | None = None, problems: str | None = None,
              solutions: str | None = None, tomorrow: Sequence[str] | None = None,
              source: str = "cli") -> Outcome:
    """Write the work log of ``day`` (``opstui log write``): the parts given replace those of
    the log as it is on disk now; the others are kept.

    Raises:
        ActionError: Nothing given, or more than three items for tomorrow.
    """
    from opstui.domain.models import LogEntry
    from opstui.domain.views import log_for
    from opstui.domain.worklog import LogDraft

    given = {"summary": summary, "highlights": highlights, "problems": problems,
             "solutions": solutions}
    if all(v is None for v in given.values()) and tomorrow is None:
        raise ActionError("give the log's text (a summary at least)")
    with work(repo, clock, "log", source=source) as w:
        current = log_for(repo.all(LogEntry), day)
        text = {name: getattr(current, name, "") if value is None else value
                for name, value in given.items()}
        kept = list(current.tomorrow) if current is not None else []
        draft = LogDraft(**text, tomorrow=list(tomorrow) if tomorrow is not None else kept)
        entry = _save_log(w, day, draft)
        w.say(f"Work log of {day:%a %Y-%m-%d} saved", entry)
    return w.outcome


def shut_down(repo: Repository, clock: Clock, day: date, draft: LogDraft,
              carries: Sequence[Carry], *, source: str = "cli") -> Outcome:
    """Shut ``day`` down (``w`` in After, ``opstui shutdown``): save its work log, and roll
    each unfinished planned task to the next day or unplan it, each with a reason (the
    rollover rule: one slip per task and day).

    Returns:
        The outcome; ``extra`` has ``rolled`` and ``unplanned`` counts.

    Raises:
        ActionError: A task without a reason, or an invalid log.
    """
    from opstui.actions.planning import carry
    from opstui.domain.models import Task

    with work(repo, clock, "shutdown", source=source) as w:
        # A blank reason keeps the one given at an earlier shutdown of the day, if any.
        blank = [c.task_id[:8] for c in carries if not c.reason.strip()
                 and not any(s.day == c.day and s.reason for s in
                             getattr(repo.get(Task, c.task_id), "slips", ()))]
        if blank:
            raise ActionError(f"every unfinished task needs a reason (not given for "
                              f"{', '.join(blank)})", "reason")
        entry = _save_log(w, day, draft)
        done = carry(w, carries, day + timedelta(days=1)) if carries else None
        changed = done.tasks if done else []
        rolled = sum(c.action == "rolled" for c in carries)
        w.say(f"Work log of {day:%a %Y-%m-%d} saved; {rolled} rolled to tomorrow, "
              f"{len(carries) - rolled} unplanned.", entry, *changed,
              rolled=rolled, unplanned=len(carries) - rolled)
    return w.outcome
