"""The During pane's sections: which one is shown, jumps from the attention strip, and the
record under the cursor of each list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import ContentSwitcher

from opstui.ui.widgets.metric_board import MetricBoard
from opstui.ui.widgets.phase_tabs import PhaseTabs
from opstui.ui.widgets.record_table import RecordTable
from opstui.ui.widgets.task_table import TaskTable

if TYPE_CHECKING:
    from opstui.domain.models import Incident, Meeting, ReviewCheck, Task
    from opstui.ui.panes.during_data import DuringData

SECTIONS = (("tasks", "w", "Tasks 任务"), ("team", "o", "Team 团队"),
            ("meetings", "m", "Meetings 会议"), ("reviews", "c", "Reviews 审核"),
            ("metrics", "k", "Metrics 指标"), ("incidents", "i", "Incidents 问题"))
def section_tabs(width: int) -> list[tuple[str, str, str]]:
    """The section tabs for a pane ``width`` cells wide: ``Metrics 指标`` when they all fit,
    ``Metrics`` when not (so Incidents stays on screen at 80 columns)."""
    full = [(name, key, label) for name, key, label in SECTIONS]
    cells = sum(Text(label).cell_len + 5 for _, _, label in full)
    if cells <= width:
        return full
    return [(name, key, label.split()[0]) for name, key, label in SECTIONS]


NARROW = 110
"""Narrower than this, the Team view stacks the people over their tasks."""

FILTERS = {"day": "The day's work 当日任务", "overdue": "Overdue 逾期",
           "blocked": "Blocked 受阻", "stale": "Stale: follow up 待跟进",
           "unconfirmed": "Waiting on unconfirmed resources 资源未确认"}
JUMPS = {"overdue": ("tasks", "overdue"), "blocked": ("tasks", "blocked"),
         "stale": ("tasks", "stale"), "unconfirmed": ("tasks", "unconfirmed"),
         "metric_alerts": ("metrics", ""), "unescalated": ("incidents", "")}
RECORD_SECTIONS = ("meetings", "reviews", "metrics", "incidents")
"""Sections filled together (their counts share one pass over the records)."""
ACTION_SECTIONS: dict[str, tuple[str, ...]] = {
    "status": ("tasks", "team"), "toggle_done": ("tasks", "team"), "note": ("tasks", "team"),
    "add": ("meetings", "reviews", "metrics", "incidents"),
    "reading": ("metrics",), "define": ("metrics",), "investigate": ("metrics",),
    "escalate": ("incidents",), "resolve": ("incidents",),
    "incident": ("tasks", "team", "metrics"),  # in Incidents, a adds one
}
"""The sections each record key works in; elsewhere the key is hidden from the key bar."""
EMPTY = {
    "#meeting-table": "No meetings yet: press a to write the minutes of one",
    "#review-table": "No review checks yet: press a to check a deliverable",
    "#incident-table": "No incidents: press a to log one",
    "#metric-board": "No metrics yet: press a to define one (DAU, retention, conversion…)",
}
"""What each empty list says: the key that fills it."""
OPEN_LABELS = {"meetings": "Edit", "reviews": "Edit", "incidents": None}
"""What Enter on a row of these lists does, as the key bar says it."""
MAIN_WIDGET = {"tasks": "#day-table", "team": "#team-table", "meetings": "#meeting-table",
               "reviews": "#review-table", "metrics": "#metric-board",
               "incidents": "#incident-table"}


def _works_in(binding: Binding, section: str) -> bool:
    name, _, params = binding.action.partition("(")
    if name == "add":
        return params.strip("()'") == section
    return section in ACTION_SECTIONS.get(name, ())


_ENTER = {
    "tasks": [Binding("enter", "", "Open the task: notes, slips, goal, source; change it there",
                      key_display="⏎")],
    "team": [Binding("enter", "", "On a person: their tasks; on a task: open it",
                     key_display="⏎")],
    "meetings": [Binding("enter", "", "Open the highlighted meeting to edit", key_display="⏎")],
    "reviews": [Binding("enter", "", "Open the highlighted review check", key_display="⏎")],
    "metrics": [Binding("enter", "", "Record a reading (as r)", key_display="⏎")],
    "incidents": [Binding("enter", "", "Escalate the highlighted incident (as e)",
                          key_display="⏎")],
}
"""What Enter does in each section (the list's own key), for the help screen."""


class DuringSections:
    """Mixed into ``DuringPane`` (a Textual widget, which provides ``query_one``)."""

    data: DuringData | None
    section: str
    task_filter: str
    search_text: str
    query_one: Any
    refresh_bindings: Any
    BINDINGS: ClassVar[list[Any]]

    if TYPE_CHECKING:
        def _fill_tasks(self) -> None: ...
        def fill_section(self, name: str) -> None: ...

    # -- highlighted records ------------------------------------------------------------------
    def highlighted_meeting(self) -> Meeting | None:
        """The meeting under the cursor."""
        key = self.query_one("#meeting-table", RecordTable).highlighted_key
        return next((m for m in self.data.meetings if m.id == key), None) if self.data else None

    def highlighted_review(self) -> ReviewCheck | None:
        """The review check under the cursor."""
        key = self.query_one("#review-table", RecordTable).highlighted_key
        return next((r for r in self.data.reviews if r.id == key), None) if self.data else None

    def highlighted_incident(self) -> Incident | None:
        """The incident under the cursor."""
        key = self.query_one("#incident-table", RecordTable).highlighted_key
        return next((i for i in self.data.incidents if i.id == key), None) if self.data else None

    def highlighted_task(self) -> Task | None:
        """The task under the cursor of the visible section's task list."""
        if self.section == "team":
            return self.query_one("#team-tasks", TaskTable).highlighted_task
        if self.section == "tasks":
            return self.query_one("#day-table", TaskTable).highlighted_task
        return None

    # -- which keys work here -----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys work only where they act on something on screen.

        A record key is hidden (False) outside the sections it works in, and when the
        record it needs is not there: no highlighted task for ``s``/``space``/``n``, no
        anomaly waiting for ``x``, no open incident for ``e``/``v``. The key bar then shows
        exactly the keys that act on what is seen.
        """
        if action == "clear_search":
            return bool(self.search_text) or self.query_one("#during-search").has_class("-shown")
        sections = ACTION_SECTIONS.get(action)
        if sections is None:
            return True
        if self.data is None:
            return False
        if action == "add":
            return self.section == (parameters[0] if parameters else self.section) \
                and self.section in sections
        if self.section not in sections:
            return False
        if action in ("status", "toggle_done", "note"):
            return self.highlighted_task() is not None
        if action in ("reading", "define"):
            return self.query_one(MetricBoard).highlighted is not None
        if action == "investigate":
            row = self.query_one(MetricBoard).highlighted
            return row is not None and row.open_anomaly is not None
        if action in ("escalate", "resolve"):
            incident = self.highlighted_incident()
            return incident is not None and incident.is_open
        return True

    def prepare_action(self, action: str) -> None:
        """Before the palette runs ``action``: show a section it works in, if not shown."""
        name = action.split("(")[0]
        sections = ACTION_SECTIONS.get(name)
        if name == "add" and "'" in action:
            sections = (action.split("'")[1],)
        if sections and self.section not in sections:
            self.show_section(sections[0])

    def help_sections(self) -> list[tuple[str, list[Binding]]]:
        """The pane's keys for the help screen, one group per section and the rest."""
        own = [b for b in self.BINDINGS if isinstance(b, Binding)]
        groups: list[tuple[str, list[Binding]]] = []
        for name, key, label in SECTIONS:
            keys = [b for b in own if _works_in(b, name)]
            groups.append((f"During · {label} ({key})", [*_ENTER.get(name, []), *keys]))
        rest = [b for b in own if b.action.split("(")[0] not in ACTION_SECTIONS]
        groups.append(("During · moving around", rest))
        return groups

    # -- moving around ------------------------------------------------------------------------
    def show_section(self, name: str, *, focus: bool = True) -> None:
        """Show section ``name`` and focus its main list."""
        self.fill_section(name)
        self.section = name
        self.query_one("#during-switcher", ContentSwitcher).current = f"sec-{name}"
        self.query_one("#during-sections", PhaseTabs).active = name
        if focus:
            self.query_one(MAIN_WIDGET[name]).focus()
        self.refresh_bindings()

    def action_section(self, name: str) -> None:
        """Show one of the sections; ``w`` also clears a task filter."""
        if name == "tasks" and self.task_filter != "day":
            self.task_filter = "day"
            self._fill_tasks()
        self.show_section(name)

    def action_jump(self, kind: str) -> None:
        """Show the list behind an attention count."""
        section, task_filter = JUMPS[kind]
        if self.search_text:  # the jump lists everything of its kind
            self.action_clear_search()  # type: ignore[attr-defined]
        if section == "tasks":
            self.task_filter = task_filter
            self._fill_tasks()
            self.query_one("#day-table", TaskTable).move_cursor(0)
        self.show_section(section)
        if kind == "metric_alerts" and self.data is not None:
            board = self.query_one(MetricBoard)
            first = next((i for i, r in enumerate(self.data.board) if r.needs_attention), None)
            if first is not None:
                board.move_cursor(row=first)
        if kind == "unescalated" and self.data is not None:
            first_id = next((i.id for i in self.data.incidents if i.needs_escalation), None)
            if first_id:
                self.query_one("#incident-table", RecordTable).select_key(first_id)

    def on_resize(self, event: events.Resize) -> None:
        """Section tabs in English only when the bilingual labels do not fit the width."""
        tabs = self.query_one("#during-sections", PhaseTabs)
        self.set_class(event.size.width < NARROW, "-narrow")  # type: ignore[attr-defined]
        wanted = section_tabs(event.size.width)
        if tabs.tabs != wanted:
            tabs.tabs = wanted
            tabs.refresh()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Keep focus in the visible section (the app focuses the pane's first task list)."""
        section = self.query_one(f"#sec-{self.section}")
        widget = event.widget
        if widget is not section and section not in widget.ancestors:
            inside = self.query_one("#during-switcher")
            if inside in widget.ancestors:
                self.query_one(MAIN_WIDGET[self.section]).focus()
