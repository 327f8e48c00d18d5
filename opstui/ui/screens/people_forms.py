"""After pane helpers for the 周报's inputs: mark a highlight, note a finding of the ongoing
work. Each calls its action (``opstui.actions.reporting``) and says what happened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from opstui.ui.screens.field_checks import required
from opstui.ui.screens.field_form import FieldForm, FormField

if TYPE_CHECKING:
    from opstui.actions.errors import Outcome
    from opstui.domain.models import Task
    from opstui.store.repository import Repository

STREAMS = (("竞品/行业动态 competitor", "competitor"), ("用户调研 research", "research"),
           ("团队建设 team", "team"), ("流程优化/SOP process", "process"))


def _run(app: Any, title: str, call: Callable[[], Outcome],
         done: Callable[[], None] | None) -> None:
    from opstui.actions.errors import ActionError
    from opstui.store.storage import ReadOnlyError

    try:
        outcome = call()
    except (ActionError, ReadOnlyError) as exc:
        app.notify(str(exc), severity="error", markup=False)
        return
    app.notify(outcome.message, title=title, markup=False)
    if done is not None:
        done()


def _clock(today: date) -> Any:
    from opstui.domain.clock import Clock

    return Clock(datetime.combine(today, datetime.now().time()))


def toggle_highlight(app: Any, repo: Repository, task: Task | None, day: date, today: date,
                     done: Callable[[], None] | None = None) -> None:
    """Mark ``task`` as a highlight of the week (or take the mark off); without a task,
    the work log of ``day``."""
    from opstui.actions.reporting import mark_highlight
    from opstui.domain.models import LogEntry

    if task is not None:
        _run(app, "本周亮点", lambda: mark_highlight(
            repo, _clock(today), task.id, on=not task.highlight, source="tui"), done)
        return
    log = next((e for e in repo.all(LogEntry) if e.day == day), None)
    on = not (log is not None and log.highlight)
    _run(app, "本周亮点", lambda: mark_highlight(repo, _clock(today), day=day, on=on,
                                              source="tui"), done)


def finding_form(day: date) -> FieldForm[dict[str, Any]]:
    """The form of a finding: stream, what was found, tags."""

    def build(values: dict[str, str]) -> dict[str, Any]:
        tags = [t.strip() for t in values["tags"].replace(",", " ").split() if t.strip()]
        return {"stream": values["stream"], "text": values["text"].strip(), "tags": tags}

    fields = [
        FormField("stream", "Stream 类别", "competitor", kind="select", options=STREAMS),
        FormField("text", "Finding 发现", kind="text", check=required("the finding")),
        FormField("tags", "Tags 标签 (space or comma separated)", placeholder="签到 增长"),
    ]
    return FieldForm(f"Finding 持续性工作 · {day.isoformat()}", fields, build)


def open_finding_form(app: Any, repo: Repository, day: date, today: date,
                      done: Callable[[], None] | None = None) -> None:
    """Push the finding form for ``day`` and save it with ``add_finding``."""
    from opstui.actions.reporting import add_finding

    def save(values: dict[str, Any] | None) -> None:
        if values is None:
            return
        _run(app, "持续性工作", lambda: add_finding(
            repo, _clock(today), values["stream"], values["text"], tags=values["tags"],
            day=day, source="tui"), done)

    app.push_screen(finding_form(day), save)
