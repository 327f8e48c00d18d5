"""Two and three replicas doing random work between syncs, through a real bare git remote."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sync_helpers import Replica

from opstui.actions.planning import put_on_plan
from opstui.actions.tasks import add_note, add_task, mark_done, reopen_task, update_task
from opstui.actions.unit import work
from opstui.domain.models import DayPlan, ProgressNote, Task

EDITED = ("title", "owner", "description")


@dataclass
class Write:
    """One field set by hand on one replica, with what that replica knew then."""

    replica: str
    task_id: str
    field: str
    value: Any
    seen: dict[str, int]


class Team:
    """Replicas, their vector clocks (what each has seen of the others' work), and a log of
    everything done, to check the end state against."""

    def __init__(self, replicas: list[Replica], rng: random.Random) -> None:
        self.replicas = replicas
        self.rng = rng
        self.seen = {r.name: {x.name: 0 for x in replicas} for r in replicas}
        self.remote_seen = {r.name: 0 for r in replicas}
        self.writes: list[Write] = []
        self.tasks: set[str] = set()
        self.notes: set[str] = set()
        self.tags: dict[str, set[str]] = {}
        self.planned: dict[str, set[str]] = {}
        self.counter = 0

    def unique(self, what: str) -> str:
        self.counter += 1
        return f"{what} {self.counter} 计划"

    def tick(self, replica: Replica) -> dict[str, int]:
        self.seen[replica.name][replica.name] += 1
        return dict(self.seen[replica.name])

    def sync(self, replica: Replica) -> None:
        replica.sync()
        merged = {k: max(v, self.remote_seen[k]) for k, v in self.seen[replica.name].items()}
        self.seen[replica.name] = dict(merged)
        self.remote_seen = dict(merged)

    def known_tasks(self, replica: Replica) -> list[Task]:
        replica.repo.refresh()
        return sorted([*replica.repo.all(Task), *replica.repo.archived(Task)],
                      key=lambda t: t.id)

    def act(self, replica: Replica) -> None:
        repo, clock = replica.repo, replica.ticker()
        tasks = self.known_tasks(replica)
        kind = self.rng.choice(["add", "edit", "edit", "edit", "note", "done", "reopen",
                                "tag", "plan", "archive", "sync", "sync"])
        if kind == "sync" or (not tasks and kind != "add"):
            self.sync(replica) if kind == "sync" else None
            if kind != "sync":
                kind = "add"
            else:
                return
        if kind == "add":
            task = add_task(repo, clock, {"title": self.unique("task")}).record
            self.tasks.add(task.id)
            self.tick(replica)
            return
        task = self.rng.choice(tasks)
        if kind == "edit":
            name = self.rng.choice(EDITED)
            value = self.unique(name)[:60]
            update_task(repo, clock, task.id, {name: value})
            self.writes.append(Write(replica.name, task.id, name, value, self.tick(replica)))
        elif kind == "note":
            note = add_note(repo, clock, task.id, self.unique("note")).records[1]
            self.notes.add(note.id)
            self.tick(replica)
        elif kind == "done" and task.is_open:
            mark_done(repo, clock, [task.id])
            self.tick(replica)
        elif kind == "reopen" and not task.is_open:
            reopen_task(repo, clock, task.id)
            self.tick(replica)
        elif kind == "tag":
            tag = f"t{self.counter}"
            self.counter += 1
            update_task(repo, clock, task.id, {"tags": [*task.tags, tag]})
            self.tags.setdefault(task.id, set()).add(tag)
            self.tick(replica)
        elif kind == "plan":
            day = date(2026, 11, 2) + timedelta(days=self.rng.randrange(3))
            with work(repo, clock, "plan") as w:
                put_on_plan(w, day, [task.id])
            self.planned.setdefault(day.isoformat(), set()).add(task.id)
            self.tick(replica)
        elif kind == "archive":
            repo.archive_finished(clock.today + timedelta(days=60))


def happened_before(one: Write, other: Write) -> bool:
    return one is not other and all(one.seen[k] <= other.seen[k] for k in one.seen) and \
        one.seen != other.seen


@pytest.mark.parametrize("size", [2, 3])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_replicas_converge_and_lose_nothing_unlisted(
        make_replica: Callable[[str], Replica], size: int, seed: int) -> None:
    rng = random.Random(seed * 100 + size)
    replicas = [make_replica(name) for name in ["林晓", "陈静", "Marco"][:size]]
    team = Team(replicas, rng)
    for _ in range(45):
        team.act(rng.choice(replicas))
    for replica in replicas * 2:
        team.sync(replica)

    final = replicas[0].shared()
    for replica in replicas[1:]:
        assert replica.shared() == final, f"{replica.name} differs from {replicas[0].name}"
    tasks, notes = final["tasks"], final["notes"]
    assert team.tasks <= set(tasks), "a task added somewhere is missing"
    assert team.notes <= set(notes), "a progress note added somewhere is missing"
    for task_id, tags in team.tags.items():
        assert tags <= set(tasks[task_id].get("tags", [])), "a tag added somewhere is missing"
    plans = {doc["day"]: doc for doc in final["plans"].values()}
    assert len(plans) == len(final["plans"]), "two plans for one day"
    for day, task_ids in team.planned.items():
        assert task_ids <= set(plans[day].get("task_ids", [])), f"lost from the plan of {day}"
    conflicts = [c for r in replicas for c in r.conflicts()]
    for write in team.writes:
        if tasks[write.task_id].get(write.field) == write.value:
            continue
        superseded = any(w.task_id == write.task_id and w.field == write.field and
                         happened_before(write, w) for w in team.writes)
        listed = any(c["id"] == write.task_id and c["field"] == write.field and
                     c["lost"] == write.value for c in conflicts)
        assert superseded or listed, f"{write} was lost without being listed"
    # And every replica's data file reads back as valid records.
    for replica in replicas:
        replica.repo.refresh()
        replica.repo.validate_all()
        assert {t.id for t in [*replica.repo.all(Task), *replica.repo.archived(Task)]} == \
            set(tasks)
        assert len(replica.repo.all(ProgressNote)) + len(replica.repo.archived(ProgressNote)) \
            == len(notes)
        assert len(replica.repo.all(DayPlan)) == len(plans)
