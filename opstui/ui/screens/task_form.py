"""The add / edit task form: every field checked as typed, nothing saved until all are valid."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from opstui.domain.dates import DateParseError, format_duration, parse_date, parse_duration
from opstui.domain.models import Priority, Task
from opstui.domain.quickadd import QuickAddError, owner_problem, parse_quick_add
from opstui.ui.screens.field_checks import date_check
from opstui.ui.screens.field_form import FieldForm, FormField

Check = Callable[[str], tuple[bool, str]]


def title_check(today: date) -> Check:
    """A title; quick-add tokens in it are read and shown."""

    def check(text: str) -> tuple[bool, str]:
        if not text.strip():
            return False, "a title is required"
        try:
            quick = parse_quick_add(text, today)
        except QuickAddError as exc:
            return False, str(exc)
        said = quick.describe()
        return True, f"read: {said}" if said else ""

    return check


def owner_check(text: str) -> tuple[bool, str]:
    """An owner name, or empty for none."""
    problem = owner_problem(text)
    return (False, problem) if problem else (True, "")


def estimate_check(text: str) -> tuple[bool, str]:
    """A positive duration, or empty."""
    raw = text.strip()
    if not raw:
        return True, ""
    if raw.startswith("-"):
        return False, "an estimate must be more than zero"
    try:
        return True, f"= {format_duration(parse_duration(raw))}"
    except DateParseError as exc:
        return False, str(exc)


def tags_of(text: str) -> list[str]:
    """Tags typed as ``#a b, c``."""
    return [t.lstrip("#") for t in text.replace(",", " ").split() if t.lstrip("#")]


def task_fields(values: dict[str, str], today: date) -> tuple[dict[str, Any], date | None]:
    """Task fields (and a plan day from a ``plan:`` token) from the form's values.

    Raises:
        ValueError: A value is invalid (the message says which).
    """
    quick = parse_quick_add(values["title"], today)
    fields = quick.task_fields()
    if values.get("priority") and "priority" not in fields:
        fields["priority"] = values["priority"]
    owner = values.get("owner", "").strip().removeprefix("@")
    if owner_problem(owner):
        raise ValueError(f"owner: {owner_problem(owner)}")
    if "owner" not in fields:
        fields["owner"] = owner or None
    if values.get("due", "").strip() and "due" not in fields:
        fields["due"] = parse_date(values["due"], today)
    elif "due" not in fields:
        fields["due"] = None
    ok, message = estimate_check(values.get("estimate", ""))
    if not ok:
        raise ValueError(f"estimate: {message}")
    if values.get("estimate", "").strip() and "estimate_minutes" not in fields:
        fields["estimate_minutes"] = parse_duration(values["estimate"])
    elif "estimate_minutes" not in fields:
        fields["estimate_minutes"] = None
    fields["tags"] = list(dict.fromkeys([*fields.get("tags", []),
                                         *tags_of(values.get("tags", ""))]))
    for name in ("description", "acceptance"):
        if name in values:
            fields[name] = values[name].strip()
    return fields, quick.plan_day


TaskResult = tuple[Task, "date | None"]
"""The task to save and the day to plan it on (from a ``plan:`` token), if any."""


def task_form(today: date, task: Task | None = None, *, goal_id: str | None = None
              ) -> FieldForm[TaskResult]:
    """The form that adds a task (``task`` None) or edits ``task``.

    Args:
        today: For dates typed as words.
        task: The task to edit; None to add one.
        goal_id: The goal a new task serves.
    """

    def build(values: dict[str, str]) -> TaskResult:
        fields, plan_day = task_fields(values, today)
        if task is None:
            return Task(goal_id=goal_id, **fields), plan_day
        return task.evolve(**fields), plan_day

    priorities = [(p.value, p.value) for p in Priority]
    fields = [
        FormField("title", "Title (quick-add: !P1 @owner due:fri ~2h #tag)",
                  task.title if task else "", placeholder="写周报 !P1 @林晓 due:fri ~2h",
                  check=title_check(today)),
        FormField("priority", "Priority", (task.priority if task else Priority.P2).value,
                  kind="select", options=priorities),
        FormField("owner", "Owner", (task.owner or "") if task else "", check=owner_check),
        FormField("due", "Due (today, fri, next mon, +3d, 2026-11-30)",
                  task.due.isoformat() if task and task.due else "", check=date_check(today)),
        FormField("estimate", "Estimate (30m, 1.5h, 2h30m)",
                  format_duration(task.estimate_minutes) if task and task.estimate_minutes
                  else "", check=estimate_check),
        FormField("tags", "Tags (space or comma separated)",
                  " ".join(task.tags) if task else ""),
        FormField("description", "Requirement: what is needed (optional)",
                  task.description if task else "", kind="text"),
        FormField("acceptance", "Acceptance standard: how the result is checked (optional)",
                  task.acceptance if task else "", kind="text"),
    ]
    title = f"Edit task {task.short_id}" if task else "Add task 新任务"
    return FieldForm(title, fields, build)
