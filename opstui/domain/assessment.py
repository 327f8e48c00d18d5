"""The monthly and yearly assessment (月度考核 / 年度考核) of each team member, as the
department's rules set it: results from the data, the manager's scores, four weighted
assessors, a total, a grade band and a comment.

**The data part (工作业绩)**, per member and month; each is None when nothing counts:

- **完成率** (completion): of the member's tasks *due in the month* or *on a day plan of the
  month* (cancelled ones left out), the share done by the month's end (or today).
- **及时率** (on time): the monthly review's on-time rate (``monthly``): of the tasks that came
  due in the month, the share done on or before the due date.
- **质量** (quality, first-pass rate): of the member's tasks *checked* in the month — a review
  check with a verdict (approved/rejected) dated in the month, or reopened in the month —
  the share whose first verdict in the month was *approved* and that were *not reopened*.
  A rejection or a reopening is rework. Reopenings are read from the action journal, which
  keeps the last ``JOURNAL_KEEP`` actions: older reopenings are not seen.
- **效率** (efficiency): slips (a planned day rolled over or taken off the plan) per task
  worked in the month (due, planned or done in it); its score is ``100 − 50 × slips per
  task``, at least 0.

**数据分析** (the data's score, 0–100) is the mean of the scores available: completion, on
time and quality as percentages, and the efficiency score.

**上级评价** (the superior's score) is the mean of the manager's 工作能力 and 工作态度 scores
(1–5) × 20. **同事评价** and **自我评价** are entered as 0–100.

**总分** (total) is the weighted mean of the assessors that have a score, weights from the
settings' ``[assessment.assessors]`` over ``people.DEFAULT_WEIGHTS`` (上级 40%, 同事 20%,
自我 10%, 数据 30%); an assessor without a score gives its weight to the others (the
report says which are missing). **等级**: A ≥ 90 优秀, B ≥ 80 良好, C ≥ 70 合格, D ≥ 60
待改进, E below 60 不合格.

The year (年度考核) is built from the twelve monthly results: the mean of the months'
totals, its grade, and the data figures over the whole year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from opstui.domain.dates import Period, parse_period
from opstui.domain.journal import JournalEntry
from opstui.domain.models import DayPlan, ReviewCheck, ReviewOutcome, Task, TaskStatus
from opstui.domain.monthly import MemberReview, MonthlyReview, monthly_review
from opstui.domain.people import ASSESSORS, DEFAULT_WEIGHTS, Assessment, Feedback
from opstui.domain.report import Records
from opstui.domain.tracking import UNASSIGNED

GRADES = ((90.0, "A"), (80.0, "B"), (70.0, "C"), (60.0, "D"), (0.0, "E"))
"""The lowest total of each grade band."""
SLIP_PENALTY = 50.0
"""Efficiency points lost per slip per task."""


def weights_of(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The assessors' weights in percent: the defaults, with ``overrides`` for the ones
    named (unknown names are ignored), scaled to sum to 100."""
    merged = {k: float((overrides or {}).get(k, DEFAULT_WEIGHTS[k])) for k in ASSESSORS}
    total = sum(merged.values())
    if total <= 0:
        return dict(DEFAULT_WEIGHTS)
    return {k: v * 100.0 / total for k, v in merged.items()}


def grade(total: float | None) -> str | None:
    """The grade band of ``total`` (``A`` to ``E``), None without a total."""
    if total is None:
        return None
    return next(band for low, band in GRADES if total >= low)


