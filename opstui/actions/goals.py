"""Goal actions: add a goal, edit or close it, break it down into tasks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from opstui.actions.errors import ActionError, Outcome
from opstui.actions.unit import Work, update_fields, work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.domain.models import Metric
    from opstui.domain.quickadd import QuickAdd
    from opstui.store.repository import Repository


def _metric(w: Work, wanted: str | None) -> Metric | None:
    """The metric named by key, id or id prefix (None when ``wanted`` is empty)."""
    from opstui.domain.models import Metric

    if not wanted or not wanted.strip():
        return None
    metrics = w.repo.all(Metric)
    key = wanted.strip()
    found = next((m for m in metrics if m.key == key or m.id == key), None)
    if found is None:
        known = ", ".join(sorted(m.key for m in metrics)) or "none yet"
        raise ActionError(f"no metric with key {key!r} (known: {known})", "metric")
    return found


def add_goal(repo: Repository, clock: Clock, title: str, period: str, *,
             owner: str | None = None, metric: str | None = None, target: float | None = None,
             baseline: float | None = None, direction: str | None = None,
             source: str = "cli") -> Outcome:
    """Add a goal for a period (``g``, ``opstui goal add``), optionally on a metric.

    Args:
        metric: The metric's key or id.

    Raises:
        ActionError: No title, a period that does not parse, an unknown metric, a target
            or baseline without a metric, or a metric without a target.
    """
    from opstui.domain.dates import parse_period
    from opstui.domain.models import Goal
    from opstui.domain.planning import goal_fields

    if not title.strip():
        raise ActionError("a goal needs a title", "title")
    with work(repo, clock, "goal", source=source) as w:
        fields = goal_fields(title.strip(), period, owner=owner, metric=_metric(w, metric),
                             target=target, baseline=baseline, direction=direction)
        goal = w.add(Goal.model_validate(fields))
        span = parse_period(goal.period)
        w.say(f"{goal.short_id}  {goal.title}  {goal.period} ({span.start:%m-%d} to "
              f"{span.end:%m-%d})", goal)
    return w.outcome


def edit_goal(repo: Repository, clock: Clock, prefix: str, changes: dict[str, Any], *,
              source: str = "cli") -> Outcome:
    """Change the named fields of one goal.

    Raises:
        ActionError: The id matches nothing or several goals, or a value is invalid.
    """
    from opstui.domain.models import Goal

    return update_fields(repo, clock, Goal, prefix, changes, action="goal edit",
                         label="goal ", source=source)


def close_goal(repo: Repository, clock: Clock, prefix: str, *, reopen: bool = False,
               source: str = "cli") -> Outcome:
    """Close a goal (it leaves the current goals) or, with ``reopen``, open it again."""
    from opstui.domain.models import Goal

    with work(repo, clock, "goal close", source=source) as w:
        goal = w.resolve(Goal, prefix)
        goal = w.update(Goal, goal.id, closed=not reopen)
        w.say(f"{goal.short_id}  {'reopened' if reopen else 'closed'}  {goal.title}", goal)
    return w.outcome


def break_down(repo: Repository, clock: Clock, prefix: str, lines: Sequence[str | QuickAdd], *,
               source: str = "cli") -> Outcome:
    """Break a goal into tasks, one quick-add line each (``b``, ``opstui goal break``);
    lines with ``plan:DATE`` also go on that day's plan. All lines are valid or nothing is
    saved.

    Raises:
        ActionError: The goal is not found, no line, or a line is bad (its number said).
    """
    from opstui.actions.planning import put_on_plan
    from opstui.domain.models import Goal, Task
    from opstui.domain.quickadd import QuickAdd, parse_lines

    parsed: list[QuickAdd] = []
    for number, line in enumerate(lines, start=1):
        if isinstance(line, QuickAdd):
            parsed.append(line)
            continue
        found, errors = parse_lines(line, clock.today)
        if errors:
            raise ActionError(f"task {number}: {errors[0]}")
        parsed.extend(found)
    if not parsed:
        raise ActionError("give at least one task line")
    with work(repo, clock, "break down", source=source) as w:
        goal = w.resolve(Goal, prefix)
        created = []
        for item in parsed:
            task = w.add(Task(goal_id=goal.id, **item.task_fields()))
            created.append(task)
            if item.plan_day is not None:
                put_on_plan(w, item.plan_day, [task.id])
        noun = "task" if len(created) == 1 else "tasks"
        w.say("\n".join([f"{len(created)} {noun} added to {goal.title}",
                         *(f"{t.short_id}  {t.title}" for t in created)]), *created)
    return w.outcome
