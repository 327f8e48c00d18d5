"""The weekly report (周报) as Markdown, ready to send: a header, a summary in sentences,
the marked highlights, the sections of the week, and a one-screen brief variant.

Every word the report generates is in its language (``report_words``); what the user typed
(titles, names, notes, reasons) is shown as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from opstui.domain.records import Severity
from opstui.domain.report import TaskLine, WeeklyReport
from opstui.domain.report_markdown import (
    MAX_ROWS,
    cell,
    change_text,
    goal_progress,
    metric_name,
    number,
    table,
    task_rows,
)
from opstui.domain.report_words import display_title, status_word, words

BRIEF_ITEMS = 3
"""At most this many lines per list in the brief."""
SCREEN = (80, 24)
"""The screen the brief fits: columns and rows."""


def day_format(report: WeeklyReport) -> Callable[[date | None], str]:
    """How the report writes a day: ``11-23``, with the year when the week crosses one (or
    the day is in another year than the week)."""
    week = report.week
    crosses = week.start.year != week.end.year

    def fmt(day: date | None) -> str:
        if day is None:
            return "–"
        if crosses or day.year != week.start.year:
            return day.isoformat()
        return day.strftime("%m-%d")

    return fmt


def heading(report: WeeklyReport, lang: str) -> str:
    """The first line: which week, its days with the year, and ``上周``/``本周`` when the
    week was chosen that way."""
    w = words(lang)
    week = report.week
    end = (week.end.isoformat() if week.end.year != week.start.year
           else week.end.strftime("%m-%d"))
    head = f"# {w['weekly']} {week.label}" + w["paren"].format(
        text=w["week_range"].format(start=week.start.isoformat(), end=end))
    if report.which in ("last", "this"):
        head += " · " + w["week_" + report.which]
    if week.start <= report.today < week.end:
        head += " " + w["so_far"].format(day=day_format(report)(report.today))
    return head


def header_line(report: WeeklyReport, lang: str) -> str:
    """``汇报人：林晓　部门：运营部　收件人：赵总`` from the settings ("" when none is set)."""
    w = words(lang)
    parts = []
    if report.reporter:
        parts.append(w["reporter"] + w["colon"] + cell(report.reporter))
    if report.department:
        parts.append(w["rep_department"] + w["colon"] + cell(report.department))
    if report.recipients:
        joiner = "、" if lang == "zh" else ", "
        parts.append(w["recipients"] + w["colon"] + joiner.join(cell(r)
                                                                for r in report.recipients))
    return w["header_sep"].join(parts)


def summary_sentences(report: WeeklyReport, lang: str, *, brief: bool = False) -> str:
    """The week in a few sentences a person would write, with the numbers in them (the
    brief: what was done, what slipped, and the goals)."""
    w = words(lang)
    comma, stop = w["comma"], w["fullstop"]
    top = sum(line.priority.value in ("P0", "P1") for line in report.done)
    sentences = []
    first = (w["sum_done"].format(n=len(report.done), top=top) if report.done
             else w["sum_done_none"])
    sentences.append(first + w["semi"] + w["sum_new"].format(
        created=report.created, cancelled=report.cancelled))
    if report.slipped or report.overdue:
        sentences.append(w["sum_late"].format(slipped=len(report.slipped),
                                              overdue=len(report.overdue)))
    else:
        sentences.append(w["sum_late_none"])
    if (report.in_progress or report.blocked) and not brief:
        sentences.append(w["sum_progress"].format(n=len(report.in_progress),
                                                  blocked=len(report.blocked)))
    if report.goals:
        good = sum(g.status in ("achieved", "on_track") for g in report.goals)
        text = w["sum_goals"].format(ok=good, n=len(report.goals))
        bad = report.at_risk
        if bad and not brief:
            names = ("、" if lang == "zh" else ", ").join(cell(g.title) for g in bad[:3])
            if len(bad) > 3:
                names += "…"
            text += comma + w["sum_goals_bad"].format(bad=len(bad), names=names)
        sentences.append(text)
    if brief:
        return stop.join(sentences).strip() + stop.strip()
    if report.kpis_with_data:
        improved = sum(k.improved is True for k in report.kpis)
        sentences.append(w["sum_kpis"].format(ok=report.kpis_on_target,
                                              n=report.kpis_with_data, better=improved))
    if report.incidents:
        sentences.append(w["sum_inc"].format(
            n=len(report.incidents), esc=sum(bool(i.escalated_to) for i in report.incidents),
            open=sum(i.resolved is None for i in report.incidents)))
    if report.support:
        sentences.append(w["sum_support"].format(n=len(report.support),
                                                 late=sum(s.late for s in report.support)))
    return stop.join(sentences).strip() + stop.strip()


def _findings(report: WeeklyReport, lang: str, fmt: Callable[[date | None], str]
              ) -> list[str]:
    w = words(lang)
    out: list[str] = []
    stream = ""
    for finding in report.findings[:MAX_ROWS]:
        if finding.stream.value != stream:
            stream = finding.stream.value
            out += [*([""] if out else []), f"### {w['f_' + stream]}", ""]
        tags = " ".join(f"#{t}" for t in finding.tags)
        out.append(f"- {fmt(finding.day)} {cell(finding.text)}" + (f" {cell(tags)}" if tags
                                                                    else ""))
    return out


def budget_rows(report: WeeklyReport) -> list[list[object]]:
    """Planned, spent and the share used, per campaign."""
    return [[b.title, b.owner or "–", number(b.planned, "CNY"), number(b.spent, "CNY"),
             f"{b.share * 100:.0f}%" if b.share is not None else "–"] for b in report.budgets]


def weekly_markdown(report: WeeklyReport, lang: str = "en") -> str:
    """The weekly report as Markdown; an empty week gets one honest sentence."""
    w = words(lang)
    fmt = day_format(report)
    out = [heading(report, lang)]
    header = header_line(report, lang)
    if header:
        out += ["", header]
    if report.empty:
        return "\n".join([*out, "", w["empty"]]) + "\n"
    out += ["", f"## {w['summary']}", "", summary_sentences(report, lang)]
    if report.highlights:
        out += ["", f"### {w['highlights']}", ""]
        out += [f"- {cell(h)}" for h in report.highlights[:MAX_ROWS]]

    def section(title: str, body: list[str], *, always: bool = True) -> None:
        if body or always:
            out.extend(["", f"## {title}", "", *(body or [w["none"]])])

    def tasks(lines: list[TaskLine], *, with_done: bool = False, with_note: bool = False
              ) -> list[list[object]]:
        return task_rows(lines, lang=lang, day=fmt, with_done=with_done, with_note=with_note)

    section(w["goals"], table(
        [w["goal"], w["owner"], w["target"], w["latest"], w["progress"], w["status"]],
        [[g.title, g.owner or "–", number(g.target, g.unit), number(g.actual, g.unit),
          goal_progress(g, w), w["g_" + g.status]] for g in report.goals], w)
        if report.goals else [])
    section(w["budget"], table([w["goal"], w["owner"], w["planned"], w["spent"], w["used"]],
                               budget_rows(report), w) if report.budgets else [],
            always=False)
    section(w["kpis"], [*table(
        [w["metric"], w["this_week"], w["last_week"], w["target"], w["change"], w["status"]],
        [[metric_name(k, lang), number(k.this_week, k.unit), number(k.last_week, k.unit),
          number(k.target, k.unit), change_text(k, w), w["s_" + k.status]]
         for k in report.kpis], w), "", w["avg_note"]] if report.kpis else [])
    section(w["done"], table([w["task"], w["owner"], w["priority"], w["finished"]],
                             tasks(report.done, with_done=True), w) if report.done else [])
    section(w["in_progress"], table(
        [w["task"], w["owner"], w["progress"], w["status"], w["due"], w["latest_note"]],
        [[display_title(t.title, t.kind, lang), t.owner or "–", f"{t.percent}%",
          status_word(t.status, lang), fmt(t.due), t.note or "–"]
         for t in report.in_progress], w) if report.in_progress else [])
    slips: list[str] = []
    if report.slipped:
        slips += [f"### {w['slipped']}", "", *table(
            [w["task"], w["owner"], w["day"], w["action"], w["reason"]],
            [[s.title, s.owner or "–", fmt(s.day), w[s.action], s.reason or "–"]
             for s in report.slipped], w)]
    if report.overdue:
        slips += [*([""] if slips else []), f"### {w['overdue']}", "", *table(
            [w["task"], w["owner"], w["priority"], w["due"], w["reason"]],
            tasks(report.overdue, with_note=True), w)]
    section(w["slips"], slips)
    section(w["risks"], risk_body(report, lang))
    if any(p.cause for p in report.problems):
        section(w["problems"], table(
            [w["day"], w["problem"], w["cause"], w["solution"]],
            [[fmt(p.day), p.problem, p.cause or "–", p.solution or "–"]
             for p in report.problems], w))
    else:  # no cause was written down anywhere: no column of dashes
        section(w["problems"], table(
            [w["day"], w["problem"], w["solution"]],
            [[fmt(p.day), p.problem, p.solution or "–"] for p in report.problems], w)
            if report.problems else [])
    section(w["incidents"], table(
        [w["incident"], w["severity"], w["owner"], w["status"], w["escalated"]],
        [[i.title, i.severity.value, i.owner or "–",
          f"{w['resolved']} {fmt(i.resolved.date())}" if i.resolved else w["open"],
          ("、" if lang == "zh" else ", ").join(i.escalated_to)
          or (w["not_escalated"] if i.severity in (Severity.S1, Severity.S2) else "–")]
         for i in report.incidents], w) if report.incidents else [])
    meeting: list[str] = []
    if report.decisions:
        meeting += [f"### {w['decisions']}", ""]
        meeting += [f"- {fmt(d.day)} {cell(d.meeting)}{w['colon']}{cell(d.decision)}"
                    for d in report.decisions[:MAX_ROWS]]
    if report.open_actions:
        meeting += ["", f"### {w['actions']}", "", *table(
            [w["task"], w["owner"], w["priority"], w["due"], w["status"]],
            [[display_title(a.title, a.kind, lang), a.owner or "–", a.priority.value,
              fmt(a.due), status_word(a.status, lang)] for a in report.open_actions], w)]
    section(w["meetings"], meeting)
    insights: list[str] = []
    for retro, done, total in report.retro_actions:
        lines = [i for i in report.insights if i.retro == retro]
        if not lines and not total:
            continue
        insights.append(f"- {cell(retro)}{w['colon']}"
                        + w["retro_actions"].format(done=done, n=total))
        for line in lines[:MAX_ROWS]:
            label = "" if line.section == "insight" else w["paren"].format(
                text=w.get(line.section, line.section).lower())
            insights.append(f"  - {cell(line.text)}{label}")
    section(w["insights"], insights)
    section(w["findings"], _findings(report, lang, fmt), always=False)
    section(w["next"], table([w["task"], w["owner"], w["priority"], w["due"]],
                             tasks(report.next_week), w) if report.next_week else [])
    return "\n".join(out) + "\n"


def risk_body(report: WeeklyReport, lang: str) -> list[str]:
    """风险与阻塞: blocked tasks and why, goals at risk or behind, support not confirmed."""
    w = words(lang)
    fmt = day_format(report)
    out: list[str] = []
    if report.blocked:
        out += [f"### {w['blocked']}", "", *table(
            [w["task"], w["owner"], w["priority"], w["due"], w["reason"]],
            task_rows(report.blocked, with_note=True, lang=lang, day=fmt), w)]
    if report.at_risk:
        out += [*([""] if out else []), f"### {w['goals_at_risk']}", "", *table(
            [w["goal"], w["owner"], w["progress"], w["status"]],
            [[g.title, g.owner or "–", goal_progress(g, w), w["g_" + g.status]]
             for g in report.at_risk], w)]
    if report.support:
        out += [*([""] if out else []), f"### {w['support_waiting']}", "", *table(
            [w["department"], w["what"], w["contact"], w["needed_by"], w["for_task"]],
            [[s.department, s.what, s.contact or "–",
              fmt(s.needed_by) + (w["paren"].format(text=w["late"]) if s.late else ""),
              s.task or "–"] for s in report.support], w)]
    return out


def weekly_brief(report: WeeklyReport, lang: str = "en") -> str:
    """The weekly report on one screen: the header, the summary, and the few lines that
    matter (highlights, risks, next week's most urgent work), as lists without tables."""
    w = words(lang)
    fmt = day_format(report)
    colon = w["colon"]
    out = [heading(report, lang)]
    header = header_line(report, lang)
    if header:
        out += [header]
    if report.empty:
        return "\n".join([*out, "", w["empty"]]) + "\n"
    out += ["", summary_sentences(report, lang, brief=True)]

    def block(title: str, lines: list[str], total: int) -> None:
        if not lines:
            return
        out.extend(["", f"**{title}**", *(fit(line, SCREEN[0] - 1)
                                          for line in lines[:BRIEF_ITEMS])])
        if total > BRIEF_ITEMS:
            out.append(w["more"].format(n=total - BRIEF_ITEMS))

    block(w["highlights"], [f"- {cell(h)}" for h in report.highlights], len(report.highlights))
    risks = [f"- {cell(display_title(t.title, t.kind, lang))}"
             + w["paren"].format(text=cell(t.owner or "–"))
             + colon + cell(t.note or status_word(t.status, lang)) for t in report.blocked]
    risks += [f"- {cell(g.title)}{colon}{w['g_' + g.status]}" for g in report.at_risk]
    if report.support:
        risks.append("- " + w["sum_support"].format(
            n=len(report.support), late=sum(s.late for s in report.support)))
    block(w["risks"], risks, len(risks))
    nexts = [f"- {cell(display_title(t.title, t.kind, lang))}"
             + w["paren"].format(text=f"{cell(t.owner or '–')}{w['comma']}{t.priority.value}"
                                 f"{w['comma']}{fmt(t.due)}")
             for t in report.next_week]
    block(w["next"], nexts, len(nexts))
    return "\n".join(out) + "\n"


def width(text: str) -> int:
    """Terminal cells ``text`` takes (CJK characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def fit(text: str, cells: int) -> str:
    """``text`` cut to ``cells`` terminal cells, ending in ``…`` when cut."""
    if width(text) <= cells:
        return text
    out, used = "", 1
    for char in text:
        used += width(char)
        if used > cells:
            break
        out += char
    return out.rstrip("\\ ") + "…"
