"""Rollover (顺延): unfinished planned work rolled onto a later day's plan, or unplanned.

One rule, used by the Before pane's rollover, ``opstui plan rollover`` and the After
pane's shutdown:

- a task rolled (or unplanned) from day D gets **exactly one** ``Slip`` for D. Doing it
  again for D replaces that slip (a blank reason keeps the earlier one); it never counts
  twice: ``rollover_count`` is one per day rolled from, and goes back down when a roll
  from D is changed to ``unplanned``;
- a rolled task is added to the target day's plan once; an unplanned one is taken out of
  it (back to the backlog). Rolling D again onto another day, or unplanning it, also takes
  the task off the day D was rolled onto before (the slip remembers it), unless that day
  has a slip of its own (then its plan is history too);
- a task taken off D's plan by hand (``x``, ``opstui plan remove``) gets an ``unplanned``
  slip for D, and planning it on D again drops that slip; ``leftovers`` never offers a task
  unplanned on or after the last earlier day it was planned for;
- the task **stays listed in D's plan**: D's plan is the history of what was planned that
  day, and the slip says what became of it. Shutting D down again lists it with the
  choice already made, and the weekly report lists the slip. ``leftovers`` does not offer
  it again while a later plan holds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from opstui.domain.models import DayPlan, Slip, Task
from opstui.domain.views import backlog_key

ROLLED = "rolled"
"""Rolled onto a later day's plan."""
UNPLANNED = "unplanned"
"""Taken out of the plans, back to the backlog."""


@dataclass(frozen=True)
class Leftover:
    """A task planned on an earlier day and not finished: a candidate for rolling over."""

    task: Task
    planned_on: date
    """The latest earlier day it was planned for."""


def leftovers(plans: Iterable[DayPlan], tasks: Mapping[str, Task], today: date
              ) -> list[Leftover]:
    """Open tasks planned before ``today`` and not planned on ``today`` or later, minus
    those deliberately unplanned: a task with an ``unplanned`` slip on or after the latest
    earlier day it was planned for (set in the shutdown, or by taking it off a plan) went
    back to the backlog on purpose and is not offered again.

    Returns:
        One entry per task (with its latest earlier plan day), most urgent first.
    """
    last_before: dict[str, date] = {}
    later: set[str] = set()
    for plan in plans:
        for task_id in plan.task_ids:
            if plan.day >= today:
                later.add(task_id)
            elif plan.day > last_before.get(task_id, date.min):
                last_before[task_id] = plan.day
    found = []
    for task_id, day in last_before.items():
        task = tasks.get(task_id)
        if task is None or not task.is_open or task_id in later:
            continue
        if any(s.action == UNPLANNED and s.day >= day for s in task.slips):
            continue
        found.append(Leftover(task, day))
    found.sort(key=lambda lo: (*backlog_key(lo.task)[:3], lo.planned_on, lo.task.created_at))
    return found


@dataclass(frozen=True)
class Carry:
    """What to do with one unfinished task planned on ``day``."""

    task_id: str
    day: date
    """The planned day it was not finished on (the day of its slip)."""
    action: str = ROLLED
    """``rolled`` (onto the target plan) or ``unplanned`` (back to the backlog)."""
    reason: str = ""


@dataclass(frozen=True)
class Rollover:
    """The outcome of ``roll_over``: what to save."""

    tasks: list[Task]
    """The changed tasks, in the order of the carries."""
    plan: DayPlan | None
    """The target plan when it changed (or is new), else None."""
    earlier_targets: list[DayPlan] = field(default_factory=list)
    """Plans of days the tasks were rolled onto before, that no longer hold them."""

    @property
    def to_save(self) -> list[Task | DayPlan]:
        """Every changed record: the tasks, then the plans that changed."""
        plans = [*([self.plan] if self.plan is not None else []), *self.earlier_targets]
        return [*self.tasks, *plans]


