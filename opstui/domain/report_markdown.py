"""Rendering report models as Markdown, with headings and words in English or Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from opstui.domain.report import GoalLine, KpiLine, TaskLine, WeeklyReport

if TYPE_CHECKING:
    from opstui.domain.worklog import DayReport

LANGS = ("en", "zh")
MAX_ROWS = 40
"""Longer lists are cut, with a line saying how many more there are."""

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "weekly": "Weekly report", "summary": "Summary", "goals": "Goals",
        "so_far": "· as of {day}",
        "kpis": "Key metrics", "done": "Done this week", "slips": "Slipped and overdue",
        "slipped": "Slipped", "overdue": "Overdue", "problems": "Problems and solutions",
        "incidents": "Incidents and escalations", "meetings": "Meeting decisions and actions",
        "decisions": "Decisions", "actions": "Open action items",
        "insights": "Retrospective insights", "next": "Next week's plan",
        "support": "Support needed", "highlights": "Highlights",
        "empty": "No tasks recorded this week.", "none": "None this week.",
        "none_open": "None open.", "more": "… and {n} more",
        "goal": "Goal", "owner": "Owner", "target": "Target", "actual": "Actual",
        "progress": "Progress", "status": "Status", "metric": "Metric",
        "this_week": "This week", "last_week": "Last week", "change": "Change",
        "task": "Task", "priority": "Priority", "finished": "Finished", "day": "Day",
        "action": "Action", "reason": "Reason", "due": "Due", "problem": "Problem",
        "cause": "Cause", "solution": "Solution", "incident": "Incident",
        "severity": "Severity", "escalated": "Escalated to", "department": "Department",
        "what": "What", "contact": "Contact", "needed_by": "Needed by", "for_task": "For task",
        "rolled": "rolled", "unplanned": "unplanned", "open": "open", "resolved": "resolved",
        "late": "late", "tasks": "{done}/{total} tasks",
        "line_done": "Tasks done: {n} ({top} P0/P1); new: {created}; dropped: {cancelled}.",
        "line_late": "Slips: {slipped}; overdue tasks: {overdue}.",
        "line_inc": "Incidents: {n} ({esc} escalated, {open} still open).",
        "line_kpi": "Key metrics: {ok} of {n} on target; {better} better than last week.",
        "line_goal": "Goals: {ok} of {n} achieved or on track.",
        "line_support": "Support requests still unconfirmed: {n}.",
        "s_ok": "on target", "s_warn": "near target", "s_alert": "off target",
        "s_none": "no target", "s_nodata": "no data", "g_achieved": "achieved",
        "g_on_track": "on track", "g_at_risk": "at risk", "g_behind": "behind",
        "g_closed": "closed", "g_nodata": "no data", "g_upcoming": "not started yet",
        "insight": "insight", "try": "try", "start": "start", "stop": "stop",
        "worklog": "Work log", "d_summary": "Summary", "d_done": "Done today",
        "d_highlights": "Highlights", "d_problems": "Problems",
        "d_solutions": "How they were solved", "d_tomorrow": "Tomorrow's top three",
        "d_notes": "Progress", "d_decisions": "Decisions", "d_alerts": "Metric alerts",
        "d_incidents": "Incidents", "d_unfinished": "Planned, not finished",
        "d_nolog": "No work log written for this day yet; this is what was recorded.",
        "d_empty": "Nothing recorded on this day.", "time": "Time", "note": "Note",
        "value": "Value", "s_anomaly": "anomaly", "latest": "Latest", "better": "better",
        "worse": "worse", "retro_actions": "{n} improvement actions, {done} done",
    },
    "zh": {
        "weekly": "周报", "summary": "本周概要", "goals": "目标进展", "kpis": "核心指标",
        "so_far": "· 截至 {day}",
        "done": "本周完成", "slips": "延期与逾期", "slipped": "延期", "overdue": "逾期",
        "problems": "问题与解决", "incidents": "事件与升级", "meetings": "会议决议与待办",
        "decisions": "决议", "actions": "未完成的待办", "insights": "复盘要点",
        "next": "下周计划", "support": "需要的支持", "highlights": "本周亮点",
        "empty": "本周没有记录任务。", "none": "本周无。", "none_open": "无未完成项。",
        "more": "…… 另有 {n} 项", "goal": "目标", "owner": "负责人", "target": "目标值",
        "actual": "当前值", "progress": "进度", "status": "状态", "metric": "指标",
        "this_week": "本周", "last_week": "上周", "change": "环比", "task": "任务",
        "priority": "优先级", "finished": "完成时间", "day": "日期", "action": "处理",
        "reason": "原因", "due": "截止", "problem": "问题", "cause": "原因",
        "solution": "解决办法", "incident": "事件", "severity": "级别", "escalated": "已上报",
        "department": "部门", "what": "事项", "contact": "对接人", "needed_by": "需要日期",
        "for_task": "关联任务", "rolled": "顺延", "unplanned": "移出计划", "open": "处理中",
        "resolved": "已解决", "late": "已超期", "tasks": "{done}/{total} 项任务",
        "line_done": "完成任务 {n} 项 (P0/P1 {top} 项)，新增 {created} 项，取消 {cancelled} 项。",
        "line_late": "延期 {slipped} 次，逾期未完成 {overdue} 项。",
        "line_inc": "问题/事件 {n} 个 (已上报 {esc} 个，未解决 {open} 个)。",
        "line_kpi": "核心指标 {n} 项中 {ok} 项达标，{better} 项环比改善。",
        "line_goal": "目标 {n} 个中 {ok} 个已达成或正常推进。",
        "line_support": "{n} 项跨部门支持尚未确认。",
        "s_ok": "达标", "s_warn": "接近目标", "s_alert": "未达标", "s_none": "无目标",
        "s_nodata": "无数据", "g_achieved": "已达成", "g_on_track": "正常推进",
        "g_at_risk": "有风险", "g_behind": "落后", "g_closed": "已关闭", "g_nodata": "无数据",
        "g_upcoming": "未开始",
        "insight": "启示", "try": "尝试", "start": "开始做", "stop": "停止做",
        "worklog": "工作日志", "d_summary": "总结", "d_done": "今日完成", "d_highlights": "亮点",
        "d_problems": "遇到的问题", "d_solutions": "解决办法", "d_tomorrow": "明日重点",
        "d_notes": "进展", "d_decisions": "会议决议", "d_alerts": "数据异常",
        "d_incidents": "问题与事件", "d_unfinished": "计划未完成",
        "d_nolog": "当天还没有写工作日志; 以下是当天的记录。", "d_empty": "当天没有记录。",
        "time": "时间", "note": "备注", "value": "数值", "s_anomaly": "异常波动",
        "latest": "最新值", "better": "改善", "worse": "变差",
        "retro_actions": "改进项 {n} 项，已完成 {done} 项",
    },
}


def words(lang: str) -> dict[str, str]:
    """The words of ``lang`` (English for anything unknown)."""
    return WORDS.get(lang, WORDS["en"])


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


def _change(kpi: KpiLine, w: dict[str, str]) -> str:
    change = kpi.change
    if change is None:
        return "–"
    unit = "pp" if kpi.unit == "%" else "%"
    if kpi.improved is None:
        return f"{change:+.1f}{unit}"
    return f"{change:+.1f}{unit} ({w['better' if kpi.improved else 'worse']})"


ZH_UNITS = {"users": "人", "user": "人", "people": "人", "persons": "人",
            "reads": "次", "views": "次", "visits": "次", "clicks": "次", "times": "次"}
"""English count units said in Chinese; any other unit is shown as stored."""


def unit_label(unit: str, lang: str = "en") -> str:
    """``unit`` as the report in ``lang`` names it: ``users`` is ``人`` in Chinese."""
    if lang == "zh":
        return ZH_UNITS.get(unit.strip().casefold(), unit)
    return unit


def _metric_name(kpi: KpiLine, lang: str = "en") -> str:
    unit = kpi.unit if kpi.unit and kpi.unit not in ("%",) and kpi.unit.upper() != "CNY" else ""
    return f"{kpi.name} ({unit_label(unit, lang)})" if unit else kpi.name


def _goal_progress(goal: GoalLine, w: dict[str, str]) -> str:
    if goal.progress is None:
        return "–"
    text = f"{goal.progress * 100:.0f}%"
    if goal.actual is None and goal.tasks_total:
        text += " (" + w["tasks"].format(done=goal.tasks_done, total=goal.tasks_total) + ")"
    return text


def task_rows(lines: Sequence[TaskLine], *, with_done: bool = False, with_note: bool = False
              ) -> list[list[object]]:
    """Table rows for tasks: title, owner, priority, due (or finished), and a note."""
    rows = []
    for line in lines:
        when = (line.done_at.strftime("%m-%d %H:%M") if with_done and line.done_at
                else _md(line.due))
        row: list[object] = [line.title, line.owner or "–", line.priority.value, when]
        if with_note:
            row.append(line.note or "–")
        rows.append(row)
    return rows


def weekly_markdown(report: WeeklyReport, lang: str = "en") -> str:
    """The weekly report as Markdown; an empty week gets one honest sentence."""
    w = words(lang)
    week = report.week
    head = f"# {w['weekly']} {week.label} ({_md(week.start)} – {_md(week.end)})"
    if week.start <= report.today < week.end:
        head += " " + w["so_far"].format(day=_md(report.today))
    if report.empty:
        return f"{head}\n\n{w['empty']}\n"
    out = [head, "", f"## {w['summary']}", ""]
    top = sum(line.priority.value in ("P0", "P1") for line in report.done)
    escalated = sum(bool(i.escalated_to) for i in report.incidents)
    still_open = sum(i.resolved is None for i in report.incidents)
    out.append("- " + w["line_done"].format(n=len(report.done), top=top, created=report.created,
                                            cancelled=report.cancelled))
    out.append("- " + w["line_late"].format(slipped=len(report.slipped),
                                            overdue=len(report.overdue)))
    if report.goals:
        good = sum(g.status in ("achieved", "on_track") for g in report.goals)
        out.append("- " + w["line_goal"].format(ok=good, n=len(report.goals)))
    if report.kpis_with_data:
        improved = sum(k.improved is True for k in report.kpis)
        out.append("- " + w["line_kpi"].format(ok=report.kpis_on_target,
                                                n=report.kpis_with_data, better=improved))
    if report.incidents:
        out.append("- " + w["line_inc"].format(n=len(report.incidents), esc=escalated,
                                               open=still_open))
    if report.support:
        out.append("- " + w["line_support"].format(n=len(report.support)))
    if report.highlights:
        out += ["", f"### {w['highlights']}", ""]
        out += [f"- {cell(h)}" for h in report.highlights[:MAX_ROWS]]

    def section(title: str, body: list[str]) -> None:
        out.extend(["", f"## {title}", "", *(body or [w["none"]])])

    section(w["goals"], table(
        [w["goal"], w["owner"], w["target"], w["latest"], w["progress"], w["status"]],
        [[g.title, g.owner or "–", number(g.target, g.unit), number(g.actual, g.unit),
          _goal_progress(g, w), w["g_" + g.status]] for g in report.goals], w)
        if report.goals else [])
    section(w["kpis"], table(
        [w["metric"], w["this_week"], w["last_week"], w["target"], w["change"], w["status"]],
        [[_metric_name(k, lang), number(k.this_week, k.unit), number(k.last_week, k.unit),
          number(k.target, k.unit), _change(k, w), w["s_" + k.status]] for k in report.kpis], w)
        if report.kpis else [])
    section(w["done"], table([w["task"], w["owner"], w["priority"], w["finished"]],
                             task_rows(report.done, with_done=True), w) if report.done else [])
    slips: list[str] = []
    if report.slipped:
        slips += [f"### {w['slipped']}", "", *table(
            [w["task"], w["owner"], w["day"], w["action"], w["reason"]],
            [[s.title, s.owner or "–", _md(s.day), w[s.action], s.reason or "–"]
             for s in report.slipped], w)]
    if report.overdue:
        slips += [*([""] if slips else []), f"### {w['overdue']}", "", *table(
            [w["task"], w["owner"], w["priority"], w["due"], w["reason"]],
            task_rows(report.overdue, with_note=True), w)]
    section(w["slips"], slips)
    if any(p.cause for p in report.problems):
        section(w["problems"], table(
            [w["day"], w["problem"], w["cause"], w["solution"]],
            [[_md(p.day), p.problem, p.cause or "–", p.solution or "–"]
             for p in report.problems], w))
    else:  # no cause was written down anywhere: no column of dashes
        section(w["problems"], table(
            [w["day"], w["problem"], w["solution"]],
            [[_md(p.day), p.problem, p.solution or "–"] for p in report.problems], w)
            if report.problems else [])
    section(w["incidents"], table(
        [w["incident"], w["severity"], w["owner"], w["status"], w["escalated"]],
        [[i.title, i.severity.value, i.owner or "–",
          f"{w['resolved']} {i.resolved.strftime('%m-%d')}" if i.resolved else w["open"],
          ", ".join(i.escalated_to) or "–"] for i in report.incidents], w)
        if report.incidents else [])
    meeting: list[str] = []
    if report.decisions:
        meeting += [f"### {w['decisions']}", ""]
        meeting += [f"- {_md(d.day)} {cell(d.meeting)}: {cell(d.decision)}"
                    for d in report.decisions[:MAX_ROWS]]
    if report.open_actions:
        meeting += ["", f"### {w['actions']}", "", *table(
            [w["task"], w["owner"], w["priority"], w["due"], w["status"]],
            [[a.title, a.owner or "–", a.priority.value, _md(a.due), a.status.value]
             for a in report.open_actions], w)]
    section(w["meetings"], meeting)
    insights: list[str] = []
    for retro, done, total in report.retro_actions:
        lines = [i for i in report.insights if i.retro == retro]
        if not lines and not total:
            continue
        insights.append(f"- {cell(retro)}: " + w["retro_actions"].format(done=done, n=total))
        for line in lines[:MAX_ROWS]:
            label = "" if line.section == "insight" else (
                f" ({w.get(line.section, line.section).lower()})")
            insights.append(f"  - {cell(line.text)}{label}")
    section(w["insights"], insights)
    section(w["next"], table([w["task"], w["owner"], w["priority"], w["due"]],
                             task_rows(report.next_week), w) if report.next_week else [])
    section(w["support"], table(
        [w["department"], w["what"], w["contact"], w["needed_by"], w["for_task"]],
        [[s.department, s.what, s.contact or "–",
          _md(s.needed_by) + (f" ({w['late']})" if s.late else ""), s.task or "–"]
         for s in report.support], w) if report.support else [])
    return "\n".join(out) + "\n"


WEEKDAYS = {"en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
            "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日")}


def _bullets(text: str) -> list[str]:
    return [f"- {cell(line.strip(' -•'))}" for line in text.splitlines() if line.strip(" -•")]


def day_markdown(report: DayReport, lang: str = "en") -> str:
    """The work log of a day as Markdown: what was written, then what was recorded."""
    w = words(lang)
    names = WEEKDAYS.get(lang, WEEKDAYS["en"])
    out = [f"# {w['worklog']} {report.day.isoformat()} {names[report.day.weekday()]}"]

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
                               task_rows(report.done, with_done=True), w)
            if report.done else [])
    section(w["d_notes"], table([w["time"], w["task"], w["progress"], w["note"]],
                                [[n.at.strftime("%H:%M"), n.task,
                                  f"{n.percent}%" if n.percent is not None else "–", n.text]
                                 for n in report.notes], w) if report.notes else [])
    section(w["d_decisions"], [f"- {cell(d.meeting)}: {cell(d.decision)}"
                               for d in report.decisions])
    section(w["d_alerts"], table([w["metric"], w["value"], w["target"], w["change"], w["note"]],
                                 [[a.metric, number(a.value, a.unit), number(a.target, a.unit),
                                   f"{a.change_pct:+.1f}%" if a.change_pct is not None else "–",
                                   a.note or w["s_" + a.status]]
                                  for a in report.alerts], w) if report.alerts else [])
    section(w["d_incidents"], table(
        [w["incident"], w["severity"], w["owner"], w["status"], w["escalated"]],
        [[i.title, i.severity.value, i.owner or "–",
          w["resolved"] if i.resolved else w["open"], ", ".join(i.escalated_to) or "–"]
         for i in report.incidents], w) if report.incidents else [])
    section(w["d_unfinished"], table([w["task"], w["owner"], w["priority"], w["due"]],
                                     task_rows(report.unfinished), w)
            if report.unfinished else [])
    if log is None and len(out) == 3:
        out[-1] = w["d_empty"]
    return "\n".join(out) + "\n"
