"""The Before actions through the real store: plan, unplan, move, capacity, rollover, goals,
breakdown and support, with the clock pinned."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from opstui.actions.errors import ActionError
from opstui.actions.goals import add_goal, break_down, close_goal, edit_goal
from opstui.actions.planning import (
    move_in_plan,
    move_to_day,
    plan_task,
    roll_over,
    set_capacity,
    unplan_task,
)
from opstui.actions.support import answer_support, request_support
from opstui.actions.tasks import add_task, edit_task, mark_done
from opstui.actions.undo import undo
from opstui.domain.clock import Clock
from opstui.domain.journal import JournalEntry
from opstui.domain.models import DayPlan, Goal, Metric, ResourceRequest, Settings, Task
from opstui.store.repository import Repository

MONDAY = date(2026, 11, 23)
CLOCK = Clock(datetime(2026, 11, 23, 9, 30))
LATER = Clock(datetime(2026, 11, 24, 10, 0))


def new_task(repo: Repository, title: str, **fields: object) -> Task:
    return add_task(repo, CLOCK, {"title": title, **fields}).record  # type: ignore[no-any-return]


def test_planning_makes_the_plan_with_the_days_capacity_and_keeps_the_order(
        repo: Repository) -> None:
    repo.save_settings(Settings(capacity_hours=6.5, buffer_pct=10))
    first, second = new_task(repo, "write copy"), new_task(repo, "review page")
    said = plan_task(repo, CLOCK, MONDAY, [second.short_id, first.short_id, second.id])
    plan = repo.plan_for(MONDAY)
    assert plan is not None and plan.task_ids == [second.id, first.id]
    assert (plan.capacity_hours, plan.buffer_pct) == (6.5, 10)
    assert "planned Mon 2026-11-23" in said.message
    again = plan_task(repo, CLOCK, MONDAY, [first.id])
    assert "already planned" in again.message and repo.plan_for(MONDAY).task_ids == plan.task_ids


def test_a_finished_task_cannot_be_planned_and_nothing_changes(repo: Repository) -> None:
    task = new_task(repo, "done already")
    mark_done(repo, CLOCK, [task.id])
    with pytest.raises(ActionError, match="only open tasks can be planned"):
        plan_task(repo, CLOCK, MONDAY, [task.id])
    assert repo.plan_for(MONDAY) is None


def test_unplanning_leaves_a_slip_and_planning_again_drops_it(repo: Repository) -> None:
    task = new_task(repo, "slips")
    plan_task(repo, CLOCK, MONDAY, [task.id])
    unplan_task(repo, CLOCK, MONDAY, [task.id])
    stored = repo.get(Task, task.id)
    assert repo.plan_for(MONDAY).task_ids == []
    assert [(s.day, s.action) for s in stored.slips] == [(MONDAY, "unplanned")]
    plan_task(repo, CLOCK, MONDAY, [task.id])
    assert repo.get(Task, task.id).slips == []
    with pytest.raises(ActionError, match="is not planned for 2026-11-24"):
        unplan_task(repo, CLOCK, date(2026, 11, 24), [task.id])


def test_moving_a_planned_task_reorders_the_stored_plan(repo: Repository) -> None:
    tasks = [new_task(repo, f"t{n}") for n in range(3)]
    plan_task(repo, CLOCK, MONDAY, [t.id for t in tasks])
    said = move_in_plan(repo, CLOCK, MONDAY, tasks[2].id, -2)
    assert repo.plan_for(MONDAY).task_ids == [tasks[2].id, tasks[0].id, tasks[1].id]
    assert "now 1 of 3" in said.message


def test_moving_a_task_to_another_day_takes_it_off_one_plan_onto_the_other(
        repo: Repository) -> None:
    first, second = new_task(repo, "write copy"), new_task(repo, "review page")
    plan_task(repo, CLOCK, MONDAY, [first.id, second.id])
    wednesday = date(2026, 11, 25)
    said = move_to_day(repo, Clock(datetime(2026, 11, 23, 10, 0)), MONDAY, first.short_id,
                       wednesday)
    assert repo.plan_for(MONDAY).task_ids == [second.id]
    assert repo.plan_for(wednesday).task_ids == [first.id]
    assert said.message == (f"{first.short_id}  moved from Mon 2026-11-23 to Wed 2026-11-25  "
                            "write copy")
    assert repo.get(Task, first.id).slips == []  # a deliberate move is not a slip
    before = repo.path.read_bytes()
    for day, to, wanted in ((MONDAY, wednesday, "not planned for Mon"),
                            (wednesday, wednesday, "already planned for Wed")):
        with pytest.raises(ActionError, match=wanted):
            move_to_day(repo, CLOCK, day, first.id, to)
    assert repo.path.read_bytes() == before
    assert "moved" in undo(repo, LATER).message  # one step takes back both plans
    assert repo.plan_for(MONDAY).task_ids == [first.id, second.id]
    assert first.id not in (repo.plan_for(wednesday) or DayPlan(day=wednesday)).task_ids


def test_capacity_is_checked_and_saved_on_a_new_plan(repo: Repository) -> None:
    with pytest.raises(ActionError, match="at most 24 hours"):
        set_capacity(repo, CLOCK, MONDAY, 25)
    with pytest.raises(ActionError, match="buffer: must be 0 to 90"):
        set_capacity(repo, CLOCK, MONDAY, None, 95)
    assert repo.plan_for(MONDAY) is None
    said = set_capacity(repo, CLOCK, MONDAY, 6, 25)
    plan = repo.plan_for(MONDAY)
    assert (plan.capacity_hours, plan.buffer_pct) == (6, 25)
    assert said.message == "Mon 2026-11-23  capacity 6h, buffer 25%"


def test_rollover_rolls_chosen_leftovers_once_with_the_reason(repo: Repository) -> None:
    kept, left = new_task(repo, "kept"), new_task(repo, "left")
    plan_task(repo, CLOCK, MONDAY, [kept.id, left.id])
    tuesday = date(2026, 11, 24)
    said = roll_over(repo, LATER, tuesday, [kept.id], "waited for data")
    assert said.extra["rolled"] == 1
    assert repo.plan_for(tuesday).task_ids == [kept.id]
    rolled = repo.get(Task, kept.id)
    assert rolled.rollover_count == 1 and rolled.slips[0].reason == "waited for data"
    roll_over(repo, LATER, tuesday)   # the rest
    assert repo.plan_for(tuesday).task_ids == [kept.id, left.id]
    assert repo.get(Task, kept.id).rollover_count == 1
    assert roll_over(repo, LATER, tuesday).extra["rolled"] == 0


def test_adding_a_task_with_a_plan_day_and_editing_keeps_other_changes(
        repo: Repository) -> None:
    said = add_task(repo, CLOCK, {"title": "draft"}, plan_day=MONDAY)
    task = said.record
    assert repo.plan_for(MONDAY).task_ids == [task.id]
    # Another process changes the owner while the form is open; the form changes the title.
    repo.save(repo.get(Task, task.id).evolve(owner="林晓"))
    edit_task(repo, CLOCK, task, task.evolve(title="final draft"))
    stored = repo.get(Task, task.id)
    assert (stored.title, stored.owner) == ("final draft", "林晓")


def test_a_goal_on_a_metric_takes_its_target_and_a_target_needs_a_metric(
        repo: Repository) -> None:
    metric = repo.add(Metric(key="dau", name="DAU", target=120000, direction="up"))
    said = add_goal(repo, CLOCK, "DAU +20%", "2026-Q4", metric="dau")
    goal = said.record
    assert (goal.metric_id, goal.target, goal.period) == (metric.id, 120000, "2026-Q4")
    with pytest.raises(ActionError, match="need a metric"):
        add_goal(repo, CLOCK, "no metric", "2026-11", target=5)
    with pytest.raises(ActionError, match="no metric with key 'mau'"):
        add_goal(repo, CLOCK, "x", "2026-11", metric="mau")
    assert len(repo.all(Goal)) == 1
    edit_goal(repo, CLOCK, goal.short_id, {"owner": "王磊"})
    close_goal(repo, CLOCK, goal.short_id)
    stored = repo.get(Goal, goal.id)
    assert stored.closed and stored.owner == "王磊" and stored.target == 120000


def test_breaking_a_goal_down_adds_all_tasks_or_none(repo: Repository) -> None:
    goal = add_goal(repo, CLOCK, "W48", "2026-W48").record
    with pytest.raises(ActionError, match="task 2"):
        break_down(repo, CLOCK, goal.short_id, ["ok !P1", "bad due:someday"])
    assert repo.all(Task) == []
    said = break_down(repo, CLOCK, goal.short_id, ["copy !P1 @林晓", "page plan:tue"])
    tasks = {t.title: t for t in repo.all(Task)}
    assert {t.goal_id for t in tasks.values()} == {goal.id}
    assert tasks["copy"].owner == "林晓"
    assert repo.plan_for(date(2026, 11, 24)).task_ids == [tasks["page"].id]
    assert said.message.startswith("2 tasks added to W48")


def test_support_is_requested_confirmed_and_refused_only_with_a_reason(
        repo: Repository) -> None:
    task = new_task(repo, "launch page")
    said = request_support(repo, CLOCK, task.short_id, "设计部", "banner", needed_by=MONDAY)
    request = said.record
    assert (request.task_id, request.status.value) == (task.id, "requested")
    with pytest.raises(ActionError, match="say why"):
        answer_support(repo, CLOCK, request.short_id, "refused", "  ")
    answer_support(repo, CLOCK, request.short_id, "refused", "no designer free")
    stored = repo.get(ResourceRequest, request.id)
    assert (stored.status.value, stored.note) == ("refused", "no designer free")
    answer_support(repo, CLOCK, request.short_id, "confirmed")
    assert repo.get(ResourceRequest, request.id).status.value == "confirmed"


def test_each_before_action_is_journalled_and_undone(repo: Repository) -> None:
    task = new_task(repo, "undo me")
    plan_task(repo, LATER, MONDAY, [task.id])
    [entry] = [e for e in repo.all(JournalEntry) if e.action == "plan"]
    assert entry.source == "cli" and entry.at == LATER.now
    undo(repo, Clock(datetime(2026, 11, 24, 11, 0)))
    assert repo.all(DayPlan) == [] and repo.get(Task, task.id) is not None
