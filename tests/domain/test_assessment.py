"""The monthly and yearly assessment against numbers worked out by hand on a small team."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from opstui.domain.assessment import (
    PeopleRecords,
    assess_month,
    assess_year,
    grade,
    weights_of,
)
from opstui.domain.assessment_markdown import assessment_markdown
from opstui.domain.dates import parse_period
from opstui.domain.models import (
    DayPlan,
    JournalEntry,
    RecordChange,
    ReviewCheck,
    Slip,
    Task,
)
from opstui.domain.people import Assessment, Feedback
from opstui.domain.report import Records
from opstui.domain.sharing import PRIVATE_TABLES

NOV = parse_period("2026-11")
AFTER = date(2026, 12, 5)
"""Today: November is over, its figures are as at the month's end."""
MADE = datetime(2026, 10, 1, 9)


def done(title: str, owner: str, due: date | None, finished: datetime, **kw: object) -> Task:
    return Task(title=title, owner=owner, due=due, status="done", done_at=finished,
                created_at=MADE, **kw)  # type: ignore[arg-type]


def team() -> tuple[Records, PeopleRecords]:
    """陈静: five tasks worked in November, one cancelled; 王磊: one task, on time."""
    t1 = done("t1 on time", "陈静", date(2026, 11, 10), datetime(2026, 11, 9, 17))
    t2 = done("t2 late", "陈静", date(2026, 11, 20), datetime(2026, 11, 22, 10))
    t3 = Task(title="t3 overdue", owner="陈静", due=date(2026, 11, 25), created_at=MADE,
              slips=[Slip(day=date(2026, 11, 24), action="rolled", reason="busy")])
    t4 = done("t4 planned, no due", "陈静", None, datetime(2026, 11, 15, 16))
    t5 = done("t5 extra", "陈静", None, datetime(2026, 11, 18, 11))
    t6 = Task(title="t6 dropped", owner="陈静", due=date(2026, 11, 12), status="cancelled",
              created_at=MADE)
    t7 = done("t7", "王磊", date(2026, 11, 5), datetime(2026, 11, 5, 18))
    october = done("october", "陈静", date(2026, 10, 10), datetime(2026, 10, 10, 12))
    plan = DayPlan(day=date(2026, 11, 15), task_ids=[t4.id])
    reviews = [
        ReviewCheck(day=date(2026, 11, 8), deliverable="t1", task_id=t1.id, outcome="approved"),
        ReviewCheck(day=date(2026, 11, 19), deliverable="t2", task_id=t2.id,
                    outcome="rejected"),
        ReviewCheck(day=date(2026, 11, 21), deliverable="t2 v2", task_id=t2.id,
                    outcome="approved"),
        ReviewCheck(day=date(2026, 11, 15), deliverable="t4", task_id=t4.id,
                    outcome="approved"),
        ReviewCheck(day=date(2026, 11, 16), deliverable="pending", task_id=t5.id),
    ]
    reopen = JournalEntry(at=datetime(2026, 11, 16, 10), action="reopen", changes=[
        RecordChange(table="tasks", id=t4.id, before={"status": "done"},
                     after={"status": "doing"})])
    undone = JournalEntry(at=datetime(2026, 11, 17, 10), action="reopen", undone=True,
                          changes=[RecordChange(table="tasks", id=t1.id)])
    scores = [Assessment(member="陈静", period="2026-11", ability=4, attitude=5, peer=80,
                         self_score=70, comment="执行稳，复盘要再深一点"),
              Assessment(member="王磊", period="2026-11", ability=3)]
    notes = [Feedback(member="陈静", day=date(2026, 11, 20), kind="1:1", text="谈了内容方向"),
             Feedback(member="陈静", day=date(2026, 10, 20), kind="praise", text="十月的事")]
    return (Records(tasks=[t1, t2, t3, t4, t5, t6, t7, october], plans=[plan]),
            PeopleRecords(reviews=reviews, journal=[reopen, undone], assessments=scores,
                          feedback=notes))


