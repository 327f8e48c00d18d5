"""During actions: meetings with their action items, review checks, incidents.

Metrics and readings are in ``actions.metrics``; task status and notes in ``actions.tasks``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from opstui.actions.errors import ActionError, Outcome
from opstui.actions.unit import work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.domain.minutes import ActionItem
    from opstui.domain.models import Incident, Meeting, ReviewCheck
    from opstui.store.repository import Repository


def save_meeting(repo: Repository, clock: Clock, meeting: Meeting,
                 items: Sequence[ActionItem] = (), *, original: Meeting | None = None,
                 source: str = "cli") -> Outcome:
    """Add a meeting (or save the fields a form changed), and a task per new action item.

    Args:
        meeting: The meeting as entered.
        items: New action items; each becomes a task whose source is the meeting.
        original: The meeting as the form opened it (None for a new meeting).
    """
    from opstui.domain.minutes import action_item_tasks

    with work(repo, clock, "meeting", source=source) as w:
        saved = w.add(meeting) if original is None else w.update_from(original, meeting)
        tasks = [w.add(task) for task in action_item_tasks(saved, items, clock.now)]
        count = len(tasks)
        w.say(f"Meeting saved with {count} new action item{'' if count == 1 else 's'}: "
              f"{saved.title}", saved, *tasks)
    return w.outcome


def save_review(repo: Repository, clock: Clock, review: ReviewCheck, *,
                original: ReviewCheck | None = None, source: str = "cli") -> Outcome:
    """Add or update a review check (rejected needs a reason; approved, every item passed).

    Raises:
        ActionError: The outcome cannot stand (the reason says which item or field).
    """
    from opstui.domain.tracking import review_problem

    problem = review_problem(review)
    if problem:
        raise ActionError(problem, "outcome")
    with work(repo, clock, "review", source=source) as w:
        saved = w.add(review) if original is None else w.update_from(original, review)
        w.say(f"Review {saved.outcome.value}: {saved.deliverable}", saved)
    return w.outcome


def open_incident(repo: Repository, clock: Clock, incident: Incident, *,
                  task: str | None = None, metric: str | None = None,
                  source: str = "cli") -> Outcome:
    """Log an incident, optionally linked to a task (id prefix) and a metric (key or id)."""
    from opstui.actions.metrics import metric_named
    from opstui.domain.models import Task

    with work(repo, clock, "incident", source=source) as w:
        changes: dict[str, object] = {}
        if task is not None:
            changes["task_id"] = w.resolve(Task, task).id
        if metric is not None:
            changes["metric_id"] = metric_named(repo, metric).id
        if incident.opened_at is None:  # pragma: no cover - the model requires it
            changes["opened_at"] = clock.now
        saved = w.add(incident.evolve(**changes) if changes else incident)
        flag = " · needs escalation" if saved.needs_escalation else ""
        w.say(f"Incident {saved.short_id} logged ({saved.severity.value}){flag}: "
              f"{saved.title}", saved)
    return w.outcome


def escalate_incident(repo: Repository, clock: Clock, prefix: str, to: str, note: str = "",
                      inform: Iterable[str] = (), *, source: str = "cli") -> Outcome:
    """Escalate an incident to someone; departments in ``inform`` are noted as told."""
    from opstui.domain.models import Incident
    from opstui.domain.tracking import escalate

    with work(repo, clock, "escalate", source=source) as w:
        found = w.resolve(Incident, prefix)
        saved = w.put(escalate(w.get(Incident, found.id), to, clock.now, note, inform))
        last = saved.escalations[-1]
        w.say(f"{saved.short_id}  escalated to {last.to} at {last.at:%Y-%m-%d %H:%M}  "
              f"{saved.title}", saved)
    return w.outcome


def resolve_incident(repo: Repository, clock: Clock, prefix: str, cause: str,
                     resolution: str, *, force: bool = False, source: str = "cli") -> Outcome:
    """Resolve an incident with its cause and what was done.

    An S1/S2 incident that was never escalated is refused unless ``force`` (the reports then
    list it as resolved without escalation).

    Raises:
        ActionError: Already resolved, cause or resolution missing, or severe and never
            escalated (without ``force``).
    """
    from opstui.domain.models import Incident
    from opstui.domain.tracking import resolve

    with work(repo, clock, "resolve", source=source) as w:
        found = w.resolve(Incident, prefix)
        current = w.get(Incident, found.id)
        if current.needs_escalation and not force:
            raise ActionError(
                f"{current.severity.value} incident {current.short_id} was never escalated: "
                "escalate it first, or resolve with --force (confirm in the TUI) to record "
                "that it was not", "escalation")
        saved = w.put(resolve(current, cause, resolution, clock.now))
        unescalated = " without escalation" if current.needs_escalation else ""
        w.say(f"{saved.short_id}  resolved{unescalated}  {saved.title}", saved)
    return w.outcome
