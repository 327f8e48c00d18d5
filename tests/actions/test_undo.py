"""Undo and redo: every action kind taken back and redone to byte-identical records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from action_data import Ticking, raw_records

from opstui.actions import (
    goals,
    metrics,
    planning,
    recurring,
    reporting,
    retros,
    support,
    tasks,
    tracking,
    worklog,
)
from opstui.actions.errors import ActionError
from opstui.actions.undo import history, redo, undo
from opstui.domain.clock import Clock
from opstui.domain.minutes import ActionItem
from opstui.domain.models import Incident, Meeting, ReviewCheck, Task
from opstui.domain.rollover import Carry
from opstui.domain.worklog import LogDraft
from opstui.store.repository import Repository

Act = Callable[[Repository, Clock, dict[str, Any]], Any]


def _base(repo: Repository, clock: Ticking) -> dict[str, Any]:
    """A small data set made through actions; the ids the cases act on."""
    task = tasks.add_task(repo, clock(), {"title": "写周报", "owner": "Marco"}).record
    tasks.add_note(repo, clock(), task.id, "drafted", 30)
    done = tasks.add_task(repo, clock(), {"title": "发推送"}).record
    tasks.mark_done(repo, clock(), [done.id])
    metrics.define_metric(repo, clock(), "dau", {"target": 100000.0})
    for n, value in enumerate([1000, 1010, 990, 1005, 995, 1000, 1002, 998, 1001, 999,
                               1003, 997, 1000, 1001, 400]):
        metrics.record_reading(repo, clock(), "dau", date(2026, 11, 10 + n), value)
    incident = tracking.open_incident(repo, clock(), Incident(
        title="支付失败", severity="S1", opened_at=clock().now)).record
    meeting = tracking.save_meeting(repo, clock(), Meeting(day=date(2026, 11, 30),
                                                           title="周会")).record
    goal = goals.add_goal(repo, clock(), "DAU +20%", "2026-Q4", owner="林晓").record
    left = tasks.add_task(repo, clock(), {"title": "昨天没做完"}, plan_day=SUNDAY).record
    tasks.add_task(repo, clock(), {"title": "今天的"}, plan_day=MONDAY)
    second = tasks.add_task(repo, clock(), {"title": "今天的二"}, plan_day=MONDAY).record
    request = support.request_support(repo, clock(), task.id, "技术部", "2 人天").record
    return {"task": task.id, "done": done.id, "incident": incident.id, "meeting": meeting.id,
            "goal": goal.id, "left": left.id, "request": request.id, "second": second.id}


SUNDAY, MONDAY = date(2026, 11, 29), date(2026, 11, 30)



CASES: dict[str, Act] = {
    "add": lambda r, c, ids: tasks.add_task(r, c, {"title": "新任务 ✨", "due": date(2026, 12, 4)},
                                            plan_day=date(2026, 11, 30)),
    "edit": lambda r, c, ids: tasks.update_task(r, c, ids["task"], {"priority": "P0"}),
    "done": lambda r, c, ids: tasks.mark_done(r, c, [ids["task"]]),
    "reopen": lambda r, c, ids: tasks.reopen_task(r, c, ids["done"]),
    "status": lambda r, c, ids: tasks.set_status(r, c, ids["task"], "blocked", "等设计"),
    "assign": lambda r, c, ids: tasks.reassign(r, c, ids["task"], "林晓"),
    "note": lambda r, c, ids: tasks.add_note(r, c, ids["task"], "过半", 60),
    "meeting": lambda r, c, ids: tracking.save_meeting(
        r, c, Meeting(day=date(2026, 11, 30), title="评审会", decisions=["周五上线"]),
        [ActionItem("修复登录", "王磊", date(2026, 12, 4))]),
    "review": lambda r, c, ids: tracking.save_review(
        r, c, ReviewCheck(day=date(2026, 11, 30), deliverable="双12 文案")),
    "incident": lambda r, c, ids: tracking.open_incident(
        r, c, Incident(title="短信延迟", severity="S2", opened_at=c.now)),
    "escalate": lambda r, c, ids: tracking.escalate_incident(r, c, ids["incident"], "赵明远"),
    "resolve": lambda r, c, ids: tracking.resolve_incident(r, c, ids["incident"], "配置错误",
                                                           "回滚", force=True),
    "metric": lambda r, c, ids: metrics.define_metric(r, c, "d7", {"unit": "%"}),
    "reading": lambda r, c, ids: metrics.record_reading(r, c, "dau", date(2026, 11, 25), 777),
    "reading replaced": lambda r, c, ids: metrics.record_reading(r, c, "dau",
                                                                 date(2026, 11, 24), 4242),
    "investigate": lambda r, c, ids: metrics.investigate(r, c, "dau"),
    # Before
    "plan": lambda r, c, ids: planning.plan_task(r, c, MONDAY, [ids["task"]]),
    "unplan": lambda r, c, ids: planning.unplan_task(r, c, SUNDAY, [ids["left"]]),
    "move": lambda r, c, ids: planning.move_in_plan(r, c, MONDAY, ids["second"], -1),
    "capacity": lambda r, c, ids: planning.set_capacity(r, c, MONDAY, 6, 30),
    "rollover": lambda r, c, ids: planning.roll_over(r, c, MONDAY, [ids["left"]], "数据晚了"),
    "goal": lambda r, c, ids: goals.add_goal(r, c, "D7 ≥ 35%", "2026-Q4", metric="dau",
                                             target=120000),
    "goal edit": lambda r, c, ids: goals.edit_goal(r, c, ids["goal"], {"owner": "王磊"}),
    "goal close": lambda r, c, ids: goals.close_goal(r, c, ids["goal"]),
    "break down": lambda r, c, ids: goals.break_down(r, c, ids["goal"], [
        "写方案 !P1 @Marco due:fri", "定预算 ~2h plan:today"]),
    "support": lambda r, c, ids: support.request_support(r, c, ids["task"], "法务", "审规则"),
    "support answer": lambda r, c, ids: support.answer_support(r, c, ids["request"],
                                                               "refused", "排不开"),
    "recurring": lambda r, c, ids: recurring.add_recurring(r, c, "周报",
                                                           "FREQ=WEEKLY;BYDAY=FR"),
    # After
    "work log": lambda r, c, ids: worklog.write_log(r, c, MONDAY, summary="双12 方案过半"),
    "shutdown": lambda r, c, ids: worklog.shut_down(r, c, SUNDAY, LogDraft(summary="收工"), [
        Carry(ids["left"], SUNDAY, reason="数据晚了")]),
    "retro": lambda r, c, ids: retros.add_retro(r, c, {
        "title": "双11 复盘", "project": "双11", "day": MONDAY}, ["订 CDN @林晓 due:fri"]),
    "highlight": lambda r, c, ids: reporting.mark_highlight(r, c, ids["done"]),
    "score": lambda r, c, ids: reporting.score_member(r, c, "Marco", "2026-11",
                                                      {"ability": 4, "comment": "稳"}),
    "feedback": lambda r, c, ids: reporting.add_feedback(r, c, "Marco", "praise", "推送准时"),
    "finding": lambda r, c, ids: reporting.add_finding(r, c, "competitor", "竞品 A 签到"),
    "budget": lambda r, c, ids: reporting.set_budget(r, c, ids["goal"],
                                                     {"budget_planned": 200000}),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_undo_and_redo_round_trip_to_identical_records(
    kind: str, repo: Repository, clock: Ticking, data_file: Path
) -> None:
    ids = _base(repo, clock)
    before = raw_records(data_file)
    CASES[kind](repo, clock(), ids)
    after = raw_records(data_file)
    assert after != before, "the action changed nothing"
    fresh = Repository(data_file)  # undo works from another process (the CLI after the TUI)
    undo(fresh, clock())
    assert raw_records(data_file) == before
    redo(Repository(data_file), clock())
    assert raw_records(data_file) == after
    undo(repo, clock())
    assert raw_records(data_file) == before


def test_undo_refuses_to_take_back_what_a_later_change_built_on(
    repo: Repository, clock: Ticking, data_file: Path
) -> None:
    ids = _base(repo, clock)
    tasks.add_note(repo, clock(), ids["task"], "过半", 60)
    entries = history(repo)
    # A later change to the same task that undo would silently throw away:
    tasks.reassign(repo, clock(), ids["task"], "林晓")
    undo(repo, clock())  # takes back the reassign
    tasks.set_status(repo, clock(), ids["task"], "doing")  # a new action after the undo
    assert entries[0].action == "note"
    # Now change the task behind the journal's back (as an older opstui would):
    stored = repo.get(Task, ids["task"])
    assert stored is not None
    with repo.transaction():
        repo.save(stored.evolve(title="手改"))
    before = data_file.read_bytes()
    with pytest.raises(ActionError, match="changed since"):
        undo(repo, clock())
    assert data_file.read_bytes() == before
    undo(repo, clock(), force=True)
    saved = repo.get(Task, ids["task"])
    assert saved is not None and saved.title == "写周报"


def test_a_new_action_ends_the_redo_chain(repo: Repository, clock: Ticking) -> None:
    ids = _base(repo, clock)
    tasks.reassign(repo, clock(), ids["task"], "林晓")
    undo(repo, clock())
    tasks.add_task(repo, clock(), {"title": "别的"})
    with pytest.raises(ActionError, match="nothing to redo"):
        redo(repo, clock())


def test_undo_goes_back_step_by_step_and_redo_forward(
    repo: Repository, clock: Ticking, data_file: Path
) -> None:
    ids = _base(repo, clock)
    states = [raw_records(data_file)]
    for owner in ("A", "B", "C"):
        tasks.reassign(repo, clock(), ids["task"], owner)
        states.append(raw_records(data_file))
    for expected in reversed(states[:-1]):
        undo(repo, clock())
        assert raw_records(data_file) == expected
    for expected in states[1:]:
        redo(repo, clock())
        assert raw_records(data_file) == expected


def test_the_journal_keeps_the_newest_entries_and_says_where_they_came_from(
    repo: Repository, clock: Ticking
) -> None:
    from opstui.domain.journal import JOURNAL_KEEP

    task = tasks.add_task(repo, clock(), {"title": "t"}, source="tui").record
    for n in range(JOURNAL_KEEP + 30):
        tasks.add_note(repo, clock(), task.id, f"n{n}")
    entries = history(repo)
    assert JOURNAL_KEEP <= len(entries) <= JOURNAL_KEEP + JOURNAL_KEEP // 5
    assert entries[0].message.endswith("t") and entries[0].action == "note"
    assert all(e.source == "cli" for e in entries)
    assert [c.table for c in entries[0].changes] == ["notes"]  # the task itself is unchanged
