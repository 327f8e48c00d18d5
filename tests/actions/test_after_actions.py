"""The After actions through the real store: the work log, the shutdown, retros, archive."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from opstui.actions.archive import archive
from opstui.actions.errors import ActionError
from opstui.actions.planning import plan_task
from opstui.actions.retros import add_retro, edit_retro
from opstui.actions.tasks import add_task, mark_done
from opstui.actions.worklog import shut_down, write_log
from opstui.domain.clock import Clock
from opstui.domain.models import LogEntry, Retrospective, SourceKind, Task
from opstui.domain.rollover import Carry
from opstui.domain.worklog import LogDraft
from opstui.store.repository import Repository

MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)
CLOCK = Clock(datetime(2026, 11, 23, 18, 0))


def test_writing_the_log_twice_keeps_one_log_and_the_parts_not_given(
        repo: Repository) -> None:
    write_log(repo, CLOCK, MONDAY, summary="launched H5", tomorrow=["review data"])
    write_log(repo, Clock(datetime(2026, 11, 23, 19, 0)), MONDAY, problems="CDN slow")
    [entry] = repo.all(LogEntry)
    assert (entry.summary, entry.problems, entry.tomorrow) == (
        "launched H5", "CDN slow", ["review data"])
    with pytest.raises(ActionError, match="tomorrow"):
        write_log(repo, CLOCK, MONDAY, tomorrow=["a", "b", "c", "d"])
    assert repo.all(LogEntry)[0].tomorrow == ["review data"]


def test_shutdown_saves_the_log_and_rolls_or_unplans_each_task_with_its_reason(
        repo: Repository) -> None:
    rolled = add_task(repo, CLOCK, {"title": "rolled"}, plan_day=MONDAY).record
    dropped = add_task(repo, CLOCK, {"title": "dropped"}, plan_day=MONDAY).record
    with pytest.raises(ActionError, match="needs a reason"):
        shut_down(repo, CLOCK, MONDAY, LogDraft(summary="x"),
                  [Carry(rolled.id, MONDAY, reason=" ")])
    assert repo.all(LogEntry) == []
    said = shut_down(repo, CLOCK, MONDAY, LogDraft(summary="day done"), [
        Carry(rolled.id, MONDAY, reason="data late"),
        Carry(dropped.id, MONDAY, action="unplanned", reason="no longer needed")])
    assert said.message == ("Work log of Mon 2026-11-23 saved; 1 rolled to tomorrow, "
                            "1 unplanned.")
    assert repo.plan_for(TUESDAY).task_ids == [rolled.id]
    assert repo.get(Task, rolled.id).slips[0].reason == "data late"
    assert repo.get(Task, dropped.id).slips[0].action == "unplanned"
    assert repo.all(LogEntry)[0].summary == "day done"
    # Shutting the day down again does not count the roll twice.
    shut_down(repo, CLOCK, MONDAY, LogDraft(summary="day done"),
              [Carry(rolled.id, MONDAY, reason="")])
    assert repo.get(Task, rolled.id).rollover_count == 1


def test_a_retro_stores_its_actions_as_tasks_or_nothing(repo: Repository) -> None:
    fields = {"title": "双11 复盘", "project": "双11", "format": "kpt", "day": MONDAY,
              "sections": {"keep": "early prep"}}
    with pytest.raises(ActionError):
        add_retro(repo, CLOCK, fields, ["fine @林晓", "bad due:whenever"])
    assert repo.all(Retrospective) == [] and repo.all(Task) == []
    said = add_retro(repo, CLOCK, fields, ["book CDN early @林晓 due:fri !P1"])
    retro = said.record
    [action] = repo.all(Task)
    assert action.source.kind is SourceKind.RETRO and action.source.ref == retro.id
    assert (action.owner, action.due, action.priority.value) == ("林晓", date(2026, 11, 27),
                                                                "P1")
    assert action.created_at == CLOCK.now
    edit_retro(repo, CLOCK, retro.short_id, {"sections": {"problem": "CDN"}})
    assert repo.get(Retrospective, retro.id).sections == {"keep": "early prep",
                                                           "problem": "CDN"}


def test_archive_moves_long_finished_tasks_by_the_clock_given(repo: Repository,
                                                              data_file: Path) -> None:
    old = add_task(repo, Clock(datetime(2026, 10, 1, 9)), {"title": "old"}).record
    mark_done(repo, Clock(datetime(2026, 10, 1, 10)), [old.id])
    assert archive(repo, Clock(datetime(2026, 10, 20, 9))).extra["moved"] == 0
    said = archive(repo, CLOCK)
    assert said.extra["moved"] == 1 and "Archived 1 task" in said.message
    assert repo.all(Task) == [] and [t.id for t in repo.archived(Task)] == [old.id]
    assert data_file.with_name("opstui.archive-2026.json").exists()


def test_planning_then_shutdown_is_journalled_with_the_clock(repo: Repository) -> None:
    from opstui.domain.journal import JournalEntry

    task = add_task(repo, CLOCK, {"title": "t"}).record
    plan_task(repo, CLOCK, MONDAY, [task.id])
    shut_down(repo, Clock(datetime(2026, 11, 23, 18, 30)), MONDAY, LogDraft(summary="s"),
              [Carry(task.id, MONDAY, reason="r")], source="tui")
    entry = max(repo.all(JournalEntry), key=lambda e: e.at)
    assert (entry.action, entry.source, entry.at) == ("shutdown", "tui",
                                                      datetime(2026, 11, 23, 18, 30))
