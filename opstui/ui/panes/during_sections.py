"""The During pane's sections: which one is shown, jumps from the attention strip, and the
record under the cursor of each list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
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


FILTERS = {"day": "The day's work 当日任务", "overdue": "Overdue 逾期",
           "blocked": "Blocked 受阻", "stale": "Stale: follow up 待跟进",
           "unconfirmed": "Waiting on unconfirmed resources 资源未确认"}
JUMPS = {"overdue": ("tasks", "overdue"), "blocked": ("tasks", "blocked"),
         "stale": ("tasks", "stale"), "unconfirmed": ("tasks", "unconfirmed"),
         "metric_alerts": ("metrics", ""), "unescalated": ("incidents", "")}
RECORD_SECTIONS = ("meetings", "reviews", "metrics", "incidents")
"""Sections filled together (their counts share one pass over the records)."""
MAIN_WIDGET = {"tasks": "#day-table", "team": "#team-table", "meetings": "#meeting-table",
               "reviews": "#review-table", "metrics": "#metric-board",
               "incidents": "#incident-table"}


class DuringSections:
    """Mixed into ``DuringPane`` (a Textual widget, which provides ``query_one``)."""

    data: DuringData | None
    section: str
    task_filter: str
    query_one: Any

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

    # -- moving around ------------------------------------------------------------------------
    def show_section(self, name: str, *, focus: bool = True) -> None:
        """Show section ``name`` and focus its main list."""
        self.fill_section(name)
        self.section = name
        self.query_one("#during-switcher", ContentSwitcher).current = f"sec-{name}"
        self.query_one("#during-sections", PhaseTabs).active = name
        if focus:
            self.query_one(MAIN_WIDGET[name]).focus()

    def action_section(self, name: str) -> None:
        """Show one of the sections; ``w`` also clears a task filter."""
        if name == "tasks" and self.task_filter != "day":
            self.task_filter = "day"
            self._fill_tasks()
        self.show_section(name)

    def action_jump(self, kind: str) -> None:
        """Show the list behind an attention count."""
        section, task_filter = JUMPS[kind]
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
