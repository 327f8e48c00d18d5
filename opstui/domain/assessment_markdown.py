"""The monthly and yearly assessment (月度考核 / 年度考核) as Markdown and JSON."""

from __future__ import annotations

import json
from typing import Any

from opstui.domain.assessment import MemberAssessment, Results, TeamAssessment
from opstui.domain.monthly import review_markdown
from opstui.domain.people import ASSESSORS
from opstui.domain.report_markdown import cell, table, words

A_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "month": "Monthly assessment", "year": "Annual assessment",
        "as_of_end": "as at the month's end", "as_of_year_end": "as at the year's end",
        "as_of": "as of {day}", "member": "Member", "completion": "Completion",
        "on_time": "On time", "quality": "Quality (first pass)", "efficiency": "Slips/task",
        "superior": "Superior", "peer": "Peers", "self": "Self", "data": "Data",
        "total": "Total", "grade": "Grade", "weights": "Weights: {list}{note}.",
        "weights_from": " (from the settings: [assessment.assessors])",
        "results": "Results", "ability": "Ability", "attitude": "Attitude",
        "comment": "Comment", "feedback": "Feedback", "missing": "Not scored yet: {list}.",
        "months": "By month", "month_name": "M{n}", "detail": "Task detail",
        "empty": "No one to assess yet.",
        "rule": "Completion: done of what was due or planned; on time: done by the due date; "
                "quality: first review approved and not reopened; slips per task: plan days "
                "rolled or dropped per task worked. Superior = mean of ability and attitude "
                "(1–5) × 20; the total is the weighted mean of the scored assessors.",
        "g_A": "A excellent", "g_B": "B good", "g_C": "C meets", "g_D": "D improve",
        "g_E": "E below", "k_praise": "praise", "k_improve": "improve", "k_1:1": "1:1",
        "k_development": "development", "none": "–",
    },
    "zh": {
        "month": "月度考核", "year": "年度考核", "as_of_end": "截至月末",
        "as_of_year_end": "截至年末", "as_of": "截至 {day}", "member": "成员",
        "completion": "完成率", "on_time": "及时率", "quality": "质量（一次通过率）",
        "efficiency": "效率（顺延/任务）", "superior": "上级评价", "peer": "同事评价",
        "self": "自我评价", "data": "数据分析", "total": "总分", "grade": "等级",
        "weights": "权重：{list}{note}。",
        "weights_from": "（见设置 [assessment.assessors]）",
        "results": "工作业绩", "ability": "工作能力", "attitude": "工作态度",
        "comment": "评语", "feedback": "反馈与面谈", "missing": "尚未评分：{list}。",
        "months": "各月总分", "month_name": "{n}月", "detail": "任务明细",
        "empty": "暂无可考核的成员。",
        "rule": "完成率：本期到期或列入计划的任务中已完成的比例；及时率：到期任务中按期完成的比例；"
                "质量：首次审核即通过且未被重新打开的比例；效率：每项任务的顺延/移出计划次数。"
                "上级评价＝工作能力与工作态度（1–5 分）平均 × 20；总分为已评分各项的加权平均。",
        "g_A": "A 优秀", "g_B": "B 良好", "g_C": "C 合格", "g_D": "D 待改进", "g_E": "E 不合格",
        "k_praise": "表扬", "k_improve": "待改进", "k_1:1": "一对一面谈",
        "k_development": "发展计划/培训", "none": "–",
    },
}


def _w(lang: str) -> dict[str, str]:
    return A_WORDS.get(lang, A_WORDS["en"])


def rate(value: float | None, part: int, whole: int, lang: str) -> str:
    """``90%（9/10）`` or ``–``."""
    if value is None:
        return "–"
    return f"{value * 100:.0f}%" + words(lang)["paren"].format(text=f"{part}/{whole}")


def score(value: float | None) -> str:
    """A 0–100 score with one decimal (none: ``–``)."""
    return "–" if value is None else f"{value:.1f}".removesuffix(".0")


def result_cells(r: Results, lang: str) -> list[str]:
    """完成率, 及时率, 质量 and 效率 as the tables show them."""
    slips = "–" if r.slips_per_task is None else f"{r.slips_per_task:.2f}"
    return [rate(r.completion, r.planned_done, r.planned, lang),
            rate(r.on_time_rate, r.on_time, r.came_due, lang),
            rate(r.quality, r.first_pass, r.checked, lang), slips]


def _grade(member: MemberAssessment, a: dict[str, str]) -> str:
    return a["g_" + member.grade] if member.grade else "–"


def _heading(team: TeamAssessment, lang: str, yearly: bool) -> str:
    a = _w(lang)
    when = (a["as_of_year_end" if yearly else "as_of_end"] if team.complete
            else a["as_of"].format(day=team.today.strftime("%m-%d")))
    return f"# {a['year' if yearly else 'month']} {team.period.label}" + words(lang)[
        "paren"].format(text=when)


