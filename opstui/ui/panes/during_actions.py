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
        moment: datetime = self.app.clock().now
        return moment

    def _repo(self) -> Repository | None:
        if self.data is None:
            self.app.notify("No data file is open.", severity="warning")
            return None
        repo: Repository | None = self.app.writable_repo()
        return repo

    def _act(self, action: Callable[..., Any], *args: Any,
             select: str | None = None, **kwargs: Any) -> Any:
        """Run an action through the app's one write path; put the cursor on its record.

        Args:
            select: The list (selector) whose row for the outcome's main record is
                highlighted after the reload, so the next key acts on it.
        """
        outcome = self.app.act(action, *args, **kwargs)
        if outcome is not None and select is not None and outcome.record is not None:
            self.query_one(select).select_key(outcome.record.id)  # type: ignore[attr-defined]
        return outcome

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
        """Mark the highlighted task done in one key, or reopen a finished one as it was."""
        from opstui.actions.tasks import toggle_done

        task = self._task_to_change()
        if task is not None:
            self._act(toggle_done, task.id)

    def _save_status(self, new: Task) -> None:
        from opstui.actions.tasks import set_status

        self._act(set_status, new.id, new.status.value, new.status_reason)

    def action_note(self) -> None:
        """Add a progress note (with percent) to the highlighted task."""
        from opstui.ui.screens.during_forms import note_form

        task = self._task_to_change()
        if task is None:
            return
        assert self.data is not None
        notes = sorted(self.data.notes_by_task.get(task.id, ()), key=lambda n: n.at)

        def save(entry: NoteInput) -> None:
            from opstui.actions.tasks import add_note

            self._act(add_note, task.id, entry.text, entry.percent)
        self._push(note_form(task, notes), save)

    # -- add (by section) -----------------------------------------------------------------------
    def action_add(self, section: str | None = None) -> None:
        """Add a meeting, review, metric or incident: ``section``'s kind, else the shown one's."""
        adders = {"meetings": self.edit_meeting_new, "reviews": self.new_review,
                  "metrics": self.new_metric, "incidents": self.action_incident}
        adder = adders.get(section or self.section)
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
        from opstui.domain.minutes import carried_over
        from opstui.ui.screens.during_forms import meeting_form

        if self._repo() is None:
            return
        assert self.data is not None
        carried: list[Task] = []
        if meeting is not None:
            carried = carried_over(meeting, self.data.meetings, self.data.tasks_by_ref)

        def save(result: MeetingInput) -> None:
            from opstui.actions.tracking import save_meeting

            self._act(save_meeting, result.meeting, result.actions, original=meeting,
                      select="#meeting-table")
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
            from opstui.actions.tracking import save_review

            self._act(save_review, result, original=review, select="#review-table")
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
            from opstui.actions.metrics import save_metric

            self._act(save_metric, result, original=metric, select="#metric-board")
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
            from opstui.actions.metrics import record_reading

            self._act(record_reading, metric.id, result.day, result.value, result.note)
        readings = self.data.repo.readings_for(metric.id)
        self._push(reading_form(metric, self.data.day, existing, readings), save)

    def action_investigate(self) -> None:
        """Turn the highlighted metric's newest open anomaly into an investigate task."""
        from opstui.actions.metrics import investigate

        if not self._need("metrics", "Investigate works on the metric board"):
            return
        row = self._board_row()
        if row is None or row.open_anomaly is None:
            self.app.notify("No anomaly waiting for a look on this metric.", severity="warning")
            return
        assert self.data is not None
        day = self.data.day
        self._act(investigate, row.metric.id, due=day, as_of=day)

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
            from opstui.actions.tracking import open_incident

            self._act(open_incident, result, select="#incident-table")
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
            from opstui.actions.tracking import escalate_incident

            last = result.escalations[-1]
            informed = [d for d in result.departments_informed
                        if d not in incident.departments_informed]
            self._act(escalate_incident, incident.id, last.to, last.note, informed,
                      select="#incident-table")
        self._push(escalate_form(incident, self._now()), save)

    def action_resolve(self) -> None:
        """Resolve the highlighted incident with its cause and resolution."""
        from opstui.ui.screens.metric_incident_forms import resolve_form

        incident = self._open_incident("Resolving")
        if incident is None:
            return

        def save(result: Incident) -> None:
            from opstui.actions.tracking import resolve_incident

            def resolve(force: bool) -> None:
                self._act(resolve_incident, incident.id, result.cause, result.resolution,
                          force=force, select="#incident-table")

            if incident.needs_escalation:
                from opstui.ui.screens.confirm import Confirm

                self.app.push_screen(Confirm(
                    f"{incident.severity.value} incident never escalated",
                    "Resolve it without escalation? The reports will say so. "
                    "(Escalate first with e.)", "Resolve anyway"),
                    lambda yes: resolve(True) if yes else None)
                return
            resolve(False)
        self._push(resolve_form(incident, self._now()), save)


_KEYS = {"tasks": "w", "team": "o", "meetings": "m", "reviews": "c", "metrics": "k",
         "incidents": "i"}
