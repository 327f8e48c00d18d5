"""Checks across records: references to records that exist, one plan a day, one metric a key.

``opstui check`` reports them and ``opstui import`` refuses a document that would add any,
so an import never leaves a file that check fails.
"""

from __future__ import annotations

from typing import Any


def _label(record: Any) -> str:
    text = next((getattr(record, a) for a in ("title", "deliverable", "text")
                 if getattr(record, a, None)), None)
    if text is None:
        day = getattr(record, "day", None)
        text = day.isoformat() if day else ""
    text = " ".join(str(text).split())
    return f' "{text[:40]}"' if text else ""


def reference_problems(models: dict[str, dict[str, Any]], invalid: dict[str, set[str]]
                       ) -> list[str]:
    """A problem for every reference to a record that does not exist (a reference to an
    invalid record, already reported, is not one)."""
    problems: list[str] = []
    kinds = {"goal": "goals", "metric": "metrics", "task": "tasks", "meeting": "meetings",
             "retro": "retros", "incident": "incidents", "recurrence": "recurrences"}

    def missing(table: str, record: Any, field_name: str, kind: str, ref: str | None) -> None:
        table_name = kinds[kind]
        if (ref is not None and ref not in models.get(table_name, {})
                and ref not in invalid.get(table_name, ())):
            problems.append(
                f"{table} {record.id[:8]}{_label(record)}: {field_name} refers to a missing "
                f"{kind} {ref[:8]}")

    for task in models.get("tasks", {}).values():
        missing("tasks", task, "goal_id", "goal", task.goal_id)
        missing("tasks", task, "metric_id", "metric", task.metric_id)
        if task.source.kind.value in kinds:
            missing("tasks", task, "source.ref", task.source.kind.value, task.source.ref)
    for note in models.get("notes", {}).values():
        missing("notes", note, "task_id", "task", note.task_id)
    for plan in models.get("plans", {}).values():
        for task_id in plan.task_ids:
            missing("plans", plan, "task_ids", "task", task_id)
    for name in ("resources", "reviews"):
        for record in models.get(name, {}).values():
            missing(name, record, "task_id", "task", record.task_id)
    for incident in models.get("incidents", {}).values():
        missing("incidents", incident, "task_id", "task", incident.task_id)
        missing("incidents", incident, "metric_id", "metric", incident.metric_id)
    for reading in models.get("readings", {}).values():
        missing("readings", reading, "metric_id", "metric", reading.metric_id)
    for goal in models.get("goals", {}).values():
        missing("goals", goal, "metric_id", "metric", goal.metric_id)
    for retro in models.get("retros", {}).values():
        for goal_id in retro.goal_ids:
            missing("retros", retro, "goal_ids", "goal", goal_id)
        for metric_id in retro.metric_ids:
            missing("retros", retro, "metric_ids", "metric", metric_id)
    return problems


def duplicate_problems(models: dict[str, dict[str, Any]]) -> list[str]:
    """A problem for two plans of one day, or two metrics with one key."""
    problems: list[str] = []
    for table, attr in (("plans", "day"), ("metrics", "key")):
        seen: dict[Any, str] = {}
        for record in models.get(table, {}).values():
            value = getattr(record, attr)
            if value in seen:
                problems.append(f"{table} {seen[value][:8]} and {record.id[:8]} have the "
                                f"same {attr} {str(value)!r}")
            else:
                seen[value] = record.id
    return problems


def cross_problems(models: dict[str, dict[str, Any]], invalid: dict[str, set[str]] | None = None
                   ) -> list[str]:
    """Every cross-record problem of ``models`` (valid records by table and id)."""
    return reference_problems(models, invalid or {}) + duplicate_problems(models)
