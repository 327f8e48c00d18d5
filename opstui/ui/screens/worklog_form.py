"""The shutdown (收工): edit the day's drafted work log and decide about unfinished work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from opstui.domain.report import TaskLine
from opstui.domain.rollover import Carry
from opstui.domain.worklog import DayReport, LogDraft

NOTES_SHOWN = 10
"""The newest notes listed in full; older ones are counted (``… and 3 more``)."""
ACTIONS = [("Roll to tomorrow 顺延", "rolled"), ("Unplan 移出计划", "unplanned")]


@dataclass(frozen=True)
class Shutdown:
    """What the manager decided at the end of the day."""

    draft: LogDraft
    carries: list[Carry]


def facts_text(report: DayReport) -> Text:
    """One line per kind of thing that happened, as plain text (never markup)."""
    text = Text()

    def line(label: str, items: list[str]) -> None:
        if items:
            if text:
                text.append("\n")
            text.append(f"{label} ", style="bold")
            text.append(" · ".join(items))

    line(f"Done {len(report.done)}:", [t.title for t in report.done])
    if report.notes:
        if text:
            text.append("\n")
        text.append(f"Notes {len(report.notes)} (newest first):", style="bold")
        newest = sorted(report.notes, key=lambda n: n.at, reverse=True)
        for note in newest[:NOTES_SHOWN]:
            text.append(f"\n  {note.at:%H:%M} ", style="dim")
            text.append(f"{note.task}: {note.text}")
            if note.percent is not None:
                text.append(f" ({note.percent}%)", style="dim")
        if len(newest) > NOTES_SHOWN:
            text.append(f"\n  … and {len(newest) - NOTES_SHOWN} more", style="italic")
    line("Decisions:", [d.decision for d in report.decisions])
    line("Metric alerts:", [f"{a.metric} {a.value:g}" for a in report.alerts])
    line("Incidents:", [f"[{i.severity.value}] {i.title}" for i in report.incidents])
    return text if text else Text("Nothing was recorded on this day.", style="italic")


class WorklogScreen(ModalScreen[Shutdown | None]):
    """Edit the work log drafted from the day; roll or unplan each unfinished planned task."""

    DEFAULT_CSS = """
    WorklogScreen { align: center middle; background: $background 60%; }
    #worklog-box {
        width: 110; max-width: 98%; height: 96%; border: round $accent; background: $surface;
    }
    #worklog-scroll { height: 1fr; padding: 0 1; }
    #worklog-facts { color: $text-muted; margin-bottom: 1; }
    WorklogScreen .log-area { height: 5; }
    #log-summary { height: auto; min-height: 3; max-height: 7; }
    WorklogScreen .worklog-heading { margin-top: 1; text-style: bold; }
    WorklogScreen .carry-title { margin-top: 1; }
    WorklogScreen .carry-row { height: auto; }
    WorklogScreen .carry-action { width: 32; }
    WorklogScreen .carry-reason { width: 1fr; }
    WorklogScreen .carry-error { height: auto; }
    #worklog-error { height: auto; }
    #worklog-buttons { height: auto; align-horizontal: right; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the work log and the choices",
                id="worklog.save", priority=True),
        Binding("escape", "cancel", "Cancel",
                tooltip="Close without saving (asks first when something was typed)",
                id="worklog.cancel"),
    ]

    def __init__(self, report: DayReport, draft: LogDraft, title: str,
                 earlier: dict[str, tuple[str, str]] | None = None) -> None:
        """Create the form.

        Args:
            report: The day's facts (shown at the top; its unfinished tasks are listed).
            draft: The text to start from (the saved log, or a draft of the day).
            title: The heading (``Shutdown · Fri 2026-11-20``).
            earlier: Choices already made for the day, by task id: (action, reason).
        """
        super().__init__()
        self.report = report
        self.draft = draft
        self.heading = title
        self.unfinished: list[TaskLine] = list(report.unfinished)
        self.earlier = earlier or {}

    def compose(self) -> ComposeResult:
        """Facts, the log's fields, the unfinished tasks, and the buttons."""
        draft = self.draft
        with Vertical(id="worklog-box") as box:
            box.border_title = self.heading
            with VerticalScroll(id="worklog-scroll"):
                yield Static(facts_text(self.report), id="worklog-facts")
                yield Label("Summary 总结 (one line for the day; wraps as you type)")
                yield TextArea(draft.summary, id="log-summary", soft_wrap=True)
                yield Label("Highlights 亮点 (one per line)")
                yield TextArea(draft.highlights, id="log-highlights", classes="log-area")
                yield Label("Problems 问题")
                yield TextArea(draft.problems, id="log-problems", classes="log-area")
                yield Label("How they were solved 解决")
                yield TextArea(draft.solutions, id="log-solutions", classes="log-area")
                yield Label("Tomorrow's top three 明日重点")
                tomorrow = [*draft.tomorrow, "", "", ""][:3]
                for number, item in enumerate(tomorrow, 1):
                    yield Input(item, id=f"log-top{number}", placeholder=f"{number}.")
                if self.unfinished:
                    yield Label("Planned, not finished 计划未完成: roll or unplan, and why",
                                classes="worklog-heading")
                if len(self.unfinished) > 1:
                    yield Input(id="carry-reason-all", classes="carry-reason",
                                placeholder="same reason for all 同一原因: used for every "
                                "task whose reason is left empty")
                for index, task in enumerate(self.unfinished):
                    yield from self._carry_row(index, task)
                yield Static(id="worklog-error")
            with Horizontal(id="worklog-buttons"):
                yield Button("Save 保存 (ctrl+s)", id="worklog-save", variant="primary")
                yield Button("Cancel", id="worklog-cancel")
        yield Footer()

    def _carry_row(self, index: int, task: TaskLine) -> ComposeResult:
        earlier = self._earlier_slip(task)
        title = Text(f"{task.priority.value} ", style="bold")
        title.append(task.title)
        if task.owner:
            title.append(f"  {task.owner}", style="dim")
        yield Static(title, classes="carry-title")
        with Horizontal(classes="carry-row"):
            yield Select(ACTIONS, value=earlier[0] if earlier else "rolled", allow_blank=False,
                         id=f"carry-action-{index}", classes="carry-action")
            yield Input(earlier[1] if earlier else "", id=f"carry-reason-{index}",
                        placeholder="why it was not finished (shown in the weekly report)",
                        classes="carry-reason")
        yield Static("", id=f"carry-error-{index}", classes="carry-error")

    def _earlier_slip(self, task: TaskLine) -> tuple[str, str] | None:
        return self.earlier.get(task.task_id)

    def on_mount(self) -> None:
        """Start in the summary, the cursor after the drafted text of every field."""
        for area in self.query(TextArea):
            area.move_cursor(area.document.end)
        self.query_one("#log-summary", TextArea).focus()
        self.initial = self._values()

    def _values(self) -> tuple[str, ...]:
        """Everything typed in the form (to tell whether closing loses anything)."""
        areas = [a.text for a in self.query(TextArea)]
        inputs = [i.value for i in self.query(Input)]
        choices = [str(s.value) for s in self.query(Select)]
        return (*areas, *inputs, *choices)

    def has_changes(self) -> bool:
        """Whether anything was typed or chosen since the form opened."""
        return self._values() != getattr(self, "initial", self._values())

    @on(Input.Changed, ".carry-reason")
    def _reason_typed(self, event: Input.Changed) -> None:
        if not event.value.strip():
            return
        index = (event.input.id or "").rsplit("-", 1)[-1]
        rows = range(len(self.unfinished)) if index == "all" else [int(index)]
        for row in rows:
            self.query_one(f"#carry-error-{row}", Static).update("")
            self.query_one(f"#carry-reason-{row}", Input).remove_class("-invalid")

    def _collect(self) -> Shutdown | None:
        missing: list[Input] = []
        carries = []
        for_all = self.query("#carry-reason-all").results(Input)
        same = next((box.value.strip() for box in for_all), "")
        for index, task in enumerate(self.unfinished):
            action = self.query_one(f"#carry-action-{index}", Select).value
            box = self.query_one(f"#carry-reason-{index}", Input)
            reason = box.value.strip() or same
            error = self.query_one(f"#carry-error-{index}", Static)
            box.set_class(not reason, "-invalid")
            if not reason:
                error.update(Text(f"↑ Say why it was not finished: {task.title}",
                                  style="bold red"))
                missing.append(box)
                continue
            error.update("")
            carries.append(Carry(task.task_id, self.report.day, str(action), reason))
        if missing:
            self.query_one("#worklog-error", Static).update(Text(
                f"Not saved: {len(missing)} unfinished task(s) need a reason (marked above; "
                "or fill \"same reason for all\").", style="bold red"))
            missing[0].focus()  # typing goes into the first row missing its reason
            missing[0].scroll_visible()
            return None
        draft = LogDraft(
            summary=" ".join(self.query_one("#log-summary", TextArea).text.split()),
            highlights=self.query_one("#log-highlights", TextArea).text,
            problems=self.query_one("#log-problems", TextArea).text,
            solutions=self.query_one("#log-solutions", TextArea).text,
            tomorrow=[self.query_one(f"#log-top{n}", Input).value for n in (1, 2, 3)],
        )
        return Shutdown(draft, carries)

    def action_save(self) -> None:
        """Save, unless a reason is missing (then say so next to the task)."""
        result = self._collect()
        if result is not None:
            self.dismiss(result)

    def action_cancel(self) -> None:
        """Close without saving; when something was typed, ask first."""
        from opstui.ui.screens.confirm_discard import close_or_ask

        close_or_ask(self, self.has_changes())

    @on(Button.Pressed, "#worklog-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#worklog-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
