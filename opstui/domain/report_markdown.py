"""Rendering report models as Markdown, with headings and words in English or Chinese."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from opstui.domain.report import GoalLine, KpiLine, TaskLine, WeeklyReport
from opstui.domain.report_words import (  # noqa: F401 - re-exported for report users
    LANGS,
    WORDS,
    ZH_UNITS,
    anomaly_text,
    display_title,
    status_word,
    unit_label,
    words,
)

if TYPE_CHECKING:
    from opstui.domain.settings import ReportPeople
    from opstui.domain.worklog import DayReport

MAX_ROWS = 40
"""Longer lists are cut, with a line saying how many more there are."""


def cell(text: object) -> str:
    """User text made safe for a Markdown table cell or list item: one line, no markup."""
    value = " ".join(str(text).split())
    for char in ("\\", "|", "*", "`", "<", "[", "]"):
        value = value.replace(char, "\\" + char)
    return value


def number(value: float | None, unit: str = "") -> str:
    """``110,900``, ``31.8%``, ``¥19.7``, or ``–`` for no value."""
    if value is None:
        return "–"
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.2f}".rstrip("0").rstrip(".")
    if unit == "%":
        return text + "%"
    if unit.upper() in ("CNY", "RMB", "¥"):
        return "¥" + text
    return text


def table(header: Sequence[str], rows: Sequence[Sequence[object]], w: dict[str, str]
          ) -> list[str]:
    """A Markdown table (cut at ``MAX_ROWS`` rows, saying how many were left out)."""
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        out += ["", w["more"].format(n=len(rows) - MAX_ROWS)]
    return out


def _md(day: date | None) -> str:
    return day.strftime("%m-%d") if day else "–"


def change_text(kpi: KpiLine, w: dict[str, str]) -> str:
    """This week against last: ``+0.7 个百分点（改善）`` / ``+0.7pp (better)``."""
    change = kpi.change
    if change is None:
        return "–"
    unit = w["pp"] if kpi.unit == "%" else "%"
    if kpi.improved is None:
        return f"{change:+.1f}{unit}"
    return f"{change:+.1f}{unit}" + w["paren"].format(
        text=w["better" if kpi.improved else "worse"])


def metric_name(kpi: KpiLine, lang: str = "en") -> str:
    """The metric's name with its count unit: ``日活跃用户 DAU（人）``."""
    unit = kpi.unit if kpi.unit and kpi.unit not in ("%",) and kpi.unit.upper() != "CNY" else ""
    if not unit:
        return kpi.name
    return kpi.name + words(lang)["paren"].format(text=unit_label(unit, lang))


def goal_progress(goal: GoalLine, w: dict[str, str]) -> str:
    """``62%``, or ``67%（4/8 项任务）`` for a goal judged on its tasks."""
    if goal.progress is None:
        return "–"
    text = f"{goal.progress * 100:.0f}%"
    if goal.actual is None and goal.tasks_total:
        text += w["paren"].format(text=w["tasks"].format(done=goal.tasks_done,
                                                         total=goal.tasks_total))
    return text


def task_rows(lines: Sequence[TaskLine], *, with_done: bool = False, with_note: bool = False,
              lang: str = "en", day: Callable[[date | None], str] = _md
              ) -> list[list[object]]:
    """Table rows for tasks: title, owner, priority, due (or finished), and a note."""
    rows = []
    for line in lines:
        when = (day(line.done_at.date()) + line.done_at.strftime(" %H:%M")
                if with_done and line.done_at else day(line.due))
        row: list[object] = [display_title(line.title, line.kind, lang), line.owner or "–",
                             line.priority.value, when]
        if with_note:
            row.append(line.note or "–")
        rows.append(row)
    return rows


def weekly_markdown(report: WeeklyReport, lang: str = "en") -> str:
    """The weekly report as Markdown (see ``report_week.weekly_markdown``)."""
    from opstui.domain.report_week import weekly_markdown as render

    return render(report, lang)


WEEKDAYS = {"en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
            "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日")}


def _bullets(text: str) -> list[str]:
    return [f"- {cell(line.strip(' -•'))}" for line in text.splitlines() if line.strip(" -•")]


def byline(people: ReportPeople | None, lang: str = "en") -> str:
    """``汇报人：林晓　部门：运营部　收件人：赵总`` from the ``report`` settings ("" if unset)."""
    if people is None:
        return ""
    w = words(lang)
    joiner = "、" if lang == "zh" else ", "
    parts = [(w["reporter"], people.reporter), (w["rep_department"], people.department),
             (w["recipients"], joiner.join(people.recipients))]
    return w["header_sep"].join(f"{label}{w['colon']}{cell(value)}"
                                for label, value in parts if value)


def day_markdown(report: DayReport, lang: str = "en", people: ReportPeople | None = None
                 ) -> str:
    """The work log of a day as Markdown: what was written, then what was recorded (and,
    from the ``report`` settings, who reports it)."""
    w = words(lang)
    names = WEEKDAYS.get(lang, WEEKDAYS["en"])
    out = [f"# {w['worklog']} {report.day.isoformat()} {names[report.day.weekday()]}"]
    if by := byline(people, lang):
        out += ["", by]

    def section(title: str, body: list[str]) -> None:
        if body:
            out.extend(["", f"## {title}", "", *body])

    log = report.log
    if log is None:
        out += ["", w["d_nolog"]]
    else:
        section(w["d_summary"], [cell(log.summary)] if log.summary.strip() else [])
        section(w["d_highlights"], _bullets(log.highlights))
        section(w["d_problems"], _bullets(log.problems))
        section(w["d_solutions"], _bullets(log.solutions))
        section(w["d_tomorrow"], [f"{i}. {cell(t)}" for i, t in enumerate(log.tomorrow, 1)])
    section(w["d_done"], table([w["task"], w["owner"], w["priority"], w["finished"]],
                               task_rows(report.done, with_done=True, lang=lang), w)
            if report.done else [])
    section(w["d_notes"], table([w["time"], w["task"], w["progress"], w["note"]],
                                [[n.at.strftime("%H:%M"), n.task,
                                  f"{n.percent}%" if n.percent is not None else "–", n.text]
                                 for n in report.notes], w) if report.notes else [])
    section(w["d_decisions"], [f"- {cell(d.meeting)}{w['colon']}{cell(d.decision)}"
                               for d in report.decisions])
    section(w["d_alerts"], table([w["metric"], w["value"], w["target"], w["change"], w["note"]],
                                 [[a.metric, number(a.value, a.unit), number(a.target, a.unit),
                                   f"{a.change_pct:+.1f}%" if a.change_pct is not None else "–",
                                   a.note or anomaly_text(a.z, a.pct, a.reasons, lang)
                                   or w["s_" + a.status]]
                                  for a in report.alerts], w) if report.alerts else [])
    section(w["d_incidents"], table(
        [w["incident"], w["severity"], w["owner"], w["status"], w["escalated"]],
        [[i.title, i.severity.value, i.owner or "–",
          w["resolved"] if i.resolved else w["open"], ", ".join(i.escalated_to) or "–"]
         for i in report.incidents], w) if report.incidents else [])
    section(w["d_unfinished"], table([w["task"], w["owner"], w["priority"], w["due"]],
                                     task_rows(report.unfinished, lang=lang), w)
            if report.unfinished else [])
    if log is None and len(out) == 3:
        out[-1] = w["d_empty"]
    return "\n".join(out) + "\n"
