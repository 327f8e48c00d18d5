"""The words reports are written in, English and Chinese: headings, statuses, units, and the
titles and phrases opstui itself generates (user text is never translated).

Chinese text uses full-width punctuation (，。：；（）) throughout.
"""

from __future__ import annotations

import re

LANGS = ("en", "zh")

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "weekly": "Weekly report", "summary": "Summary", "goals": "Goals",
        "so_far": "· as of {day}", "week_last": "last week", "week_this": "this week",
        "week_range": "{start} – {end}", "paren": " ({text})",
        "reporter": "From", "rep_department": "Department", "recipients": "To",
        "header_sep": " · ",
        "kpis": "Key metrics", "done": "Done this week", "slips": "Slipped and overdue",
        "slipped": "Slipped", "overdue": "Overdue", "problems": "Problems and solutions",
        "incidents": "Incidents and escalations", "meetings": "Meeting decisions and actions",
        "decisions": "Decisions", "actions": "Open action items",
        "insights": "Retrospective insights", "next": "Next week's plan",
        "support": "Support needed", "highlights": "Highlights",
        "in_progress": "In progress", "risks": "Risks and blockers", "blocked": "Blocked",
        "goals_at_risk": "Goals at risk", "support_waiting": "Support not yet confirmed",
        "findings": "Ongoing work", "budget": "Campaign budgets",
        "planned": "Planned", "spent": "Spent", "used": "Used",
        "empty": "No tasks recorded this week.", "none": "None this week.",
        "none_open": "None open.", "more": "… and {n} more",
        "goal": "Goal", "owner": "Owner", "target": "Target", "actual": "Actual",
        "progress": "Progress", "status": "Status", "metric": "Metric",
        "this_week": "This week (daily avg)", "last_week": "Last week (daily avg)",
        "avg_note": "Daily metrics: the mean of the week's readings; weekly metrics: the "
                    "week's last reading.",
        "change": "Change",
        "task": "Task", "priority": "Priority", "finished": "Finished", "day": "Day",
        "action": "Action", "reason": "Reason", "due": "Due", "problem": "Problem",
        "cause": "Cause", "solution": "Solution", "incident": "Incident",
        "severity": "Severity", "escalated": "Escalated to", "department": "Department",
        "what": "What", "contact": "Contact", "needed_by": "Needed by", "for_task": "For task",
        "rolled": "rolled", "unplanned": "unplanned", "open": "open", "resolved": "resolved",
        "not_escalated": "never escalated",
        "late": "late", "tasks": "{done}/{total} tasks", "latest_note": "Latest",
        "colon": ": ", "comma": ", ", "semi": "; ", "fullstop": ". ",
        # the summary, as sentences
        "sum_done": "We finished {n} tasks this week, {top} of them P0/P1",
        "sum_done_none": "No task was finished this week",
        "sum_new": "{created} new tasks came in, {cancelled} dropped",
        "sum_late": "Plans slipped {slipped} times and {overdue} tasks are overdue",
        "sum_late_none": "Nothing slipped and nothing is overdue",
        "sum_goals": "{ok} of {n} goals are achieved or on track",
        "sum_goals_bad": "{bad} need attention ({names})",
        "sum_kpis": "{ok} of {n} key metrics met their target, {better} improved on last week",
        "sum_inc": "{n} incidents this week: {esc} escalated, {open} still open",
        "sum_support": "{n} support requests from other departments are still unconfirmed, "
                       "{late} past the day they were needed",
        "sum_progress": "{n} tasks are in progress and {blocked} blocked",
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
        "pp": "pp", "z": "z {z:+.1f}", "flat": "off a flat line",
        "vs_previous": "{pct:+.1f}% vs previous", "investigate": "Investigate",
        "unassigned": "unassigned", "cancelled_": "cancelled",
        "st_todo": "to do", "st_doing": "doing", "st_waiting": "waiting",
        "st_blocked": "blocked", "st_done": "done", "st_cancelled": "cancelled",
        "f_competitor": "Competitors and industry", "f_research": "User research",
        "f_team": "Team building", "f_process": "Process and SOP",
    },
    "zh": {
        "weekly": "周报", "summary": "本周概要", "goals": "目标进展", "kpis": "核心指标",
        "so_far": "· 截至 {day}", "week_last": "上周", "week_this": "本周",
        "week_range": "{start} 至 {end}", "paren": "（{text}）",
        "reporter": "汇报人", "rep_department": "部门", "recipients": "收件人",
        "header_sep": "　",
        "done": "本周完成", "slips": "延期与逾期", "slipped": "延期", "overdue": "逾期",
        "problems": "问题与解决", "incidents": "事件与升级", "meetings": "会议决议与待办",
        "decisions": "决议", "actions": "未完成的待办", "insights": "复盘要点",
        "next": "下周计划", "support": "需要的支持", "highlights": "本周亮点",
        "in_progress": "进行中", "risks": "风险与阻塞", "blocked": "受阻任务",
        "goals_at_risk": "有风险的目标", "support_waiting": "待确认的跨部门支持",
        "findings": "持续性工作", "budget": "活动预算", "planned": "预算",
        "spent": "已花费", "used": "使用率",
        "empty": "本周没有记录任务。", "none": "本周无。", "none_open": "无未完成项。",
        "more": "……另有 {n} 项", "goal": "目标", "owner": "负责人", "target": "目标值",
        "actual": "当前值", "progress": "进度", "status": "状态", "metric": "指标",
        "this_week": "本周日均", "last_week": "上周日均",
        "avg_note": "日均：每日指标取本周读数的平均值；每周指标取本周最后一次读数。",
        "change": "环比", "task": "任务",
        "priority": "优先级", "finished": "完成时间", "day": "日期", "action": "处理",
        "reason": "原因", "due": "截止", "problem": "问题", "cause": "原因",
        "solution": "解决办法", "incident": "事件", "severity": "级别", "escalated": "已上报",
        "department": "部门", "what": "事项", "contact": "对接人", "needed_by": "需要日期",
        "for_task": "关联任务", "rolled": "顺延", "unplanned": "移出计划", "open": "处理中",
        "not_escalated": "未上报",
        "resolved": "已解决", "late": "已超期", "tasks": "{done}/{total} 项任务",
        "latest_note": "最新进展", "colon": "：", "comma": "，", "semi": "；", "fullstop": "。",
        "sum_done": "本周完成任务 {n} 项，其中 P0/P1 {top} 项",
        "sum_done_none": "本周没有完成的任务",
        "sum_new": "新增 {created} 项，取消 {cancelled} 项",
        "sum_late": "计划顺延 {slipped} 次，{overdue} 项任务逾期未完成",
        "sum_late_none": "没有顺延，也没有逾期",
        "sum_goals": "{n} 个目标中 {ok} 个已达成或正常推进",
        "sum_goals_bad": "{bad} 个需要关注（{names}）",
        "sum_kpis": "{n} 项核心指标中 {ok} 项达标，{better} 项环比改善",
        "sum_inc": "本周发生问题/事件 {n} 个，已上报 {esc} 个，仍未解决 {open} 个",
        "sum_support": "跨部门支持还有 {n} 项待确认，其中 {late} 项已过需要日期",
        "sum_progress": "进行中的任务 {n} 项，受阻 {blocked} 项",
        "s_ok": "达标", "s_warn": "接近目标", "s_alert": "未达标", "s_none": "无目标",
        "s_nodata": "无数据", "g_achieved": "已达成", "g_on_track": "正常推进",
        "g_at_risk": "有风险", "g_behind": "落后", "g_closed": "已关闭", "g_nodata": "无数据",
        "g_upcoming": "未开始",
        "insight": "启示", "try": "尝试", "start": "开始做", "stop": "停止做",
        "worklog": "工作日志", "d_summary": "总结", "d_done": "今日完成", "d_highlights": "亮点",
        "d_problems": "遇到的问题", "d_solutions": "解决办法", "d_tomorrow": "明日重点",
        "d_notes": "进展", "d_decisions": "会议决议", "d_alerts": "数据异常",
        "d_incidents": "问题与事件", "d_unfinished": "计划未完成",
        "d_nolog": "当天还没有写工作日志，以下是当天的记录。", "d_empty": "当天没有记录。",
        "time": "时间", "note": "备注", "value": "数值", "s_anomaly": "异常波动",
        "latest": "最新值", "better": "改善", "worse": "变差",
        "retro_actions": "改进项 {n} 项，已完成 {done} 项",
        "pp": " 个百分点", "z": "偏离均值 {z:+.1f} 个标准差", "flat": "偏离一向不变的数值",
        "vs_previous": "较前一次 {pct:+.1f}%", "investigate": "排查",
        "unassigned": "未指派", "cancelled_": "已取消",
        "st_todo": "待办", "st_doing": "进行中", "st_waiting": "等待中",
        "st_blocked": "受阻", "st_done": "已完成", "st_cancelled": "已取消",
        "f_competitor": "竞品/行业动态", "f_research": "用户调研", "f_team": "团队建设",
        "f_process": "流程优化/SOP",
    },
}

