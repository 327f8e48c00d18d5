"""A report previewed as Markdown: switch the language, move a period, export to a file.

The Markdown is drawn by ``ReportView`` (rich renders it once per width; only the lines on
screen are drawn): Textual's Markdown widget takes seconds on a report with a few hundred
table rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from opstui.ui.widgets.report_view import ReportView


@dataclass(frozen=True)
class ReportPage:
    """One rendering of a report."""

    title: str
    """Shown above the report (``Weekly report 2026-W47``)."""
    markdown: str
    filename: str
    """Suggested file name for an export (``weekly-2026-W47-zh.md``)."""


PageMaker = Callable[[int, str], ReportPage]
"""Builds the page ``offset`` periods away from the first one, in a language."""


class ReportScreen(ModalScreen[str]):
    """A Markdown report; dismissed with the language last shown (so it can be kept)."""

    DEFAULT_CSS = """
    ReportScreen { align: center middle; background: $background 60%; }
    #report-box {
        width: 96%; height: 96%; border: round $accent; background: $surface;
    }
    #report-title { height: 1; padding: 0 1; }
    #report-markdown { height: 1fr; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", tooltip="Close the report", id="report.close"),
        Binding("l", "switch_lang", "English/中文", tooltip="Switch the report between "
                "English and Chinese", id="report.lang"),
        Binding("e", "export", "Export", tooltip="Write the report to a Markdown file",
                id="report.export"),
        Binding("left_square_bracket", "move(-1)", "Earlier", key_display="[",
                tooltip="The period before", id="report.previous"),
        Binding("right_square_bracket", "move(1)", "Later", key_display="]",
                tooltip="The period after", id="report.next"),
    ]

    def __init__(self, make: PageMaker, lang: str, *, movable: bool = True,
                 folder: Path | None = None) -> None:
        """Create the screen.

        Args:
            make: Builds a page for an offset and a language.
            lang: ``en`` or ``zh`` to start with.
            movable: Whether ``[`` and ``]`` move to other periods.
            folder: Where exports go by default (the current folder if None).
        """
        super().__init__()
        self.make = make
        self.lang = lang
        self.shift = 0
        self.movable = movable
        self.folder = folder or Path.cwd()
        self.page = make(0, lang)

    def compose(self) -> ComposeResult:
        """The title, the report in a scrolling box, and the keys."""
        with Vertical(id="report-box"):
            yield Static(id="report-title")
            yield ReportView(self.page.markdown, id="report-markdown")
        yield Footer()

    def on_mount(self) -> None:
        """Show the title and let the arrow keys scroll the report."""
        self._show_title()
        self.query_one(ReportView).focus()

    def _show_title(self) -> None:
        hint = "  ·  l English/中文 · e export" + (" · [ ] move" if self.movable else "")
        title = Text(self.page.title, style="bold")
        title.append(hint, style="dim")
        self.query_one("#report-title", Static).update(title)

    def _show_page(self) -> None:
        self.page = self.make(self.shift, self.lang)
        self._show_title()
        self.query_one(ReportView).update(self.page.markdown)

    def action_switch_lang(self) -> None:
        """Show the report in the other language."""
        self.lang = "zh" if self.lang == "en" else "en"
        self._show_page()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``[`` and ``]`` only where there are other periods to move to (not in a retro)."""
        if action == "move":
            return self.movable
        return True

    def action_move(self, step: int) -> None:
        """Show the period before or after."""
        if self.movable:
            self.shift += step
            self._show_page()

    def action_close(self) -> None:
        """Close, handing back the language last shown."""
        self.dismiss(self.lang)

    def action_export(self) -> None:
        """Ask where to write the report, then write it (never over a file unasked)."""
        suggestion = self.folder / self.page.filename
        text = self.page.markdown

        def write(target: Path | None) -> None:
            if target is None:
                return
            try:
                target.write_text(text, encoding="utf-8")
            except OSError as exc:
                self.notify(f"Could not write {target}: {exc.strerror or exc}",
                            severity="error", markup=False)
                return
            self.notify(f"Wrote {target}", title="Exported", markup=False)

        self.app.push_screen(ExportScreen(suggestion), write)


class ExportScreen(ModalScreen[Path | None]):
    """Ask for a file name; an existing file is replaced only after a second enter."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; background: $background 60%; }
    #export-box {
        width: 90; max-width: 95%; height: auto; border: round $accent;
        background: $surface; padding: 0 1;
    }
    #export-status { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Do not export", id="export.cancel"),
    ]

    def __init__(self, suggestion: Path) -> None:
        """Create the dialog with ``suggestion`` filled in."""
        super().__init__()
        self.suggestion = suggestion
        self.confirmed: Path | None = None

    def compose(self) -> ComposeResult:
        """The file name and a line saying what will happen."""
        with Vertical(id="export-box") as box:
            box.border_title = "Export report 导出"
            yield Input(str(self.suggestion), id="export-path", select_on_focus=False)
            yield Static(id="export-status")

    def on_mount(self) -> None:
        """Say what enter will do for the suggested name, and take the keys."""
        path = self.query_one("#export-path", Input)
        self._describe(path.value)
        path.focus()

    def _target(self, value: str) -> Path:
        return Path(value.strip()).expanduser()

    def _describe(self, value: str) -> None:
        status = self.query_one("#export-status", Static)
        target = self._target(value) if value.strip() else None
        if target is None:
            status.update(Text("Type a file name.", style="bold red"))
        elif target.is_dir():
            status.update(Text(f"{target} is a folder; add a file name.", style="bold red"))
        elif target.exists():
            status.update(Text(f"{target} exists: enter twice to replace it.",
                               style="bold yellow"))
        elif not target.parent.is_dir():
            status.update(Text(f"No folder {target.parent}.", style="bold red"))
        else:
            status.update(Text("enter writes the file · escape cancels", style="dim"))

    @on(Input.Changed, "#export-path")
    def _changed(self, event: Input.Changed) -> None:
        self.confirmed = None
        self._describe(event.value)

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return
        target = self._target(event.value)
        if target.is_dir() or not target.parent.is_dir():
            return
        if target.exists() and self.confirmed != target:
            self.confirmed = target
            self.query_one("#export-status", Static).update(Text(
                f"{target} exists. Press enter again to replace it, escape to keep it.",
                style="bold red"))
            return
        self.dismiss(target)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
