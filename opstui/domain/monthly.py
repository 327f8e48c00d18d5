"""The monthly review per team member (月度考核): tasks done, on time, overdue, rolled over,
and the goals they own.

**On-time rate** (按期率): of a member's tasks that *came due in the month* (a due date in
the month, on or before today, cancelled ones left out), the share *done on or before the due
date*. Tasks done late and open tasks past their due date (overdue) count against it; a task
due today and still open has not come due yet; tasks without a due date are not counted.
"""

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
    came_due: int = 0
    """Tasks due in the month up to today (done or not, cancelled ones left out)."""
    on_time: int = 0
    """Of those, the ones done on or before their due date."""
    overdue: int = 0
    """Open tasks past their due date at the end of the month (or today)."""
    rolled: int = 0
    """Times one of their tasks was rolled to the next day during the month."""
    unplanned: int = 0
    open: int = 0
    goals: list[GoalLine] = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        """``on_time / came_due`` (see the module docstring); None when nothing came due."""
        return self.on_time / self.came_due if self.came_due else None


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
        in_time = (task.status is TaskStatus.DONE and task.done_at is not None
                   and task.due is not None and task.done_at.date() <= task.due)
        came_due = (task.due is not None and task.status is not TaskStatus.CANCELLED
                    and start <= task.due <= end and (task.due < cutoff or in_time))
        if not (finished or slips or overdue or active or came_due):
            continue
        person = member(task.owner)
        person.done += finished
        person.came_due += came_due
        person.on_time += came_due and in_time
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
    "en": {"title": "Monthly review", "member": "Member", "done": "Done",
           "on_time": "On time (done/due)",
           "on_time_note": "On time: of the tasks due this month up to {as_of}, the share done "
                           "on or before the due date (done late and overdue ones count "
                           "against it).",
           "overdue": "Overdue", "rolled": "Rolled over", "unplanned": "Unplanned",
           "open": "Open", "goals": "Goals by owner", "empty": "No tasks recorded this month.",
           "no_goals": "No goals for this month.", "today": "today",
           "month_end": "the month's end"},
    "zh": {"title": "月度考核", "member": "成员", "done": "完成", "on_time": "及时率（按期/到期）",
           "on_time_note": "及时率：本月截至{as_of}到期的任务中，在截止日当天或之前完成的比例"
                           "（逾期完成和仍逾期未完成的都计入分母）。",
           "overdue": "逾期", "rolled": "顺延次数", "unplanned": "移出计划", "open": "进行中",
           "goals": "负责的目标", "empty": "本月没有记录任务。", "no_goals": "本月没有目标。",
           "today": "今天", "month_end": "月末"},
}


def review_markdown(review: MonthlyReview, lang: str = "en") -> str:
    """The review as Markdown: one table of members, then each owner's goals."""
    m = MONTH_WORDS.get(lang, MONTH_WORDS["en"])
    w = words(lang)
    head = f"# {m['title']} {review.month.label}"
    if not review.members:
        return f"{head}\n\n{m['empty']}\n"
    rows = [[x.owner, x.done,
             f"{x.on_time_rate * 100:.0f}%"
             + w["paren"].format(text=f"{x.on_time}/{x.came_due}")
             if x.on_time_rate is not None else "–",
             x.overdue, x.rolled, x.unplanned, x.open] for x in review.members]
    out = [head, "", *table([m["member"], m["done"], m["on_time"], m["overdue"], m["rolled"],
                             m["unplanned"], m["open"]], rows, w), "",
           cell(m["on_time_note"].format(as_of=m["month_end" if review.today > review.month.end
                                                 else "today"])),
           "", f"## {m['goals']}", ""]
    goal_rows = [[x.owner, g.title, number(g.target, g.unit), number(g.actual, g.unit),
                  f"{g.progress * 100:.0f}%" if g.progress is not None else "–",
                  w["g_" + g.status]] for x in review.members for g in x.goals]
    if goal_rows:
        out += table([m["member"], w["goal"], w["target"], w["actual"], w["progress"],
                      w["status"]], goal_rows, w)
    else:
        out.append(cell(m["no_goals"]))
    return "\n".join(out) + "\n"
