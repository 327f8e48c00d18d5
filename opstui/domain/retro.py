"""Retrospectives (复盘): templates, goal/result pre-filled from goals and metrics, the last
retro's actions, and improvement actions turned into tasks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from opstui.domain.models import (
    RETRO_SECTIONS,
    Goal,
    Metric,
    Priority,
    Reading,
    RetroFormat,
    Retrospective,
    Source,
    SourceKind,
    Task,
    TaskStatus,
)
from opstui.domain.report import goal_line, mean_of, metric_status
from opstui.domain.report_markdown import cell, number, words
from opstui.domain.report_words import status_word

SECTION_TITLES: dict[str, tuple[str, str, str]] = {
    # section: English title, Chinese title, what to write
    "goal": ("Goal", "目标回顾", "What we set out to achieve, with numbers"),
    "result": ("Result", "结果对比", "What actually happened, against the goal"),
    "analysis": ("Analysis", "过程分析", "What worked, what failed, and why"),
    "insight": ("Insight", "总结规律", "The lessons; one per line"),
    "keep": ("Keep", "保持", "What went well and should stay"),
    "problem": ("Problem", "问题", "What got in the way"),
    "try": ("Try", "尝试", "What to try next time; one per line"),
    "start": ("Start", "开始做", "What we should start doing"),
    "stop": ("Stop", "停止做", "What we should stop doing"),
    "continue": ("Continue", "继续做", "What we should keep doing"),
}
FORMAT_NAMES = {RetroFormat.GRAI: "GRAI", RetroFormat.KPT: "KPT",
                RetroFormat.SSC: "Start / Stop / Continue"}


def sections_of(fmt: RetroFormat) -> tuple[str, ...]:
    """The sections of a format, in order."""
    return RETRO_SECTIONS[fmt]


def prefill(goals: Sequence[Goal], metrics: Sequence[Metric], readings: Iterable[Reading],
            tasks: Sequence[Task], start: date | None, end: date, lang: str = "en", *,
            all_metrics: Sequence[Metric] = ()) -> dict[str, str]:
    """The goal and result sections drafted from the linked goals and metrics.

    Each goal gives its target (goal) and, at ``end``, its actual against the target and its
    progress and status (result). Progress is ``planning.goal_progress``'s, as the Before
    pane shows it: a goal tied to a metric is measured on that metric's readings even when
    the metric itself is not linked to the retro (it is looked up in ``all_metrics``).
    Each linked metric not already covered by a goal gives its target and its value over
    ``start``..``end`` (the mean of daily readings, the last weekly one).

    Returns:
        ``{"goal": ..., "result": ...}``; empty texts when nothing is linked.
    """
    zh = lang == "zh"
    w = words(lang)
    readings = list(readings)
    by_id = {m.id: m for m in (*all_metrics, *metrics)}
    goal_text, result_text = [], []
    covered: set[str] = set()
    for goal in goals:
        metric = by_id.get(goal.metric_id or "")
        line = goal_line(goal, metric=metric, readings=readings, tasks=tasks, as_of=end)
        unit = line.unit
        if goal.metric_id:
            covered.add(goal.metric_id)
        target = number(line.target, unit)
        base = f"; {'基线' if zh else 'baseline'} {number(goal.baseline, unit)}" if (
            goal.baseline is not None) else ""
        goal_text.append(f"- {goal.title} ({goal.period}): {w['target']} {target}{base}"
                         if line.target is not None else f"- {goal.title} ({goal.period})")
        progress = (f", {w['progress']} {line.progress * 100:.0f}%"
                    if line.progress is not None else "")
        if line.actual is not None:
            result_text.append(f"- {goal.title}: {w['actual']} {number(line.actual, unit)} vs "
                               f"{w['target']} {target}{progress} ({w['g_' + line.status]})")
        elif line.tasks_total:
            result_text.append(f"- {goal.title}: " + w["tasks"].format(
                done=line.tasks_done, total=line.tasks_total) + progress
                + f" ({w['g_' + line.status]})")
        else:
            result_text.append(f"- {goal.title}: {w['g_nodata']}")
    for metric in metrics:
        if metric.id in covered:
            continue
        own = [r for r in readings if r.metric_id == metric.id]
        first = start or min((r.day for r in own), default=end)
        value = mean_of(own, first, end, metric.cadence.value == "weekly")
        target = number(metric.target, metric.unit)
        goal_text.append(f"- {metric.name}: {w['target']} {target}")
        status = metric_status(value, metric.target, metric.direction, metric.warn_pct)
        result_text.append(f"- {metric.name}: {w['actual']} {number(value, metric.unit)} vs "
                           f"{w['target']} {target} ({w['s_' + status]})")
    return {"goal": "\n".join(goal_text), "result": "\n".join(result_text)}


def previous_retro(retros: Iterable[Retrospective], project: str, before: date,
                   exclude: str | None = None) -> Retrospective | None:
    """The latest retro of ``project`` held on or before ``before`` (other than ``exclude``)."""
    key = project.strip().casefold()
    found = [r for r in retros if r.project.strip().casefold() == key and r.day <= before
             and r.id != exclude]
    return max(found, key=lambda r: (r.day, r.created_at)) if found else None


def actions_of(retro: Retrospective, tasks: Iterable[Task]) -> list[Task]:
    """The improvement actions of ``retro`` (tasks whose source is it), oldest first."""
    found = [t for t in tasks if t.source.kind is SourceKind.RETRO and t.source.ref == retro.id]
    return sorted(found, key=lambda t: t.created_at)


@dataclass(frozen=True)
class ActionDraft:
    """An improvement action as typed, in the quick-add syntax: ``title @owner due:fri !P1``."""

    title: str
    owner: str | None = None
    due: date | None = None
    priority: Priority = Priority.P2
    tags: tuple[str, ...] = ()
    estimate_minutes: int | None = None


ACTION_SYNTAX = "title @owner due:fri !P1 ~2h #tag"
"""How an action line is written (the tasks' quick-add syntax)."""


def parse_action(line: str, today: date, *, number: int = 1) -> ActionDraft:
    """Read one action line with the tasks' quick-add parser (``opstui.domain.quickadd``):
    words are the title; ``@name`` the owner, ``due:fri`` the due date, ``!P1`` the
    priority, ``~2h`` the estimate, ``#tag`` a tag. ``>fri`` is still read as ``due:fri``.

    Raises:
        QuickAddError: A token is bad (with its line and column), or there is no title.
    """
    from opstui.domain.quickadd import parse_quick_add

    text = re.sub(r"(^|\s)>(?=\S)", r"\1due:", line)
    parsed = parse_quick_add(text, today, line=number)
    return ActionDraft(parsed.title, parsed.owner, parsed.due,
                       Priority(parsed.priority) if parsed.priority else Priority.P2,
                       parsed.tags, parsed.estimate_minutes)


def parse_actions(text: str, today: date) -> tuple[list[ActionDraft], list[str]]:
    """Read every action line (blank ones skipped).

    Returns:
        The drafts, and one message per bad line (``line 2, col 14: 'due:frday': ...``).
    """
    from opstui.domain.quickadd import QuickAddError

    drafts, problems = [], []
    for at, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            drafts.append(parse_action(line, today, number=at))
        except QuickAddError as exc:
            problems.append(str(exc))
    return drafts, problems


def action_tasks(retro: Retrospective, drafts: Iterable[ActionDraft], now: datetime
                 ) -> list[Task]:
    """Tasks for the improvement actions of ``retro`` (source: the retro), tagged ``retro``,
    created at ``now``."""
    goal_id = retro.goal_ids[0] if len(retro.goal_ids) == 1 else None
    return [Task(title=d.title, owner=d.owner, due=d.due, priority=d.priority, goal_id=goal_id,
                 tags=["retro", *(t for t in d.tags if t != "retro")],
                 estimate_minutes=d.estimate_minutes,
                 source=Source(kind=SourceKind.RETRO, ref=retro.id, on=retro.day),
                 created_at=now, updated_at=now)
            for d in drafts]


def retro_markdown(retro: Retrospective, actions: Sequence[Task],
                   previous: Retrospective | None = None,
                   previous_actions: Sequence[Task] = (), lang: str = "en",
                   goals: Sequence[Goal] = ()) -> str:
    """A retro as Markdown: its sections, its actions, and the last retro's actions; with
    ``goals``, the budget (planned against spent) of the retro's goals that have one."""
    zh = lang == "zh"
    period = ""
    if retro.period_start or retro.period_end:
        period = (f" · {retro.period_start or '…'} – {retro.period_end or '…'}")
    out = [f"# {'复盘' if zh else 'Retrospective'}: {cell(retro.title)}", "",
           f"{cell(retro.project)} · {FORMAT_NAMES[retro.format]} · {retro.day}{period} · "
           f"{retro.short_id}"]
    if previous is not None:
        out += ["", f"## {'上次复盘的改进项' if zh else 'Actions from the last retro'}: "
                    f"{cell(previous.title)} ({previous.day})", ""]
        out += action_lines(previous_actions, lang) or ["无。" if zh else "None were recorded."]
    for section in sections_of(retro.format):
        en, cn, _ = SECTION_TITLES[section]
        text = retro.sections.get(section, "").strip()
        out += ["", f"## {cn if zh else en}", ""]
        out += [cell(line) if line.strip() else "" for line in text.splitlines()] or ["–"]
    out += ["", f"## {'改进项' if zh else 'Improvement actions'}", ""]
    out += action_lines(actions, lang) or ["无。" if zh else "None yet."]
    budgets = [g for g in goals if g.id in retro.goal_ids
               and (g.budget_planned is not None or g.budget_spent is not None)]
    if budgets:
        w = words(lang)
        out += ["", f"## {w['budget']}", ""]
        for goal in budgets:
            used = (f"{w['comma']}{w['used']} {goal.budget_spent / goal.budget_planned:.0%}"
                    if goal.budget_planned and goal.budget_spent is not None else "")
            out.append(f"- {cell(goal.title)}{w['colon']}{w['planned']} "
                       f"{number(goal.budget_planned, 'CNY')}{w['comma']}{w['spent']} "
                       f"{number(goal.budget_spent, 'CNY')}{used}")
    return "\n".join(out) + "\n"


def action_lines(actions: Sequence[Task], lang: str = "en") -> list[str]:
    """``- [x] title (owner, due 11-30)`` per action; done ones ticked."""
    zh = lang == "zh"
    out = []
    for task in actions:
        mark = "x" if task.status is TaskStatus.DONE else " "
        extra = [task.owner or ("未指派" if zh else "unassigned")]
        if task.due:
            extra.append(("截止 " if zh else "due ") + task.due.strftime("%m-%d"))
        if task.is_open and task.status is not TaskStatus.TODO:
            extra.append(status_word(task.status, lang))
        if task.status is TaskStatus.CANCELLED:
            extra.append("已取消" if zh else "cancelled")
        out.append(f"- [{mark}] {cell(task.title)}"
                   + (f"（{'，'.join(extra)}）" if zh else f" ({', '.join(extra)})"))
    return out
