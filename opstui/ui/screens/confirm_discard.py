"""The "Discard your changes?" question asked before a form with typed text is closed."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from opstui.ui.screens.confirm import Confirm


def close_or_ask(form: ModalScreen[Any], changed: bool) -> None:
    """Close ``form`` with no result; when ``changed`` (something was typed), ask first."""
    if not changed:
        form.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            form.dismiss(None)

    form.app.push_screen(ConfirmDiscard(), answered)


class ConfirmDiscard(Confirm):
    """Ask before throwing typed text away: enter or y discards, escape or n goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "answer(True)", "Discard", tooltip="Throw the typed text away",
                id="discard.yes", priority=True),
        Binding("escape,n", "answer(False)", "Back", tooltip="Go back to the form, text kept",
                id="discard.no", priority=True),
    ]

    def __init__(self, what: str = "your changes") -> None:
        """Create the question about ``what`` would be lost."""
        super().__init__("Discard? 放弃修改?", f"Discard {what}?", yes="Discard 放弃",
                         no="Back 返回", hint="enter/y: discard · esc/n: back to the form")
        self.what = what
