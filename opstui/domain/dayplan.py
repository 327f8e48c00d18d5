"""One day's plan as the Before pane and ``opstui plan`` show it: rows, load, risks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from opstui.domain.models import DayPlan, Goal, Metric, ResourceRequest, Task
from opstui.domain.planning import (
    GoalProgress,
    PlanLoad,
    ResourceRisk,
    current_goals,
    goal_progress,
    plan_load,
    resource_risks,
)
from opstui.domain.views import planned_tasks


@dataclass(frozen=True)
class PlanRow:
    """One planned task with what the plan says about it."""

    task: Task
    minutes: int
    """Its estimate, or the default estimate when it has none."""
    estimated: bool
    """False when ``minutes`` is the default."""
    at_risk: bool
    """Starts soon with support not confirmed."""


@dataclass(frozen=True)
class PlanView:
    """The plan of a day, ready to show."""

    day: date
    plan: DayPlan | None
    rows: tuple[PlanRow, ...]
    load: PlanLoad | None
    risks: tuple[ResourceRisk, ...]

    @property
    def tasks(self) -> list[Task]:
        """The planned tasks in plan order."""
        return [row.task for row in self.rows]

    def as_json(self) -> dict[str, Any]:
        """The view as JSON-ready data (what ``opstui plan --json`` prints)."""
        load = self.load
        return {
            "day": self.day.isoformat(),
            "planned": self.plan is not None,
            "capacity_hours": self.plan.capacity_hours if self.plan else None,
            "buffer_pct": self.plan.buffer_pct if self.plan else None,
            "capacity_minutes": load.capacity_minutes if load else None,
            "available_minutes": load.available_minutes if load else None,
            "planned_minutes": load.planned_minutes if load else 0,
            "done_minutes": load.done_minutes if load else 0,
            "free_minutes": load.free_minutes if load else None,
            "unestimated": load.unestimated if load else 0,
            "over": load.over if load else False,
            "tasks": [
                {
                    "id": row.task.id,
                    "short_id": row.task.short_id,
                    "title": row.task.title,
                    "priority": row.task.priority.value,
                    "status": row.task.status.value,
                    "owner": row.task.owner,
                    "due": row.task.due.isoformat() if row.task.due else None,
                    "minutes": row.minutes,
                    "estimated": row.estimated,
                    "rollover_count": row.task.rollover_count,
                    "at_risk": row.at_risk,
                }
                for row in self.rows
            ],
            "at_risk": [
                {
                    "task_id": risk.task.id,
                    "short_id": risk.task.short_id,
                    "title": risk.task.title,
                    "starts": risk.starts.isoformat(),
                    "requests": [
                        {"id": r.id, "department": r.department, "what": r.what,
                         "status": r.status.value,
                         "needed_by": r.needed_by.isoformat() if r.needed_by else None}
                        for r in risk.requests
                    ],
                }
                for risk in self.risks
            ],
        }


def build_plan_view(plan: DayPlan | None, day: date, tasks: Mapping[str, Task],
                    requests: Mapping[str, Sequence[ResourceRequest]],
                    default_estimate_minutes: int, today: date) -> PlanView:
    """The plan of ``day`` with its load and the planned tasks at risk."""
    planned = planned_tasks(plan, tasks)
    risks = tuple(resource_risks(planned, day, requests, today)) if planned else ()
    risky = {risk.task.id for risk in risks}
    rows = tuple(
        PlanRow(t, t.estimate_minutes or default_estimate_minutes, t.estimate_minutes is not None,
                t.id in risky)
        for t in planned
    )
    load = plan_load(plan, planned, default_estimate_minutes) if plan is not None else None
    return PlanView(day, plan, rows, load, risks)


class _Store(Protocol):
    def all(self, cls: type[Any]) -> list[Any]: ...
    def readings_for(self, metric_id: str) -> list[Any]: ...
    def tasks(self) -> list[Task]: ...
    def get(self, cls: type[Any], record_id: str) -> Any: ...
    def plan_for(self, day: date) -> DayPlan | None: ...
    def grouped(self, cls: type[Any], key: str) -> dict[Any, list[Any]]: ...
    def settings(self) -> Any: ...


def load_plan_view(store: _Store, day: date, today: date,
                   tasks: Mapping[str, Task] | None = None) -> PlanView:
    """Read the plan of ``day`` from the repository (archived planned tasks included).

    Args:
        store: The repository.
        day: The plan's day.
        today: The day resource risks are judged on.
        tasks: Every current task by id, if the caller has it already.
    """
    by_id = dict(tasks) if tasks is not None else {t.id: t for t in store.tasks()}
    plan = store.plan_for(day)
    if plan is not None:
        for task_id in plan.task_ids:
            if task_id not in by_id and (found := store.get(Task, task_id)) is not None:
                by_id[task_id] = found  # finished long ago: in an archive file
    requests = store.grouped(ResourceRequest, "task_id")
    return build_plan_view(plan, day, by_id, requests,
                           store.settings().default_estimate_minutes, today)


def goal_report(store: _Store, day: date, *, everything: bool = False,
                upcoming: bool = False) -> list[GoalProgress]:
    """Progress of the goals current on ``day`` (every goal with ``everything``), then with
    ``upcoming`` the open goals of later periods, marked ``upcoming``: what the Before pane
    and ``opstui goal list`` show."""
    from dataclasses import replace

    from opstui.domain.planning import upcoming_goals

    goals: list[Goal] = store.all(Goal)
    later = upcoming_goals(goals, day) if upcoming and not everything else []
    ahead = {g.id for g in later}
    chosen = (sorted(goals, key=lambda g: (g.closed, g.period, g.title)) if everything
              else current_goals(goals, day) + later)
    tasks_by_goal = store.grouped(Task, "goal_id")
    default = store.settings().default_estimate_minutes
    out = []
    for goal in chosen:
        metric = store.get(Metric, goal.metric_id) if goal.metric_id else None
        readings = store.readings_for(goal.metric_id) if goal.metric_id else []
        item = goal_progress(goal, day, tasks=tasks_by_goal.get(goal.id, []),
                             metric=metric, readings=readings,
                             default_estimate_minutes=default)
        out.append(replace(item, upcoming=True) if goal.id in ahead else item)
    return out
