"""A new retrospective (复盘): template sections, goal and result pre-filled, the previous
retro's actions, and improvement actions that become tasks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.selection_list import Selection

from opstui.domain.dates import DateParseError, parse_date
from opstui.domain.models import (
    Goal,
    Metric,
    Reading,
    RetroFormat,
    Retrospective,
    Task,
    TaskStatus,
)
from opstui.domain.retro import (
    ACTION_SYNTAX,
    FORMAT_NAMES,
    SECTION_TITLES,
    ActionDraft,
    parse_actions,
    prefill,
    previous_retro,
    sections_of,
)


@dataclass(frozen=True)
class NewRetro:
    """The retro to store and the improvement actions to turn into tasks."""

    retro: Retrospective
    actions: list[ActionDraft]


ActionsFor = Callable[[Retrospective], list[Task]]
"""Gives a retro's improvement actions (archived ones included)."""


@dataclass(frozen=True)
class RetroContext:
    """What the form needs to pre-fill and to show the last retro's actions."""

    goals: Sequence[Goal]
    metrics: Sequence[Metric]
    readings: Sequence[Reading]
    tasks: Sequence[Task]
    """Current tasks (goal progress of task-based goals)."""
    retros: Sequence[Retrospective]
    actions_for: ActionsFor


class RetroForm(ModalScreen[NewRetro | None]):
    """Start a retrospective: who, what period, which goals and metrics, the sections."""

    DEFAULT_CSS = """
    RetroForm { align: center middle; background: $background 60%; }
    #retro-box {
        width: 110; max-width: 98%; height: 96%; border: round $accent; background: $surface;
    }
    #retro-scroll { height: 1fr; padding: 0 1; }
    #retro-when { height: auto; }
    #retro-format { width: 30; }
    #retro-from, #retro-to { width: 1fr; }
    #retro-goals, #retro-metrics { height: auto; max-height: 8; }
    RetroForm .retro-section { height: 6; }
    #retro-actions { height: 5; }
    #retro-previous, #retro-dates, #retro-actions-parsed, #retro-error { height: auto; }
    #retro-buttons { height: auto; align-horizontal: right; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the retro and create its actions",
                id="retro.save", priority=True),
        Binding("escape", "cancel", "Cancel",
                tooltip="Close without saving (asks first when something was typed)",
                id="retro.cancel"),
    ]

    def __init__(self, context: RetroContext, day: date, lang: str = "en") -> None:
        """Create the form for a retro held on ``day``."""
        super().__init__()
        self.context = context
        self.day = day
        self.lang = lang
        self.filled: dict[str, str] = {"goal": "", "result": ""}
        self.linked_by_hand = False
        self.previous: Retrospective | None = None

    def compose(self) -> ComposeResult:
        """The fields, top to bottom, and the buttons."""
        with Vertical(id="retro-box") as box:
            box.border_title = f"New retrospective 复盘 · {self.day.isoformat()}"
            with VerticalScroll(id="retro-scroll"):
                yield Label("Title 标题")
                yield Input(id="retro-title", placeholder="e.g. 双12 活动复盘")
                yield Label("Project 项目 (retros of one project are compared)")
                yield Input(id="retro-project", placeholder="e.g. 双11 促销活动")
                yield Static(id="retro-previous")
                with Horizontal(id="retro-when"):
                    yield Select([(name, fmt.value) for fmt, name in FORMAT_NAMES.items()],
                                 value=RetroFormat.GRAI.value, allow_blank=False,
                                 id="retro-format")
                    yield Input(id="retro-from", placeholder="period from (e.g. 11-01)")
                    yield Input(self.day.isoformat(), id="retro-to", placeholder="period to")
                yield Static(id="retro-dates")
                yield Label("Linked goals 关联目标 (space to pick)")
                yield SelectionList[str](
                    *(Selection(Text(f"{g.period}  {g.title}"), g.id) for g in self._goals()),
                    id="retro-goals")
                yield Label("Linked metrics 关联指标")
                yield SelectionList[str](
                    *(Selection(Text(m.name), m.id) for m in self.context.metrics),
                    id="retro-metrics")
                for section, (en, zh, hint) in SECTION_TITLES.items():
                    yield Label(f"{en} {zh} — {hint}", id=f"label-{section}",
                                classes="retro-section-label")
                    yield TextArea(id=f"section-{section}", classes="retro-section")
                yield Label(f"Improvement actions 改进项: one per line, {ACTION_SYNTAX} "
                            "(each becomes a task)", markup=False)
                yield TextArea(id="retro-actions")
                yield Static(id="retro-actions-parsed")
                yield Static(id="retro-error")
            with Horizontal(id="retro-buttons"):
                yield Button("Save 保存 (ctrl+s)", id="retro-save", variant="primary")
                yield Button("Cancel", id="retro-cancel")
        yield Footer()

    def _goals(self) -> list[Goal]:
        return sorted(self.context.goals, key=lambda g: (g.closed, g.period), reverse=False)

    def on_mount(self) -> None:
        """Show the sections of GRAI and start in the title."""
        self._show_sections()
        self._show_dates()
        self.query_one("#retro-title", Input).focus()

    # -- reacting to input ------------------------------------------------------------------
    @property
    def format(self) -> RetroFormat:
        """The chosen template."""
        return RetroFormat(str(self.query_one("#retro-format", Select).value))

    def _show_sections(self) -> None:
        shown = set(sections_of(self.format))
        for section in SECTION_TITLES:
            self.query_one(f"#section-{section}").display = section in shown
            self.query_one(f"#label-{section}").display = section in shown

    @on(Select.Changed, "#retro-format")
    def _format_changed(self) -> None:
        self._show_sections()

    def _dates(self) -> tuple[date | None, date | None, str]:
        start_text = self.query_one("#retro-from", Input).value.strip()
        end_text = self.query_one("#retro-to", Input).value.strip()
        try:
            start = parse_date(start_text, self.day) if start_text else None
            end = parse_date(end_text, self.day) if end_text else None
        except DateParseError as exc:
            return None, None, str(exc)
        if start and end and start > end:
            return start, end, "the period ends before it starts"
        return start, end, ""

    def _show_dates(self) -> None:
        start, end, problem = self._dates()
        status = self.query_one("#retro-dates", Static)
        if problem:
            status.update(Text(problem, style="bold red"))
        else:
            status.update(Text(f"period {start or '…'} – {end or '…'}", style="dim"))

    @on(Input.Changed, "#retro-from, #retro-to")
    def _dates_changed(self) -> None:
        self._show_dates()
        self._refill()

    @on(Input.Changed, "#retro-project")
    def _project_changed(self, event: Input.Changed) -> None:
        project = event.value.strip()
        self.previous = (previous_retro(self.context.retros, project, self.day)
                         if project else None)
        self._show_previous()
        if self.previous is not None and not self.linked_by_hand:
            self._link(self.previous.goal_ids, self.previous.metric_ids)
        self._refill()

    def _link(self, goal_ids: Sequence[str], metric_ids: Sequence[str]) -> None:
        with self.prevent(SelectionList.SelectedChanged):
            goals = self.query_one("#retro-goals", SelectionList)
            metrics = self.query_one("#retro-metrics", SelectionList)
            goals.deselect_all()
            metrics.deselect_all()
            for goal_id in goal_ids:
                goals.select(goal_id)
            for metric_id in metric_ids:
                metrics.select(metric_id)

    def _show_previous(self) -> None:
        box = self.query_one("#retro-previous", Static)
        if self.previous is None:
            box.update("")
            return
        actions = self.context.actions_for(self.previous)
        text = Text(f"Last retro of this project: {self.previous.title} ({self.previous.day})",
                    style="bold")
        if not actions:
            text.append("\n  no improvement actions were recorded", style="italic")
        for task in actions:
            done = task.status is TaskStatus.DONE
            text.append("\n  " + ("✓ " if done else "✗ "),
                        style="green" if done else "bold red")
            text.append(task.title)
            text.append(f"  {task.owner or ''} {task.status.value}", style="dim")
        box.update(text)

    @on(SelectionList.SelectedChanged)
    def _links_changed(self) -> None:
        self.linked_by_hand = True
        self._refill()

    def _refill(self) -> None:
        """Pre-fill goal and result again, unless the user has edited them."""
        start, end, problem = self._dates()
        if problem:
            return
        goal_ids = set(self.query_one("#retro-goals", SelectionList).selected)
        metric_ids = set(self.query_one("#retro-metrics", SelectionList).selected)
        goals = [g for g in self.context.goals if g.id in goal_ids]
        metrics = [m for m in self.context.metrics if m.id in metric_ids]
        texts = prefill(goals, metrics, self.context.readings, self.context.tasks, start,
                        end or self.day, self.lang, all_metrics=self.context.metrics)
        for section, text in texts.items():
            area = self.query_one(f"#section-{section}", TextArea)
            if area.text in ("", self.filled[section]):
                # a new line after the pre-fill, cursor on it: typing starts below the draft
                area.load_text(text + "\n" if text else "")
                area.move_cursor(area.document.end)
                self.filled[section] = area.text

    @on(TextArea.Changed, "#retro-actions")
    def _actions_changed(self) -> None:
        drafts, problems = self._actions()
        status = self.query_one("#retro-actions-parsed", Static)
        text = Text(style="dim")
        for problem in problems:
            text.append(f"✗ {problem}\n", style="bold red")
        for draft in drafts:
            text.append(f"→ task: {draft.title} · {draft.priority.value}"
                        f"{' · ' + draft.owner if draft.owner else ''}"
                        f"{' · due ' + draft.due.isoformat() if draft.due else ''}"
                        f"{''.join(' #' + tag for tag in draft.tags)}\n")
        status.update(text)

    def _actions(self) -> tuple[list[ActionDraft], list[str]]:
        """The action lines read with the tasks' quick-add parser; one message per bad line."""
        text = self.query_one("#retro-actions", TextArea).text
        drafts, problems = parse_actions(text, self.day)
        return drafts, [f"action {problem}" for problem in problems]

    # -- saving ----------------------------------------------------------------------------
    def _build(self) -> NewRetro | str:
        title = self.query_one("#retro-title", Input).value
        project = self.query_one("#retro-project", Input).value
        if not title.strip():
            return "Give the retro a title."
        if not project.strip():
            return "Say which project, campaign or period it reviews."
        start, end, problem = self._dates()
        if problem:
            return f"Period: {problem}"
        drafts, problems = self._actions()
        if problems:
            return f"Not saved: {problems[0]}"
        sections = {s: self.query_one(f"#section-{s}", TextArea).text.strip()
                    for s in sections_of(self.format)}
        try:
            retro = Retrospective(
                title=title, project=project, format=self.format, day=self.day,
                period_start=start, period_end=end,
                goal_ids=list(self.query_one("#retro-goals", SelectionList).selected),
                metric_ids=list(self.query_one("#retro-metrics", SelectionList).selected),
                sections=sections)
        except ValidationError as exc:
            err = exc.errors()[0]
            return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
        return NewRetro(retro, drafts)

    def action_save(self) -> None:
        """Save, or say what is wrong and keep everything typed."""
        built = self._build()
        if isinstance(built, str):
            self.query_one("#retro-error", Static).update(Text(built, style="bold red"))
            return
        self.dismiss(built)

    def has_changes(self) -> bool:
        """Whether anything was typed that closing would throw away."""
        typed = [self.query_one(f"#{name}", Input).value.strip()
                 for name in ("retro-title", "retro-project", "retro-from")]
        if any(typed) or self.query_one("#retro-to", Input).value.strip() != self.day.isoformat():
            return True
        if self.query_one("#retro-actions", TextArea).text.strip():
            return True
        return any(self.query_one(f"#section-{s}", TextArea).text.strip()
                   not in ("", self.filled.get(s, "").strip()) for s in SECTION_TITLES)

    def action_cancel(self) -> None:
        """Close without saving; when something was typed, ask first."""
        from opstui.ui.screens.confirm_discard import close_or_ask

        close_or_ask(self, self.has_changes())

    @on(Button.Pressed, "#retro-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#retro-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
