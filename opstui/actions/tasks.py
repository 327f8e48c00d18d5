"""Task actions: add, edit, mark done, reopen, change status, reassign, add a note.

Each is the one definition both front ends call ("mark done" for ``opstui done`` and for
``space`` in During is :func:`mark_done`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from opstui.actions.errors import Outcome, choice
from opstui.actions.unit import Work, update_fields, work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.domain.models import Task
    from opstui.store.repository import Repository


def _plan_onto(w: Work, day: date, task_ids: Sequence[str]) -> None:
    """Append tasks to ``day``'s plan, making the plan (with the day's capacity) if needed."""
    from opstui.actions.planning import put_on_plan

    put_on_plan(w, day, task_ids)


def _next_occurrences(w: Work, finished: Sequence[Task]) -> list[str]:
    """The recurrence hook: a finished or cancelled recurring instance is followed by its
    template's next occurrence (``actions.recurring``); one line per instance made."""
    from opstui.actions.recurring import follow_up

    return [f"{t.short_id}  next: {t.title} on {t.due:%a %m-%d}" if t.due else t.short_id
            for t in follow_up(w, finished)]


def add_task(repo: Repository, clock: Clock, fields: dict[str, Any], *,
             plan_day: date | None = None, goal: str | None = None,
             source: str = "cli") -> Outcome:
    """Create a task from ``fields`` (Task's fields), optionally on a goal and a day's plan.

    Args:
        fields: The task's fields (``title`` at least).
        plan_day: Put the new task on this day's plan.
        goal: A goal id or prefix the task works towards.

    Raises:
        ActionError: A field is invalid, or the goal is not found.
    """
    from opstui.domain.models import Goal, Task

    with work(repo, clock, "add", source=source) as w:
        data = dict(fields)
        if goal is not None:
            data["goal_id"] = w.resolve(Goal, goal).id
        task = w.add(Task(**data))
        if plan_day is not None:
            _plan_onto(w, plan_day, [task.id])
        w.say(f"Added {task.short_id}: {task.title}", task, plan_day=plan_day)
    return w.outcome


def edit_task(repo: Repository, clock: Clock, original: Task, edited: Task, *,
              plan_day: date | None = None, source: str = "tui") -> Outcome:
    """Save the fields a form changed on ``original`` onto the task as it is on disk now
    (and put it on ``plan_day``'s plan, when a ``plan:`` token was typed).

    Raises:
        ActionError: The edit is invalid, or the task was deleted meanwhile.
    """
    with work(repo, clock, "edit", source=source) as w:
        task = w.update_from(original, edited)
        if plan_day is not None:
            _plan_onto(w, plan_day, [task.id])
        note = ""
        if w.conflicts:
            note = f" (also changed elsewhere: {', '.join(w.conflicts)}; yours kept)"
        w.say(f"Saved {task.short_id}: {task.title}{note}", task)
    return w.outcome


def update_task(repo: Repository, clock: Clock, prefix: str, changes: dict[str, Any], *,
                source: str = "cli") -> Outcome:
    """Change the named fields of one task (``opstui edit``).

    Raises:
        ActionError: The id matches nothing or several tasks, or a value is invalid.
    """
    from opstui.domain.models import Task

    return update_fields(repo, clock, Task, prefix, changes, action="edit", source=source)


def mark_done(repo: Repository, clock: Clock, prefixes: Iterable[str], *,
              source: str = "cli") -> Outcome:
    """Mark tasks done; every id is resolved before anything changes.

    Raises:
        ActionError: An id matches nothing or several tasks (nothing is changed).
    """
    from opstui.domain.models import Task, TaskStatus
    from opstui.domain.tracking import change_status

    with work(repo, clock, "done", source=source) as w:
        found: dict[str, Task] = {}
        for prefix in prefixes:
            task = w.resolve(Task, prefix)
            found.setdefault(task.id, task)
        lines, changed = [], []
        for task_id in found:
            task = w.get(Task, task_id)
            if task.status is TaskStatus.DONE:
                lines.append(f"{task.short_id}  already done  {task.title}")
                continue
            task = w.put(change_status(task, TaskStatus.DONE, "", clock.now))
            changed.append(task)
            lines.append(f"{task.short_id}  done  {task.title}")
        lines += _next_occurrences(w, changed)
        w.say("\n".join(lines), *changed)
    return w.outcome


def reopen_task(repo: Repository, clock: Clock, prefix: str, *,
                source: str = "cli") -> Outcome:
    """Reopen a done or cancelled task with the status and percent it had before.

    Raises:
        ActionError: Not found, or the task is still open.
    """
    from opstui.domain.models import Task
    from opstui.domain.tracking import reopen

    with work(repo, clock, "reopen", source=source) as w:
        task = w.resolve(Task, prefix)
        task = w.put(reopen(w.get(Task, task.id), clock.now))
        w.say(f"{task.short_id}  reopened ({task.status.value} {task.percent}%)  "
              f"{task.title}", task)
    return w.outcome


def toggle_done(repo: Repository, clock: Clock, task_id: str, *,
                source: str = "tui") -> Outcome:
    """Mark an open task done, or reopen a finished one (one key in the TUI)."""
    from opstui.domain.models import Task

    current = repo.get(Task, task_id)
    if current is not None and not current.is_open:
        return reopen_task(repo, clock, task_id, source=source)
    return mark_done(repo, clock, [task_id], source=source)


def set_status(repo: Repository, clock: Clock, prefix: str, status: str, reason: str = "",
               *, source: str = "cli") -> Outcome:
    """Change a task's status (waiting and blocked need a reason).

    Raises:
        ActionError: Not found, an unknown status, or no reason where one is needed.
    """
    from opstui.domain.models import Task, TaskStatus
    from opstui.domain.tracking import change_status

    wanted = choice(TaskStatus, status, "status", "status")
    with work(repo, clock, "status", source=source) as w:
        task = w.resolve(Task, prefix)
        task = w.put(change_status(w.get(Task, task.id), wanted, reason, clock.now))
        why = f" ({task.status_reason})" if task.status_reason else ""
        w.say("\n".join([f"{task.short_id} is {task.status.value}{why}",
                         *_next_occurrences(w, [task])]), task)
    return w.outcome


def reassign(repo: Repository, clock: Clock, prefix: str, owner: str | None, *,
             source: str = "cli") -> Outcome:
    """Give a task to someone else (None or empty: unassigned)."""
    from opstui.domain.models import Task

    with work(repo, clock, "reassign", source=source) as w:
        task = w.resolve(Task, prefix)
        task = w.update(Task, task.id, owner=(owner or "").strip() or None)
        w.say(f"{task.short_id} is now {task.owner or 'unassigned'}'s: {task.title}", task)
    return w.outcome


def add_note(repo: Repository, clock: Clock, prefix: str, text: str,
             percent: int | None = None, *, source: str = "cli") -> Outcome:
    """Add a progress note; a percent also updates the task (and moves todo to doing).

    Raises:
        ActionError: Not found, empty text, or a percent outside 0-100.
    """
    from opstui.domain.models import Task
    from opstui.domain.tracking import add_note as note_rule

    with work(repo, clock, "note", source=source) as w:
        found = w.resolve(Task, prefix)
        note, updated = note_rule(w.get(Task, found.id), text, percent, clock.now)
        w.add(note)
        task = w.put(updated)
        shown = f"  {percent}%" if percent is not None else ""
        w.say(f"{task.short_id}  noted{shown}  {task.title}", task, note)
    return w.outcome
