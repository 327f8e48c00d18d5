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
    The widget's own virtual size is kept up to date by ScrollView itself.
    """

    _size: Size
    container_size: Size

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        if size == self._size and container_size == self.container_size:
            return False
        return super()._size_updated(  # type: ignore[misc]
            size, virtual_size, container_size, layout)


class QuietOptionList(QuietScrollbars, OptionList):
    """An OptionList that does not redraw its scrollbars when a layout leaves it alone."""
