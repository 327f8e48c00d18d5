"""The During pane's actions: forms pushed, results written through the repository."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opstui.domain.models import Incident, Meeting, ReviewCheck, Task
    from opstui.store.repository import Repository
    from opstui.ui.panes.during_data import DuringData
    from opstui.ui.screens.during_forms import MeetingInput, NoteInput


class DuringActions:
    """Mixed into ``DuringPane``: each action opens a form and saves what it returns.

    Widgets and forms never write; these methods do, through ``self.app.repo``, and then
    ask the app to reload the panes.
    """

    data: DuringData | None
    section: str
    app: Any

    # -- helpers ------------------------------------------------------------------------------
    def _now(self) -> datetime:
        return datetime.combine(self.app.today, datetime.now().time())

    def _repo(self) -> Repository | None:
        repo = self.app.repo
        if repo is None or self.data is None:
            self.app.notify("No data file is open.", severity="warning")
            return None
        if repo.read_only:
            self.app.notify("The data file is read-only: nothing can be changed.",
                            severity="warning")
            return None
        return repo  # type: ignore[no-any-return]

    def _write(self, change: Callable[[Repository], str],
               select: tuple[str, str] | None = None) -> None:
        """Run ``change`` in one transaction, say what it did, reload; never crash.

        Args:
            change: Makes the changes; returns the message to show.
            select: (list selector, record id) to put the cursor on after the reload, so the
                record just created or edited is the one the next key acts on.
        """
        from opstui.store.storage import DataFileError, ReadOnlyError

        repo = self._repo()
        if repo is None:
            return
        try:
            with repo.transaction():
                message = change(repo)
        except ReadOnlyError:
            self.app.notify("The data file is read-only: nothing was saved.", severity="error")
            return
        except (DataFileError, ValueError) as exc:
            self.app.notify(f"Not saved: {exc}", severity="error", markup=False)
            return
        if message:
            self.app.notify(message, markup=False)
        self.app.reload_panes()
        if select is not None:
            self.query_one(select[0]).select_key(select[1])  # type: ignore[attr-defined]

    def _push(self, screen: Any, on_result: Callable[[Any], None]) -> None:
        def done(result: Any) -> None:
            if result is not None:
                on_result(result)
        self.app.push_screen(screen, done)

    def _need(self, section: str | tuple[str, ...], what: str) -> bool:
        sections = (section,) if isinstance(section, str) else section
        if self.section not in sections:
            self.app.notify(f"{what} (press {'/'.join(_KEYS[s] for s in sections)} first)",
                            severity="warning")
            return False
        return True

    # -- tasks ----------------------------------------------------------------------------------
    def highlighted_task(self) -> Task | None:
        """Provided by the pane."""
        raise NotImplementedError

    def _task_to_change(self) -> Task | None:
        """The highlighted task, when there is one and the data can be changed (else say why)."""
        task = self.highlighted_task()
        if task is None:
            self.app.notify("Highlight a task first (w: tasks, o: team).", severity="warning")
            return None
        return task if self._repo() is not None else None

    def action_status(self) -> None:
        """Change the highlighted task's status (waiting and blocked need a reason)."""
        from opstui.ui.screens.during_forms import status_form

        task = self._task_to_change()
        if task is None:
            return
        self._push(status_form(task, self._now()), self._save_status)

    def action_toggle_done(self) -> None:
        """Mark the highlighted task done in one key, or reopen a finished one (to do)."""
        from opstui.domain.models import TaskStatus
        from opstui.domain.tracking import change_status

        task = self._task_to_change()
        if task is None:
            return
        status = TaskStatus.DONE if task.is_open else TaskStatus.TODO
        self._save_status(change_status(task, status, "", self._now()))

    def _save_status(self, new: Task) -> None:
        def save(repo: Repository) -> str:
            repo.save(new)
            return f"{new.short_id} is {new.status.value}"

        self._write(save)

    def action_note(self) -> None:
        """Add a progress note (with percent) to the highlighted task."""
        from opstui.ui.screens.during_forms import note_form

        task = self._task_to_change()
        if task is None:
            return
        assert self.data is not None
        notes = sorted(self.data.notes_by_task.get(task.id, ()), key=lambda n: n.at)

        def save(entry: NoteInput) -> None:
            from opstui.domain.tracking import add_note

            def change(repo: Repository) -> str:
                from opstui.domain.models import Task as TaskModel

                current = repo.get(TaskModel, task.id) or task
                note, updated = add_note(current, entry.text, entry.percent, self._now())
                repo.add(note)
                repo.save(updated)
                return f"Noted on {task.short_id}"
            self._write(change)
        self._push(note_form(task, notes), save)

    # -- add (by section) -----------------------------------------------------------------------
    def action_add(self) -> None:
        """Add a meeting, review, metric or incident, by the section shown."""
        adders = {"meetings": self.edit_meeting_new, "reviews": self.new_review,
                  "metrics": self.new_metric, "incidents": self.action_incident}
        adder = adders.get(self.section)
        if adder is None:
            self.app.notify("a adds in Meetings (m), Reviews (c), Metrics (k) or Incidents (i); "
                            "add tasks in Before (1).", severity="warning")
            return
        adder()

    # -- meetings -------------------------------------------------------------------------------
    def highlighted_meeting(self) -> Meeting | None:
        """Provided by the pane."""
        raise NotImplementedError

    def edit_meeting_new(self) -> None:
        """Write a new meeting."""
        self._meeting_form(None)

    def edit_meeting(self) -> None:
        """Open the highlighted meeting (with earlier meetings' open action items)."""
        meeting = self.highlighted_meeting()
        if meeting is None:
            self.edit_meeting_new()
            return
        self._meeting_form(meeting)

    def _meeting_form(self, meeting: Meeting | None) -> None:
        from opstui.domain.tracking import action_item_tasks, carried_over
        from opstui.ui.screens.during_forms import meeting_form

        if self._repo() is None:
            return
        assert self.data is not None
        carried: list[Task] = []
        if meeting is not None:
            carried = carried_over(meeting, self.data.meetings, self.data.tasks_by_ref)

        def save(result: MeetingInput) -> None:
            def change(repo: Repository) -> str:
                repo.save(result.meeting)
                tasks = action_item_tasks(result.meeting, result.actions, self._now())
                for task in tasks:
                    repo.add(task)
                return (f"Meeting saved with {len(tasks)} new action item"
                        f"{'' if len(tasks) == 1 else 's'}")
            self._write(change, ("#meeting-table", result.meeting.id))
        self._push(meeting_form(meeting, self.app.today, carried), save)

    # -- reviews --------------------------------------------------------------------------------
    def highlighted_review(self) -> ReviewCheck | None:
        """Provided by the pane."""
        raise NotImplementedError

    def new_review(self) -> None:
        """Start a review check with the default checklist."""
        self._review_form(None)

    def edit_review(self) -> None:
        """Open the highlighted review check."""
        self._review_form(self.highlighted_review())

    def _review_form(self, review: ReviewCheck | None) -> None:
        from opstui.ui.screens.during_forms import review_form

        if self._repo() is None:
            return

        def save(result: ReviewCheck) -> None:
            self._write(lambda repo: (repo.save(result),
                                      f"Review {result.outcome.value}: {result.deliverable}")[1],
                        ("#review-table", result.id))
        self._push(review_form(review, self.app.today), save)

    # -- metrics --------------------------------------------------------------------------------
    def _board_row(self) -> Any:
        from opstui.ui.widgets.metric_board import MetricBoard

        return self.query_one(MetricBoard).highlighted  # type: ignore[attr-defined]

    def new_metric(self) -> None:
        """Define a new metric."""
        self._metric_form(None)

    def action_define(self) -> None:
        """Edit the highlighted metric's definition."""
        if not self._need("metrics", "Defining works on the metric board"):
            return
        row = self._board_row()
        self._metric_form(row.metric if row else None)

    def _metric_form(self, metric: Any) -> None:
        from opstui.ui.screens.metric_incident_forms import metric_form

        if self._repo() is None:
            return
        assert self.data is not None
        keys = [r.metric.key for r in self.data.board]

        def save(result: Any) -> None:
            self._write(lambda repo: (repo.save(result), f"Metric {result.key} saved")[1],
                        ("#metric-board", result.id))
        self._push(metric_form(metric, keys), save)

    def action_reading(self) -> None:
        """Record a reading of the highlighted metric."""
        from opstui.ui.screens.metric_incident_forms import reading_form

        if not self._need("metrics", "Readings are recorded on the metric board"):
            return
        row = self._board_row()
        if row is None:
            self.app.notify("Define a metric first (a).", severity="warning")
            return
        if self._repo() is None:
            return
        metric = row.metric
        assert self.data is not None
        existing = next((r for r in self.data.repo.readings_for(metric.id)
                         if r.day == self.data.day), None)

        def save(result: Any) -> None:
            def change(repo: Repository) -> str:
                same_day = [r for r in repo.readings_for(metric.id)
                            if r.day == result.day and r.id != result.id]
                replaced = [r for r in repo.readings_for(metric.id)
                            if r.day == result.day and r.value != result.value]
                for old in same_day:
                    repo.delete(old)
                repo.save(result)
                if replaced:
                    return (f"{metric.key} {result.day.isoformat()}: {result.value:g} replaced "
                            f"{replaced[0].value:g}")
                return f"{metric.key} {result.day.isoformat()}: {result.value:g} recorded"
            self._write(change)
        readings = self.data.repo.readings_for(metric.id)
        self._push(reading_form(metric, self.data.day, existing, readings), save)

    def action_investigate(self) -> None:
        """Turn the highlighted metric's newest open anomaly into an investigate task."""
        from opstui.domain.metrics import investigate_task

        if not self._need("metrics", "Investigate works on the metric board"):
            return
        row = self._board_row()
        anomaly = row.open_anomaly if row is not None else None
        if anomaly is None:
            self.app.notify("No anomaly waiting for a look on this metric.", severity="warning")
            return
        assert self.data is not None
        day = self.data.day
        owner = metric_owner(self.data.repo, row.metric.id)
        task = investigate_task(row.metric, anomaly, owner, self._now(), due=day)
        where = "today" if day == self.app.today else f"{day:%a %m-%d}"
        self._write(lambda repo: (repo.add(task),
                                  f"Investigate task {task.short_id} added to {where}")[1])

    # -- incidents ------------------------------------------------------------------------------
    def highlighted_incident(self) -> Incident | None:
        """Provided by the pane."""
        raise NotImplementedError

    def action_incident(self) -> None:
        """Log an incident, linked to the highlighted task or metric."""
        from opstui.ui.screens.metric_incident_forms import incident_form

        if self._repo() is None:
            return
        metric = None
        task = self.highlighted_task()
        if self.section == "metrics":
            row = self._board_row()
            metric = row.metric if row else None

        def save(result: Incident) -> None:
            flag = " · needs escalation" if result.needs_escalation else ""
            self._write(lambda repo: (repo.add(result),
                                      f"Incident {result.short_id} logged{flag}")[1],
                        ("#incident-table", result.id))
        self._push(incident_form(self._now(), metric, task), save)

    def _open_incident(self, verb: str) -> Incident | None:
        if not self._need("incidents", f"{verb} works on the incident list"):
            return None
        incident = self.highlighted_incident()
        if incident is None:
            self.app.notify("No incident highlighted.", severity="warning")
            return None
        if not incident.is_open:
            self.app.notify("That incident is resolved.", severity="warning")
            return None
        return incident if self._repo() is not None else None

    def action_escalate(self) -> None:
        """Escalate the highlighted incident: to whom, note, departments informed."""
        from opstui.ui.screens.metric_incident_forms import escalate_form

        incident = self._open_incident("Escalating")
        if incident is None:
            return

        def save(result: Incident) -> None:
            self._write(lambda repo: (repo.save(result), f"Escalated to "
                                      f"{result.escalations[-1].to}")[1],
                        ("#incident-table", result.id))
        self._push(escalate_form(incident, self._now()), save)

    def action_resolve(self) -> None:
        """Resolve the highlighted incident with its cause and resolution."""
        from opstui.ui.screens.metric_incident_forms import resolve_form

        incident = self._open_incident("Resolving")
        if incident is None:
            return

        def save(result: Incident) -> None:
            self._write(lambda repo: (repo.save(result), f"Resolved: {result.title}")[1],
                        ("#incident-table", result.id))
        self._push(resolve_form(incident, self._now()), save)


def metric_owner(repo: Repository, metric_id: str) -> str | None:
    """The owner of the (newest) goal tracking the metric, if any: who investigates it."""
    from opstui.domain.models import Goal

    goals = [g for g in repo.all(Goal)
             if g.metric_id == metric_id and g.owner and not g.closed]
    goals.sort(key=lambda g: g.created_at, reverse=True)
    return goals[0].owner if goals else None


_KEYS = {"tasks": "w", "team": "o", "meetings": "m", "reviews": "c", "metrics": "k",
         "incidents": "i"}
