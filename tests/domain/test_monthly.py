"""The monthly review per team member: done, on time, overdue, rolled over, goals."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from markdown_it import MarkdownIt

from opstui.domain.dates import parse_period
from opstui.domain.models import Goal, Metric, Reading, Slip, Task
from opstui.domain.monthly import UNASSIGNED, monthly_review, review_json, review_markdown
from opstui.domain.report import Records

NOV = parse_period("2026-11")
CREATED = datetime(2026, 10, 20, 9, 0)


def task(title: str, owner: str | None, **fields: object) -> Task:
    """A task created in October."""
    return Task(title=title, owner=owner, created_at=CREATED, **fields)  # type: ignore[arg-type]


def records() -> Records:
    """Two people's November."""
    return Records(tasks=[
        task("on time", "陈静", status="done", due=date(2026, 11, 10),
             done_at=datetime(2026, 11, 10, 18, 0)),
        task("late", "陈静", status="done", due=date(2026, 11, 10),
             done_at=datetime(2026, 11, 12, 9, 0)),
        task("no due", "陈静", status="done", done_at=datetime(2026, 11, 30, 23, 59)),
        task("october", "陈静", status="done", done_at=datetime(2026, 10, 31, 23, 0)),
        task("overdue", "Marco", due=date(2026, 11, 5), slips=[
            Slip(day=date(2026, 10, 30), action="rolled", reason="before"),
            Slip(day=date(2026, 11, 3), action="rolled", reason="busy"),
            Slip(day=date(2026, 11, 4), action="unplanned", reason="later")]),
        task("nobody's", None, due=date(2026, 12, 5)),
    ])


@pytest.mark.parametrize(("owner", "done", "rate", "overdue", "rolled", "unplanned", "open_"), [
    ("陈静", 3, 0.5, 0, 0, 0, 0),
    ("Marco", 0, 0.0, 1, 1, 1, 1),  # one task came due and is still open: 0% on time
    (UNASSIGNED, 0, None, 0, 0, 0, 1),
])
def test_each_member_is_counted(owner: str, done: int, rate: float | None, overdue: int,
                                rolled: int, unplanned: int, open_: int) -> None:
    review = monthly_review(records(), NOV, date(2026, 12, 3))
    member = next(m for m in review.members if m.owner == owner)
    assert (member.done, member.on_time_rate, member.overdue, member.rolled,
            member.unplanned, member.open) == (done, rate, overdue, rolled, unplanned, open_)
    assert review.members[-1].owner == UNASSIGNED  # the unassigned come last


NOV_30 = date(2026, 11, 30)


@pytest.mark.parametrize(("fields", "came_due", "on_time"), [
    ({"status": "done", "due": date(2026, 11, 10), "done_at": datetime(2026, 11, 10, 23)},
     1, 1),  # done on the due day: on time
    ({"status": "done", "due": date(2026, 11, 10), "done_at": datetime(2026, 11, 3)},
     1, 1),  # done early
    ({"status": "done", "due": date(2026, 11, 10), "done_at": datetime(2026, 11, 11, 9)},
     1, 0),  # done a day late
    ({"due": date(2026, 11, 10)}, 1, 0),  # still open and overdue: counts against
    ({"due": date(2026, 11, 23)}, 0, 0),  # due today, still open: not come due yet
    ({"due": date(2026, 11, 25)}, 0, 0),  # due later this month
    ({"status": "done", "due": date(2026, 11, 25), "done_at": datetime(2026, 11, 20)},
     1, 1),  # due later, already done: on time
    ({"due": date(2026, 10, 28)}, 0, 0),  # came due last month
    ({"status": "done", "due": date(2026, 10, 28), "done_at": datetime(2026, 11, 2)},
     0, 0),  # last month's task done late this month: judged in October
    ({"status": "cancelled", "due": date(2026, 11, 10)}, 0, 0),
    ({"status": "done", "done_at": datetime(2026, 11, 10)}, 0, 0),  # no due date
])
def test_on_time_rate_counts_the_tasks_that_came_due(fields: dict[str, object], came_due: int,
                                                     on_time: int) -> None:
    review = monthly_review(Records(tasks=[task("t", "林晓", **fields)]), NOV,
                            date(2026, 11, 23))
    lin = next((m for m in review.members if m.owner == "林晓"), None)
    counted = (lin.came_due, lin.on_time, lin.on_time_rate) if lin else (0, 0, None)
    assert counted == (came_due, on_time, on_time / came_due if came_due else None)


def test_on_time_rate_includes_overdue_open_tasks() -> None:
    """QA: 100% (18/18) was shown next to 1 overdue task."""
    done = [task(f"d{n}", "林晓", status="done", due=date(2026, 11, n + 1),
                 done_at=datetime(2026, 11, n + 1, 17)) for n in range(3)]
    late = task("late", "林晓", due=date(2026, 11, 9))
    (lin,) = monthly_review(Records(tasks=[*done, late]), NOV, NOV_30).members
    assert (lin.on_time, lin.came_due, lin.overdue) == (3, 4, 1)
    text = review_markdown(monthly_review(Records(tasks=[*done, late]), NOV, NOV_30), "en")
    assert "75% (3/4)" in text and "On time (done/due)" in text
    assert "the share done on or before the due date" in text


def test_overdue_is_judged_today_inside_the_month() -> None:
    review = monthly_review(records(), NOV, date(2026, 11, 4))
    marco = next(m for m in review.members if m.owner == "Marco")
    assert marco.overdue == 0  # due 11-05, and today is 11-04


def test_goals_go_to_their_owner() -> None:
    dau = Metric(key="dau", name="DAU", target=120.0)
    goal = Goal(title="DAU +20%", period="2026-Q4", owner="林晓", metric_id=dau.id,
                baseline=100.0, target=120.0)
    data = Records(goals=[goal, Goal(title="Old", period="2026-09", owner="林晓")],
                   metrics=[dau], readings=[Reading(metric_id=dau.id, day=date(2026, 11, 20),
                                                    value=110.0)])
    review = monthly_review(data, NOV, date(2026, 11, 23))
    (lin,) = review.members
    assert [(g.title, g.actual) for g in lin.goals] == [("DAU +20%", 110.0)]
    assert lin.goals[0].progress == pytest.approx(0.5)


def test_markdown_and_json() -> None:
    review = monthly_review(records(), NOV, date(2026, 12, 3))
    tokens = MarkdownIt("commonmark").enable("table").parse(review_markdown(review, "zh"))
    cells = [t.content for t in tokens if t.type == "inline"]
    assert cells[0] == "月度考核 2026-11"
    assert "50%（1/2）" in cells  # 陈静: one of two tasks with a due date on time
    assert any(c.startswith("及时率：本月截至月末到期的任务中") for c in cells)  # a past month
    payload = json.loads(review_json(review))
    assert payload["month"] == "2026-11"
    assert payload["members"][0]["owner"] == "陈静"
    assert payload["members"][0]["on_time_rate"] == 0.5


def test_an_empty_month() -> None:
    review = monthly_review(Records(), NOV, date(2026, 11, 23))
    assert review_markdown(review, "en") == (
        "# Monthly review 2026-11\n\nNo tasks recorded this month.\n")
