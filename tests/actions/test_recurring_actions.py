"""The one rule of recurring work: at most the next occurrence of each template is an open
task, made by actions (adding the template, finishing or cancelling the instance), never by
looking; the same whichever front end (or process) acts."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from opstui.actions.errors import ActionError
from opstui.actions.recurring import add_recurring
from opstui.actions.tasks import mark_done, reopen_task, set_status
from opstui.domain.clock import Clock
from opstui.domain.models import Recurrence, SourceKind, Task
from opstui.domain.recurrence import instance_id
from opstui.store.repository import Repository

MONDAY = Clock(datetime(2026, 11, 23, 9, 0))
WEEKDAYS = "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"


def instances(repo: Repository) -> list[Task]:
    return sorted((t for t in repo.all(Task) if t.source.kind is SourceKind.RECURRENCE),
                  key=lambda t: t.source.on or date.min)


def test_a_weekday_rule_puts_one_task_in_the_backlog_not_five(repo: Repository) -> None:
    said = add_recurring(repo, MONDAY, "日报", WEEKDAYS, owner="@林晓", estimate_minutes=15,
                         tags=["daily"])
    [task] = instances(repo)
    template = repo.all(Recurrence)[0]
    assert task.id == instance_id(template.id, date(2026, 11, 23))
    assert (task.due, task.owner, task.estimate_minutes, task.tags) == (
        date(2026, 11, 23), "林晓", 15, ["daily"])
    assert task.created_at == MONDAY.now
    assert "next Mon 2026-11-23 is in the backlog" in said.message


def test_the_first_instance_is_not_before_the_start_or_today(repo: Repository) -> None:
    add_recurring(repo, MONDAY, "周报", "FREQ=WEEKLY;BYDAY=FR", start=date(2026, 12, 1))
    assert [t.due for t in instances(repo)] == [date(2026, 12, 4)]
    add_recurring(repo, MONDAY, "old start", "FREQ=WEEKLY;BYDAY=MO", start=date(2026, 1, 5))
    assert date(2026, 11, 23) in [t.due for t in instances(repo)]


def test_finishing_or_cancelling_the_instance_makes_the_next_one(repo: Repository) -> None:
    add_recurring(repo, MONDAY, "日报", WEEKDAYS)
    [monday] = instances(repo)
    said = mark_done(repo, MONDAY, [monday.short_id])
    assert "next: 日报 on Tue 11-24" in said.message
    tuesday = next(t for t in instances(repo) if t.is_open)
    assert tuesday.due == date(2026, 11, 24)
    set_status(repo, MONDAY, tuesday.short_id, "cancelled")
    assert [t.due for t in instances(repo) if t.is_open] == [date(2026, 11, 25)]
    # Marking done again, or reopening and finishing again, never adds a second open one.
    mark_done(repo, MONDAY, [monday.id])
    reopen_task(repo, MONDAY, monday.id)
    mark_done(repo, Clock(datetime(2026, 11, 23, 10)), [monday.id])
    assert len([t for t in instances(repo) if t.is_open]) <= 2
    assert len({t.source.on for t in instances(repo)}) == len(instances(repo))


def test_an_instance_finished_late_is_followed_by_one_not_in_the_past(
        repo: Repository) -> None:
    add_recurring(repo, Clock(datetime(2026, 11, 2, 9)), "周报", "FREQ=WEEKLY;BYDAY=MO")
    [first] = instances(repo)
    mark_done(repo, MONDAY, [first.id])   # three weeks late
    assert [t.due for t in instances(repo) if t.is_open] == [date(2026, 11, 23)]


def test_an_inactive_template_or_a_bad_rule_makes_nothing(repo: Repository) -> None:
    with pytest.raises(ActionError, match="recurs within a day"):
        add_recurring(repo, MONDAY, "x", "FREQ=HOURLY")
    assert repo.all(Recurrence) == [] and repo.all(Task) == []
    add_recurring(repo, MONDAY, "日报", WEEKDAYS)
    template = repo.all(Recurrence)[0]
    repo.save(template.evolve(active=False))
    mark_done(repo, MONDAY, [instances(repo)[0].id])
    assert [t for t in instances(repo) if t.is_open] == []


def test_two_processes_finishing_the_instance_together_make_one_next(
        data_file: Path) -> None:
    repo = Repository(data_file)
    add_recurring(repo, MONDAY, "日报", WEEKDAYS)
    short = instances(repo)[0].short_id
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("OPSTUI_") or k == "OPSTUI_SERVER"}
    env.update(OPSTUI_DB=str(data_file), OPSTUI_TODAY="2026-11-23")
    procs = [subprocess.Popen([sys.executable, "-m", "opstui", "done", short], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    outputs = [p.communicate() for p in procs]  # no timeout: a faked clock makes those fail
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    found = instances(Repository(data_file))
    assert [(t.due, t.is_open) for t in found] == [(date(2026, 11, 23), False),
                                                    (date(2026, 11, 24), True)]
