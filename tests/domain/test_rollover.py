"""Rollover: one slip per task and day, one place in the target plan, whoever rolls."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opstui.domain.models import DayPlan, Slip, Task
from opstui.domain.rollover import Carry, leftovers, roll_over, slipped

TODAY = date(2026, 11, 23)
D = TODAY - timedelta(days=1)
EARLIER = TODAY - timedelta(days=3)


def t(title: str = "x", **fields: object) -> Task:
    return Task(title=title, **fields)  # type: ignore[arg-type]


def test_leftovers_are_open_earlier_and_not_planned_later() -> None:
    open_ = t("open")
    done = t("done", status="done")
    replanned = t("replanned")
    cancelled = t("cancelled", status="cancelled")
    urgent = t("urgent", priority="P0")
    plans = [
        DayPlan(day=TODAY - timedelta(days=3), task_ids=[open_.id, urgent.id]),
        DayPlan(day=TODAY - timedelta(days=1),
                task_ids=[open_.id, done.id, replanned.id, cancelled.id]),
        DayPlan(day=TODAY + timedelta(days=1), task_ids=[replanned.id]),
    ]
    by_id = {x.id: x for x in (open_, done, replanned, cancelled, urgent)}
    found = leftovers(plans, by_id, TODAY)
    assert [(lo.task.title, lo.planned_on) for lo in found] == [
        ("urgent", TODAY - timedelta(days=3)), ("open", TODAY - timedelta(days=1))]


# earlier slip of D (action, reason) | count before | in target before | action, reason now
# -> count after | slips after (day, action, reason) | in target after
RULE = [
    pytest.param(None, 0, False, "rolled", "busy", 1, [(D, "rolled", "busy")], True,
                 id="first roll"),
    pytest.param(None, 0, False, "unplanned", "no longer needed", 0,
                 [(D, "unplanned", "no longer needed")], False, id="first unplan"),
    pytest.param(("rolled", "busy"), 1, True, "rolled", "meetings", 1,
                 [(D, "rolled", "meetings")], True, id="re-roll D replaces, never counts twice"),
    pytest.param(("rolled", "busy"), 1, False, "rolled", "", 1, [(D, "rolled", "busy")], True,
                 id="re-roll after leaving the plan: back in once, reason kept"),
    pytest.param(("rolled", "busy"), 1, True, "unplanned", "dropped", 0,
                 [(D, "unplanned", "dropped")], False, id="roll changed to unplan"),
    pytest.param(("unplanned", "later"), 0, False, "rolled", "now", 1,
                 [(D, "rolled", "now")], True, id="unplan changed to roll"),
    pytest.param(None, 2, False, "rolled", "", 3, [(D, "rolled", "")], True,
                 id="rolled from another day before: counts again"),
]


@pytest.mark.parametrize(("earlier", "count", "in_target", "action", "reason", "count_after",
                          "slips_after", "in_target_after"), RULE)
def test_the_rollover_rule(earlier: tuple[str, str] | None, count: int, in_target: bool,
                           action: str, reason: str, count_after: int,
                           slips_after: list[tuple[date, str, str]], in_target_after: bool
                           ) -> None:
    older = [Slip(day=EARLIER, action="rolled", reason="old")] if count == 2 else []
    slips = older + ([Slip(day=D, action=earlier[0], reason=earlier[1])] if earlier else [])
    task = t("SOP", slips=slips, rollover_count=count)
    other = t("other")
    target = DayPlan(day=TODAY, task_ids=[other.id, *([task.id] if in_target else [])])
    done = roll_over([Carry(task.id, D, action, reason)], {task.id: task}, target)
    (after,) = done.tasks
    assert after.rollover_count == count_after
    assert [(s.day, s.action, s.reason) for s in after.slips] == [
        *[(s.day, s.action, s.reason) for s in older], *slips_after]
    ids = (done.plan or target).task_ids
    assert ids.count(task.id) == (1 if in_target_after else 0)
    assert ids[0] == other.id
    assert (done.plan is None) == (in_target == in_target_after)


def test_rolling_twice_in_a_row_is_the_same_as_once() -> None:
    task = t("SOP")
    target = DayPlan(day=TODAY)
    first = roll_over([Carry(task.id, D, reason="busy")], {task.id: task}, target)
    assert first.plan is not None and first.to_save == [*first.tasks, first.plan]
    second = roll_over([Carry(task.id, D)], {task.id: first.tasks[0]}, first.plan)
    assert second.tasks == first.tasks and second.plan is None
    assert second.to_save == second.tasks  # nothing new for the plan: it is not saved again


def test_finished_or_missing_tasks_are_skipped() -> None:
    done = t("done", status="done")
    result = roll_over([Carry(done.id, D), Carry("f" * 32, D)], {done.id: done},
                       DayPlan(day=TODAY))
    assert result.tasks == [] and result.plan is None


@pytest.mark.parametrize(("day", "action", "message"), [
    (D, "dropped", "unknown action"),
    (TODAY, "rolled", "roll onto a later day"),
])
def test_roll_over_refuses(day: date, action: str, message: str) -> None:
    task = t("SOP")
    with pytest.raises(ValueError, match=message):
        roll_over([Carry(task.id, day, action)], {task.id: task}, DayPlan(day=TODAY))


def test_slips_stay_in_day_order() -> None:
    task = t("SOP", slips=[Slip(day=TODAY, action="rolled")], rollover_count=1)
    assert [s.day for s in slipped(task, D).slips] == [D, TODAY]


def test_tasks_unplanned_on_purpose_are_not_leftovers() -> None:
    from opstui.domain.rollover import replanned, unplanned

    shutdown = slipped(t("unplanned in the shutdown of D"), D, "unplanned", "not needed")
    taken_off = unplanned(t("taken off D's plan with x"), D)
    old_unplan = slipped(t("unplanned earlier, planned again later"), EARLIER, "unplanned")
    again = replanned(unplanned(t("taken off, then planned again on D"), D), D)
    plans = [DayPlan(day=EARLIER, task_ids=[old_unplan.id, taken_off.id]),
             DayPlan(day=D, task_ids=[shutdown.id, old_unplan.id, again.id])]
    by_id = {x.id: x for x in (shutdown, taken_off, old_unplan, again)}
    found = leftovers(plans, by_id, TODAY)
    assert sorted(lo.task.title for lo in found) == [
        "taken off, then planned again on D", "unplanned earlier, planned again later"]
    assert [(s.day, s.action, s.reason) for s in taken_off.slips] == [(D, "unplanned", "")]
    assert again.slips == []


def test_taking_a_rolled_task_off_its_old_day_keeps_the_roll() -> None:
    from opstui.domain.rollover import unplanned

    rolled = slipped(t("rolled from D"), D, "rolled", "busy")
    assert unplanned(rolled, D) == rolled and rolled.rollover_count == 1


LATER = TODAY + timedelta(days=2)


def test_rolling_a_day_again_elsewhere_moves_the_task() -> None:
    task = t("SOP")
    first = roll_over([Carry(task.id, D, reason="busy")], {task.id: task}, DayPlan(day=LATER))
    assert first.plan is not None and [s.to for s in first.tasks[0].slips] == [LATER]
    plans = {LATER: first.plan}
    again = roll_over([Carry(task.id, D)], {task.id: first.tasks[0]}, DayPlan(day=TODAY),
                      plans)
    (moved,) = again.tasks
    assert [(s.day, s.action, s.reason, s.to) for s in moved.slips] == [
        (D, "rolled", "busy", TODAY)]
    assert moved.rollover_count == 1
    assert again.plan is not None and task.id in again.plan.task_ids
    (left,) = again.earlier_targets
    assert left.day == LATER and task.id not in left.task_ids
    assert again.to_save == [moved, again.plan, left]


def test_unplanning_a_rolled_day_takes_the_task_off_where_it_went() -> None:
    task = t("SOP")
    first = roll_over([Carry(task.id, D)], {task.id: task}, DayPlan(day=LATER))
    assert first.plan is not None
    unplan = roll_over([Carry(task.id, D, "unplanned", "not needed")], {task.id: first.tasks[0]},
                       DayPlan(day=TODAY), {LATER: first.plan})
    assert [p.task_ids for p in unplan.earlier_targets] == [[]]
    assert unplan.tasks[0].slips[0].to is None


def test_an_earlier_target_with_its_own_slip_is_history_and_kept() -> None:
    task = t("SOP")
    first = roll_over([Carry(task.id, D)], {task.id: task}, DayPlan(day=TODAY))
    assert first.plan is not None
    # TODAY also ended unfinished: rolled on to LATER, so TODAY's plan is history now.
    on = roll_over([Carry(task.id, TODAY)], {task.id: first.tasks[0]}, DayPlan(day=LATER))
    assert on.plan is not None
    again = roll_over([Carry(task.id, D)], {task.id: on.tasks[0]}, DayPlan(day=LATER),
                      {TODAY: first.plan, LATER: on.plan})
    assert again.earlier_targets == []
