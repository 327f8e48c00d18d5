"""Reporting actions: mark a highlight for the 周报, score a member (考核), write feedback on a
member, note a finding of the ongoing work."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from opstui.actions.errors import ActionError, Outcome, choice
from opstui.actions.unit import work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.store.repository import Repository


def mark_highlight(repo: Repository, clock: Clock, ref: str | None = None, *,
                   day: date | None = None, on: bool = True, source: str = "cli") -> Outcome:
    """Mark a task (by id prefix), or the work log of ``day``, as a highlight of the week
    (``on=False`` takes the mark off). The 周报 lists marked done tasks and the highlights
    written in marked work logs under 本周亮点.

    Raises:
        ActionError: No task matches, or the day has no work log, or neither was named.
    """
    from opstui.domain.models import LogEntry, Task

    word = "marked as a highlight" if on else "no longer a highlight"
    with work(repo, clock, "highlight", source=source) as w:
        if day is not None:
            logs = [e for e in repo.all(LogEntry) if e.day == day]
            if not logs:
                raise ActionError(f"no work log on {day.isoformat()}: write it first "
                                  "(After, or the TUI's work log)")
            entry = w.update(LogEntry, logs[0].id, highlight=on)
            w.say(f"work log of {day.isoformat()} {word}", entry)
        elif ref:
            task = w.resolve(Task, ref)
            task = w.update(Task, task.id, highlight=on)
            w.say(f"{task.short_id} {word}: {task.title}", task)
        else:
            raise ActionError("name a task id, or a day with --log")
    return w.outcome


SCORE_FIELDS = ("ability", "attitude", "peer", "self_score", "comment")


def score_member(repo: Repository, clock: Clock, member: str, period: str,
                 scores: dict[str, Any], *, source: str = "cli") -> Outcome:
    """Enter the manager's part of ``member``'s assessment for ``period`` (``2026-11``, or
    ``2026`` for the year's comment): the fields given in ``scores`` (any of
    ``SCORE_FIELDS``) replace the stored ones, the rest are kept.

    Raises:
        ActionError: A score is out of range, an unknown field, or nothing to change.
    """
    from opstui.domain.people import Assessment

    unknown = sorted(set(scores) - set(SCORE_FIELDS))
    if unknown:
        raise ActionError(f"unknown score: {', '.join(unknown)}")
    if not scores:
        raise ActionError("nothing to score: give --ability, --attitude, --peer, --self or "
                          "--comment")
    name = member.strip()
    with work(repo, clock, "score", source=source) as w:
        found = [a for a in repo.all(Assessment)
                 if a.member == name and a.period == period.strip()]
        if found:
            record = w.update(Assessment, found[0].id, **scores)
        else:
            record = w.add(Assessment(member=name, period=period, **scores))
        w.say(f"scored {record.member} for {record.period}", record)
    return w.outcome


def add_feedback(repo: Repository, clock: Clock, member: str, kind: str, text: str, *,
                 day: date | None = None, source: str = "cli") -> Outcome:
    """Write a feedback note on ``member`` (praise, improve, 1:1, development), dated
    ``day`` (default today).

    Raises:
        ActionError: An unknown kind, or empty text.
    """
    from opstui.domain.people import Feedback, FeedbackKind

    sort = choice(FeedbackKind, kind, "feedback kind", "kind")
    with work(repo, clock, "feedback", source=source) as w:
        note = w.add(Feedback(member=member, kind=sort, text=text,
                              day=day or clock.now.date()))
        w.say(f"{note.short_id} feedback ({note.kind.value}) on {note.member}", note)
    return w.outcome


def add_finding(repo: Repository, clock: Clock, stream: str, text: str, *,
                tags: list[str] | None = None, day: date | None = None,
                source: str = "cli") -> Outcome:
    """Note what the ongoing work found (``competitor``, ``research``, ``team``,
    ``process``), dated ``day`` (default today); the 周报 of that week lists it.

    Raises:
        ActionError: An unknown stream, or empty text.
    """
    from opstui.domain.people import Finding, Stream

    kind = choice(Stream, stream, "stream", "stream")
    with work(repo, clock, "finding", source=source) as w:
        found = w.add(Finding(stream=kind, text=text, tags=tags or [],
                              day=day or clock.now.date()))
        w.say(f"{found.short_id} noted ({found.stream.value}): {found.text[:60]}", found)
    return w.outcome


def set_budget(repo: Repository, clock: Clock, prefix: str, changes: dict[str, Any], *,
               source: str = "cli") -> Outcome:
    """Set a goal's (campaign's) budget: ``budget_planned`` and/or ``budget_spent`` in
    yuan (None clears one).

    Raises:
        ActionError: No goal matches, a negative amount, or nothing to change.
    """
    from opstui.domain.models import Goal

    unknown = sorted(set(changes) - {"budget_planned", "budget_spent"})
    if unknown or not changes:
        raise ActionError("give --planned and/or --spent")
    with work(repo, clock, "budget", source=source) as w:
        goal = w.resolve(Goal, prefix)
        goal = w.update(Goal, goal.id, **changes)
        planned = "–" if goal.budget_planned is None else f"¥{goal.budget_planned:,.0f}"
        spent = "–" if goal.budget_spent is None else f"¥{goal.budget_spent:,.0f}"
        w.say(f"{goal.short_id} budget {planned}, spent {spent}: {goal.title}", goal)
    return w.outcome
