"""Before 事前: goals with progress, the day's plan with its load, support, and the backlog."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from opstui.domain.dates import format_duration
from opstui.ui.panes.base import count_of, section_title, short_day
from opstui.ui.panes.before_focus import BeforeFocus
from opstui.ui.widgets.goal_list import GoalList
from opstui.ui.widgets.load_bar import LoadBar
from opstui.ui.widgets.scrolling import QuietOptionList
from opstui.ui.widgets.task_table import TaskTable

if TYPE_CHECKING:
    from opstui.domain.dayplan import PlanView
    from opstui.domain.models import ResourceRequest, Task
    from opstui.domain.rollover import Leftover
    from opstui.store.repository import Repository

LOADING = "Loading…"
MAX_REQUESTS = 100
"""The support list shows at most this many requests (at-risk ones first)."""
PLAN = Binding.Group("Plan")


def _bind(key: str, action: str, label: str, tip: str, name: str, *, show: bool = True,
          display: str | None = None) -> Binding:
    return Binding(key, action, label, tooltip=tip, id=f"before.{name}", show=show,
                   key_display=display)


class BeforePane(BeforeFocus):
    """Goals, the viewed day's plan (load against capacity minus buffer), support requests
    waiting for an answer, and the backlog to plan from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # The keys of the focused list first: the key bar shows them before the others.
        _bind("p", "plan_task", "Plan", "Put the highlighted backlog task on the day's plan",
              "plan_add"),
        _bind("x", "unplan_task", "Unplan", "Take the highlighted task off the plan (back to the "
              "backlog; rollover will not offer it)",
              "plan_remove"),
        _bind("shift+up,K", "move(-1)", "Reorder", "Move the planned task earlier",
              "plan_up", display="⇧↑"),
        _bind("shift+down,J", "move(1)", "Move down", "Move the planned task later",
              "plan_down", display="⇧↓", show=False),
        _bind("y", "answer_support('confirmed')", "Confirm", "Mark the highlighted support "
              "request confirmed", "resource_confirm"),
        _bind("n", "answer_support('refused')", "Refuse", "Refuse the highlighted support "
              "request, saying why", "resource_refuse"),
        _bind("b", "breakdown", "Break down", "Break the highlighted goal into tasks",
              "breakdown"),
        _bind("e", "edit_task", "Edit", "Edit the highlighted task", "task_edit"),
        _bind("s", "request_support", "Support", "Ask a department for support on the "
              "highlighted task", "resource_add"),
        _bind("a", "add_task", "Add task", "Add a task (quick-add tokens work)", "task_add"),
        _bind("slash", "filter", "Filter", "Filter the backlog: words @owner #tag goal:id",
              "filter", display="/"),
        _bind("w", "week", "Week", "Plan the week: each day's load, move tasks between days",
              "week"),
        _bind("r", "rollover", "Rollover", "Roll unfinished tasks of earlier plans onto the day",
              "rollover"),
        _bind("c", "capacity", "Capacity", "Set the day's capacity and buffer", "capacity"),
        _bind("g", "add_goal", "Goal", "Add a goal for a period", "goal_add"),
        _bind("o", "add_recurring", "Recurring", "Add recurring work (an RRULE template)",
              "recurring_add", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        """Create the pane (filled by ``load``)."""
        super().__init__(id=id)
        self.repo: Repository | None = None
        self.day = date.min
        self.today = date.min
        self.view: PlanView | None = None
        self.backlog: Sequence[Task] = ()
        self.leftover_items: list[Leftover] = []
        self.requests: list[ResourceRequest] = []
        self._sorted_stamp: list[int] = []
        self._sorted_tasks: list[Task] = []
        self._sorted_open: list[Task] = []
        self._open_ids: set[str] = set()

    def compose(self) -> ComposeResult:
        """Goals, plan with load bar and risks, backlog with its filter, support requests."""
        yield Static(section_title("Goals 目标"), id="goals-title", name="Goals 目标",
                     classes="section-title")
        yield GoalList(id="goal-list")
        yield Static(section_title("Plan 计划"), id="plan-title", name="Plan 计划",
                     classes="section-title")
        yield LoadBar(id="load-bar")
        yield TaskTable(id="plan-table", empty_text=LOADING)
        yield Static("", id="plan-detail", markup=False)
        yield Static(section_title("Backlog 待办"), id="backlog-title", name="Backlog 待办",
                     classes="section-title")
        box = Input(placeholder="filter: words @owner #tag goal:id  (enter keeps, escape clears)",
                    id="backlog-filter")
        box.can_focus = False  # out of the Tab order: / focuses it
        yield box
        yield TaskTable(id="backlog-table", empty_text=LOADING)
        yield Static(section_title("Support 资源协调"), id="support-title",
                     name="Support 资源协调", classes="section-title")
        yield QuietOptionList(id="support-list")

    # -- filling -----------------------------------------------------------------------------
    def load(self, repo: Repository, day: date, today: date) -> None:
        """Show ``day``: goals, plan, support requests and the backlog not yet planned."""
        from opstui.domain.dayplan import load_plan_view
        from opstui.domain.models import DayPlan, ResourceRequest, ResourceStatus
        from opstui.domain.rollover import leftovers

        # Showing never writes: recurring instances are made by actions (actions.recurring).
        self.repo, self.day, self.today = repo, day, today
        tasks = repo.tasks()
        by_id = {t.id: t for t in tasks}
        self.view = view = load_plan_view(repo, day, today, by_id)
        self._show_goals(repo, day)
        self._show_plan(view)
        self.leftover_items = leftovers(repo.all(DayPlan), by_id, day)
        self._plan_title()

        self.backlog = self._backlog_of(tasks, {t.id for t in view.tasks})
        self.requests = sorted(
            (r for r in repo.all(ResourceRequest)
             if r.status is not ResourceStatus.CONFIRMED and r.task_id in self._open_ids),
            key=lambda r: (r.status is ResourceStatus.REFUSED, r.needed_by or date.max))
        self._show_requests(by_id)
        self._show_backlog()
        self.refresh_bindings()  # a list may have emptied or filled

    def _backlog_of(self, tasks: list[Task], planned: set[str]) -> list[Task]:
        """Open tasks by priority then due, minus ``planned``; the sort is kept until a task
        changes (a changed task is a new object), so plan edits do not re-sort 10k tasks."""
        from opstui.domain import views

        stamp = [id(t) for t in tasks]
        if stamp != self._sorted_stamp:
            # Holding the tasks keeps their ids from being reused by other objects.
            self._sorted_stamp, self._sorted_tasks = stamp, tasks
            self._sorted_open = views.backlog(tasks)
            self._open_ids = {t.id for t in self._sorted_open}
        return [t for t in self._sorted_open if t.id not in planned]

    def _show_goals(self, repo: Repository, day: date) -> None:
        from opstui.domain.dayplan import goal_report

        report = goal_report(repo, day, upcoming=True)
        self.query_one(GoalList).set_goals(report)
        from opstui.domain.planning import GoalStatus

        # The count is of the goals listed; "upcoming" counts those listed as upcoming.
        ahead = sum(g.status is GoalStatus.UPCOMING for g in report)
        behind = sum(g.status in (GoalStatus.AT_RISK, GoalStatus.OFF_TRACK) for g in report)
        detail = f"{count_of(len(report), 'goal')} for {short_day(day)}"
        if ahead:
            detail += f" · {ahead} upcoming"
        if behind:
            detail += f" · {behind} behind"
        self.query_one("#goals-title", Static).update(section_title("Goals 目标", detail))

    def _show_plan(self, view: PlanView) -> None:
        shown = []
        risky = {risk.task.id for risk in view.risks}
        for task in view.tasks:
            prefix = ("⚠ " if task.id in risky else "") + (
                f"↻{task.rollover_count} " if task.rollover_count else "")
            # Display copies only: nothing shown here is ever saved.
            shown.append(task.model_copy(update={"title": prefix + task.title})
                         if prefix else task)
        table = self.query_one("#plan-table", TaskTable)
        table.set_tasks(shown, today=self.today)
        self.query_one(LoadBar).load = view.load
        self._show_detail()

    def _plan_title(self) -> None:
        view = self.view
        if view is None:
            return
        detail = short_day(view.day)
        if view.plan is None:
            detail += " · no plan made"
        else:
            detail += f" · {count_of(len(view.rows), 'task')}"
        if view.risks:
            detail += f" · ⚠ {len(view.risks)} at risk"
        if self.leftover_items:
            detail += f" · {count_of(len(self.leftover_items), 'leftover')}: r rolls over"
        title = self.query_one("#plan-title", Static)
        title.update(section_title("Plan 计划", detail))
        title.set_class(bool(view.load and view.load.over), "-over")

    def _show_detail(self) -> None:
        """What the plan says about the highlighted planned task."""
        detail = self.query_one("#plan-detail", Static)
        view, task = self.view, self.query_one("#plan-table", TaskTable).highlighted_task
        row = next((r for r in view.rows if task and r.task.id == task.id), None) if view else None
        if row is None:
            detail.update("")
            return
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{row.task.short_id} ", style="dim")
        text.append(f"~{format_duration(row.minutes)}" + ("" if row.estimated else
                                                          " (no estimate: default)"))
        if row.task.rollover_count:
            text.append(f" · rolled over {row.task.rollover_count}×", style="yellow")
        risk = next((r for r in view.risks if r.task.id == row.task.id), None) if view else None
        if risk:
            needs = ", ".join(f"{r.department}: {r.what} ({r.status.value})"
                              for r in risk.requests)
            text.append(f" · ⚠ starts {risk.starts:%m-%d}, support not confirmed: {needs}",
                        style="bold yellow")
        detail.update(text)

    def _show_requests(self, tasks: dict[str, Task]) -> None:
        options = self.query_one("#support-list", OptionList)
        highlighted = options.highlighted
        risky = {r.task.id for r in self.view.risks} if self.view else set()
        # Requests for the viewed plan's risky tasks first, then by what is due soonest.
        self.requests.sort(key=lambda r: r.task_id not in risky)
        self.requests = self.requests[:MAX_REQUESTS]
        rows = []
        for request in self.requests:
            task = tasks.get(request.task_id)
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append("⚠ " if request.task_id in risky else "  ", style="bold yellow")
            line.append(f"{request.status.value:<9} ",
                        style="bold red" if request.status.value == "refused" else "yellow")
            line.append(f"{request.department}: ", style="bold")
            line.append(request.what)
            if request.needed_by:
                line.append(f"  by {request.needed_by:%m-%d}", style="dim")
            if task is not None:
                line.append(f"  for {task.title}", style="dim")
            if request.note:
                line.append(f"  — {request.note}", style="italic")
            rows.append(Option(line, id=request.id))
        if not rows:
            rows.append(Option(Text("No support waiting: s asks a department for a task",
                                    style="italic dim"), disabled=True))
        options.set_options(rows)  # one update: adding options one by one is quadratic
        if self.requests:  # y / n act at once: something is always highlighted
            options.highlighted = min(highlighted or 0, len(self.requests) - 1)
        waiting = sum(r.status.value == "requested" for r in self.requests)
        self.query_one("#support-title", Static).update(section_title(
            "Support 资源协调", f"{waiting} waiting for confirmation · y confirms, n refuses"))

    def _show_backlog(self) -> None:
        from opstui.domain.views import filter_tasks

        query = self.query_one("#backlog-filter", Input).value
        shown = filter_tasks(self.backlog, query)
        table = self.query_one("#backlog-table", TaskTable)
        table.empty_text = ("No open task matches the filter (escape clears it)" if query.strip()
                            else "The backlog is empty: press a to add a task")
        table.set_tasks(shown, today=self.today)
        # The plan's hint points at what fills it: the backlog, or a first task.
        plan = self.query_one("#plan-table", TaskTable)
        wanted = ("No tasks planned for this day: Tab to the backlog, p plans its highlighted "
                  "task" if self.backlog else "No tasks planned: press a to add a task, "
                  "plan:today in its title plans it")
        if plan.empty_text != wanted:
            plan.empty_text = wanted
        self.query_one(LoadBar).empty_text = (
            "No plan yet: Tab to the backlog, p plans a task" if self.backlog
            else "No plan yet: add a task (a), then plan it from the backlog (p)")
        detail = f"{count_of(len(self.backlog), 'open task')} · by priority, then due date"
        if query.strip():
            detail = f"{len(shown)} of {detail} · filter: {query.strip()}"
        self.query_one("#backlog-title", Static).update(section_title("Backlog 待办", detail))

    # -- events ------------------------------------------------------------------------------
    @on(TaskTable.Highlighted, "#plan-table")
    def _plan_highlighted(self) -> None:
        self._show_detail()
        self.refresh_bindings()  # ⇧↑ / ⇧↓ show only where the task can move

    @on(TaskTable.Selected)
    def _selected(self, event: TaskTable.Selected) -> None:
        event.stop()
        self.action_edit_task()

    @on(OptionList.OptionSelected, "#goal-list")
    def _goal_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a goal narrows the backlog to its tasks."""
        event.stop()
        item = self.query_one(GoalList).highlighted_goal
        if item is not None:
            box = self.query_one("#backlog-filter", Input)
            box.value = f"goal:{item.goal.short_id}"
            box.add_class("-shown")
            self.query_one("#backlog-table", TaskTable).focus()

    @on(Input.Changed, "#backlog-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        box = event.control  # shown while it has words, or focus (escape took it away)
        box.set_class(bool(event.value) or (box.has_focus and box.can_focus), "-shown")
        self._show_backlog()

    @on(Input.Submitted, "#backlog-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.control.set_class(bool(event.value), "-shown")
        self.query_one("#backlog-table", TaskTable).focus()
