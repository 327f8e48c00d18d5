"""What the During pane shows for a day, gathered from the repository in one pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from opstui.domain.follow_up import DayWork
    from opstui.domain.metrics import BoardRow
    from opstui.domain.models import Incident, Meeting, ProgressNote, ReviewCheck, Task
    from opstui.domain.people import Feedback
    from opstui.domain.settings import Settings
    from opstui.domain.tracking import PersonLoad, TaskBuckets
    from opstui.store.repository import Repository


@dataclass
class DuringData:
    """What the pane shows, computed once per load (never per key press)."""

    repo: Repository
    day: date
    today: date
    settings: Settings | None = None
    """The user's settings (staleness counts their working days)."""
    day_tasks: list[Task] = field(default_factory=list)
    buckets: TaskBuckets | None = None
    meetings: list[Meeting] = field(default_factory=list)
    reviews: list[ReviewCheck] = field(default_factory=list)
    board: list[BoardRow] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    notes_by_task: dict[str, list[ProgressNote]] = field(default_factory=dict)
    unconfirmed: int = 0
    """Resource requests still waiting for a confirmation."""
    team: list[PersonLoad] = field(default_factory=list)
    """Open tasks by owner, once the Team section was filled."""
    last_syncs: dict[str, str] = field(default_factory=dict)
    """Each team member's last sync ("11-30 14:05"), when the data set is shared."""

    @cached_property
    def tasks_by_ref(self) -> dict[str | None, list[Task]]:
        """Tasks by ``source.ref`` (meeting action items, incident follow-ups...), grouped
        when a section that lists them is first filled (not on every change to a task)."""
        return tasks_by_ref(self.repo.tasks())

    def feedback_of(self, member: str) -> list[Feedback]:
        """The feedback notes on ``member``."""
        from opstui.domain.people import Feedback

        return list(self.repo.grouped(Feedback, "member").get(member, ()))

    def read_last_syncs(self) -> None:
        """Fill ``last_syncs`` from the sync repository (a git read: once per Team fill)."""
        from opstui.actions.errors import ActionError
        from opstui.actions.sync import replica_of, sync_status

        self.last_syncs = {}
        if not replica_of(self.repo).exists:
            return
        try:
            status = sync_status(self.repo)
        except (ActionError, OSError):
            return
        for name, when in status.get("replicas", ()):
            self.last_syncs[name] = when.replace("T", " ")[5:16]

    def team_view(self) -> list[PersonLoad]:
        """Open tasks by owner (computed when the Team section is shown)."""
        from opstui.domain.tracking import team_view

        return team_view(self.repo.tasks(), self.notes_by_task, self.day, self.rules)

    @property
    def rules(self) -> Settings:
        """The settings the follow-up rules use."""
        return self.settings if self.settings is not None else self.repo.settings()


def tasks_by_ref(tasks: Sequence[Task]) -> dict[str | None, list[Task]]:
    """Tasks grouped by ``source.ref`` (tasks without a source ref are left out)."""
    out: dict[str | None, list[Task]] = {}
    for task in tasks:
        if task.source.ref:
            out.setdefault(task.source.ref, []).append(task)
    return out


def gather(repo: Repository, day: date, today: date, board: list[BoardRow], work: DayWork
           ) -> DuringData:
    """Everything the pane shows for ``day``: one pass over the tasks, indexed lookups.

    Args:
        repo: The open repository.
        day: The day viewed (overdue and staleness are judged on it).
        today: The real today.
        board: The metric board as of ``day`` (the pane caches it).
        work: The pane's day's work, judged again only where tasks changed since.
    """
    from opstui.domain import tracking
    from opstui.domain.models import (
        Incident,
        Meeting,
        ProgressNote,
        ResourceRequest,
        ReviewCheck,
        Task,
    )

    settings = repo.settings()
    notes = repo.grouped(ProgressNote, "task_id")
    requests = repo.all(ResourceRequest)
    data = DuringData(repo, day, today, settings, notes_by_task=notes, board=board)
    version = repo.version(Task)
    changed = repo.changed_since(Task, work.seen) if isinstance(work.seen, tuple) else None
    work.update(repo.current(Task), changed, notes, requests, day, settings)
    work.seen = version
    data.day_tasks = work.day_tasks(repo.plan_for(day))
    data.buckets = work.buckets()
    data.meetings = sorted(repo.all(Meeting), key=lambda m: (m.day, m.created_at), reverse=True)
    data.reviews = sorted(repo.all(ReviewCheck), key=lambda r: (r.day, r.created_at),
                          reverse=True)
    data.incidents = sorted(repo.all(Incident), key=tracking.incident_key)
    data.unconfirmed = tracking.unconfirmed_requests(requests)
    return data


def linked_text(repo: Repository, incident: Incident | None) -> str:
    """``Linked: metric d7_retention · task 1a2b3c4d Fix it`` for an incident's links."""
    if incident is None:
        return ""
    from opstui.domain.models import Metric, Task

    parts = []
    if incident.metric_id:
        metric = repo.get(Metric, incident.metric_id)
        parts.append(f"metric {metric.key}" if metric else "metric (deleted)")
    if incident.task_id:
        task = repo.get(Task, incident.task_id)
        parts.append(f"task {task.short_id} {task.title}" if task else "task (deleted)")
    return "Linked: " + " · ".join(parts) if parts else ""


BoardCache: TypeAlias = "tuple[object, list[BoardRow]] | None"
"""The key the board was computed for, and the board."""


def board_of(repo: Repository, day: date, cache: BoardCache
             ) -> tuple[BoardCache, list[BoardRow]]:
    """The metric board as of ``day``, from ``cache`` when nothing it depends on changed.

    The board depends on the metrics, their readings, the goals tied to them and which
    anomalies have an investigate task; marking an unrelated task done must not recompute it.

    Returns:
        The cache to keep, and the board.
    """
    from opstui.domain.metrics import investigated_days, metric_board
    from opstui.domain.models import Goal, Metric, Reading

    # The few tasks tied to a metric, found in one pass (grouping every task by its metric
    # again after each change to a task took ~3 ms at 10 years of tasks).
    by_metric: dict[str | None, list[Task]] = {}
    for task in [t for t in repo.tasks() if t.metric_id is not None]:
        by_metric.setdefault(task.metric_id, []).append(task)
    key = (repo.version(Metric, Reading, Goal), day, investigated_days(
        t for metric_id, group in by_metric.items() if metric_id for t in group))
    if cache is not None and cache[0] == key:
        return cache, cache[1]
    rows = metric_board(repo.all(Metric), repo.grouped(Reading, "metric_id"), by_metric, day,
                        repo.all(Goal))
    return (key, rows), rows
