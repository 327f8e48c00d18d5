"""The Story: builds validated records with seeded ids and fixed timestamps, by story key."""

from __future__ import annotations

import random
from datetime import date, datetime, time
from typing import Any

from opstui.domain.models import (
    TABLES,
    DayPlan,
    Priority,
    ProgressNote,
    Record,
    Slip,
    Source,
    SourceKind,
    Task,
    TaskStatus,
)

ANCHOR = date(2026, 11, 20)
"""The last day of the data set (a Friday); ``opstui.demo`` moves its week to this week.

Text that names a story day or week says so with a placeholder, resolved from the moved
date when the demo is loaded: ``{d:11-17}`` (the day, ``MM-DD``) and ``{w:11-16}`` (its
week, ``W47``). Festival names and dates (双11, 双12, 12-12) are plain text: they never move.
"""
FIRST_DAY = date(2026, 10, 17)
"""The first day with daily readings: 35 days up to and including the anchor."""
SEED = 20261120

LIN = "林晓"
"""运营经理, the user of the app."""
CHEN = "陈静"
"""Content operations."""
MARCO = "Marco"
"""User and campaign operations."""
WANG = "王磊"
"""Data analyst."""
BOSS = "赵明远"
"""运营总监, Lin Xiao's superior."""
TEAM = (LIN, CHEN, MARCO, WANG)

TECH, MARKETING, LEGAL, DESIGN = "技术部", "市场部", "法务", "设计部"


def day(text: str) -> date:
    """``"11-12"`` -> that day in the anchor's year (``"2026-09-30"`` is taken as is)."""
    if len(text) == 10:
        return date.fromisoformat(text)
    month, dom = text.split("-")
    return date(ANCHOR.year, int(month), int(dom))


def ts(text: str) -> datetime:
    """``"11-12 09:50"`` -> that moment in the anchor's year."""
    when, clock = text.split(" ")
    hour, minute = clock.split(":")
    return datetime.combine(day(when), time(int(hour), int(minute)))


class Story:
    """Collects the demo records; ids come from a seeded generator, looked up by story key."""

    def __init__(self) -> None:
        self._ids = random.Random(SEED)
        self.noise = random.Random(SEED + 1)
        """Randomness for the metric readings, apart from the ids."""
        self._keys: dict[str, str] = {}
        self.records: dict[str, list[Record]] = {name: [] for name in TABLES}
        self.tasks: dict[str, Task] = {}
        self._notes: dict[str, list[tuple[datetime, str, int | None]]] = {}

    def id(self, key: str) -> str:
        """The record id of story key ``key`` (made on first use)."""
        found = self._keys.get(key)
        if found is None:
            found = self._keys[key] = f"{self._ids.getrandbits(128):032x}"
        return found

    def add(self, record: Record) -> Record:
        """Keep ``record`` (already validated by its constructor)."""
        self.records[record.table].append(record)
        return record

    def notes(self, key: str, *entries: tuple[str, str, int | None]) -> None:
        """Progress notes on task ``key``: ``(when, text, percent)``; call before ``task``."""
        self._notes[key] = [(ts(when), text, pct) for when, text, pct in entries]

    def task(
        self,
        key: str,
        title: str,
        status: str,
        priority: str,
        owner: str,
        due: str | None,
        *,
        created: str,
        done: str | None = None,
        source: tuple[str, str | None, str | None] | None = None,
        slips: tuple[tuple[str, str, str], ...] = (),
        **fields: Any,
    ) -> Task:
        """Add a task; percent, done_at and updated_at follow from its notes and status.

        Args:
            key: Story key of the task.
            title: Its title.
            status: A ``TaskStatus`` value.
            priority: ``P0`` .. ``P3``.
            owner: Who does it.
            due: ``"MM-DD"`` or None.
            created: ``"MM-DD HH:MM"``.
            done: When it was finished (done) or dropped (cancelled).
            source: ``(kind, story key or None, "MM-DD" or None)``.
            slips: ``(day, "rolled" | "unplanned", reason)`` per missed planned day.
            **fields: Any other Task field, with ``goal``/``metric`` as story keys.
        """
        state = TaskStatus(status)
        notes = [
            self.add(ProgressNote(
                id=self.id(f"note:{key}:{i}"), task_id=self.id(key), at=at, text=text,
                percent=pct, created_at=at, updated_at=at,
            ))
            for i, (at, text, pct) in enumerate(self._notes.pop(key, []))
        ]
        percents = [n.percent for n in notes if n.percent is not None]  # type: ignore[attr-defined]
        percent = 100 if state is TaskStatus.DONE else (percents[-1] if percents else 0)
        finished = ts(done) if done else None
        created_at = ts(created)
        moments = [created_at, *(n.at for n in notes)]  # type: ignore[attr-defined]
        if finished:
            moments.append(finished)
        for name in ("goal", "metric"):
            if name in fields:
                fields[f"{name}_id"] = self.id(fields.pop(name))
        if source:
            kind, ref, on = source
            fields["source"] = Source(
                kind=SourceKind(kind), ref=self.id(ref) if ref else None,
                on=day(on) if on else None,
            )
        task = Task(
            id=self.id(key), title=title, status=state, priority=Priority(priority),
            owner=owner, due=day(due) if due else None, percent=percent,
            done_at=finished if state is TaskStatus.DONE else None,
            slips=[Slip(day=day(d), action=a, reason=r) for d, a, r in slips],
            rollover_count=sum(1 for _, a, _ in slips if a == "rolled"),
            created_at=created_at, updated_at=max(moments), **fields,
        )
        self.tasks[key] = task
        self.add(task)
        return task

    def plan(self, when: str, keys: list[str], **fields: Any) -> DayPlan:
        """The day plan of ``when`` with the tasks ``keys``, in order.

        Raises:
            ValueError: A planned task on a past day was neither finished that day nor
                slipped from it (the plan would contradict the task).
        """
        planned = day(when)
        for key in keys:
            task = self.tasks[key]
            closed = task.done_at or (task.updated_at if task.status == "cancelled" else None)
            slipped = any(s.day == planned for s in task.slips)
            finished_that_day = closed is not None and closed.date() == planned
            if planned < ANCHOR and not (slipped or finished_that_day):
                raise ValueError(f"plan {when}: task {key} neither done nor slipped that day")
        start = datetime.combine(planned, time(8, 50))
        end = datetime.combine(planned, time(18, 10))
        return self.add(DayPlan(  # type: ignore[return-value]
            id=self.id(f"plan:{when}"), day=planned, task_ids=[self.id(k) for k in keys],
            created_at=start, updated_at=end, **fields,
        ))

    def check(self) -> None:
        """Every id handed out belongs to a record (no dangling story key).

        Raises:
            ValueError: Naming the keys that were referenced but never added.
        """
        made = {r.id for table in self.records.values() for r in table}
        missing = sorted(k for k, i in self._keys.items() if i not in made)
        if missing:
            raise ValueError(f"referenced but never added: {', '.join(missing)}")
        if self._notes:
            raise ValueError(f"notes for unknown tasks: {', '.join(sorted(self._notes))}")