def words(lang: str) -> dict[str, str]:
    """The words of ``lang`` (English for anything unknown)."""
    return WORDS.get(lang, WORDS["en"])


def status_word(status: object, lang: str) -> str:
    """A task status (``TaskStatus`` or its value) in ``lang``: ``blocked`` is 受阻."""
    value = getattr(status, "value", status)
    return words(lang).get(f"st_{value}", str(value))


ZH_UNITS = {"users": "人", "user": "人", "people": "人", "persons": "人",
            "reads": "次", "views": "次", "visits": "次", "clicks": "次", "times": "次"}
"""English count units said in Chinese; any other unit is shown as stored."""


def unit_label(unit: str, lang: str = "en") -> str:
    """``unit`` as the report in ``lang`` names it: ``users`` is ``人`` in Chinese."""
    if lang == "zh":
        return ZH_UNITS.get(unit.strip().casefold(), unit)
    return unit


_INVESTIGATE = re.compile(r"^Investigate:?\s+(?P<what>.+?)(?:\s+on\s+(?P<day>\d{4}-\d\d-\d\d))?$")


def display_title(title: str, kind: str, lang: str) -> str:
    """A task title as a report in ``lang`` shows it: titles opstui generated (an anomaly's
    "Investigate …" task) are said in ``lang``; anything the user typed stays as typed."""
    if kind != "metric" or lang == "en":
        return title
    found = _INVESTIGATE.match(title)
    if found is None:
        return title
    what = found["what"]
    if lang == "zh":
        day = f"（{found['day']}）" if found["day"] else ""
        return f"排查：{what}{day}"
    return title


def anomaly_text(z: float | None, pct: float | None, reasons: tuple[str, ...], lang: str
                 ) -> str:
    """Why a reading is an anomaly, in ``lang``: the rules that fired (``metrics.judge``)."""
    if lang == "en":
        return " · ".join(reasons)
    w = words(lang)
    out = []
    for reason in reasons:
        if reason.startswith("z ") and z is not None:
            out.append(w["z"].format(z=z))
        elif reason == "off a flat line":
            out.append(w["flat"])
        elif reason.endswith("vs previous") and pct is not None:
            out.append(w["vs_previous"].format(pct=pct))
        else:
            out.append(reason)
    return "，".join(out)
