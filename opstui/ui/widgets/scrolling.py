"""QuietScrollbars: a mixin that stops list widgets redrawing their scrollbars for nothing."""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import OptionList


class QuietScrollbars:
    """For ScrollView widgets: a layout that leaves the widget's size alone is a no-op.

    Textual's ``ScrollView._size_updated`` compares the virtual size the compositor passes
    in (the area on screen) with the widget's own (its content). They differ whenever the
    content scrolls, so every layout of the screen (a pane switch, a form closing) redrew
    the scrollbars, and that redraw came one frame later: 17-33 ms added to the key press.
    Here the scrollbars are updated only when the widget's size, its container's or its own
    virtual size (its content: rows added or removed) changed since they were last updated.
    """

    virtual_size: Size
    _synced: tuple[Size, Size, Size] | None = None
    """(size, container size, own virtual size) when the scrollbars were last updated."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        synced = (size, container_size, self.virtual_size)
        if synced == self._synced:
            return False
        self._synced = synced
        return super()._size_updated(  # type: ignore[misc]
            size, virtual_size, container_size, layout)


class QuietOptionList(QuietScrollbars, OptionList):
    """An OptionList that does not redraw its scrollbars when a layout leaves it alone."""
