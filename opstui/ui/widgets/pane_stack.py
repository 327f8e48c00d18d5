"""PaneStack: shows one of its children at a time, cheaply enough to switch on every key.

Textual's ContentSwitcher hides the other children with ``display: none``. Showing one
again re-lays the whole screen and sends every widget in it Show and Resize events; their
handlers refresh again, so a switch took three frames (about 70 ms on a year of data).

PaneStack keeps every child laid out side by side, each as wide as the stack, and scrolls
the stack to the shown one. A scroll is Textual's fast path: only what comes into view is
arranged, and widgets whose size did not change get no events, so a switch is one frame.
Children out of view take no part in focus: ``focus_selector`` limits Tab to the shown one.
The stack itself cannot be scrolled by the user (no overflow, no scroll keys).
"""

from __future__ import annotations

from textual.containers import ScrollableContainer
from textual.events import Resize
from textual.reactive import reactive
from textual.widget import Widget


class PaneStack(ScrollableContainer, can_focus=False, inherit_bindings=False):
    """Children side by side, scrolled so that exactly one (``current``) is in view."""

    DEFAULT_CSS = """
    PaneStack {
        layout: horizontal;
        overflow: hidden hidden;
        height: 1fr;
    }
    PaneStack > * {
        width: 100%;
        height: 100%;
    }
    """

    current: reactive[str | None] = reactive[str | None](None, init=False)
    """The id of the child in view."""

    def __init__(self, *children: Widget, initial: str | None = None, id: str | None = None
                 ) -> None:
        """Create the stack.

        Args:
            *children: The children (each needs an id).
            initial: The id of the child shown first (default: the first).
            id: The stack's own id.
        """
        super().__init__(*children, id=id)
        self.set_reactive(PaneStack.current, initial)

    @property
    def visible_content(self) -> Widget | None:
        """The child in view, if any."""
        for child in self.children:
            if child.id == self.current:
                return child
        return None

    @property
    def focus_selector(self) -> str:
        """A selector matching what may take focus: descendants of the child in view."""
        return f"#{self.id} > #{self.current} *"

    def watch_current(self) -> None:
        self._scroll_to_current()

    def watch_virtual_size(self) -> None:
        """Scroll again once a child mounted just now is laid out: until then the stack is too
        narrow to scroll to it, and the scroll stops short on the child before."""
        self._scroll_to_current()

    def on_resize(self, event: Resize) -> None:
        """Keep the shown child in view when the terminal changes size."""
        self._scroll_to_current()

    def _scroll_to_current(self) -> None:
        index = next((n for n, child in enumerate(self.children) if child.id == self.current),
                     0)
        self.scroll_to(x=index * self.scrollable_content_region.width, animate=False,
                       force=True, immediate=True)