@dataclass
class Results:
    """The counts behind the data part of one member's assessment (months add up)."""

    planned: int = 0
    """Tasks due or planned in the period (cancelled ones left out)."""
    planned_done: int = 0
    came_due: int = 0
    on_time: int = 0
    checked: int = 0
    """Tasks with a review verdict, or reopened, in the period."""
    first_pass: int = 0
    worked: int = 0
    slips: int = 0

    def __add__(self, other: Results) -> Results:
        return Results(*(a + b for a, b in zip(self.counts(), other.counts(), strict=True)))

    def counts(self) -> tuple[int, ...]:
        """The counts in field order."""
        return (self.planned, self.planned_done, self.came_due, self.on_time, self.checked,
                self.first_pass, self.worked, self.slips)

    @property
    def completion(self) -> float | None:
        """完成率, 0..1."""
        return self.planned_done / self.planned if self.planned else None

    @property
    def on_time_rate(self) -> float | None:
        """及时率, 0..1."""
        return self.on_time / self.came_due if self.came_due else None

    @property
    def quality(self) -> float | None:
        """质量 (first-pass rate), 0..1."""
        return self.first_pass / self.checked if self.checked else None

    @property
    def slips_per_task(self) -> float | None:
        """效率: slips per task worked (lower is better)."""
        return self.slips / self.worked if self.worked else None

    @property
    def efficiency_score(self) -> float | None:
        """``100 − 50 × slips per task``, at least 0."""
        rate = self.slips_per_task
        return None if rate is None else max(0.0, 100.0 - SLIP_PENALTY * rate)

    @property
    def data_score(self) -> float | None:
        """数据分析: the mean of the available scores (percentages and efficiency)."""
        parts = [x * 100 for x in (self.completion, self.on_time_rate, self.quality)
                 if x is not None]
        if self.efficiency_score is not None:
            parts.append(self.efficiency_score)
        return sum(parts) / len(parts) if parts else None


@dataclass
class MemberAssessment:
    """One member's assessment for a month (or the year)."""

    member: str
    results: Results = field(default_factory=Results)
    entered: Assessment | None = None
    weights: dict[str, float] = field(default_factory=lambda: weights_of())
    feedback: list[Feedback] = field(default_factory=list)
    detail: MemberReview | None = None
    months: dict[str, float | None] = field(default_factory=dict)
    """For the year: each month's total."""

    @property
    def superior(self) -> float | None:
        """上级评价: the mean of 工作能力 and 工作态度 (1–5) × 20."""
        if self.entered is None:
            return None
        given = [x for x in (self.entered.ability, self.entered.attitude) if x is not None]
        return sum(given) / len(given) * 20 if given else None

    @property
    def scores(self) -> dict[str, float | None]:
        """Each assessor's score, 0–100 (None: not entered)."""
        entered = self.entered
        return {"superior": self.superior,
                "peer": entered.peer if entered else None,
                "self": entered.self_score if entered else None,
                "data": self.results.data_score}

    @property
    def missing(self) -> list[str]:
        """The assessors without a score."""
        return [k for k, v in self.scores.items() if v is None]

    @property
    def total(self) -> float | None:
        """The weighted mean of the assessors with a score (the year: the months' mean)."""
        if self.months:
            seen = [v for v in self.months.values() if v is not None]
            return sum(seen) / len(seen) if seen else None
        scored = {k: v for k, v in self.scores.items() if v is not None}
        weight = sum(self.weights[k] for k in scored)
        if not scored or weight <= 0:
            return None
        return sum(self.weights[k] * v for k, v in scored.items()) / weight

    @property
    def grade(self) -> str | None:
        """The grade band of the total."""
        return grade(self.total)

    @property
    def comment(self) -> str:
        """The manager's comment (评语)."""
        return self.entered.comment if self.entered else ""


@dataclass
class TeamAssessment:
    """A month's (or a year's) assessment, member by member."""

    period: Period
    today: date
    weights: dict[str, float]
    members: list[MemberAssessment] = field(default_factory=list)
    review: MonthlyReview | None = None

    @property
    def complete(self) -> bool:
        """True once the period is over: figures are as at its end, not as of today."""
        return self.today > self.period.end


def _owner(task: Task) -> str:
    return task.owner or UNASSIGNED


def reopened_in(journal: Iterable[JournalEntry], start: date, end: date) -> set[str]:
    """Ids of tasks reopened from ``start`` to ``end`` (reopenings later undone left out)."""
    return {c.id for e in journal if e.action == "reopen" and not e.undone
            and start <= e.at.date() <= end for c in e.changes if c.table == Task.table}