def _weights_line(team: TeamAssessment, lang: str, custom: bool) -> str:
    a, w = _w(lang), words(lang)
    parts = [f"{a[k]} {team.weights[k]:.0f}%" for k in ASSESSORS]
    return a["weights"].format(list=w["comma"].join(parts),
                               note="" if custom else a["weights_from"])


def assessment_markdown(team: TeamAssessment, lang: str = "en", *, custom: bool = False
                        ) -> str:
    """The month's (or year's) assessment: one table of every member's figures, assessor
    scores, total and grade; then each member's results, scores, comment and feedback;
    for a month, the task detail of the monthly review.

    Args:
        team: ``assess_month`` or ``assess_year``.
        lang: ``en`` or ``zh``.
        custom: The weights came from the settings (else the note says they are defaults).
    """
    a, w = _w(lang), words(lang)
    yearly = team.review is None
    out = [_heading(team, lang, yearly)]
    if not team.members:
        return "\n".join([*out, "", a["empty"]]) + "\n"
    out += ["", _weights_line(team, lang, custom), ""]
    header = [a["member"], a["completion"], a["on_time"], a["quality"], a["efficiency"],
              *(a[k] for k in ASSESSORS), a["total"], a["grade"]]
    rows = [[m.member, *result_cells(m.results, lang),
             *(score(m.scores[k]) for k in ASSESSORS), score(m.total), _grade(m, a)]
            for m in team.members]
    if yearly:
        header = [a["member"], a["completion"], a["on_time"], a["quality"], a["efficiency"],
                  a["data"], a["total"], a["grade"]]
        rows = [[m.member, *result_cells(m.results, lang), score(m.results.data_score),
                 score(m.total), _grade(m, a)] for m in team.members]
    out += [*table(header, rows, w), "", cell(a["rule"])]
    for member in team.members:
        out += ["", f"## {cell(member.member)}", ""]
        out += member_lines(member, lang, yearly)
    if team.review is not None and team.review.members:
        detail = review_markdown(team.review, lang).split("\n", 2)[2]
        out += ["", f"## {a['detail']}", "", detail.rstrip("\n").replace("\n## ", "\n### ")]
    return "\n".join(out) + "\n"


def member_lines(member: MemberAssessment, lang: str, yearly: bool) -> list[str]:
    """One member's part: results, the manager's scores, the comment, feedback."""
    a, w = _w(lang), words(lang)
    colon, comma = w["colon"], w["comma"]
    r = member.results
    completion, on_time, quality, slips = result_cells(r, lang)
    out = [f"- {a['results']}{colon}{a['completion']} {completion}{comma}{a['on_time']} "
           f"{on_time}{comma}{a['quality']} {quality}{comma}{a['efficiency']} {slips}"]
    if yearly:
        months = comma.join(f"{a['month_name'].format(n=int(label[5:]))} {score(v)}"
                            for label, v in member.months.items())
        out.append(f"- {a['months']}{colon}{months}")
    else:
        entered = member.entered
        ability = f"{entered.ability:g}/5" if entered and entered.ability else "–"
        attitude = f"{entered.attitude:g}/5" if entered and entered.attitude else "–"
        out.append(f"- {a['ability']} {ability}{comma}{a['attitude']} {attitude}")
        scored = comma.join(f"{a[k]} {score(member.scores[k])}" for k in ASSESSORS)
        out.append(f"- {scored}{comma}{a['total']} {score(member.total)}"
                   f"{comma}{a['grade']} {_grade(member, a)}")
        if member.missing:
            out.append("- " + a["missing"].format(list=comma.join(a[k] for k in member.missing)))
    out.append(f"- {a['comment']}{colon}{cell(member.comment) if member.comment else '–'}")
    if member.feedback:
        out.append(f"- {a['feedback']}{colon}")
        out += [f"  - {f.day.strftime('%m-%d')} {a['k_' + f.kind.value]}{colon}{cell(f.text)}"
                for f in member.feedback]
    return out


def assessment_json(team: TeamAssessment) -> str:
    """The assessment as indented JSON."""
    def member(m: MemberAssessment) -> dict[str, Any]:
        r = m.results
        return {"member": m.member, "completion": r.completion, "on_time": r.on_time_rate,
                "quality": r.quality, "slips_per_task": r.slips_per_task,
                "counts": {"planned": r.planned, "planned_done": r.planned_done,
                           "came_due": r.came_due, "on_time": r.on_time,
                           "checked": r.checked, "first_pass": r.first_pass,
                           "worked": r.worked, "slips": r.slips},
                "scores": m.scores, "total": m.total, "grade": m.grade,
                "comment": m.comment, "months": m.months or None,
                "feedback": [f.model_dump(mode="json", include={"day", "kind", "text"})
                             for f in m.feedback]}

    payload = {"period": team.period.label, "complete": team.complete,
               "weights": team.weights, "members": [member(m) for m in team.members]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
