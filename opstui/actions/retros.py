"""Retrospective actions: hold a retro (its improvement actions become tasks), edit one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from opstui.actions.errors import ActionError, Outcome
from opstui.actions.unit import work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.domain.retro import ActionDraft
    from opstui.store.repository import Repository


def add_retro(repo: Repository, clock: Clock, fields: dict[str, Any],
              actions: Sequence[str | ActionDraft] = (), *, source: str = "cli") -> Outcome:
    """Store a retrospective (``n`` in After, ``opstui retro add``); each improvement
    action (a quick-add line: ``title @owner due:fri !P1``) becomes a task whose source is
    the retro. All valid or nothing is saved.

    Args:
        fields: The retro's fields (title, project, format, day, sections, goal_ids, and
            metric_ids as ids, id prefixes or metric keys).
        actions: Action lines, or drafts already read.

    Raises:
        ActionError: A field is invalid, a goal or metric is unknown, or an action line is
            bad (its number said).
    """
    from opstui.domain.models import Goal, Metric, Retrospective
    from opstui.domain.retro import FORMAT_NAMES, action_tasks, parse_action, sections_of

    day = fields.get("day") or clock.today
    with work(repo, clock, "retro", source=source) as w:
        drafts = [parse_action(line, day, number=number) if isinstance(line, str) else line
                  for number, line in enumerate(actions, start=1)]
        data = {"day": day, **fields}
        data["goal_ids"] = [w.resolve(Goal, g).id for g in data.get("goal_ids", [])]
        by_key = {m.key: m.id for m in repo.all(Metric)}
        data["metric_ids"] = [by_key.get(m) or w.resolve(Metric, m).id
                              for m in data.get("metric_ids", [])]
        retro = Retrospective.model_validate(data)
        unknown = sorted(set(retro.sections) - set(sections_of(retro.format)))
        if unknown:
            raise ActionError(f"{FORMAT_NAMES[retro.format]} has no section {unknown[0]!r} "
                              f"(its sections: {', '.join(sections_of(retro.format))})",
                              "sections")
        retro = w.add(retro)
        tasks = [w.add(task) for task in action_tasks(retro, drafts, clock.now)]
        noun = "action" if len(tasks) == 1 else "actions"
        w.say(f"{retro.short_id}  retro saved with {len(tasks)} {noun} as tasks: "
              f"{retro.title}", retro, *tasks)
    return w.outcome


def edit_retro(repo: Repository, clock: Clock, prefix: str, changes: dict[str, Any], *,
               source: str = "cli") -> Outcome:
    """Change the named fields of a retro (its sections replace the stored ones by name).

    Raises:
        ActionError: Not found, or an invalid value.
    """
    from opstui.domain.models import Retrospective
    from opstui.domain.retro import FORMAT_NAMES, sections_of

    if not changes:
        raise ActionError("nothing to change")
    with work(repo, clock, "retro edit", source=source) as w:
        retro = w.resolve(Retrospective, prefix)
        if "sections" in changes:
            changes = {**changes, "sections": {**retro.sections, **changes["sections"]}}
            unknown = sorted(set(changes["sections"]) - set(sections_of(retro.format)))
            if unknown:
                raise ActionError(f"{FORMAT_NAMES[retro.format]} has no section "
                                  f"{unknown[0]!r} (its sections: "
                                  f"{', '.join(sections_of(retro.format))})", "sections")
        retro = w.update(Retrospective, retro.id, **changes)
        w.say(f"Saved retro {retro.short_id}: {', '.join(sorted(changes))}", retro)
    return w.outcome
