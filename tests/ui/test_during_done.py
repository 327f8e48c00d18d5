"""One key marks the highlighted task done, and the same key reopens it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ui_data import wait_for, wait_until_loaded

from opstui.domain.models import Task, TaskStatus
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.widgets.task_table import TaskTable


async def test_space_marks_done_then_reopens(
    sample_file: Path, make_app: Callable[[Path], OpsApp]
) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, TaskTable)
        target = focused.highlighted_task
        assert target is not None and target.is_open
        await pilot.press("space")
        assert await wait_for(pilot, lambda: not Repository(sample_file).get(
            Task, target.id).is_open)  # type: ignore[union-attr]
        done = Repository(sample_file).get(Task, target.id)
        assert done is not None
        assert (done.status, done.percent, done.done_at is not None) == (TaskStatus.DONE, 100, True)

        for table in app.query(TaskTable):
            if table.has_focus:
                table.move_cursor(next(i for i, t in enumerate(table.tasks) if t.id == target.id))
        await pilot.press("space")
        assert await wait_for(pilot, lambda: Repository(sample_file).get(
            Task, target.id).is_open)  # type: ignore[union-attr]
        reopened = Repository(sample_file).get(Task, target.id)
        assert reopened is not None and reopened.done_at is None
