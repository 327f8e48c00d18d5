"""Follow-up rules: status reasons, staleness, team load, action items, reviews, escalation."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from opstui.domain.minutes import (
    action_item_tasks,
    carried_over,
    parse_action_items,
    split_names,
)
from opstui.domain.models import (
    CheckItem,
    Incident,
    Meeting,
    ProgressNote,
    ResourceRequest,
    ReviewCheck,
    Severity,
    SourceKind,
    Task,
    TaskStatus,
)
from opstui.domain.settings import WEEKDAYS, Settings
from opstui.domain.tracking import (
    UNASSIGNED,
    TrackingError,
    add_note,
    change_status,
    escalate,
    follow_up,
    is_stale,
    last_update,
    resolve,
    review_problem,
    task_buckets,
    team_view,
    unescalated,
)

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0)


def at(days_ago: int) -> datetime:
    return NOW - timedelta(days=days_ago)


def task(title: str = "t", **fields: object) -> Task:
    fields.setdefault("updated_at", NOW)
    return Task(title=title, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "reason", "ok"),
    [
        ("waiting", "", False), ("waiting", "   ", False), ("blocked", "", False),
        ("waiting", "法务回复", True), ("blocked", "no budget", True),
        ("doing", "", True), ("done", "", True), ("cancelled", "", True), ("todo", "", True),
    ],
)
def test_waiting_and_blocked_need_a_reason(status: str, reason: str, ok: bool) -> None:
    old = task(updated_at=at(5))
    if not ok:
        with pytest.raises(TrackingError, match="needs a reason"):
            change_status(old, TaskStatus(status), reason, NOW)
        return
    new = change_status(old, TaskStatus(status), reason, NOW)
    assert new.status == status and new.updated_at == NOW
    assert new.status_reason == (reason.strip() if status in ("waiting", "blocked") else "")


def test_done_sets_percent_and_finish_time_and_reopening_clears_it() -> None:
    done = change_status(task(percent=30), TaskStatus.DONE, "", NOW)
    assert done.percent == 100 and done.done_at == NOW
    reopened = change_status(done, TaskStatus.DOING, "", NOW + timedelta(hours=1))
    assert reopened.done_at is None and reopened.is_open


def test_a_note_with_percent_updates_the_task() -> None:
    note, new = add_note(task(updated_at=at(4)), "half way", 50, NOW)
    assert note.percent == 50 and new.percent == 50 and new.updated_at == NOW
    assert new.status is TaskStatus.DOING
    _, same = add_note(task(percent=20), "still going", None, NOW)
    assert same.percent == 20


def every_day(stale_days: int) -> Settings:
    """Settings where every day is a working day: staleness in calendar days."""
    return Settings(stale_working_days=stale_days, working_days=list(WEEKDAYS))


@pytest.mark.parametrize(
    ("updated_days_ago", "status", "stale_days", "stale"),
    [
        (0, "todo", 3, False), (2, "doing", 3, False), (3, "doing", 3, True),
        (10, "waiting", 3, True), (10, "done", 3, False), (10, "cancelled", 3, False),
        (4, "todo", 5, False), (5, "todo", 5, True),
    ],
)
def test_staleness(updated_days_ago: int, status: str, stale_days: int, stale: bool) -> None:
    t = task(status=status, status_reason="r", updated_at=at(updated_days_ago))
    assert is_stale(t, last_update(t), TODAY, every_day(stale_days)) is stale


def test_a_recent_note_counts_as_an_update() -> None:
    t = task(updated_at=at(9))
    note = ProgressNote(task_id=t.id, text="called them", at=at(1))
    assert last_update(t, [note]) == at(1)
    assert not is_stale(t, last_update(t, [note]), TODAY, every_day(3))


def test_team_view_puts_who_needs_a_follow_up_first() -> None:
    tasks = [
        task("a1", owner="Ann"),
        task("a2", owner="Ann", priority="P0"),
        task("b1", owner="王芳", status="blocked", status_reason="x", due=TODAY - timedelta(1)),
        task("b2", owner="王芳", updated_at=at(6)),
        task("b3", owner="王芳", status="done"),
        task("u1"),
    ]
    team = team_view(tasks, {}, TODAY, every_day(3))
    assert [p.owner for p in team] == ["王芳", "Ann", UNASSIGNED]
    wang = team[0]
    assert (len(wang.open), wang.overdue, wang.blocked, wang.stale) == (2, 1, 1, 1)
    assert [t.title for t in team[1].open] == ["a2", "a1"]


def test_task_buckets_and_unconfirmed_resources() -> None:
    waiting = task("needs legal", updated_at=at(1))
    tasks = [waiting, task("old", updated_at=at(7)),
             task("late", due=TODAY - timedelta(days=2)), task("fin", status="done")]
    requests = [ResourceRequest(task_id=waiting.id, department="法务部", what="opinion")]
    buckets = task_buckets(tasks, {}, requests, TODAY, every_day(3))
    assert [t.title for t in buckets.overdue] == ["late"]
    assert [t.title for t in buckets.stale] == ["old"]
    assert [t.title for t in buckets.unconfirmed] == ["needs legal"]
    confirmed = [requests[0].evolve(status="confirmed")]
    assert task_buckets(tasks, {}, confirmed, TODAY, every_day(3)).unconfirmed == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Send the brief | 王芳 | fri", [("Send the brief", "王芳", date(2026, 11, 27))]),
        ("check numbers\n\n  | \n", None),
        ("a | Bob\nb", [("a", "Bob", None), ("b", None, None)]),
        ("a || 2026-12-01", [("a", None, date(2026, 12, 1))]),
    ],
)
def test_action_items_are_read_one_a_line(text: str, expected: list[tuple] | None) -> None:
    if expected is None:
        with pytest.raises(TrackingError, match="line 3"):
            parse_action_items(text, TODAY)
        return
    items = parse_action_items(text, TODAY)
    assert [(i.title, i.owner, i.due) for i in items] == expected


@pytest.mark.parametrize("text", ["a | b | c | d", "a | b | someday"])
def test_bad_action_items_say_which_line(text: str) -> None:
    with pytest.raises(TrackingError, match="line 1"):
        parse_action_items(text, TODAY)


def test_action_items_become_tasks_and_open_ones_carry_over() -> None:
    first = Meeting(day=TODAY - timedelta(days=7), title="weekly sync", departments=["技术部"])
    at = datetime(2026, 11, 16, 10, 0)
    tasks = action_item_tasks(first, parse_action_items("fix push | 刘洋\nship | Bob", TODAY), at)
    assert all(t.source.kind is SourceKind.MEETING and t.source.ref == first.id for t in tasks)
    assert all(t.created_at == at for t in tasks)  # the clock is passed in
    assert tasks[0].department == "技术部"
    tasks[1] = tasks[1].evolve(status="done")
    other = Meeting(day=TODAY - timedelta(days=3), title="legal", departments=["法务部"])
    now = Meeting(day=TODAY, title="weekly sync", departments=["市场部", "技术部"])
    by_ref: dict[str | None, list[Task]] = {first.id: tasks, other.id: []}
    assert [t.title for t in carried_over(now, [first, other, now], by_ref)] == ["fix push"]
    # A meeting does not carry over its own items, nor later meetings' ones.
    assert carried_over(first, [first, now], by_ref) == []


def test_split_names() -> None:
    assert split_names("技术部，市场部、 legal; 技术部") == ["技术部", "市场部", "legal"]


@pytest.mark.parametrize(
    ("outcome", "reason", "passes", "problem"),
    [
        ("approved", "", [True, True], None),
        ("approved", "", [True, False], "not passed"),
        ("approved", "", [True, None], "not passed"),
        ("rejected", "", [True, False], "needs a reason"),
        ("rejected", "off brand", [True, False], None),
        ("pending", "", [None, None], None),
    ],
)
def test_review_outcome_rules(outcome: str, reason: str, passes: list[bool | None],
                              problem: str | None) -> None:
    review = ReviewCheck(day=TODAY, deliverable="copy", outcome=outcome, reason=reason,  # type: ignore[arg-type]
                         items=[CheckItem(label=f"i{n}", passed=p) for n, p in enumerate(passes)])
    found = review_problem(review)
    assert (found is None) if problem is None else (problem in (found or ""))


def test_default_checklist() -> None:
    labels = [i.label for i in ReviewCheck(day=TODAY, deliverable="x").items]
    assert labels == ["accurate", "compliant", "on brand", "serves the goal"]


def test_severe_incidents_are_flagged_until_escalated_then_resolved() -> None:
    s1 = Incident(title="payment down", severity=Severity.S1, opened_at=at(0))
    s3 = Incident(title="typo", severity=Severity.S3, opened_at=at(0))
    assert unescalated([s1, s3]) == 1
    up = escalate(s1, "赵明远", NOW, "call me", inform=["技术部"])
    assert up.escalations[0].to == "赵明远" and up.departments_informed == ["技术部"]
    assert unescalated([up, s3]) == 0
    with pytest.raises(TrackingError, match="whom"):
        escalate(s1, " ", NOW)
    with pytest.raises(TrackingError, match="cause and the resolution"):
        resolve(up, "config", "", NOW)
    done = resolve(up, "config", "rolled back", NOW)
    assert not done.is_open and not done.needs_escalation
    with pytest.raises(TrackingError, match="resolved"):
        escalate(done, "Boss", NOW)
    unresolved_s2 = Incident(title="x", severity=Severity.S2, opened_at=at(0))
    assert resolve(unresolved_s2, "c", "r", NOW).needs_escalation is False


# -- staleness in working days ----------------------------------------------------------
FRIDAY = datetime(2026, 11, 20, 17, 0)
"""Work last touched on Friday evening; TODAY (2026-11-23) is the Monday after."""


@pytest.mark.parametrize(
    ("today", "stale"),
    [(date(2026, 11, 23), False), (date(2026, 11, 24), False), (date(2026, 11, 25), True)],
    ids=["monday", "tuesday", "wednesday"],
)
def test_a_monday_does_not_flag_fridays_work(today: date, stale: bool) -> None:
    t = task("weekly numbers", updated_at=FRIDAY)
    settings = Settings()  # Monday to Friday, stale after 3 working days
    assert is_stale(t, last_update(t), today, settings) is stale
    assert follow_up(t, [], today, settings).stale is stale
    assert bool(task_buckets([t], {}, [], today, settings).stale) is stale
    assert team_view([t], {}, today, settings)[0].stale == stale


def test_the_working_days_come_from_the_settings() -> None:
    t = task("weekend shift", updated_at=FRIDAY)
    six_days = Settings(working_days=["mon", "tue", "wed", "thu", "fri", "sat"])
    # Saturday counts for a team that works it: Sat, Mon, Tue
    assert is_stale(t, last_update(t), date(2026, 11, 24), six_days)
    assert not is_stale(t, last_update(t), date(2026, 11, 24), Settings())
    assert is_stale(t, last_update(t), date(2026, 11, 24), Settings(stale_working_days=2))


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [(date(2026, 11, 20), date(2026, 11, 23), 1), (date(2026, 11, 23), date(2026, 11, 23), 0),
     (date(2026, 11, 23), date(2026, 11, 20), 0), (date(2026, 11, 16), date(2026, 11, 30), 10),
     (date(2026, 11, 21), date(2026, 11, 22), 0), (date(2026, 11, 17), date(2026, 12, 1), 10)],
)
def test_working_days_between(start: date, end: date, count: int) -> None:
    assert Settings().working_days_between(start, end) == count
