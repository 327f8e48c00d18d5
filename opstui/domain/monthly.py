"""The monthly review per team member (月度考核): tasks done, on time, overdue, rolled over,
and the goals they own."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from opstui.domain.dates import Period
from opstui.domain.models import TaskStatus
from opstui.domain.report import GoalLine, Records, goal_line, goals_of
from opstui.domain.report_markdown import cell, number, table, words
from opstui.domain.tracking import UNASSIGNED


@dataclass
class MemberReview:
    """One person's month."""

    owner: str
    done: int = 0
    done_with_due: int = 0
    on_time: int = 0
    overdue: int = 0
    """Open tasks past their due date at the end of the month (or today)."""
    rolled: int = 0
    """Times one of their tasks was rolled to the next day during the month."""
    unplanned: int = 0
    open: int = 0
    goals: list[GoalLine] = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        """Share of the finished tasks with a due date that were finished by it."""
        return self.on_time / self.done_with_due if self.done_with_due else None


@dataclass
class MonthlyReview:
    """The month, member by member (most tasks done first)."""

    month: Period
    today: date
    members: list[MemberReview] = field(default_factory=list)


def monthly_review(records: Records, month: Period, today: date) -> MonthlyReview:
    """Review ``month`` for everyone who owns a task or a goal in it.

    Args:
        records: Tasks (archived ones finished in the month included), goals, metrics and
            readings.
        month: The month, as ``parse_period("2026-11")`` gives it.
        today: Overdue is judged at the earlier of today and the month's last day.
    """
    start, end = month.start, month.end
    as_of = min(today, end)
    cutoff = end + timedelta(days=1) if today > end else today
    members: dict[str, MemberReview] = {}

    def member(name: str | None) -> MemberReview:
        key = name or UNASSIGNED
        return members.setdefault(key, MemberReview(key))

    for task in records.tasks:
        finished = (task.status is TaskStatus.DONE and task.done_at is not None
                    and start <= task.done_at.date() <= end)
        slips = [s for s in task.slips if start <= s.day <= end]
        overdue = task.is_overdue(cutoff) and task.created_at.date() <= end
        active = task.is_open and task.created_at.date() <= end
        if not (finished or slips or overdue or active):
            continue
        person = member(task.owner)
        if finished:
            person.done += 1
            if task.due is not None and task.done_at is not None:
                person.done_with_due += 1
                person.on_time += task.done_at.date() <= task.due
        person.rolled += sum(s.action == "rolled" for s in slips)
        person.unplanned += sum(s.action == "unplanned" for s in slips)
        person.overdue += overdue
        person.open += active
    metrics = {x.id: x for x in records.metrics}
    for goal in goals_of(records.goals, start, end):
        member(goal.owner).goals.append(goal_line(
            goal, metric=metrics.get(goal.metric_id or ""), readings=records.readings,
            tasks=records.tasks, as_of=as_of))
    ordered = sorted(members.values(), key=lambda m: (m.owner == UNASSIGNED, -m.done, m.owner))
    return MonthlyReview(month, today, ordered)


def review_json(review: MonthlyReview) -> str:
    """The review as indented JSON (dates as ISO text)."""
    import json

    payload = {
        "month": review.month.label,
        "members": [
            {**{k: v for k, v in asdict(m).items() if k != "goals"},
             "on_time_rate": m.on_time_rate,
             "goals": [asdict(g) for g in m.goals]}
            for m in review.members
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"


MONTH_WORDS = {
    "en": {"title": "Monthly review", "member": "Member", "done": "Done", "on_time": "On time",
           "overdue": "Overdue", "rolled": "Rolled over", "unplanned": "Unplanned",
           "open": "Open", "goals": "Goals by owner", "empty": "No tasks recorded this month.",
           "no_goals": "No goals for this month."},
    "zh": {"title": "月度考核", "member": "成员", "done": "完成", "on_time": "按期率",
           "overdue": "逾期", "rolled": "顺延次数", "unplanned": "移出计划", "open": "进行中",
           "goals": "负责的目标", "empty": "本月没有记录任务。", "no_goals": "本月没有目标。"},
}


def review_markdown(review: MonthlyReview, lang: str = "en") -> str:
    """The review as Markdown: one table of members, then each owner's goals."""
    m = MONTH_WORDS.get(lang, MONTH_WORDS["en"])
    w = words(lang)
    head = f"# {m['title']} {review.month.label}"
    if not review.members:
        return f"{head}\n\n{m['empty']}\n"
    rows = [[x.owner, x.done,
             f"{x.on_time_rate * 100:.0f}% ({x.on_time}/{x.done_with_due})"
             if x.on_time_rate is not None else "–",
             x.overdue, x.rolled, x.unplanned, x.open] for x in review.members]
    out = [head, "", *table([m["member"], m["done"], m["on_time"], m["overdue"], m["rolled"],
                             m["unplanned"], m["open"]], rows, w), "", f"## {m['goals']}", ""]
    goal_rows = [[x.owner, g.title, number(g.target, g.unit), number(g.actual, g.unit),
                  f"{g.progress * 100:.0f}%" if g.progress is not None else "–",
                  w["g_" + g.status]] for x in review.members for g in x.goals]
    if goal_rows:
        out += table([m["member"], w["goal"], w["target"], w["actual"], w["progress"],
                      w["status"]], goal_rows, w)
    else:
        out.append(cell(m["no_goals"]))
    return "\n".join(out) + "\n"
