"""The open work of a day, judged once per task and kept from one change to the next.

The During pane shows the day's tasks and the attention lists (overdue, blocked, to follow
up, waiting on resources), and refills them after every change. Judged from scratch, that
is a pass of the follow-up rules over every task and a sort of every open one: at 10 years
of tasks, most of the time between a key and its answer. A change touches a task or two, and
every record the store did not change is the same object as before, so ``DayWork`` keeps,
per task, what the rules said of it and where it sorts, and judges again only the tasks
whose record (or whose notes) changed. Its lists are exactly those of
``tracking.task_buckets`` and ``views.day_tasks`` (the tests compare them).
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from opstui.domain.models import (
    DayPlan,
    ProgressNote,
    ResourceRequest,
    ResourceStatus,
    Task,
    TaskStatus,
)
from opstui.domain.settings import Settings
from opstui.domain.tracking import TaskBuckets, is_stale, last_update
from opstui.domain.views import DayCounts, backlog_key, belongs_to_day, planned_tasks, tally

MOST_CHANGES = 64
"""More changed tasks than this and the lists are built again from scratch (a re-read, a
sync): patching them one task at a time would cost more."""


@dataclass(frozen=True, slots=True)
class _Judged:
    """What the rules say of one task on the day."""

    task: Task
    key: tuple[tuple[str, bool, date, datetime], int]
    """``backlog_key``, then the task's place in the table (ties keep table order)."""
    open: bool
    overdue: bool
    blocked: bool
    stale: bool
    in_day: bool
    """``views.belongs_to_day``: due that day, in flight, or overdue."""


def _sort_key(judged: _Judged) -> tuple[tuple[str, bool, date, datetime], int]:
    return judged.key


class DayWork:
    """The day's tasks and attention lists, kept up to date change by change."""

    def __init__(self) -> None:
        self._basis: tuple[date, Settings, frozenset[str]] | None = None
        self._notes: Mapping[str, Sequence[ProgressNote]] | None = None
        self._tasks: Mapping[str, Task] = {}
        self.seen: object = None
        """The caller's note of the version of the tasks last taken (for its next
        ``changed``)."""
        self._judged: dict[str, _Judged] = {}
        self._order: list[_Judged] = []
        """The judged tasks that can be listed (open, or belonging to the day), sorted."""
        self._places = 0

    def update(self, tasks: Mapping[str, Task], changed: set[str] | None,
               notes_by_task: Mapping[str, Sequence[ProgressNote]],
               requests: Iterable[ResourceRequest], day: date, settings: Settings) -> None:
        """Take the current tasks for ``day``.

        Args:
            tasks: Every current task by id, in table order (new tasks last).
            changed: The ids of the tasks added, changed or removed since the last update,
                if known (else each task is compared with the one judged before).
            notes_by_task: Progress notes by task id (a new mapping: every task judged
                again, as their staleness may have changed).
            requests: The resource requests.
            day: The day viewed (overdue and staleness are judged on it).
            settings: The user's settings (working days, staleness).
        """
        self._tasks = tasks
        waiting_on = frozenset(r.task_id for r in requests
                               if r.status is ResourceStatus.REQUESTED)
        basis = (day, settings, waiting_on)
        if basis != self._basis or notes_by_task is not self._notes:
            self._rebuild(tasks, notes_by_task, basis)
            return
        judged = self._judged
        if changed is None:
            changed = {i for i, task in tasks.items()
                       if (known := judged.get(i)) is None or known.task is not task}
            if len(judged) + sum(i not in judged for i in changed) != len(tasks):
                changed |= judged.keys() - tasks.keys()  # removed
        if len(changed) > MOST_CHANGES:
            self._rebuild(tasks, notes_by_task, basis)
            return
        if not changed:
            return
        self._order = [j for j in self._order if j.task.id not in changed]
        added = [i for i in changed if i in tasks and i not in judged]
        if added:  # new tasks are last in the table: give them their places in its order
            wanted, found = set(added), []
            for task_id in reversed(list(tasks)):
                if task_id in wanted:
                    found.append(task_id)
                    if len(found) == len(wanted):
                        break
            added = found[::-1]
        counted: dict[date, int] = {}
        no_notes: Sequence[ProgressNote] = ()
        for task_id in [i for i in changed if i in judged] + added:
            known = judged.pop(task_id, None)
            task = tasks.get(task_id)
            if task is None:
                continue  # removed
            place = known.key[1] if known is not None else self._next_place()
            entry = judged[task_id] = self._judge(
                task, notes_by_task.get(task_id, no_notes), place, basis, counted)
            if entry.open or entry.in_day:
                insort(self._order, entry, key=_sort_key)

    def _next_place(self) -> int:
        self._places += 1
        return self._places

    def _rebuild(self, tasks: Mapping[str, Task],
                 notes_by_task: Mapping[str, Sequence[ProgressNote]],
                 basis: tuple[date, Settings, frozenset[str]]) -> None:
        self._basis, self._notes, self._places = basis, notes_by_task, 0
        counted: dict[date, int] = {}
        no_notes: Sequence[ProgressNote] = ()
        self._judged = {task.id: self._judge(task, notes_by_task.get(task.id, no_notes),
                                             self._next_place(), basis, counted)
                        for task in tasks.values()}
        self._order = sorted((j for j in self._judged.values() if j.open or j.in_day),
                             key=_sort_key)

    @staticmethod
    def _judge(task: Task, notes: Sequence[ProgressNote], place: int,
               basis: tuple[date, Settings, frozenset[str]], counted: dict[date, int]
               ) -> _Judged:
        day, settings, _ = basis
        is_open = task.status.is_open
        stale = is_open and is_stale(task, last_update(task, notes), day, settings,
                                     counted=counted)
        return _Judged(task, (backlog_key(task), place), is_open,
                       task.is_overdue(day), task.status is TaskStatus.BLOCKED, stale,
                       belongs_to_day(task, day))

    def buckets(self) -> TaskBuckets:
        """The attention lists (as ``tracking.task_buckets`` makes them)."""
        assert self._basis is not None
        waiting_on = self._basis[2]
        overdue: list[Task] = []
        blocked: list[Task] = []
        stale: list[Task] = []
        unconfirmed: list[Task] = []
        for judged in self._order:
            if not judged.open:
                continue
            if judged.overdue:
                overdue.append(judged.task)
            if judged.blocked:
                blocked.append(judged.task)
            if judged.stale:
                stale.append(judged.task)
            if judged.task.id in waiting_on:
                unconfirmed.append(judged.task)
        return TaskBuckets(overdue, blocked, stale, unconfirmed)

    def counts(self, tasks: Iterable[Task]) -> tuple[DayCounts, int]:
        """``views.count_day`` of ``tasks`` (taken from this day's lists), from what was
        judged of each, and how many of them are stale."""
        judged = self._judged
        stale = 0

        def states() -> Iterator[tuple[TaskStatus, bool]]:
            nonlocal stale
            for task in tasks:
                known = judged[task.id]
                stale += known.stale
                yield task.status, known.overdue

        return tally(states()), stale

    def day_tasks(self, plan: DayPlan | None) -> list[Task]:
        """The day's work (as ``views.day_tasks`` makes it): planned, then the others."""
        planned = planned_tasks(plan, self._tasks) if plan is not None else []
        planned_ids = {t.id for t in planned}
        return planned + [j.task for j in self._order
                          if j.in_day and j.task.id not in planned_ids]
