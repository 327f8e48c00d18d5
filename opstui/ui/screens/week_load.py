"""The week view to plan from: each day's load against its capacity minus buffer, the
highlighted day's planned tasks, and ``<``/``>`` to move a task to the day before or after."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from opstui.domain.dates import format_duration
from opstui.domain.planning import DayLoad
from opstui.ui.widgets.load_bar import load_text

if TYPE_CHECKING:
    from opstui.domain.models import Task


@dataclass(frozen=True)
class WeekData:
    """What the week view shows: the days' loads, their planned tasks, recurring work."""

    days: Sequence[DayLoad]
    tasks: Mapping[date, Sequence[Task]] = field(default_factory=dict)
    recurring: Mapping[date, Sequence[str]] = field(default_factory=dict)


Mover = Callable[[str, date, date], "WeekData | None"]
"""Moves task id from one day's plan to another's; the week as it is then, or None."""


def day_line(item: DayLoad, today: date, recurring: Sequence[str] = ()) -> Text:
    """``Mon 11-23 · 3 tasks  ████░░┊ 3h of 6h24m …  ↻ 竞品周报``: the load, then the
    recurring work that occurs that day and is not a task yet (planned occurrences)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{item.day:%a %m-%d}", style="bold" if item.day == today else "")
    line.append(" · today " if item.day == today else "         ", style="bold")
    line.append(f"{item.tasks:>2} tasks  ")
    line.append_text(load_text(item.load, 24) if item.load else Text("no plan", style="dim"))
    if recurring:
        line.append(f"  ↻ {', '.join(recurring)}", style="italic cyan")
    return line


def task_line(task: Task) -> Text:
    """``P1 写周报  @林晓  ~2h``."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{task.priority.value} ", style="bold")
    line.append(task.title)
    if task.owner:
        line.append(f"  @{task.owner}", style="dim")
    if task.estimate_minutes:
        line.append(f"  ~{format_duration(task.estimate_minutes)}", style="dim")
    if not task.is_open:
        line.append(f"  {task.status.value}", style="green")
    return line


class WeekLoadScreen(ModalScreen[date | None]):
    """Seven days with their load and tasks; enter views a day, ``<``/``>`` move a task."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("less_than_sign,shift+left", "move(-1)", "Day before", key_display="<",
                tooltip="Move the highlighted task to the day before", id="week.move_earlier"),
        Binding("greater_than_sign,shift+right", "move(1)", "Day after", key_display=">",
                tooltip="Move the highlighted task to the day after", id="week.move_later"),
        Binding("escape,w", "cancel", "Close", tooltip="Close the week view", id="week.close"),
    ]

    DEFAULT_CSS = """
    WeekLoadScreen { align: center middle; background: $background 60%; }
    WeekLoadScreen #week-box {
        width: 120; max-width: 98%; height: auto; max-height: 96%; border: round $accent;
        background: $surface; padding: 0 1; border-title-style: bold;
    }
    WeekLoadScreen OptionList {
        height: auto; border: none; padding: 0; text-wrap: nowrap; text-overflow: ellipsis;
    }
    WeekLoadScreen OptionList:focus { border: none; border-left: outer $accent; }
    WeekLoadScreen #week-tasks { max-height: 10; }
    WeekLoadScreen #week-tasks-title { margin-top: 1; color: $text-muted; }
    """

    def __init__(self, week: WeekData | Sequence[DayLoad], viewed: date, today: date,
                 label: str, recurring: Mapping[date, Sequence[str]] | None = None,
                 move: Mover | None = None) -> None:
        """Create the view of the week (``viewed`` highlighted).

        Args:
            week: The days with their tasks (or only the days' loads).
            viewed: The day highlighted first.
            today: The real today.
            label: The week's label (``2026-W48``).
            recurring: Titles of each day's planned occurrences of recurring work (when
                ``week`` is only the days).
            move: Moves a task between days (the pane runs the action); None: read only.
        """
        super().__init__()
        if not isinstance(week, WeekData):
            week = WeekData(list(week), {}, dict(recurring or {}))
        self.week = week
        self.viewed = viewed
        self.today = today
        self.label = label
        self.mover = move

    @property
    def days(self) -> list[DayLoad]:
        """The days shown."""
        return list(self.week.days)

    def compose(self) -> ComposeResult:
        """One line per day, then the highlighted day's tasks."""
        with Vertical(id="week-box") as box:
            box.border_title = f"Week {self.label} load 周负荷"
            box.border_subtitle = ("enter views the day · tab to its tasks, < > move one a day"
                                   " · escape closes")
            yield OptionList(*self._day_options(), id="week-list")
            yield Static("", id="week-tasks-title")
            yield OptionList(id="week-tasks")

    def _day_options(self) -> list[Option]:
        return [Option(day_line(d, self.today, self.week.recurring.get(d.day, ())))
                for d in self.week.days]

    def on_mount(self) -> None:
        """Highlight the viewed day."""
        options = self.query_one("#week-list", OptionList)
        options.highlighted = next(
            (i for i, d in enumerate(self.week.days) if d.day == self.viewed), 0)
        self._show_tasks()
        options.focus()

    @property
    def highlighted_day(self) -> date:
        """The day highlighted in the list of days."""
        index = self.query_one("#week-list", OptionList).highlighted or 0
        return self.week.days[index].day

    def _show_tasks(self, keep: str | None = None) -> None:
        day = self.highlighted_day
        tasks = list(self.week.tasks.get(day, ()))
        listing = self.query_one("#week-tasks", OptionList)
        listing.set_options([Option(task_line(t), id=t.id) for t in tasks] or [
            Option(Text("Nothing planned: enter views the day, p plans from its backlog",
                        style="italic dim"), disabled=True)])
        if tasks:
            ids = [t.id for t in tasks]
            listing.highlighted = ids.index(keep) if keep in ids else 0
        self.query_one("#week-tasks-title", Static).update(
            Text(f"Planned for {day:%a %m-%d}", style="bold"))
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted, "#week-list")
    def _day_highlighted(self) -> None:
        self._show_tasks()

    @on(OptionList.OptionSelected, "#week-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.week.days[event.option_index].day)

    @on(OptionList.OptionSelected, "#week-tasks")
    def _task_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.highlighted_day)

    def on_descendant_focus(self) -> None:
        """``<``/``>`` show when the tasks list has focus."""
        self.refresh_bindings()

    def _highlighted_task(self) -> str | None:
        listing = self.query_one("#week-tasks", OptionList)
        if listing.highlighted is None or listing.option_count == 0:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``<``/``>`` act on the focused tasks list, within the week."""
        if action != "move":
            return True
        if self.mover is None or not self.is_mounted:
            return False
        listing = self.query_one("#week-tasks", OptionList)
        if self.focused is not listing or self._highlighted_task() is None:
            return False
        target = self.highlighted_day + timedelta(days=int(str(parameters[0])))
        return any(d.day == target for d in self.week.days)

    def action_move(self, offset: int) -> None:
        """Move the highlighted task to the day ``offset`` days away; follow it there."""
        task_id = self._highlighted_task()
        if self.mover is None or task_id is None:
            return
        day = self.highlighted_day
        target = day + timedelta(days=offset)
        week = self.mover(task_id, day, target)
        if week is None:
            return
        self.week = week
        days = self.query_one("#week-list", OptionList)
        with days.prevent(OptionList.OptionHighlighted):
            days.set_options(self._day_options())
            days.highlighted = next(
                (i for i, d in enumerate(week.days) if d.day == target), 0)
        self._show_tasks(keep=task_id)

    def action_cancel(self) -> None:
        """Close."""
        self.dismiss(None)
