"""The During pane's search line (``/``) and task detail view (Enter on a task)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.widgets import Input

if TYPE_CHECKING:
    from rich.text import Text

    from opstui.domain.models import Task
    from opstui.ui.panes.during_data import DuringData
    from opstui.ui.screens.task_detail import TaskStory
    from opstui.ui.widgets.task_table import TaskTable


class DuringFind:
    """Mixed into ``DuringPane``: the search that narrows every section's list, and the
    task detail view whose keys change the task through the app's write path."""

    data: DuringData | None
    section: str
    search_text: str
    app: Any
    query_one: Any
    refresh_bindings: Any

    if TYPE_CHECKING:
        def fill_section(self, name: str) -> None: ...
        def highlighted_task(self) -> Task | None: ...
        def _act(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...
        def _push(self, screen: Any, on_result: Callable[[Any], None]) -> None: ...
        def _save_status(self, new: Task) -> None: ...

    _unfilled: set[str]

    # -- search -------------------------------------------------------------------------------
    def refill(self) -> None:
        """Fill the sections again from the data loaded (the search changed)."""
        from opstui.ui.panes.during_sections import SECTIONS

        self._unfilled = {name for name, _, _ in SECTIONS}
        self.fill_section(self.section)

    def main_list(self) -> Any:
        """The main list of the section shown."""
        from opstui.ui.panes.during_sections import MAIN_WIDGET

        return self.query_one(MAIN_WIDGET[self.section])

    def action_search(self) -> None:
        """Show the search line and type into it."""
        line = self.query_one("#during-search", Input)
        line.add_class("-shown")
        line.focus()

    def action_clear_search(self) -> None:
        """Clear the search, hide its line and give the focus back to the list."""
        line = self.query_one("#during-search", Input)
        line.remove_class("-shown")
        had = self.search_text.strip()
        self.search_text = ""
        line.value = ""  # its Changed message finds nothing new to do
        if had:
            self.refill()
        self.main_list().focus()
        self.refresh_bindings()

    def nothing_found(self) -> str:
        """What an empty list says while a search is on ("" when none is)."""
        if not self.search_text.strip():
            return ""
        return f"Nothing matches “{self.search_text.strip()}” (escape clears the search)"

    def search_changed(self, text: str) -> None:
        """Narrow every section's list to what matches ``text``."""
        if text.strip() == self.search_text.strip():
            return
        self.search_text = text
        self.refill()
        self.refresh_bindings()

    def search_done(self) -> None:
        """Enter in the search line: keep the search, go to the list."""
        if not self.search_text.strip():
            self.action_clear_search()
            return
        self.main_list().focus()

    # -- the task detail box and view ---------------------------------------------------------
    def _show_task_detail(self, table: TaskTable, target: str, lead: Text | None = None
                          ) -> None:
        """Fill the detail box ``target`` with the task highlighted in ``table`` (after
        ``lead``, a line about its owner, when given)."""
        from textual.widgets import Static

        from opstui.domain.tracking import follow_up
        from opstui.ui.widgets.during_details import task_detail

        task = table.highlighted_task
        data = self.data
        box = self.query_one(target, Static)
        # The task boxes have a fixed height (app.tcss): new text never re-lays the pane.
        if task is None or data is None:
            box.update(lead or "", layout=False)
            return
        notes = sorted(data.notes_by_task.get(task.id, ()), key=lambda n: n.at)
        follow = follow_up(task, notes, data.day, data.rules)
        shown = task_detail(task, follow, notes)
        box.update(lead + shown if lead is not None else shown, layout=False)

    def open_task(self, task: Task | None = None) -> None:
        """Open the detail view of ``task`` (the highlighted one by default)."""
        from opstui.ui.screens.task_detail import TaskDetailScreen

        task = task or self.highlighted_task()
        if task is None or self.data is None:
            return
        self.app.push_screen(TaskDetailScreen(task.id, self.task_story, self.change_task,
                                              self.data.day))

    def task_story(self, task_id: str) -> TaskStory | None:
        """The task as it is on disk now, with its notes, goal and the record it came from."""
        from opstui.domain.models import (
            Goal,
            Incident,
            Meeting,
            Metric,
            Record,
            SourceKind,
            Task,
        )
        from opstui.ui.screens.task_detail import TaskStory

        if self.data is None:
            return None
        repo = self.data.repo
        task = repo.get(Task, task_id)
        if task is None:
            return None
        notes = sorted(repo.notes_for(task.id), key=lambda n: n.at)
        goal = repo.get(Goal, task.goal_id) if task.goal_id else None
        kinds: dict[SourceKind, type[Record]] = {
            SourceKind.MEETING: Meeting, SourceKind.INCIDENT: Incident, SourceKind.METRIC: Metric}
        source_cls = kinds.get(task.source.kind)
        source = repo.get(source_cls, task.source.ref) \
            if source_cls is not None and task.source.ref else None
        return TaskStory(task, notes, goal, source)

    def change_task(self, what: str, task_id: str, after: Callable[[], None]) -> None:
        """Change one thing about a task (from the detail view), then call ``after``."""
        from opstui.actions.tasks import add_note, reassign, toggle_done, update_task
        from opstui.domain.models import Task
        from opstui.ui.screens.during_forms import due_form, note_form, owner_form, status_form

        if self.data is None or self.app.writable_repo() is None:
            return
        task = self.data.repo.get(Task, task_id)
        if task is None:
            after()
            return
        now = self.app.clock().now

        def then(run: Callable[[Any], None]) -> Callable[[Any], None]:
            def done(result: Any) -> None:
                run(result)
                after()
            return done

        if what == "toggle_done":
            self._act(toggle_done, task.id)
            after()
        elif what == "status":
            self._push(status_form(task, now), then(self._save_status))
        elif what == "note":
            notes = sorted(self.data.repo.notes_for(task.id), key=lambda n: n.at)
            self._push(note_form(task, notes), then(
                lambda entry: self._act(add_note, task.id, entry.text, entry.percent)))
        elif what == "owner":
            self._push(owner_form(task), then(
                lambda owner: self._act(reassign, task.id, owner or None)))
        elif what == "due":
            self._push(due_form(task, self.data.day), then(
                lambda due: self._act(update_task, task.id, {"due": due})))
