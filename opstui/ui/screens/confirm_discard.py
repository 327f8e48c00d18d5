"""The "Discard your changes?" question asked before a form with typed text is closed."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


def close_or_ask(form: ModalScreen[Any], changed: bool) -> None:
    """Close ``form`` with no result; when ``changed`` (something was typed), ask first."""
    if not changed:
        form.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            form.dismiss(None)

    form.app.push_screen(ConfirmDiscard(), answered)


class ConfirmDiscard(ModalScreen[bool]):
    """Ask before throwing typed text away: enter or y discards, escape or n goes back."""

    DEFAULT_CSS = """
    ConfirmDiscard { align: center middle; background: $background 50%; }
    #discard-box {
        width: 52; max-width: 96%; height: auto; border: round $warning;
        background: $surface; padding: 0 1;
    }
    #discard-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "discard", "Discard", tooltip="Throw the typed text away",
                id="discard.yes", priority=True),
        Binding("escape,n", "keep", "Back", tooltip="Go back to the form, text kept",
                id="discard.no", priority=True),
    ]

    def __init__(self, what: str = "your changes") -> None:
        """Create the question about ``what`` would be lost."""
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        """The question and its two answers."""
        with Vertical(id="discard-box") as box:
            box.border_title = "Discard? 放弃修改?"
            yield Label(f"Discard {self.what}?", markup=False)
            yield Label("enter/y: discard · esc/n: back to the form", markup=False)
            with Horizontal(id="discard-buttons"):
                yield Button("Discard 放弃", id="discard-yes", variant="error")
                yield Button("Back 返回", id="discard-no", variant="primary")

    def action_discard(self) -> None:
        """Throw the text away."""
        self.dismiss(True)

    def action_keep(self) -> None:
        """Go back to the form with the text kept."""
        self.dismiss(False)

    @on(Button.Pressed, "#discard-yes")
    def _yes(self) -> None:
        self.action_discard()

    @on(Button.Pressed, "#discard-no")
    def _no(self) -> None:
        self.action_keep()
