"""The help screen: every key binding of the app, by where it works."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HelpSection = tuple[str, Sequence[Binding]]


class HelpScreen(ModalScreen[None]):
    """A modal listing every binding; escape, ``?`` or ``q`` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help", id="help.close"),
    ]

    def __init__(self, sections: Iterable[HelpSection]) -> None:
        """Create the screen.

        Args:
            sections: Titled groups of bindings to list.
        """
        super().__init__()
        self.sections = list(sections)

    def compose(self) -> ComposeResult:
        """A bordered, scrollable table of keys and what they do."""
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys 快捷键"
            box.border_subtitle = "escape closes"
            yield Static(self._table(), id="help-table")

    def on_mount(self) -> None:
        """Focus the list so the arrow keys scroll it on small terminals."""
        self.query_one("#help-box").focus()

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("action")
        for number, (title, bindings) in enumerate(self.sections):
            if number:
                table.add_row("", "")
            table.add_row(Text(title, style="bold underline"), "")
            for binding in bindings:
                keys = binding.key_display or ", ".join(
                    self.app.get_key_display(binding.with_key(key))
                    for key in binding.key.split(",")
                )
                table.add_row(Text(keys), Text(binding.tooltip or binding.description))
        return table

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
