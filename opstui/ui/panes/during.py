"""During 事中: follow-up, team, meetings, reviews, metrics, incidents, attention strip."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Input, Static

from opstui.ui.panes.base import PhasePane, count_of, section_title, short_day
from opstui.ui.panes.during_actions import DuringActions
from opstui.ui.panes.during_data import DuringData, board_of, gather, linked_text
from opstui.ui.panes.during_find import DuringFind
from opstui.ui.panes.during_sections import (
    EMPTY,
    FILTERS,
    OPEN_LABELS,
    RECORD_SECTIONS,
    SECTIONS,
    DuringSections,
)
from opstui.ui.widgets.attention_strip import AttentionStrip
from opstui.ui.widgets.during_details import (
    incident_detail,
    incident_row,
    meeting_detail,
    meeting_row,
    metric_detail,
    person_row,
    review_detail,
    review_row,
)
from opstui.ui.widgets.metric_board import MetricBoard
from opstui.ui.widgets.phase_tabs import PhaseTabs
from opstui.ui.widgets.record_table import RecordTable
from opstui.ui.widgets.task_table import TaskTable

if TYPE_CHECKING:
    from opstui.domain.metrics import BoardRow
    from opstui.domain.models import Task
    from opstui.store.repository import Repository

SECTION_KEYS = Binding.Group("Section")


class DuringPane(DuringSections, DuringFind, DuringActions, PhasePane):
    """Everything the working day needs followed through, one keyboard section at a time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # The section tabs show these keys already; the key bar keeps its room for the keys
        # of the section shown.
        *(Binding(key, f"section('{name}')", label.split()[0], group=SECTION_KEYS, show=False,
                  tooltip=f"During: show {label}", id=f"during.section_{name}")
          for name, key, label in SECTIONS),
        Binding("space", "toggle_done", "Done", tooltip="Mark the highlighted task done "
                "(or reopen a finished one)", id="during.done", key_display="space"),
        Binding("s", "status", "Status", tooltip="Change the highlighted task's status",
                id="during.status"),
        Binding("n", "note", "Note", tooltip="Add a progress note (with percent) to the task",
                id="during.note"),
        *(Binding("a", f"add('{section}')", f"Add {noun}",
                  tooltip=f"Add {'an' if noun[0] in 'aeiou' else 'a'} {noun}",
                  id=f"during.add_{noun}")
          for section, noun in (("meetings", "meeting"), ("reviews", "review"),
                                ("metrics", "metric"), ("incidents", "incident"))),
        Binding("r", "reading", "Reading", tooltip="Record a reading of the highlighted metric",
                id="during.reading"),
        Binding("d", "define", "Define",
                tooltip="Edit the highlighted metric's definition and anomaly rule",
                id="during.define"),
        Binding("x", "investigate", "Investigate", tooltip="Turn the highlighted metric's "
                "anomaly into an investigate task", id="during.investigate"),
        Binding("e", "escalate", "Escalate", tooltip="Escalate the highlighted incident",
                id="during.escalate"),
        Binding("v", "resolve", "Resolve",
                tooltip="Resolve the highlighted incident (cause, resolution)",
                id="during.resolve"),
        Binding("slash", "search", "Search", key_display="/",
                tooltip="Search this section's list: title, owner, #tag, @owner",
                id="during.search"),
        Binding("escape", "clear_search", "Clear search",
                tooltip="Clear the search and go back to the whole list",
                id="during.clear_search"),
        Binding("exclamation_mark", "incident", "Incident", key_display="!",
                tooltip="Log an incident about the highlighted task or metric",
                id="during.incident"),
        *(Binding(key, f"jump('{kind}')", label, show=False,
                  tooltip=f"Attention: list {label}", id=f"during.jump_{kind}")
          for kind, label, key in (
              ("overdue", "overdue tasks", "O"), ("blocked", "blocked tasks", "B"),
              ("stale", "stale tasks (follow up)", "S"),
              ("unconfirmed", "tasks waiting on unconfirmed resources", "U"),
              ("metric_alerts", "metric alerts", "A"),
              ("unescalated", "unescalated S1/S2 incidents", "E"))),
    ]

    def __init__(self, **kwargs: Any) -> None:
        """Create the pane; data arrives with ``load``."""
        super().__init__(**kwargs)
        self.data: DuringData | None = None
        self.section = "tasks"
        self._unfilled: set[str] = set()
        """Sections not filled since the last load."""
        self.task_filter = "day"
        self.search_text = ""
        """What the search line narrows the lists to ("" for everything)."""
        self._board_cache: tuple[object, list[BoardRow]] | None = None
        from opstui.domain.follow_up import DayWork

        self._day_work = DayWork()
        """The day's tasks and attention lists, kept from one load to the next."""

    def compose(self) -> ComposeResult:
        """The attention strip, the section tabs and one switcher page per section."""
        yield AttentionStrip(id="attention")
        yield PhaseTabs([(n, k, label) for n, k, label in SECTIONS], active="tasks",
                        id="during-sections")
        yield Input(placeholder="Search: words of the title, owner or tag, #tag, @owner · "
                    "Enter keeps it · Escape clears", id="during-search")
        with ContentSwitcher(initial="sec-tasks", id="during-switcher"):
            with Vertical(id="sec-tasks"):
                yield Static(section_title(FILTERS["day"]), id="during-title",
                             name=FILTERS["day"], classes="section-title during-title")
                yield TaskTable(id="day-table", empty_text="Loading…", open_label="Open")
                yield Static(id="task-detail")
            with Vertical(id="sec-team"):
                yield Static(section_title("Team 团队"), id="team-title", classes="during-title")
                with Horizontal(classes="during-split"):
                    yield RecordTable(("Owner", "Open", "Overdue", "Blocked", "Waiting",
                                       "Stale"), id="team-table", empty_text="No open tasks")
                    yield TaskTable(id="team-tasks", empty_text="No open tasks",
                                    open_label="Open")
                yield Static(id="team-detail", classes="during-detail")
            for name, columns, flex in (
                ("meetings", ("Day", "Title", "Departments", "Open"), "Title"),
                ("reviews", ("Day", "Deliverable", "Kind", "Passed", "Outcome"), "Deliverable"),
                ("incidents", ("Sev", "State", "Owner", "Opened", "Title"), "Title"),
            ):
                with Vertical(id=f"sec-{name}"):
                    yield Static(id=f"{name}-title", classes="during-title")
                    yield RecordTable(columns, id=f"{name[:-1]}-table",
                                      empty_text=EMPTY[f"#{name[:-1]}-table"],
                                      open_label=OPEN_LABELS[name], flex=flex)
                    with VerticalScroll(classes="during-detail-scroll"):
                        yield Static(id=f"{name[:-1]}-detail")
            with Vertical(id="sec-metrics"):
                yield Static(id="metrics-title", classes="during-title")
                yield MetricBoard(id="metric-board")
                yield Static(id="metric-detail", classes="during-detail")

    # -- loading ----------------------------------------------------------------------------
    def load(self, repo: Repository, day: date, today: date) -> None:
        """Compute everything for ``day`` and refill every section."""
        from opstui.domain import tracking

        data = gather(repo, day, today, self._board(repo, day), self._day_work)
        self.data = data
        assert data.buckets is not None
        self.query_one(AttentionStrip).show(tracking.Attention(
            overdue=len(data.buckets.overdue), blocked=len(data.buckets.blocked),
            stale=len(data.buckets.stale), unconfirmed=data.unconfirmed,
            metric_alerts=sum(r.needs_attention for r in data.board),
            unescalated=tracking.unescalated(data.incidents)))
        # Only the section on screen is filled now; the others when shown (show_section).
        self._unfilled = {name for name, _, _ in SECTIONS}
        self.fill_section(self.section)
        self.refresh_bindings()

    def fill_section(self, name: str) -> None:
        """Fill section ``name`` if it was not filled since the last load."""
        if name not in self._unfilled:
            return
        if name == "tasks":
            self._fill_tasks()
        elif name == "team":
            self._fill_team()
        else:
            self._unfilled -= set(RECORD_SECTIONS)
            self._fill_records()
        self._unfilled.discard(name)

    def _board(self, repo: Repository, day: date) -> list[BoardRow]:
        """The metric board, recomputed only when the data or the day changed."""
        self._board_cache, rows = board_of(repo, day, self._board_cache)
        return rows

    def _tasks_shown(self) -> list[Task]:
        data = self.data
        if data is None or data.buckets is None:
            return []
        from opstui.domain.search import task_matches

        tasks = data.day_tasks if self.task_filter == "day" else list(
            getattr(data.buckets, self.task_filter))
        if self.search_text.strip():
            tasks = [t for t in tasks if task_matches(t, self.search_text)]
        return tasks

    def _fill_tasks(self) -> None:
        data = self.data
        if data is None:
            return
        tasks = self._tasks_shown()
        counts, stale = self._day_work.counts(tasks)
        parts = [short_day(data.day), count_of(counts.total, "task")]
        for number, word in ((counts.overdue, "overdue"), (counts.blocked, "blocked"),
                             (counts.waiting, "waiting"), (stale, "to follow up"),
                             (counts.done, "done")):
            if number:
                parts.append(f"{number} {word}")
        if self.search_text.strip():
            parts.insert(1, f"matching “{self.search_text.strip()}”")
        if self.task_filter != "day":
            parts.append("w: back to the day's work")
        label = FILTERS[self.task_filter]
        if self.task_filter == "day" and data.day == data.today:
            label = "Today's work 今日任务"
        title = self.query_one("#during-title", Static)
        title.update(section_title(label, " · ".join(parts)), layout=False)  # one line high
        table = self.query_one("#day-table", TaskTable)
        table.empty_text = self.nothing_found() or (
            "Nothing for this day: plan tasks in Before (1, p) or add one there (a)"
            if self.task_filter == "day"
            else "Nothing in this list")
        table.set_tasks(tasks, today=data.day)
        self._show_task_detail(table, "#task-detail")

    def _fill_team(self) -> None:
        data = self.data
        if data is None:
            return
        data.team = data.team_view()
        data.read_last_syncs()
        attention = sum(p.attention > 0 for p in data.team)
        people = f"{len(data.team)} {'person' if len(data.team) == 1 else 'people'}"
        self.query_one("#team-title", Static).update(section_title(
            "Team 团队", f"{people} with open work · {attention} to follow up with · "
            f"as of {short_day(data.day)}"))
        table = self.query_one("#team-table", RecordTable)
        table.show([person_row(p) for p in data.team])
        self._show_person()

    def _show_person(self) -> None:
        data = self.data
        if data is None:
            return
        key = self.query_one("#team-table", RecordTable).highlighted_key
        person = next((p for p in data.team if p.owner == key), None)
        from opstui.domain.search import task_matches

        tasks = self.query_one("#team-tasks", TaskTable)
        tasks.empty_text = self.nothing_found() or "No open tasks (add tasks in Before: 1, a)"
        shown = [t for t in person.open if task_matches(t, self.search_text)] if person else []
        tasks.set_tasks(shown, today=data.day)
        self._show_team_detail(tasks)

    def _fill_records(self) -> None:
        data = self.data
        if data is None:
            return
        from opstui.domain.search import text_matches

        by_ref = data.tasks_by_ref
        open_actions = {m.id: sum(t.is_open for t in by_ref.get(m.id, ())) for m in data.meetings}
        query = self.search_text
        found = self.nothing_found()
        for selector, empty in EMPTY.items():
            self.query_one(selector).empty_text = found or empty
        self.query_one("#meeting-table", RecordTable).show(
            [meeting_row(m, open_actions[m.id]) for m in data.meetings if text_matches(
                query, [m.title, *m.departments, *m.attendees, *m.decisions])])
        self.query_one("#review-table", RecordTable).show(
            [review_row(r) for r in data.reviews
             if text_matches(query, [r.deliverable, r.kind, r.reviewer])])
        self.query_one("#incident-table", RecordTable).show(
            [incident_row(i) for i in data.incidents
             if text_matches(query, [i.title, i.owner, i.severity.value])])
        self.query_one(MetricBoard).show(
            [r for r in data.board if text_matches(query, [r.metric.name, r.metric.key])])
        pending = sum(r.outcome == "pending" for r in data.reviews)
        opened = [i for i in data.incidents if i.is_open]
        alerts = sum(r.needs_attention for r in data.board)
        for name, label, detail in (
            ("meetings", "Meetings 会议纪要", f"{count_of(len(data.meetings), 'meeting')} · "
             f"{sum(open_actions.values())} open action items"),
            ("reviews", "Review checks 审核", f"{count_of(len(data.reviews), 'review')} · "
             f"{pending} pending"),
            ("metrics", "Metric check 数据指标", f"as of {short_day(data.day)} · "
             f"{count_of(alerts, 'metric')} need attention"),
            ("incidents", "Incidents 问题", f"{len(opened)} open · "
             f"{sum(i.needs_escalation for i in opened)} not escalated (S1/S2)"),
        ):
            self.query_one(f"#{name}-title", Static).update(section_title(label, detail))
        self._show_record_details()

    def _show_record_details(self) -> None:
        data = self.data
        if data is None:
            return
        meeting = self.highlighted_meeting()
        if meeting is not None:
            from opstui.domain.minutes import carried_over

            by_ref = data.tasks_by_ref
            actions = by_ref.get(meeting.id, [])
            carried = carried_over(meeting, data.meetings, by_ref)
            self.query_one("#meeting-detail", Static).update(
                meeting_detail(meeting, actions, carried))
        else:
            self.query_one("#meeting-detail", Static).update("")
        self.query_one("#review-detail", Static).update(review_detail(self.highlighted_review()))
        incident = self.highlighted_incident()
        self.query_one("#incident-detail", Static).update(
            incident_detail(incident, linked_text(data.repo, incident)))
        self.query_one("#metric-detail", Static).update(
            metric_detail(self.query_one(MetricBoard).highlighted, data.day))

    def show_unavailable(self, day: date, reason: str) -> None:
        """Empty every list and detail box."""
        super().show_unavailable(day, reason)
        self.data = None
        for box in ("#task-detail", "#team-detail", "#meeting-detail", "#review-detail",
                    "#incident-detail", "#metric-detail"):
            self.query_one(box, Static).update("")
        for table in self.query(RecordTable):
            table.show([])
        self.query_one(MetricBoard).show([])

    @on(AttentionStrip.Jump)
    def _strip_clicked(self, event: AttentionStrip.Jump) -> None:
        self.action_jump(event.kind)

    @on(PhaseTabs.Activated, "#during-sections")
    def _tab_clicked(self, event: PhaseTabs.Activated) -> None:
        event.stop()
        self.action_section(event.name)

    @on(TaskTable.Highlighted, "#day-table")
    def _day_task_highlighted(self, event: TaskTable.Highlighted) -> None:
        self._show_task_detail(event.table, "#task-detail")
        self.refresh_bindings()

    @on(TaskTable.Highlighted, "#team-tasks")
    def _team_task_highlighted(self, event: TaskTable.Highlighted) -> None:
        self._show_team_detail(event.table)
        self.refresh_bindings()

    def _show_team_detail(self, tasks: TaskTable) -> None:
        """The person's line (last sync, newest feedback) over their task's detail."""
        from opstui.ui.widgets.during_details import person_line

        data = self.data
        key = self.query_one("#team-table", RecordTable).highlighted_key
        lead = None
        if data is not None and key is not None:
            owner = str(key)
            lead = person_line(owner, data.feedback_of(owner), data.last_syncs.get(owner))
        self._show_task_detail(tasks, "#team-detail", lead)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "team-table":
            self._show_person()
        else:
            self._show_record_details()
        self.refresh_bindings()

    @on(TaskTable.Selected)
    def _task_selected(self, event: TaskTable.Selected) -> None:
        self.open_task(event.table.highlighted_task)

    @on(Input.Changed, "#during-search")
    def _search_typed(self, event: Input.Changed) -> None:
        event.stop()
        self.search_changed(event.value)

    @on(Input.Submitted, "#during-search")
    def _search_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.search_done()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        table_id = event.data_table.id
        if table_id == "team-table":
            self.query_one("#team-tasks", TaskTable).focus()
        elif table_id == "meeting-table":
            self.edit_meeting()
        elif table_id == "review-table":
            self.edit_review()
        elif table_id == "metric-board":
            self.action_reading()
        elif table_id == "incident-table":
            self.action_escalate()
