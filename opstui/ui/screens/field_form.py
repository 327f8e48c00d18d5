"""FieldForm: a modal form of labelled fields, checked as the user types, with a typed result."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, Literal, TypeVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from opstui.ui.focus import focus_at_once

T = TypeVar("T")

Check = Callable[[str], tuple[bool, str]]
"""A field check: (ok, message); the message explains a problem or shows the parsed value."""


@dataclass(frozen=True)
class FormField:
    """One field of a form."""

    name: str
    label: str
    value: str = ""
    kind: Literal["input", "text", "select"] = "input"
    options: Sequence[tuple[str, str]] = ()
    """(label, value) pairs of a select field."""
    placeholder: str = ""
    check: Check | None = None


class FormProblem(ValueError):
    """Raised by a form's ``build`` with a message to show in the form."""


def first_problem(exc: Exception) -> str:
    """One line describing ``exc`` (a pydantic error names the field)."""
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        return f"{where}: {err['msg']}" if where else str(err["msg"])
    return str(exc)


SAVE_HINT = "ctrl+s saves · escape cancels"


class FieldForm(ModalScreen[T | None], Generic[T]):
    """A form that checks each field as it changes and builds its result on save.

    ``build`` turns the field values into the result, raising ``ValueError`` (or a pydantic
    ``ValidationError``) with a message to refuse; the form then stays open with what was
    typed and says what is wrong.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the form", id="form.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="form.cancel"),
    ]

    DEFAULT_CSS = """
    FieldForm { align: center middle; background: $background 60%; }
    FieldForm #form-box {
        width: 84; max-width: 98%; height: auto; max-height: 96%;
        border: round $accent; background: $surface; padding: 0 1;
        border-title-color: $text-accent; border-title-style: bold;
    }
    FieldForm .field-head { height: auto; }
    FieldForm Label { color: $text-muted; text-style: bold; width: auto; }
    FieldForm Input, FieldForm Select { width: 100%; }
    FieldForm Select > SelectCurrent { background: $boost; padding: 0 1; }
    FieldForm Select:focus > SelectCurrent { background: $primary 25%; }
    FieldForm Input { height: 1; border: none; padding: 0 1; background: $boost; }
    FieldForm Input:focus { background: $primary 25%; border: none; }
    FieldForm TextArea { height: 5; width: 100%; border: none; background: $boost; }
    FieldForm TextArea:focus { background: $primary 15%; border: none; }
    FieldForm .field-msg { color: $text-muted; height: auto; width: 1fr; margin-left: 2; }
    FieldForm .field-msg.-bad { color: $text-error; }
    FieldForm #form-problem { color: $text-error; text-style: bold; height: auto;
                              display: none; }
    FieldForm #form-problem.-shown { display: block; }
    FieldForm #form-buttons { height: 3; margin-top: 1; }
    FieldForm #form-buttons Button { margin-right: 2; }
    FieldForm #form-extra { height: auto; color: $text-muted; margin-top: 1; }
    FieldForm #form-foot { dock: bottom; height: 1; background: $surface; color: $text-muted;
                           text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, title: str, fields: Sequence[FormField],
                 build: Callable[[dict[str, str]], T], *, extra: Text | None = None) -> None:
        """Create the form.

        Args:
            title: Shown on the border.
            fields: The fields, in order.
            build: Turns the values (by field name) into the result, or raises ValueError.
            extra: Read-only text shown under the fields (context for the user).
        """
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.build = build
        self.extra = extra
        self._initial: dict[str, str] = {}
        self._edited: set[str] = set()
        """Fields the user has changed: their problems are shown from then on."""
        self._tried = False
        """A save was tried: every field's problem is shown."""
        self._problem_shown = False
        self._checked: dict[str, tuple[str, str, bool]] = {}
        """Per field: the value last checked, and the message and badness shown for it."""

    def compose(self) -> ComposeResult:
        """The fields, each with its label and message line, then the buttons."""
        with VerticalScroll(id="form-box") as box:
            box.border_title = self.form_title
            yield Static(SAVE_HINT, id="form-foot", markup=False)
            for field in self.fields:
                # The field's message (a problem, or the value as read) beside its label.
                with Horizontal(classes="field-head"):
                    yield Label(field.label, id=f"{field.name}-label", markup=False)
                    yield Static("", id=f"{field.name}-msg", classes="field-msg", markup=False)
                yield self._widget(field)
            if self.extra is not None:
                yield Static(self.extra, id="form-extra")
            yield Static("", id="form-problem", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Save", variant="primary", id="form-save")
                yield Button("Cancel", id="form-cancel")

    def _widget(self, field: FormField) -> Widget:
        wid = f"field-{field.name}"
        if field.kind == "text":
            return TextArea(field.value, id=wid, soft_wrap=True, show_line_numbers=False)
        if field.kind == "select":
            return Select(list(field.options), value=field.value, allow_blank=False, id=wid,
                          compact=True)
        return Input(field.value, placeholder=field.placeholder, id=wid)

    def on_mount(self) -> None:
        """Show every field's message for its starting value; focus the first field.

        A problem with a starting value (an empty required title) is not shown yet: only
        once the field is edited or a save is tried.
        """
        self._initial = self.values()
        for field in self.fields:
            self._check(field)
        if self.fields:
            self.query_one(f"#field-{self.fields[0].name}").focus()

    # -- reuse ------------------------------------------------------------------------------
    def shape(self) -> tuple[object, ...]:
        """What the form's widgets depend on; forms of one shape can share one screen."""
        return (type(self), self.extra is not None, tuple((f.name, f.kind) for f in self.fields))

    def take_over(self, other: FieldForm[T]) -> None:
        """Become ``other``, a form of the same shape: its title, values, checks and build.

        Building a form's widgets is most of the time it takes to open (about 60 ms for the
        task form); a form kept from an earlier opening is filled in place instead.
        Everything typed before is gone, as in a new form.
        """
        before = {field.name: field for field in self.fields}
        self.form_title, self.fields, self.build = other.form_title, other.fields, other.build
        self.extra = other.extra
        self._edited, self._tried = set(), False
        box = self.query_one("#form-box", VerticalScroll)
        box.border_title = self.form_title
        box.scroll_home(animate=False, immediate=True)
        for field in self.fields:
            self._set_value(before[field.name], field)
        self._initial = self.values()
        if self.extra is not None:
            self.query_one("#form-extra", Static).update(self.extra)
        self._clear_problem()
        for field in self.fields:
            self._check(field)
        if self.fields:
            focus_at_once(self, self.query_one(f"#field-{self.fields[0].name}"))

    def _set_value(self, old: FormField, field: FormField) -> None:
        """Show ``field`` in the widgets built for ``old`` (same name and kind)."""
        if old.label != field.label:
            self.query_one(f"#{field.name}-label", Label).update(field.label)
        widget = self.query_one(f"#field-{field.name}")
        if isinstance(widget, TextArea):
            if widget.text != field.value:
                widget.load_text(field.value)
        elif isinstance(widget, Select):
            if list(old.options) != list(field.options):
                widget.set_options(list(field.options))
            widget.value = field.value
        elif isinstance(widget, Input):
            widget.placeholder = field.placeholder
            widget.value = field.value
            widget.cursor_position = len(field.value)

    # -- values -----------------------------------------------------------------------------
    def value_of(self, name: str) -> str:
        """The current text of field ``name``."""
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        assert isinstance(widget, Input)
        return widget.value

    def values(self) -> dict[str, str]:
        """Every field's current text, by name."""
        return {f.name: self.value_of(f.name) for f in self.fields}

    def _check(self, field: FormField) -> bool:
        value = self.value_of(field.name)
        if field.check is None:
            self._checked[field.name] = (value, "", False)
            return True
        ok, message = field.check(value)
        shown = ok or self._tried or field.name in self._edited
        text, bad = (message if shown else ""), not ok and shown
        if self._checked.get(field.name) != (value, text, bad):
            # Only a change is drawn: a redraw of the same message costs a frame.
            self._checked[field.name] = (value, text, bad)
            msg = self.query_one(f"#{field.name}-msg", Static)
            msg.update(text)
            msg.set_class(bad, "-bad")
        return ok

    def _problem_of(self, field: FormField) -> str:
        if field.check is None:
            return ""
        ok, message = field.check(self.value_of(field.name))
        return "" if ok else (message.splitlines() or [""])[0]

    @property
    def changed(self) -> bool:
        """Whether anything was typed since the form opened."""
        return bool(self._initial) and self.values() != self._initial

    def _refuse(self, message: str, field: FormField | None = None) -> None:
        """Say why the save was refused, under the fields and in the always-visible foot,
        and bring the first invalid field into view with the focus."""
        self._problem_shown = True
        self.query_one("#form-problem", Static).update(message)
        self.query_one("#form-problem", Static).add_class("-shown")
        foot = Text(f"✗ {message}", style="bold red", no_wrap=True, overflow="ellipsis")
        foot.append(f"  · {SAVE_HINT}", style="")
        self.query_one("#form-foot", Static).update(foot)
        if field is not None:
            widget = self.query_one(f"#field-{field.name}")
            widget.focus()
            widget.scroll_visible(animate=False)

    def _field_named(self, widget_id: str | None) -> FormField | None:
        name = (widget_id or "").removeprefix("field-")
        return next((f for f in self.fields if f.name == name), None)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _changed(self, event: Input.Changed | Select.Changed | TextArea.Changed) -> None:
        field = self._field_named(event.control.id)
        if field is None:
            return
        value = self.value_of(field.name)
        if field.name in self._checked and self._checked[field.name][0] == value:
            return  # already checked with this value (a form filled in by take_over)
        if self._initial and value != self._initial.get(field.name):
            self._edited.add(field.name)
        self._check(field)
        self._clear_problem()

    def _clear_problem(self) -> None:
        if self._problem_shown:
            self._problem_shown = False
            problem = self.query_one("#form-problem", Static)
            problem.update("")
            problem.remove_class("-shown")
            self.query_one("#form-foot", Static).update(SAVE_HINT)

    # -- saving -----------------------------------------------------------------------------
    def action_save(self) -> None:
        """Build the result and close, or say what is wrong and stay open."""
        self._tried = True
        bad = [f for f in self.fields if not self._check(f)]
        if bad:
            first = bad[0]
            # The full hint is beside the field already; the foot names the fields and
            # what is wrong with the first, in a few words.
            detail = self._problem_of(first).split(" (", 1)[0].strip()
            names = ", ".join(f.label for f in bad)
            self._refuse(f"Fix first: {names}" + (f" — {detail}" if detail else ""), first)
            return
        try:
            result = self.build(self.values())
        except (ValueError, ValidationError) as exc:
            self._refuse(first_problem(exc), self._blamed(exc))
            return
        self.dismiss(result)

    def _blamed(self, exc: Exception) -> FormField | None:
        """The field a pydantic error names, if it is one of the form's."""
        if isinstance(exc, ValidationError):
            loc = exc.errors()[0]["loc"]
            return self._field_named(str(loc[0])) if loc else None
        return None

    def action_cancel(self) -> None:
        """Close without saving; when something was typed, ask first."""
        from opstui.ui.screens.confirm_discard import close_or_ask

        close_or_ask(self, self.changed)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
