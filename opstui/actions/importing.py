"""Import another tool's tasks: all or nothing, idempotent, with a dry run.

:func:`import_batch` takes what a parser of ``opstui.domain.interchange`` read and stores it
in one unit of work. Each task is matched to what is already there by its id (derived from
the source: Taskwarrior's uuid, or the todo.txt line's title and date), then by its
``source_id``, then, for an instance of recurring work, by its template and day (so an
occurrence opstui made itself is not doubled). New tasks are added; a matched task takes
the source's changes (see :func:`opstui.domain.interchange.merged`); the rest is unchanged
and not written. Importing the same file twice writes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from opstui.actions.errors import Outcome
from opstui.actions.unit import work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.domain.base import Record
    from opstui.domain.interchange import ImportBatch
    from opstui.domain.models import Task
    from opstui.store.repository import Repository


@dataclass
class ImportPlan:
    """What an import writes, and what it leaves.

    Attributes:
        writes: The records to store, as they will be stored.
        added: One line per new record (``task 3f2a1b4c 写周报``).
        updated: One line per changed record, naming the fields that change.
        unchanged: How many records are already there as the file says.
        skipped: What the file holds that has no home here (from the parser).
    """

    writes: list[Record] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, kind: str, what: str) -> None:
        """Count one ``kind`` record (task, note, recurrence) as ``what`` (added...)."""
        per = self.counts.setdefault(kind, {"added": 0, "updated": 0, "unchanged": 0})
        per[what] += 1

    def summary(self) -> str:
        """``5 tasks added, 1 updated, 2 unchanged; 3 notes added``."""
        parts = []
        for kind, per in self.counts.items():
            bits = [f"{n} {what}" for what, n in per.items() if n]
            if bits:
                noun = {"task": "tasks", "note": "notes", "recurrence": "recurrences"}[kind]
                parts.append(f"{noun}: " + ", ".join(bits))
        return "; ".join(parts) or "nothing in the file"


def plan_import(repo: Repository, batch: ImportBatch, now: datetime) -> ImportPlan:
    """Match ``batch`` against the data as it is now (see the module docstring).

    Pure apart from reading ``repo``: nothing is written.

    Args:
        repo: The data set.
        batch: What the file holds.
        now: The import's time.
    """
    from opstui.domain.interchange import changed, changed_fields, merged
    from opstui.domain.models import ProgressNote, Recurrence, SourceKind, Task

    plan = ImportPlan(skipped=list(batch.skipped))
    stored: dict[str, Task] = {t.id: t for t in repo.archived(Task)}
    stored.update((t.id, t) for t in repo.all(Task))
    by_source = {t.source_id: t for t in stored.values() if t.source_id}
    by_occurrence = {(t.source.ref, t.source.on): t for t in stored.values()
                     if t.source.kind is SourceKind.RECURRENCE}
    now_ids: dict[str, str] = {}
    """Incoming task id -> the id of the stored task it matched (when they differ)."""
    # Templates first: instances match occurrences of them.
    recurrences = {r.id: r for r in repo.all(Recurrence)}
    for template in batch.recurrences:
        _one(plan, "recurrence", template.title, recurrences.get(template.id), template,
             changed, changed_fields)
    matches: list[tuple[Task, Task | None]] = []
    for task in batch.tasks:
        current = stored.get(task.id) or (by_source.get(task.source_id) if task.source_id
                                          else None)
        if current is None and task.source.kind is SourceKind.RECURRENCE:
            current = by_occurrence.get((task.source.ref, task.source.on))
        if current is not None and current.id != task.id:
            now_ids[task.id] = current.id
        matches.append((task, current))
    for task, current in matches:
        _one(plan, "task", task.title, current, _renamed_depends(task, now_ids),
             lambda old, new: merged(old, new, now), changed_fields)
    notes = {n.id: n for n in repo.archived(ProgressNote)}
    notes.update((n.id, n) for n in repo.all(ProgressNote))
    for note in batch.notes:
        if note.task_id in now_ids:
            note = note.model_copy(update={"task_id": now_ids[note.task_id]})
        _one(plan, "note", note.text, notes.get(note.id), note, changed, changed_fields)
    return plan


def _renamed_depends(task: Task, ids: dict[str, str]) -> Task:
    """``task`` depending on the stored ids of tasks that matched under another id."""
    if not any(d in ids for d in task.depends):
        return task
    return task.model_copy(update={"depends": [ids.get(d, d) for d in task.depends]})


def _one(plan: ImportPlan, kind: str, label: str, current: Any, incoming: Any,
         merge: Any, fields_of: Any) -> None:
    """Plan one record: add it, update ``current`` with it, or leave it."""
    short = " ".join(label.split())[:60]
    if current is None:
        plan.writes.append(incoming)
        plan.added.append(f"{kind} {incoming.id[:8]} {short}")
        plan.count(kind, "added")
        return
    new = merge(current, incoming)
    if new is None:
        plan.unchanged += 1
        plan.count(kind, "unchanged")
        return
    plan.writes.append(new)
    plan.updated.append(f"{kind} {current.id[:8]} {short}: "
                        f"{', '.join(fields_of(current, new))}")
    plan.count(kind, "updated")


def import_batch(repo: Repository, clock: Clock, batch: ImportBatch, *, label: str,
                 dry_run: bool = False, source: str = "cli") -> Outcome:
    """Store what a file holds, all in one unit of work (or, dry, only say what would be).

    Args:
        batch: The records a parser read.
        label: The file and its format, for the message (``tasks.json (taskwarrior)``).
        dry_run: Write nothing; the outcome says what an import would do.

    Returns:
        The outcome: its message sums up; ``extra["plan"]`` is the :class:`ImportPlan`.

    Raises:
        ActionError: A record the import would write is invalid (nothing is written).
    """
    if dry_run:
        plan = plan_import(repo, batch, clock.now)
        return Outcome(message=f"dry run of {label}: would import {plan.summary()} "
                               "(nothing written)", extra={"plan": plan})
    with work(repo, clock, "import", source=source) as w:
        plan = plan_import(w.repo, batch, clock.now)
        stamped = [_stamped(record, clock) for record in plan.writes]
        if stamped:
            w.many(stamped)
        w.say(f"imported {label}: {plan.summary()}", *stamped, plan=plan)
    return w.outcome


def _stamped(record: Record, clock: Clock) -> Record:
    """``record`` changed now: ``updated_at`` is the clock's, ``created_at`` kept from the
    source when it had one."""
    from opstui.domain.base import UNSTAMPED

    update: dict[str, Any] = {"updated_at": clock.now}
    if record.created_at == UNSTAMPED or record.created_at > clock.now:
        update["created_at"] = clock.now
    if getattr(record, "status", None) == "done" and getattr(record, "done_at", 0) is None:
        update["done_at"] = clock.now  # ticked off without a date (todo.txt "x task")
    return record.model_copy(update=update)
