"""PhasePane: what the Before, During and After panes have in common."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Static

from opstui.ui.widgets.day_bar import WEEKDAY_NAMES
from opstui.ui.widgets.task_table import TaskTable

if TYPE_CHECKING:
    from opstui.store.repository import Repository
    from opstui.ui.app import OpsApp

NO_DATA = "No data: the data file could not be read (see the message above)"


def short_day(day: date) -> str:
    """``Mon 2026-11-23``."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.isoformat()}"


def count_of(number: int, noun: str) -> str:
    """``1 task``, ``3 tasks``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def section_title(label: str, detail: str = "") -> Text:
    """A section heading: the label in bold, then plain detail (user text stays literal)."""
    text = Text(label, style="bold", no_wrap=True, overflow="ellipsis")
    if detail:
        text.append(f"  {detail}", style="")
    return text


class PhasePane(Vertical):
    """One phase of the day, filled from the repository for the day being viewed.

    The app calls ``show_day``; panes read through the repository but never write: a
    change is an action run through ``self.ops.act`` (the app's one write path).
    """

    @property
    def ops(self) -> OpsApp:
        """The app, typed as opstui's (``act``, ``clock``, ``settings_hook``...)."""
        return cast("OpsApp", self.app)

    def show_day(self, repo: Repository | None, day: date, today: date) -> None:
        """Show ``day``; an unreadable data file shows empty lists with the reason.

        Args:
            repo: The open repository, or None when the data file could not be opened.
            day: The day being viewed.
            today: The real today (for overdue and relative dates).
        """
        from opstui.store.storage import DataFileError

        if repo is None:
            self.show_unavailable(day, NO_DATA)
            return
        try:
            self.load(repo, day, today)
        except DataFileError as exc:
            self.show_unavailable(day, f"Cannot show this pane: {exc.problem}")
        except Exception as exc:  # a bug must not lock the user out of their data
            message = f"Cannot show this pane: {type(exc).__name__}: {exc}"
            self.show_unavailable(day, message)
            self.app.notify(f"{message}. The other panes and the command line still work; "
                            "please report this.", severity="error", timeout=15)

    def load(self, repo: Repository, day: date, today: date) -> None:
        """Fill the pane for ``day`` (implemented by each pane)."""
        raise NotImplementedError

    def show_unavailable(self, day: date, reason: str) -> None:
        """Empty every list and say why."""
        for table in self.query(TaskTable):
            table.empty_text = reason
            table.set_tasks(())
        for title in self.query(".section-title").results(Static):
            title.update(section_title(str(title.name or ""), short_day(day)))
