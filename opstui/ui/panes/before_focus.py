"""Before's keys act on the focused list: which list each key needs, and what to say if not.

``p`` plans from the backlog, ``x`` and ``⇧↑``/``⇧↓`` change the plan, ``y``/``n`` answer a
support request, ``b`` breaks down a goal, ``e``/``s`` work on the plan's or the backlog's
task. A key whose list is not focused is off the key bar (``check_action`` is False, the bar
is refreshed when focus moves); pressed anyway, it says which list to focus and changes
nothing.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widget import Widget
from textual.widgets import Input, OptionList

from opstui.ui.panes.before_plan import BeforePlanActions
from opstui.ui.widgets.task_table import TaskTable

TASK_LISTS = ("plan-table", "backlog-table")
NEEDS: dict[str, tuple[tuple[str, ...], str]] = {
    "plan_task": (("backlog-table",), "the backlog"),
    "unplan_task": (("plan-table",), "the plan"),
    "move": (("plan-table",), "the plan"),
    "edit_task": (TASK_LISTS, "the plan or the backlog"),
    "request_support": (TASK_LISTS, "the plan or the backlog"),
    "answer_support": (("support-list",), "the support list"),
    "breakdown": (("goal-list",), "the goal list"),
}
"""Action → (the lists it acts on, what to call them when asking the user to focus one)."""
SMALL_LISTS = {"goal-list": "-goals-focused", "plan-table": "-plan-focused",
               "support-list": "-support-focused"}
"""The lists that take the rows of a short pane when focused, and the pane class saying so."""
SHORT_ROWS = 28
"""A pane lower than this (80×24 gives 21 rows) is laid out for the backlog's sake."""


class BeforeFocus(BeforePlanActions):
    """Keys that follow the focused list; ``BeforePane`` adds the layout and the bindings."""

    def _focused_list(self) -> Widget | None:
        focused = self.screen.focused if self.is_attached else None
        return focused if focused is not None and self in focused.ancestors else None

    def _has_row(self, widget: Widget) -> bool:
        """Whether ``widget`` (a list of the pane) has a highlighted row to act on."""
        if isinstance(widget, TaskTable):
            return widget.highlighted_task is not None
        if widget.id == "support-list":
            index = widget.highlighted if isinstance(widget, OptionList) else None
            return index is not None and 0 <= index < len(self.requests)
        if widget.id == "goal-list":
            return getattr(widget, "highlighted_goal", None) is not None
        return False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A list key works only in its focused list, on a highlighted row."""
        if action == "rollover":
            return bool(self.leftover_items)
        needs = NEEDS.get(action)
        if needs is None:
            return True
        focused = self._focused_list()
        if focused is None or focused.id not in needs[0] or not self._has_row(focused):
            return False
        if action == "move" and parameters:
            return self._can_move(int(str(parameters[0])))
        return True

    def _can_move(self, offset: int) -> bool:
        """Whether the highlighted planned task can move ``offset`` places."""
        task = self.query_one("#plan-table", TaskTable).highlighted_task
        ids = self.view.plan.task_ids if self.view and self.view.plan else []
        return task is not None and task.id in ids and 0 <= ids.index(task.id) + offset < len(
            ids)

    def prepare_action(self, action: str) -> None:
        """Before the palette runs ``action``: focus the list it works on, if none is."""
        needs = NEEDS.get(action.split("(")[0])
        focused = self._focused_list()
        if needs and (focused is None or focused.id not in needs[0]):
            self.query_one(f"#{needs[0][0]}").focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The key bar shows the keys of the list now focused; a short pane gives the
        focused small list (goals, plan, support) the rows (see ``app.tcss``)."""
        widget_id = event.widget.id or ""
        if widget_id in SMALL_LISTS:
            for name in SMALL_LISTS.values():
                self.set_class(name == SMALL_LISTS[widget_id], name)
        elif widget_id == "backlog-table":
            for name in SMALL_LISTS.values():
                self.remove_class(name)
        self.refresh_bindings()

    def on_resize(self, event: events.Resize) -> None:
        """Below ``SHORT_ROWS`` rows the backlog keeps its rows and the small lists shrink."""
        self.set_class(event.size.height < SHORT_ROWS, "-short")

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """The filter line leaves the Tab order when it loses focus."""
        if isinstance(event.widget, Input) and event.widget.id == "backlog-filter":
            event.widget.can_focus = False
        self.refresh_bindings()

    def focus_hint(self, key: str) -> str | None:
        """What to say when ``key`` is pressed where its list is not focused (or empty)."""
        for binding in self._bindings.key_to_bindings.get(key, ()):
            name = binding.action.split("(")[0]
            needs = NEEDS.get(name)
            if needs is None or self.check_action(name, ()):
                continue
            focused = self._focused_list()
            if focused is not None and focused.id in needs[0]:
                return f"Nothing highlighted in {needs[1]}"
            return f"{binding.description} works on {needs[1]}: Tab to it first"
        return None

    def on_key(self, event: Any) -> None:
        """Escape hides the filter line; a list key pressed elsewhere says where it works."""
        box = self.query_one("#backlog-filter", Input)
        if event.key == "escape" and (box.has_focus or box.has_class("-shown")):
            event.stop()
            box.value = ""
            box.remove_class("-shown")
            box.can_focus = False
            self.query_one("#backlog-table", TaskTable).focus()
            return
        if box.has_focus:
            return
        hint = self.focus_hint(event.key)
        if hint is not None:
            event.stop()
            event.prevent_default()
            self.notify(hint)
