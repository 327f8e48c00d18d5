"""Task actions: the rules both front ends share, against a real data file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from action_data import Ticking

from opstui.actions.errors import ActionError
from opstui.actions.tasks import (
    add_note,
    add_task,
    mark_done,
    reassign,
    reopen_task,
    set_status,
    toggle_done,
    update_task,
)
from opstui.domain.models import Task, TaskStatus
from opstui.store.repository import Repository


def _task(repo: Repository, clock: Ticking, **fields: object) -> Task:
    return add_task(repo, clock(), {"title": "写周报", **fields}).record  # type: ignore[no-any-return]


def test_a_note_with_a_percent_moves_todo_to_doing(repo: Repository, clock: Ticking) -> None:
    task = _task(repo, clock)
    add_note(repo, clock(), task.short_id, "started", 40)
    saved = repo.get(Task, task.id)
    assert saved is not None and (saved.status, saved.percent) == (TaskStatus.DOING, 40)
    assert [n.text for n in repo.notes_for(task.id)] == ["started"]


def test_reopening_gives_back_the_status_and_percent_before_done(
    repo: Repository, clock: Ticking
) -> None:
    task = _task(repo, clock)
    add_note(repo, clock(), task.id, "most of it", 60)
    toggle_done(repo, clock(), task.id)
    done = repo.get(Task, task.id)
    assert done is not None and (done.status, done.percent) == (TaskStatus.DONE, 100)
    toggle_done(repo, clock(), task.id)
    back = repo.get(Task, task.id)
    assert back is not None and (back.status, back.percent) == (TaskStatus.DOING, 60)
    assert back.done_at is None


def test_setting_a_done_task_back_to_doing_keeps_its_percent(
    repo: Repository, clock: Ticking
) -> None:
    task = _task(repo, clock)
    add_note(repo, clock(), task.id, "half", 50)
    mark_done(repo, clock(), [task.id])
    set_status(repo, clock(), task.id, "doing")
    back = repo.get(Task, task.id)
    assert back is not None and back.percent == 50


def test_reopening_an_open_task_is_refused(repo: Repository, clock: Ticking) -> None:
    task = _task(repo, clock)
    with pytest.raises(ActionError, match="not finished"):
        reopen_task(repo, clock(), task.id)


def test_done_resolves_every_id_before_changing_anything(
    repo: Repository, clock: Ticking
) -> None:
    task = _task(repo, clock)
    with pytest.raises(ActionError, match="no task"):
        mark_done(repo, clock(), [task.id, "ffffffff"])
    saved = repo.get(Task, task.id)
    assert saved is not None and saved.status is TaskStatus.TODO


def test_blocked_needs_a_reason_and_the_refusal_changes_nothing(
    repo: Repository, clock: Ticking, data_file: Path
) -> None:
    task = _task(repo, clock)
    before = data_file.read_bytes()
    with pytest.raises(ActionError, match="needs a reason"):
        set_status(repo, clock(), task.id, "blocked", "  ")
    assert data_file.read_bytes() == before


def test_actions_stamp_times_from_the_clock_they_are_given(
    repo: Repository, clock: Ticking
) -> None:
    task = _task(repo, clock)
    assert task.created_at == clock.now and task.updated_at == clock.now
    reassign(repo, clock(), task.id, "林晓")
    saved = repo.get(Task, task.id)
    assert saved is not None and saved.updated_at == clock.now
    assert saved.created_at == task.created_at


def test_an_update_changes_only_the_fields_named(
    repo: Repository, clock: Ticking, fresh: Callable[[Path], Repository], data_file: Path
) -> None:
    task = _task(repo, clock, owner="Marco")
    # Another process notes progress; this one's copy is now behind.
    add_note(fresh(data_file), clock(), task.id, "drafted", 70)
    update_task(repo, clock(), task.id, {"priority": "P0"})
    saved = fresh(data_file).get(Task, task.id)
    assert saved is not None
    assert (saved.priority.value, saved.percent, saved.owner) == ("P0", 70, "Marco")


def test_a_form_edit_keeps_what_another_process_changed_and_names_clashes(
    repo: Repository, clock: Ticking, fresh: Callable[[Path], Repository], data_file: Path
) -> None:
    from opstui.actions.tasks import edit_task

    task = _task(repo, clock, owner="Marco")
    opened = repo.get(Task, task.id)
    assert opened is not None
    add_note(fresh(data_file), clock(), task.id, "drafted", 70)
    reassign(fresh(data_file), clock(), task.id, "林晓")
    edited = opened.evolve(title="写周报 (W49)", owner="王磊")
    outcome = edit_task(repo, clock(), opened, edited)
    saved = fresh(data_file).get(Task, task.id)
    assert saved is not None
    assert (saved.title, saved.owner, saved.percent) == ("写周报 (W49)", "王磊", 70)
    assert outcome.conflicts == ("owner",)
    assert "also changed elsewhere: owner" in outcome.message


def test_a_severe_incident_resolved_unescalated_is_refused_then_said_in_the_report(
    repo: Repository, clock: Ticking
) -> None:
    from opstui.actions.tracking import open_incident, resolve_incident
    from opstui.domain.dates import week_period
    from opstui.domain.models import Incident
    from opstui.domain.report import weekly_report
    from opstui.domain.report_week import weekly_markdown
    from opstui.store.report_data import records_for

    incident = open_incident(repo, clock(), Incident(title="支付失败", severity="S1",
                                                     opened_at=clock.now)).record
    with pytest.raises(ActionError, match="never escalated"):
        resolve_incident(repo, clock(), incident.id, "证书过期", "续期")
    assert repo.get(Incident, incident.id).is_open  # type: ignore[union-attr]
    resolve_incident(repo, clock(), incident.id, "证书过期", "续期", force=True)
    week = week_period(clock.now.date())
    report = weekly_report(records_for(repo, week.start, week.end, week.end), week, week.end)
    text = weekly_markdown(report, "zh")
    incidents = text.split("## 事件与升级", 1)[1].split("\n## ", 1)[0]
    row = next(line for line in incidents.splitlines() if "支付失败" in line)
    assert row.rstrip(" |").endswith("未上报")
