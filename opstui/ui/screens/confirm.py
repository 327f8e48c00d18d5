"""A yes/no question before a change the rules frown on (resolving an unescalated S1)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class Confirm(ModalScreen[bool]):
    """Ask ``question``: y or enter answers yes, n or escape no."""

    DEFAULT_CSS = """
    Confirm { align: center middle; background: $background 50%; }
    #confirm-box {
        width: 60; max-width: 96%; height: auto; border: round $warning;
        background: $surface; padding: 0 1;
    }
    #confirm-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "answer(True)", "Yes", id="confirm.yes", priority=True),
        Binding("escape,n", "answer(False)", "No", id="confirm.no", priority=True),
    ]

    def __init__(self, title: str, question: str, yes: str = "Yes 是", no: str = "No 取消",
                 hint: str = "enter/y: yes · esc/n: no") -> None:
        """Create the question: ``title`` on the border, ``yes``/``no`` on the buttons."""
        super().__init__()
        self.title_text = title
        self.question = question
        self.yes = yes
        self.no = no
        self.hint = hint

    def compose(self) -> ComposeResult:
        """The question and its two answers."""
        with Vertical(id="confirm-box") as box:
            box.border_title = self.title_text
            yield Label(self.question, markup=False)
            yield Label(self.hint, markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(self.yes, id="confirm-yes", variant="warning")
                yield Button(self.no, id="confirm-no", variant="primary")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)
