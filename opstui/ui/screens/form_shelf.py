"""FormShelf: forms kept once closed, so the next form of the same kind opens at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

    from opstui.ui.screens.field_form import FieldForm


class FormShelf:
    """One kept screen per kind of form (its type and its fields' names and kinds).

    Building a form's widgets is most of what opening it costs; a kept form is filled in
    with the new form's title, labels, values and checks instead (``FieldForm.take_over``).
    A kind already open (a form opened over another of its kind) gets a fresh screen.
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._kept: dict[tuple[object, ...], FieldForm[Any]] = {}

    def form_to_show(self, form: FieldForm[Any]) -> FieldForm[Any]:
        """The screen to push for ``form``: a kept one of its kind, filled in, or ``form``."""
        kind = form.shape()
        kept = self._kept.get(kind)
        if kept is None:
            self._kept[kind] = form
            self.app.install_screen(form, name=f"form-{len(self._kept)}")
            return form
        if kept.is_mounted and kept not in self.app.screen_stack:
            kept.take_over(form)
            return kept
        return form
