"""Planning actions: put tasks on a day's plan, take them off, reorder, roll over, capacity.

:func:`plan_of` is the one place a day's plan is made (with the day's capacity from the
settings): adding a task with ``plan:``, planning, setting the capacity, rolling over and
the shutdown all go through it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from opstui.actions.errors import ActionError, Outcome
from opstui.actions.unit import Work, work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.domain.models import DayPlan, Task
    from opstui.domain.rollover import Carry, Rollover
    from opstui.store.repository import Repository


def day_label(day: date) -> str:
    """``Mon 2026-11-23``: how actions name a day."""
    return f"{day:%a %Y-%m-%d}"


def plan_of(repo: Repository, day: date) -> DayPlan:
    """``day``'s plan as it is on disk now, or a new one with the day's capacity (unsaved):
    the one place a plan is made (read it inside a unit of work to change it)."""
    from opstui.domain.planning import new_plan

    return repo.plan_for(day) or new_plan(day, repo.settings())


def put_on_plan(w: Work, day: date, task_ids: Sequence[str]) -> DayPlan:
    """Append tasks to ``day``'s plan (creating it if needed); returns the stored plan.

    Planning a task on a day again drops the ``unplanned`` slip it had for that day.
    """
    from opstui.domain.models import Task
    from opstui.domain.planning import plan_with
    from opstui.domain.rollover import replanned

    plan = w.put(plan_with(plan_of(w.repo, day), task_ids))
    for task_id in task_ids:
        task = w.repo.get(Task, task_id)
        if task is not None and (again := replanned(task, day)) is not task:
            w.put(again)
    return plan


def _resolve_all(w: Work, prefixes: Iterable[str]) -> list[Task]:
    """Every task named, each once, resolved before anything changes."""
    from opstui.domain.models import Task

    found: dict[str, Task] = {}
    for prefix in prefixes:
        task = w.resolve(Task, prefix)
        found.setdefault(task.id, task)
    if not found:
        raise ActionError("name at least one task")
    return list(found.values())


def plan_task(repo: Repository, clock: Clock, day: date, prefixes: Iterable[str], *,
              source: str = "cli") -> Outcome:
    """Put open tasks on ``day``'s plan, in the order given (``p``, ``opstui plan add``).

    Raises:
        ActionError: An id matches nothing or several tasks, or a task is finished
            (nothing is changed).
    """
    with work(repo, clock, "plan", source=source) as w:
        tasks = _resolve_all(w, prefixes)
        closed = [t for t in tasks if not t.is_open]
        if closed:
            raise ActionError(f"{closed[0].short_id} is {closed[0].status.value}; "
                              "only open tasks can be planned")
        before = set(plan_of(w.repo, day).task_ids)
        plan = put_on_plan(w, day, [t.id for t in tasks])
        lines = [f"{t.short_id}  {'already planned' if t.id in before else 'planned'} "
                 f"{day_label(day)}  {t.title}" for t in tasks]
        w.say("\n".join(lines), plan, *tasks)
    return w.outcome


def unplan_task(repo: Repository, clock: Clock, day: date, prefixes: Iterable[str], *,
                source: str = "cli") -> Outcome:
    """Take tasks off ``day``'s plan, back to the backlog (``x``, ``opstui plan remove``).

    Each open task gets an ``unplanned`` slip for ``day``, so rollover does not offer it.

    Raises:
        ActionError: An id matches nothing or several tasks, or a task is not on that plan.
    """
    from opstui.domain.models import Task
    from opstui.domain.planning import plan_without
    from opstui.domain.rollover import unplanned

    with work(repo, clock, "unplan", source=source) as w:
        tasks = _resolve_all(w, prefixes)
        plan = repo.plan_for(day)
        missing = [t for t in tasks if plan is None or t.id not in plan.task_ids]
        if missing or plan is None:
            raise ActionError(f"{missing[0].short_id} is not planned for {day.isoformat()}")
        plan = w.put(plan_without(plan, [t.id for t in tasks]))
        for task in tasks:
            fresh = w.get(Task, task.id)
            if fresh.is_open and (slip := unplanned(fresh, day)) is not fresh:
                w.put(slip)
        w.say("\n".join(f"{t.short_id}  removed from {day_label(day)}  {t.title}"
                        for t in tasks), plan, *tasks)
    return w.outcome


def move_in_plan(repo: Repository, clock: Clock, day: date, prefix: str, offset: int, *,
                 source: str = "cli") -> Outcome:
    """Move a planned task ``offset`` places (negative: earlier) in ``day``'s plan.

    Raises:
        ActionError: Not found, or not on that plan.
    """
    from opstui.domain.models import Task
    from opstui.domain.planning import plan_moved

    with work(repo, clock, "move", source=source) as w:
        task = w.resolve(Task, prefix)
        plan = repo.plan_for(day)
        if plan is None or task.id not in plan.task_ids:
            raise ActionError(f"{task.short_id} is not planned for {day.isoformat()}")
        plan = w.put(plan_moved(plan, task.id, offset))
        place = plan.task_ids.index(task.id) + 1
        w.say(f"{task.short_id}  now {place} of {len(plan.task_ids)} on {day_label(day)}  "
              f"{task.title}", plan, task)
    return w.outcome


def move_to_day(repo: Repository, clock: Clock, from_day: date, prefix: str, to_day: date, *,
                source: str = "cli") -> Outcome:
    """Move a planned task from ``from_day``'s plan to the end of ``to_day``'s (the week view's
    ``<``/``>``, ``opstui plan move-day``). A deliberate move: no slip is recorded.

    Raises:
        ActionError: Not found, not on ``from_day``'s plan, finished, or the same day.
    """
    from opstui.domain.models import Task
    from opstui.domain.planning import plan_without

    with work(repo, clock, "move-day", source=source) as w:
        task = w.resolve(Task, prefix)
        if to_day == from_day:
            raise ActionError(f"{task.short_id} is already planned for {day_label(to_day)}",
                              "date")
        plan = repo.plan_for(from_day)
        if plan is None or task.id not in plan.task_ids:
            raise ActionError(f"{task.short_id} is not planned for {day_label(from_day)}")
        if not task.is_open:
            raise ActionError(f"{task.short_id} is {task.status.value}; "
                              "only open tasks can be moved")
        old = w.put(plan_without(plan, [task.id]))
        new = put_on_plan(w, to_day, [task.id])
        w.say(f"{task.short_id}  moved from {day_label(from_day)} to {day_label(to_day)}  "
              f"{task.title}", old, new, task)
    return w.outcome


def set_capacity(repo: Repository, clock: Clock, day: date, capacity_hours: float | None = None,
                 buffer_pct: int | None = None, *, source: str = "cli") -> Outcome:
    """Set ``day``'s capacity (working hours) and buffer (percent kept free).

    Raises:
        ActionError: Neither given, capacity not in (0, 24], or buffer not in 0-90.
    """
    if capacity_hours is None and buffer_pct is None:
        raise ActionError("give a capacity (hours) and/or a buffer (percent)")
    if capacity_hours is not None and not 0 < capacity_hours <= 24:
        raise ActionError(f"capacity: must be more than 0 and at most 24 hours, not "
                          f"{capacity_hours:g}", "capacity")
    if buffer_pct is not None and not 0 <= buffer_pct <= 90:
        raise ActionError(f"buffer: must be 0 to 90 percent, not {buffer_pct}", "buffer")
    changes: dict[str, float | int] = {}
    if capacity_hours is not None:
        changes["capacity_hours"] = capacity_hours
    if buffer_pct is not None:
        changes["buffer_pct"] = buffer_pct
    with work(repo, clock, "capacity", source=source) as w:
        plan = w.put(plan_of(w.repo, day).evolve(**changes))
        w.say(f"{day_label(day)}  capacity {plan.capacity_hours:g}h, buffer "
              f"{plan.buffer_pct}%", plan)
    return w.outcome


def carry(w: Work, carries: Sequence[Carry], day: date) -> Rollover:
    """Roll (or unplan) unfinished tasks onto ``day``'s plan by the rollover rule, inside
    ``w``; shared by :func:`roll_over` and the shutdown.

    Raises:
        ActionError: A roll onto a day not after the day it slipped from.
    """
    from opstui.domain.models import DayPlan, Task
    from opstui.domain.rollover import roll_over as rollover_rule

    tasks = {c.task_id: t for c in carries if (t := w.repo.get(Task, c.task_id)) is not None}
    plans = {p.day: p for p in w.repo.all(DayPlan)}
    try:
        done = rollover_rule(carries, tasks, plan_of(w.repo, day), plans)
    except ValueError as exc:
        raise ActionError(str(exc)) from None
    for record in done.to_save:
        w.put(record)
    return done


def roll_over(repo: Repository, clock: Clock, day: date, task_ids: Iterable[str] | None = None,
              reason: str = "", *, source: str = "cli") -> Outcome:
    """Roll unfinished tasks of earlier plans onto ``day``'s plan (``r``,
    ``opstui plan rollover``).

    Args:
        day: The day rolled onto.
        task_ids: Which leftovers to roll (full ids); None rolls every one.
        reason: Why they slipped (kept on each task's slip).

    Returns:
        The outcome; ``extra["rolled"]`` counts the tasks rolled (0: nothing to roll).
    """
    from opstui.domain.models import DayPlan
    from opstui.domain.rollover import Carry, leftovers

    with work(repo, clock, "rollover", source=source) as w:
        tasks = {t.id: t for t in repo.tasks()}
        found = leftovers(repo.all(DayPlan), tasks, day)
        if task_ids is not None:
            wanted = set(task_ids)
            found = [lo for lo in found if lo.task.id in wanted]
        if not found:
            w.say(f"nothing to roll over onto {day_label(day)}", rolled=0)
        else:
            done = carry(w, [Carry(lo.task.id, lo.planned_on, reason=reason) for lo in found],
                         day)
            lines = [f"{t.short_id}  rolled from {lo.planned_on:%m-%d} (×{t.rollover_count})  "
                     f"{t.title}" for lo, t in zip(found, done.tasks, strict=True)]
            noun = "task" if len(found) == 1 else "tasks"
            w.say("\n".join([*lines, f"Rolled {len(found)} {noun} onto {day_label(day)}"]),
                  *done.tasks, rolled=len(found))
    return w.outcome