def slipped(task: Task, day: date, action: str = ROLLED, reason: str = "",
            to: date | None = None) -> Task:
    """``task`` with exactly one slip for ``day`` saying ``action`` and ``reason`` (and, for
    a roll, the day ``to`` it was rolled onto).

    An earlier slip for ``day`` is replaced (its reason kept when ``reason`` is blank);
    ``rollover_count`` grows only when ``day`` was not already rolled from, and shrinks
    when a roll from ``day`` becomes ``unplanned``.

    Raises:
        ValueError: An action other than ``rolled`` or ``unplanned``.
    """
    if action not in (ROLLED, UNPLANNED):
        raise ValueError(f"unknown action {action!r} (rolled or unplanned)")
    earlier = next((s for s in task.slips if s.day == day), None)
    was_rolled = earlier is not None and earlier.action == ROLLED
    why = reason.strip() or (earlier.reason if earlier is not None else "")
    count = task.rollover_count
    if action == ROLLED and not was_rolled:
        count += 1
    elif action == UNPLANNED and was_rolled:
        count = max(0, count - 1)
    slips = [s for s in task.slips if s.day != day]
    slips.append(Slip(day=day, action=action, reason=why, to=to if action == ROLLED else None))
    slips.sort(key=lambda s: s.day)
    return task.evolve(slips=slips, rollover_count=count)


def unplanned(task: Task, day: date) -> Task:
    """``task`` taken off ``day``'s plan by hand: an ``unplanned`` slip for ``day`` (blank
    reason), so ``leftovers`` does not offer it again. A task already rolled from ``day``
    keeps that slip (its later plan holds it; the roll is what became of ``day``)."""
    if any(s.day == day and s.action == ROLLED for s in task.slips):
        return task
    return slipped(task, day, UNPLANNED)


def replanned(task: Task, day: date) -> Task:
    """``task`` put (back) on ``day``'s plan: an ``unplanned`` slip for ``day`` is dropped,
    since planning it again undoes the unplanning; otherwise ``task`` itself."""
    slips = [s for s in task.slips if not (s.day == day and s.action == UNPLANNED)]
    return task if len(slips) == len(task.slips) else task.evolve(slips=slips)


def roll_over(carries: Iterable[Carry], tasks: Mapping[str, Task], target: DayPlan,
              plans: Mapping[date, DayPlan] | None = None) -> Rollover:
    """Roll or unplan unfinished tasks onto/out of ``target`` (see the module rule).

    Args:
        carries: One choice per task; tasks missing from ``tasks`` or no longer open
            (finished meanwhile) are skipped.
        tasks: The current tasks by id.
        target: The plan of the day rolled onto (a new, unsaved plan when it has none).
        plans: The stored plans by day, to take a task off the day an earlier roll of the
            same day put it on (without them that plan is left as it is).

    Returns:
        The changed tasks, ``target`` with them added or removed when that changed it, and
        the earlier targets that let go of them.

    Raises:
        ValueError: An unknown action, or a roll onto a day not after the slip's day.
    """
    changed: list[Task] = []
    ids = list(target.task_ids)
    dropped: dict[date, list[str]] = {}
    for carry in carries:
        task = tasks.get(carry.task_id)
        if task is None or not task.is_open:
            continue
        if carry.action == ROLLED and carry.day >= target.day:
            raise ValueError(f"cannot roll from {carry.day} onto {target.day}: "
                             "roll onto a later day")
        before = _earlier_target(task, carry.day)
        if before is not None and (carry.action == UNPLANNED or before != target.day):
            dropped.setdefault(before, []).append(task.id)
        to = target.day if carry.action == ROLLED else None
        changed.append(slipped(task, carry.day, carry.action, carry.reason, to))
        if carry.action == ROLLED and task.id not in ids:
            ids.append(task.id)
        elif carry.action == UNPLANNED and task.id in ids:
            ids.remove(task.id)
    earlier = [plan.evolve(task_ids=[i for i in plan.task_ids if i not in gone])
               for day, gone in dropped.items()
               if (plan := (plans or {}).get(day)) is not None and day != target.day
               and any(i in plan.task_ids for i in gone)]
    if ids == list(target.task_ids):
        return Rollover(changed, None, earlier)
    return Rollover(changed, target.evolve(task_ids=ids), earlier)


def _earlier_target(task: Task, day: date) -> date | None:
    """The day an earlier roll of ``day`` put ``task`` on, while that day's plan is not
    history of its own (the task has no slip for it)."""
    earlier = next((s for s in task.slips if s.day == day and s.action == ROLLED), None)
    if earlier is None or earlier.to is None:
        return None
    if any(s.day == earlier.to for s in task.slips):
        return None
    return earlier.to
