"""The During pane's lists, kept from one change to the next, are the lists made afresh.

What a user cares about: after marking a task done, editing one, adding or deleting one, the
day's work and the attention lists (overdue, blocked, to follow up, waiting on resources)
show exactly what they would show had the pane been opened anew, in the same order.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from opstui.domain.follow_up import MOST_CHANGES, DayWork
from opstui.domain.models import (
    DayPlan,
    Priority,
    ProgressNote,
    ResourceRequest,
    Task,
    TaskStatus,
)
from opstui.domain.settings import Settings
from opstui.domain.tracking import TaskBuckets, is_stale, last_update
from opstui.domain.views import backlog_key, count_day, day_tasks

DAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, 0)
RULES = Settings()


def _reference_buckets(tasks: list[Task], notes: dict[str, list[ProgressNote]],
                       requests: list[ResourceRequest]) -> TaskBuckets:
    """The attention lists as the rules state them, task by task (no caching at all)."""
    waiting = {r.task_id for r in requests if r.status.value == "requested"}
    open_ = sorted((t for t in tasks if t.is_open), key=backlog_key)
    return TaskBuckets(
        overdue=[t for t in open_ if t.is_overdue(DAY)],
        blocked=[t for t in open_ if t.status is TaskStatus.BLOCKED],
        stale=[t for t in open_ if is_stale(t, last_update(t, notes.get(t.id, ())), DAY,
                                              RULES)],
        unconfirmed=[t for t in open_ if t.id in waiting])


statuses = st.sampled_from(list(TaskStatus))
priorities = st.sampled_from(list(Priority))
dues = st.one_of(st.none(), st.integers(-6, 4).map(lambda n: DAY + timedelta(days=n)))
# Few distinct creation times: ties in the sort key, which must keep the table's order.
created = st.integers(0, 3).map(lambda n: NOW - timedelta(days=n))


@st.composite
def a_task(draw: st.DrawFn) -> Task:
    status = draw(statuses)
    return Task(title=f"任务 {draw(st.integers(0, 999))}", status=status,
                status_reason="等法务" if status.needs_reason else "",
                priority=draw(priorities), due=draw(dues), created_at=draw(created),
                updated_at=NOW - timedelta(days=draw(st.integers(0, 9))))


changes = st.lists(st.tuples(st.sampled_from(["done", "edit", "add", "remove", "reopen"]),
                             st.integers(0, 10_000), a_task()), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(a_task(), max_size=25), changes, st.booleans())
def test_lists_kept_across_changes_equal_lists_made_afresh(
        start: list[Task], steps: list[tuple[str, int, Task]], told: bool) -> None:
    tasks = {t.id: t for t in start}
    notes = {t.id: [ProgressNote(task_id=t.id, at=NOW, text="进展")] for t in start[:3]}
    requests = [ResourceRequest(task_id=t.id, department="法务部", what="意见")
                for t in start[3:5]]
    plan = DayPlan(day=DAY, task_ids=[t.id for t in start[5:8]])
    work = DayWork()
    work.update(tasks, None, notes, requests, DAY, RULES)
    for kind, pick, drawn in steps:
        ids = list(tasks)
        target = ids[pick % len(ids)] if ids else None
        if kind == "add" or target is None:
            tasks[drawn.id] = drawn
            changed = {drawn.id}
        elif kind == "remove":
            del tasks[target]
            changed = {target}
        else:
            old = tasks[target]
            tasks[target] = (old.evolve(status="done", done_at=NOW) if kind == "done"
                             else old.evolve(status="todo") if kind == "reopen"
                             else old.evolve(priority=drawn.priority, due=drawn.due))
            changed = {target}
        # Told what changed (as the store tells the During pane) or not (after a re-read).
        work.update(tasks, changed if told else None, notes, requests, DAY, RULES)
        reference = _reference_buckets(list(tasks.values()), notes, requests)
        assert work.buckets() == reference
        shown = day_tasks(tasks.values(), DAY, plan)
        assert work.day_tasks(plan) == shown
        assert work.counts(shown) == (count_day(shown, DAY),
                                      sum(t in reference.stale for t in shown))


def test_many_changes_at_once_are_judged_afresh() -> None:
    tasks = {t.id: t for t in (Task(title=f"t{n}", due=DAY - timedelta(days=1),
                                    created_at=NOW, updated_at=NOW) for n in range(100))}
    work, notes = DayWork(), {}
    work.update(tasks, None, notes, [], DAY, RULES)
    assert len(work.buckets().overdue) == 100
    for task_id in list(tasks)[: MOST_CHANGES + 5]:
        tasks[task_id] = tasks[task_id].evolve(status="done", done_at=NOW)
    work.update(tasks, set(list(tasks)[: MOST_CHANGES + 5]), notes, [], DAY, RULES)
    assert len(work.buckets().overdue) == 100 - MOST_CHANGES - 5


def test_a_new_day_or_new_notes_judge_every_task_again() -> None:
    task = Task(title="周报", created_at=NOW, updated_at=NOW - timedelta(days=6))
    tasks = {task.id: task}
    work = DayWork()
    work.update(tasks, None, {}, [], DAY, RULES)
    assert work.buckets().stale == [task]
    noted = {task.id: [ProgressNote(task_id=task.id, at=NOW, text="已催")]}
    work.update(tasks, set(), noted, [], DAY, RULES)          # nothing told: the notes say
    assert work.buckets().stale == []
    work.update(tasks, set(), noted, [], DAY + timedelta(days=7), RULES)
    assert work.buckets().stale == [task]


def test_tasks_made_together_keep_the_order_they_were_made_in() -> None:
    # One action (a breakdown, an import) makes tasks with the same time, priority and due.
    made = [Task(title=f"拆解 {n}", due=DAY, created_at=NOW, updated_at=NOW) for n in range(4)]
    tasks, notes = {t.id: t for t in made[:2]}, {}
    work = DayWork()
    work.update(tasks, None, notes, [], DAY, RULES)
    first = made[0]
    tasks[first.id] = first.evolve(status="doing")            # changed: keeps its place
    tasks.update((t.id, t) for t in made[2:])                 # added after it
    work.update(tasks, {first.id, made[2].id, made[3].id}, notes, [], DAY, RULES)
    assert [t.title for t in work.day_tasks(None)] == ["拆解 0", "拆解 1", "拆解 2", "拆解 3"]
