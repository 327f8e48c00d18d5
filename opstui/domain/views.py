"""What each pane shows for a day: pure selections over tasks, plans and logs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from opstui.domain.models import DayPlan, LogEntry, Task, TaskStatus
from opstui.domain.planning import PlanLoad, plan_load

__all__ = [
    "BacklogFilter", "DayCounts", "PlanLoad", "backlog", "backlog_key", "count_day", "day_tasks",
    "filter_tasks", "finished_on", "log_for", "plan_load", "planned_tasks",
]

_IN_FLIGHT = (TaskStatus.DOING, TaskStatus.WAITING, TaskStatus.BLOCKED)
"""A tuple, not a set: ``in`` finds an enum member by identity, where a set hashes it in
Python (``Enum.__hash__``), a cost paid for every task after every change in During."""


def backlog_key(task: Task) -> tuple[str, bool, date, datetime]:
    """Sort key: priority first (P0 first), then due date (no due date last), then age.

    Priorities compare as their labels (``"P0" < "P1"``), which is their order of urgency:
    a plain string comparison, where looking the enum up in a table hashed it in Python
    (a third of the time of sorting the open tasks after each change in During).
    """
    return (
        task.priority,
        task.due is None,
        task.due or date.max,
        task.created_at,
    )


def planned_tasks(plan: DayPlan | None, tasks: Mapping[str, Task]) -> list[Task]:
    """The tasks of ``plan`` in plan order; ids that no longer exist are skipped.

    Args:
        plan: The day's plan, or None when no plan was made.
        tasks: Every known task by id.

    Returns:
        The planned tasks, each once, in the order of the plan.
    """
    if plan is None:
        return []
    seen: set[str] = set()
    out: list[Task] = []
    for task_id in plan.task_ids:
        task = tasks.get(task_id)
        if task is not None and task_id not in seen:
            seen.add(task_id)
            out.append(task)
    return out


def backlog(tasks: Iterable[Task], *, exclude: Iterable[str] = ()) -> list[Task]:
    """Open tasks by priority, then due date (no due date last), then age.

    Args:
        tasks: The tasks to choose from.
        exclude: Ids to leave out (for instance the tasks already planned for the day).

    Returns:
        The open tasks not excluded, most urgent first.
    """
    skip = set(exclude)
    return sorted((t for t in tasks if t.is_open and t.id not in skip), key=backlog_key)


def day_tasks(tasks: Iterable[Task], day: date, plan: DayPlan | None = None) -> list[Task]:
    """The work of ``day``: what the During pane follows up.

    A task belongs to the day when it is planned for the day, due that day, currently in
    flight (doing, waiting or blocked), or open and overdue as of ``day``.

    Args:
        tasks: Every current task.
        day: The day being viewed.
        plan: The plan of ``day``, if one was made.

    Returns:
        The planned tasks in plan order, then the others by priority and due date.
    """
    by_id = {t.id: t for t in tasks}
    planned = planned_tasks(plan, by_id)
    planned_ids = {t.id for t in planned}
    others = [t for t in by_id.values() if t.id not in planned_ids and belongs_to_day(t, day)]
    return planned + sorted(others, key=backlog_key)


def belongs_to_day(task: Task, day: date) -> bool:
    """Whether ``task`` is the work of ``day`` unplanned: due that day, in flight (doing,
    waiting or blocked), or open and overdue as of ``day``."""
    return task.due == day or task.status in _IN_FLIGHT or task.is_overdue(day)


def finished_on(tasks: Iterable[Task], day: date) -> list[Task]:
    """Tasks finished (``done_at``) on ``day``, in the order they were finished.

    A task that was reopened since is not finished, even if ``done_at`` is still set.
    """
    done = [t for t in tasks if not t.is_open and t.done_at is not None
            and t.done_at.date() == day]
    return sorted(done, key=lambda t: t.done_at or datetime.min)


def log_for(logs: Iterable[LogEntry], day: date) -> LogEntry | None:
    """The work log of ``day``, if one was written (the newest if there are several)."""
    found = [entry for entry in logs if entry.day == day]
    return max(found, key=lambda e: e.updated_at) if found else None


@dataclass(frozen=True)
class DayCounts:
    """How the day's tasks stand, for a one-line summary."""

    total: int
    open: int
    done: int
    overdue: int
    blocked: int
    waiting: int


def count_day(tasks: Iterable[Task], day: date) -> DayCounts:
    """Count the day's tasks by state; overdue is judged as of ``day``."""
    return tally((task.status, task.is_overdue(day)) for task in tasks)


def tally(states: Iterable[tuple[TaskStatus, bool]]) -> DayCounts:
    """Count tasks given as (status, overdue) pairs, in one pass with plain counters: run
    on the day's tasks after every change in During."""
    total = is_open = done = overdue = blocked = waiting = 0
    done_, blocked_, waiting_ = TaskStatus.DONE, TaskStatus.BLOCKED, TaskStatus.WAITING
    for status, late in states:
        total += 1
        if status.is_open:
            is_open += 1
            overdue += late
            if status is blocked_:
                blocked += 1
            elif status is waiting_:
                waiting += 1
        elif status is done_:
            done += 1
    return DayCounts(total=total, open=is_open, done=done, overdue=overdue, blocked=blocked,
                     waiting=waiting)


# -- backlog filter ------------------------------------------------------------------------


@dataclass(frozen=True)
class BacklogFilter:
    """What the backlog is narrowed to: ``text @owner #tag goal:ID`` as typed."""

    words: tuple[str, ...] = ()
    owner: str | None = None
    tags: tuple[str, ...] = ()
    goal: str | None = None

    @classmethod
    def parse(cls, query: str) -> BacklogFilter:
        """Read a filter: ``@name`` owner, ``#tag`` tags, ``goal:id-prefix``, other words in
        the title (all case-insensitive, every part must match)."""
        words: list[str] = []
        tags: list[str] = []
        owner = goal = None
        for token in query.split():
            low = token.casefold()
            if low.startswith("@") and len(low) > 1:
                owner = low[1:]
            elif low.startswith("#") and len(low) > 1:
                tags.append(low[1:])
            elif low.startswith("goal:") and len(low) > 5:
                goal = low[5:]
            else:
                words.append(low)
        return cls(tuple(words), owner, tuple(tags), goal)

    @property
    def empty(self) -> bool:
        """True when nothing is filtered out."""
        return not (self.words or self.owner or self.tags or self.goal)

    def matches(self, task: Task) -> bool:
        """True if ``task`` passes every part of the filter."""
        if self.owner is not None and not (task.owner or "").casefold().startswith(self.owner):
            return False
        if self.goal is not None and not (task.goal_id or "").startswith(self.goal):
            return False
        if self.tags:
            have = {t.casefold() for t in task.tags}
            if not all(tag in have for tag in self.tags):
                return False
        if self.words:
            title = task.title.casefold()
            return all(word in title for word in self.words)
        return True


def filter_tasks(tasks: Sequence[Task], query: str) -> Sequence[Task]:
    """The ``tasks`` matching ``query`` (see ``BacklogFilter.parse``), order kept."""
    wanted = BacklogFilter.parse(query)
    if wanted.empty:
        return tasks
    return [t for t in tasks if wanted.matches(t)]
