"""The selections each pane shows, as tables of cases."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from opstui.domain.models import DayPlan, LogEntry, Task
from opstui.domain.views import (
    backlog,
    count_day,
    day_tasks,
    finished_on,
    log_for,
    plan_load,
    planned_tasks,
)

DAY = date(2026, 11, 23)
T0 = datetime(2026, 11, 1, 9, 0)


def t(name: str, **fields: object) -> Task:
    """A task whose title is ``name`` and whose id is derived from it."""
    number = sum(ord(c) * 31**i for i, c in enumerate(name)) % 16**32
    fields.setdefault("created_at", T0)
    return Task(id=f"{number:032x}", title=name, **fields)  # type: ignore[arg-type]


def names(tasks: list[Task]) -> list[str]:
    return [task.title for task in tasks]


@pytest.mark.parametrize(
    ("tasks", "expected"),
    [
        pytest.param([t("a", priority="P2"), t("b", priority="P0"), t("c", priority="P1")],
                     ["b", "c", "a"], id="priority first"),
        pytest.param([t(p, priority=p) for p in ("P3", "P1", "P0", "P2")],
                     ["P0", "P1", "P2", "P3"], id="every priority in its order"),
        pytest.param([t("late", due=DAY + timedelta(days=5)), t("none"),
                      t("soon", due=DAY)], ["soon", "late", "none"], id="then due, none last"),
        pytest.param([t("p1-none", priority="P1"), t("p2-due", priority="P2", due=DAY)],
                     ["p1-none", "p2-due"], id="priority beats due date"),
        pytest.param([t("newer", created_at=T0 + timedelta(hours=1)), t("older")],
                     ["older", "newer"], id="ties by age"),
        pytest.param([t("done", status="done"), t("cancelled", status="cancelled"),
                      t("blocked", status="blocked", status_reason="x"), t("todo")],
                     ["blocked", "todo"], id="only open tasks"),
        pytest.param([], [], id="empty"),
    ],
)
def test_backlog_order(tasks: list[Task], expected: list[str]) -> None:
    assert names(backlog(tasks)) == expected


def test_backlog_leaves_out_the_excluded() -> None:
    tasks = [t("planned"), t("free")]
    assert names(backlog(tasks, exclude=[tasks[0].id])) == ["free"]


def test_planned_tasks_keep_plan_order_and_skip_missing_or_repeated_ids() -> None:
    a, b = t("a"), t("b")
    plan = DayPlan(day=DAY, task_ids=[b.id, "f" * 32, a.id, b.id])
    assert names(planned_tasks(plan, {a.id: a, b.id: b})) == ["b", "a"]
    assert planned_tasks(None, {a.id: a}) == []


@pytest.mark.parametrize(
    ("task", "included"),
    [
        (t("due today", due=DAY), True),
        (t("due tomorrow", due=DAY + timedelta(days=1)), False),
        (t("overdue", due=DAY - timedelta(days=3)), True),
        (t("overdue but done", due=DAY - timedelta(days=3), status="done"), False),
        (t("doing, no date", status="doing"), True),
        (t("waiting", status="waiting", status_reason="design"), True),
        (t("blocked", status="blocked", status_reason="legal"), True),
        (t("todo, no date"), False),
        (t("done today, due today", status="done", due=DAY), True),
    ],
    ids=lambda v: v.title if isinstance(v, Task) else str(v),
)
def test_day_tasks_membership(task: Task, included: bool) -> None:
    assert (task in day_tasks([task], DAY)) is included


def test_day_tasks_put_the_plan_first_in_plan_order() -> None:
    planned_late, planned_first = t("planned 2", priority="P3"), t("planned 1", priority="P3")
    urgent = t("urgent", priority="P0", due=DAY)
    plan = DayPlan(day=DAY, task_ids=[planned_first.id, planned_late.id])
    shown = day_tasks([urgent, planned_late, planned_first], DAY, plan)
    assert names(shown) == ["planned 1", "planned 2", "urgent"]


@pytest.mark.parametrize(
    ("done_at", "status", "included"),
    [
        (datetime(2026, 11, 23, 0, 0), "done", True),
        (datetime(2026, 11, 23, 23, 59), "done", True),
        (datetime(2026, 11, 22, 23, 59), "done", False),
        (datetime(2026, 11, 23, 12, 0), "todo", False),  # reopened since
        (None, "done", False),
    ],
)
def test_finished_on(done_at: datetime | None, status: str, included: bool) -> None:
    task = t("x", done_at=done_at, status=status)
    assert (finished_on([task], DAY) == [task]) is included


def test_finished_on_orders_by_finishing_time() -> None:
    late = t("late", status="done", done_at=datetime(2026, 11, 23, 18, 0))
    early = t("early", status="done", done_at=datetime(2026, 11, 23, 9, 0))
    assert names(finished_on([late, early], DAY)) == ["early", "late"]


def test_log_for_picks_the_days_newest_entry() -> None:
    old = LogEntry(day=DAY, summary="old", updated_at=T0)
    new = LogEntry(day=DAY, summary="new", updated_at=T0 + timedelta(hours=2))
    other = LogEntry(day=DAY - timedelta(days=1), summary="other")
    assert log_for([old, other, new], DAY) is new
    assert log_for([other], DAY + timedelta(days=3)) is None


def test_count_day() -> None:
    tasks = [
        t("overdue", due=DAY - timedelta(days=1)),
        t("blocked", status="blocked", status_reason="x"),
        t("waiting", status="waiting", status_reason="y"),
        t("done", status="done"),
    ]
    counts = count_day(tasks, DAY)
    assert (counts.total, counts.open, counts.done, counts.overdue, counts.blocked,
            counts.waiting) == (4, 3, 1, 1, 1, 1)


@pytest.mark.parametrize(
    ("estimates", "capacity", "buffer", "planned", "available", "over"),
    [
        ([60, 120], 8.0, 20, 180, 384, False),
        ([None, None], 8.0, 20, 90, 384, False),  # the default estimate (45m) for each
        ([300, 100], 8.0, 20, 400, 384, True),  # eats into the buffer
        ([240], 4.0, 0, 240, 240, False),
    ],
)
def test_plan_load(estimates: list[int | None], capacity: float, buffer: int, planned: int,
                   available: int, over: bool) -> None:
    tasks = [t(f"t{i}", estimate_minutes=e) for i, e in enumerate(estimates)]
    tasks.append(t("finished", estimate_minutes=500, status="done"))  # no longer counts
    plan = DayPlan(day=DAY, capacity_hours=capacity, buffer_pct=buffer)
    load = plan_load(plan, tasks, default_estimate_minutes=45)
    assert (load.planned_minutes, load.available_minutes, load.over) == (planned, available,
                                                                          over)