def test_the_month_by_hand() -> None:
    records, people = team()
    result = {m.member: m for m in assess_month(records, people, NOV, AFTER).members}
    chen = result["陈静"]
    r = chen.results
    # 完成率: t1..t4 were due or planned (t6 cancelled, t5 neither); t1, t2, t4 done.
    assert (r.planned_done, r.planned) == (3, 4) and r.completion == 0.75
    # 及时率: t1, t2, t3 came due; only t1 was done by its due date.
    assert (r.on_time, r.came_due) == (1, 3)
    # 质量: t1, t2, t4 had verdicts; t2's first was a rejection, t4 was reopened.
    assert (r.first_pass, r.checked) == (1, 3)
    # 效率: one slip over five tasks worked (t1..t5): 0.2 per task, 100 - 50 * 0.2 = 90.
    assert (r.slips, r.worked) == (1, 5) and r.efficiency_score == pytest.approx(90.0)
    data = (75 + 100 / 3 + 100 / 3 + 90) / 4  # 57.9166…
    assert chen.scores == pytest.approx({"superior": 90.0, "peer": 80.0, "self": 70.0,
                                         "data": data})
    # 40% × 90 + 20% × 80 + 10% × 70 + 30% × 57.9166 = 36 + 16 + 7 + 17.375
    assert chen.total == pytest.approx(76.375)
    assert chen.grade == "C"
    assert chen.comment == "执行稳，复盘要再深一点"
    assert [f.text for f in chen.feedback] == ["谈了内容方向"]  # October's is not November's
    # 王磊: no peer or self score; superior 3 × 20 = 60; data 100 (all three rates and
    # efficiency at 100): (40 × 60 + 30 × 100) / 70.
    wang = result["王磊"]
    assert wang.missing == ["peer", "self"]
    assert wang.total == pytest.approx(5400 / 70)


def test_weights_from_settings() -> None:
    records, people = team()
    weights = {"superior": 50, "peer": 0, "self": 0, "data": 50}
    chen = next(m for m in assess_month(records, people, NOV, AFTER, weights).members
                if m.member == "陈静")
    assert chen.total == pytest.approx((90 + (75 + 100 / 3 + 100 / 3 + 90) / 4) / 2)
    assert weights_of({"data": 60, "superior": 20, "peer": 10, "self": 10}) == {
        "superior": 20.0, "peer": 10.0, "self": 10.0, "data": 60.0}
    assert sum(weights_of({"data": 90}).values()) == pytest.approx(100.0)


def test_the_year_is_built_from_the_months() -> None:
    records, people = team()
    year = {m.member: m for m in assess_year(records, people, 2026, AFTER).members}
    chen = year["陈静"]
    # October: one task due and done on time, no scores: data 100 is the total.
    assert chen.months["2026-10"] == pytest.approx(100.0)
    assert chen.months["2026-11"] == pytest.approx(76.375)
    assert chen.total == pytest.approx((100 + 76.375) / 2)
    assert chen.grade == "B"
    assert (chen.results.planned_done, chen.results.planned) == (4, 5)


@pytest.mark.parametrize(("total", "band"), [(95, "A"), (90, "A"), (89.9, "B"), (70, "C"),
                                             (60, "D"), (59.9, "E"), (None, None)])
def test_grade_bands(total: float | None, band: str | None) -> None:
    assert grade(total) == band


def test_a_past_month_says_as_at_the_months_end() -> None:
    records, people = team()
    text = assessment_markdown(assess_month(records, people, NOV, AFTER), "zh")
    assert text.splitlines()[0] == "# 月度考核 2026-11（截至月末）"
    assert "截至今天" not in text and "本月截至月末到期" in text
    row = ("| 陈静 | 75%（3/4） | 33%（1/3） | 33%（1/3） | 0.20 | 90 | 80 | 70 | 57.9 | 76.4 "
           "| C 合格 |")
    assert row in text
    assert "  - 11-20 一对一面谈：谈了内容方向" in text
    running = assessment_markdown(assess_month(records, people, NOV, date(2026, 11, 20)), "zh")
    assert running.splitlines()[0] == "# 月度考核 2026-11（截至 11-20）"


def test_scores_and_feedback_are_private() -> None:
    assert {Assessment.table, Feedback.table} <= PRIVATE_TABLES
    assert "findings" not in PRIVATE_TABLES and "tasks" not in PRIVATE_TABLES
