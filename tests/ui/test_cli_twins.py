"""Every action the TUI offers has its command-line twin.

The walk covers what the command palette lists: the app's bindings and every pane's. Each
binding either changes data, and then names the CLI command that runs the same action, or
only moves around / shows something, and says so. A new binding fails this test until it is
given its twin (or put among the views).
"""

from __future__ import annotations

import pytest
from textual.binding import Binding

from opstui.cli import build_parser
from opstui.ui.app import PANES, OpsApp, pane_class

TWINS: dict[str, list[tuple[str, ...]]] = {
    "app.undo": [("undo",)],
    "app.redo": [("redo",)],
    "app.sync": [("sync",)],
    "before.plan_add": [("plan", "add")],
    "before.plan_remove": [("plan", "remove")],
    "before.plan_up": [("plan", "move")],
    "before.plan_down": [("plan", "move")],
    "before.task_add": [("add",)],
    "before.task_edit": [("edit",)],
    "before.rollover": [("plan", "rollover")],
    "before.capacity": [("plan", "set")],
    "before.goal_add": [("goal", "add")],
    "before.breakdown": [("goal", "break")],
    "before.resource_add": [("support", "request")],
    "before.resource_confirm": [("support", "confirm")],
    "before.resource_refuse": [("support", "refuse")],
    "before.recurring_add": [("recur", "add")],
    "during.status": [("status",)],
    "during.done": [("done",), ("reopen",)],
    "during.note": [("note",)],
    "during.add_meeting": [("meeting", "add")],
    "during.add_review": [("review", "add")],
    "during.add_metric": [("metric", "define")],
    "during.add_incident": [("incident", "add")],
    "during.reading": [("metric", "add")],
    "during.define": [("metric", "define")],
    "during.investigate": [("metric", "investigate")],
    "during.incident": [("incident", "add")],
    "during.escalate": [("incident", "escalate")],
    "during.resolve": [("incident", "resolve")],
    "after.shutdown": [("shutdown",), ("log", "write")],
    "after.score": [("review", "score")],
    "after.highlight": [("highlight",)],
    "after.finding": [("finding", "add")],
    "after.retro_new": [("retro", "add")],
    # Views with a printed twin:
    "after.weekly": [("report", "week")],
    "after.monthly": [("report", "month")],
    "after.day_report": [("report", "day")],
    "before.week": [("plan",), ("plan", "move-day")],
    "app.theme": [("config", "set")],
}
"""Binding id -> the CLI commands that do what the key does."""

VIEWS = {
    "pane.before", "pane.during", "pane.after", "day.previous", "day.next", "day.today",
    "app.help", "app.quit", "before.filter", "during.search", "during.clear_search",
}
"""Bindings that only move around the screen (no data changes, nothing to print)."""


def palette_bindings() -> list[Binding]:
    """The bindings the command palette lists (see ``OpsApp.palette_commands``)."""
    found = [b for b in OpsApp.BINDINGS if isinstance(b, Binding)]
    for name in PANES:
        found += [b for b in pane_class(name).BINDINGS
                  if isinstance(b, Binding) and (b.show or b.tooltip)]
    return found


def test_every_palette_action_is_a_twin_or_a_view() -> None:
    ids = {b.id for b in palette_bindings()}
    prefixes = ("during.section_", "during.jump_")  # sections and attention jumps: views
    unknown = sorted(i for i in ids if i not in TWINS and i not in VIEWS
                     and not (i or "").startswith(prefixes))
    assert unknown == [], f"give these a CLI twin in TWINS (or list them in VIEWS): {unknown}"
    assert not (set(TWINS) - ids), "TWINS names bindings that no longer exist"


@pytest.mark.parametrize("words", sorted({w for twins in TWINS.values() for w in twins}))
def test_each_twin_is_a_command_with_help(words: tuple[str, ...],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        build_parser(words[0]).parse_args([*words, "--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith(f"usage: opstui {' '.join(words)}")
