"""GoalList: the current goals, each with a progress bar and its status; a cursor picks one."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from opstui.domain.planning import GoalProgress, GoalStatus
from opstui.ui.widgets.scrolling import QuietScrollbars

STATUS_STYLE = {
    GoalStatus.ON_TRACK: "bold green",
    GoalStatus.AT_RISK: "bold yellow",
    GoalStatus.OFF_TRACK: "bold red",
    GoalStatus.NO_DATA: "dim",
    GoalStatus.UPCOMING: "italic",
}
BAR_CELLS = 12


def progress_bar(progress: float | None, elapsed: float, cells: int = BAR_CELLS) -> Text:
    """``█████░░│░░░░`` : done share filled, the elapsed share marked with ``│``."""
    filled = round((progress or 0.0) * cells)
    mark = min(cells - 1, round(elapsed * cells))
    bar = Text()
    for i in range(cells):
        char = "█" if i < filled else ("│" if i == mark else "░")
        bar.append(char, style="green" if i < filled else "dim")
    return bar


def goal_line(item: GoalProgress) -> Text:
    """One goal: period, bar, percent, status, owner, title (user text stays literal)."""
    goal = item.goal
    percent = "  —" if item.progress is None else f"{item.progress * 100:3.0f}%"
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{goal.period:<8} ", style="dim")
    line.append_text(progress_bar(item.progress, item.elapsed))
    line.append(f" {percent} ")
    if item.upcoming:
        line.append(f"{'upcoming':<9}", style="bold cyan")
    else:
        line.append(f"{item.status.value:<9}", style=STATUS_STYLE[item.status])
    line.append(" ")
    line.append(goal.title)
    if goal.owner:
        line.append(f"  @{goal.owner}", style="dim")
    if item.detail:
        line.append(f"  · {item.detail}", style="dim")
    return line


class GoalList(QuietScrollbars, OptionList):
    """The goals of the day; the pane fills it with ``set_goals``."""

    DEFAULT_CSS = """
    GoalList { height: auto; max-height: 5; min-height: 1; border: none; padding: 0; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """Create an empty list."""
        super().__init__(id=id)
        self.goals: list[GoalProgress] = []

    def set_goals(self, goals: Sequence[GoalProgress]) -> None:
        """Show ``goals``; the cursor stays on the same goal when it is still listed."""
        current = self.highlighted_goal
        self.goals = list(goals)
        self.clear_options()
        if not self.goals:
            self.add_option(Option(Text("No goals for this period: press g to add one",
                                        style="italic dim"), disabled=True))
            return
        self.add_options([Option(goal_line(g), id=g.goal.id) for g in self.goals])
        ids = [g.goal.id for g in self.goals]
        self.highlighted = ids.index(current.goal.id) if current and current.goal.id in ids \
            else 0

    @property
    def highlighted_goal(self) -> GoalProgress | None:
        """The goal under the cursor, if any."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.goals):
            return None
        return self.goals[index]