def member_results(tasks: Sequence[Task], plans: Iterable[DayPlan],
                   reviews: Iterable[ReviewCheck], journal: Iterable[JournalEntry],
                   month: Period, today: date) -> dict[str, Results]:
    """The counts of the data part, per owner, for ``month`` (see the module docstring)."""
    start, end = month.start, month.end
    cutoff = min(today, end)
    planned_ids = {i for p in plans if start <= p.day <= end for i in p.task_ids}
    reopened = reopened_in(journal, start, end)
    verdicts: dict[str, list[ReviewCheck]] = {}
    for check in reviews:
        if (check.task_id and check.outcome is not ReviewOutcome.PENDING
                and start <= check.day <= end):
            verdicts.setdefault(check.task_id, []).append(check)
    out: dict[str, Results] = {}
    for task in tasks:
        if task.status is TaskStatus.CANCELLED:
            continue
        done_by_end = (task.status is TaskStatus.DONE and task.done_at is not None
                       and task.done_at.date() <= cutoff)
        done_in = done_by_end and task.done_at is not None and task.done_at.date() >= start
        due_in = task.due is not None and start <= task.due <= end
        planned = due_in or task.id in planned_ids
        slips = sum(start <= s.day <= end for s in task.slips)
        checks = verdicts.get(task.id, [])
        checked = bool(checks) or task.id in reopened
        if not (planned or done_in or slips or checked):
            continue
        r = out.setdefault(_owner(task), Results())
        r.planned += planned
        r.planned_done += planned and done_by_end
        r.worked += 1
        r.slips += slips
        if checked:
            r.checked += 1
            first = min(checks, key=lambda c: (c.day, c.created_at)) if checks else None
            r.first_pass += (first is not None and first.outcome is ReviewOutcome.APPROVED
                             and task.id not in reopened)
    return out


@dataclass
class PeopleRecords:
    """What the assessment reads beside the report records."""

    reviews: Sequence[ReviewCheck] = ()
    journal: Sequence[JournalEntry] = ()
    assessments: Sequence[Assessment] = ()
    feedback: Sequence[Feedback] = ()


def assess_month(records: Records, people: PeopleRecords, month: Period, today: date,
                 weights: Mapping[str, float] | None = None) -> TeamAssessment:
    """The month's assessment of everyone who owns work (or has scores) in it."""
    shares = weights_of(weights)
    review = monthly_review(records, month, today)
    results = member_results(records.tasks, records.plans, people.reviews, people.journal,
                             month, today)
    on_time = {m.owner: m for m in review.members}
    entered = {a.member: a for a in people.assessments if a.period == month.label}
    names = list(on_time) + [n for n in [*results, *entered] if n not in on_time]
    team = TeamAssessment(month, today, shares, review=review)
    for name in dict.fromkeys(names):
        r = results.get(name, Results())
        detail = on_time.get(name)
        if detail is not None:
            r.came_due, r.on_time = detail.came_due, detail.on_time
        notes = sorted((f for f in people.feedback if f.member == name
                        and month.start <= f.day <= month.end), key=lambda f: f.day)
        team.members.append(MemberAssessment(name, r, entered.get(name), shares, notes, detail))
    return team


def assess_year(records: Records, people: PeopleRecords, year: int, today: date,
                weights: Mapping[str, float] | None = None) -> TeamAssessment:
    """The year's assessment from its monthly results (months after today left out)."""
    shares = weights_of(weights)
    period = parse_period(str(year))
    team = TeamAssessment(period, today, shares)
    members: dict[str, MemberAssessment] = {}
    for number in range(1, 13):
        month = parse_period(f"{year}-{number:02d}")
        if month.start > today:
            break
        for m in assess_month(records, people, month, today, weights).members:
            found = members.setdefault(m.member, MemberAssessment(m.member, weights=shares))
            found.results = found.results + m.results
            found.months[month.label] = m.total
            found.feedback += m.feedback
    entered = {a.member: a for a in people.assessments if a.period == str(year)}
    for name, member in members.items():
        member.entered = entered.get(name)
        team.members.append(member)
    team.members.sort(key=lambda m: (m.member == UNASSIGNED, m.member))
    return team


def month_end_or_today(period: Period, today: date) -> date:
    """The day the figures are as at: the period's last day once it is over, else today."""
    return period.end if today > period.end else today

