"""Moving the focus so that its styles are on the very next frame."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget


def focus_at_once(screen: Screen[Any], widget: Widget) -> None:
    """Give ``widget`` the focus on ``screen``, its focus styles drawn on the next frame.

    ``Screen.set_focus`` restyles at once but sets ``has_focus`` only when the widget handles
    its Focus event, usually after the next frame; the ``:focus`` styles then cost a frame
    of their own (17-33 ms). Marking the widget first is what Textual's own auto-focus does.
    The stack of panes is never scrolled to show the widget (``scroll_visible=False``).
    """
    widget.has_focus = True
    screen.set_focus(widget, scroll_visible=False)
