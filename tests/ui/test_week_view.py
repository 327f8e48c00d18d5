"""The week view to plan from: each day's load and tasks, and < > move a task a day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import OptionList
from ui_data import DEMO_DAY, wait_for, wait_until_loaded

from opstui.demo import make_demo_copy
from opstui.domain.models import Task
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.screens.week_load import WeekLoadScreen

TUESDAY = DEMO_DAY + timedelta(days=1)


async def test_a_task_moves_to_the_next_day_and_the_loads_follow(tmp_path: Path) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    plan = Repository(data_file).plan_for(DEMO_DAY)
    assert plan is not None and plan.task_ids
    first = plan.task_ids[0]
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("w")
        assert await wait_for(pilot, lambda: isinstance(app.screen, WeekLoadScreen))
        screen = app.screen
        assert isinstance(screen, WeekLoadScreen)
        tasks = screen.query_one("#week-tasks", OptionList)
        assert tasks.option_count == len(plan.task_ids)  # the day's tasks are listed
        before = data_file.read_bytes()
        await pilot.press("greater_than_sign")  # the days list has focus: nothing moves
        await pilot.pause()
        assert data_file.read_bytes() == before
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is tasks
        await pilot.press("greater_than_sign")
        await pilot.pause()
        repo = Repository(data_file)
        today_plan, tomorrow = repo.plan_for(DEMO_DAY), repo.plan_for(TUESDAY)
        assert today_plan is not None and first not in today_plan.task_ids
        assert tomorrow is not None and first in tomorrow.task_ids
        # The view follows the task: Tuesday highlighted, its load counts the task.
        assert screen.highlighted_day == TUESDAY
        tuesday = next(d for d in screen.days if d.day == TUESDAY)
        assert tuesday.tasks == len(tomorrow.task_ids)
        assert tasks.get_option_at_index(tasks.highlighted or 0).id == first
        title = Repository(data_file).get(Task, first)
        assert title is not None and title.title in str(
            tasks.get_option_at_index(tasks.highlighted or 0).prompt)
        await pilot.press("less_than_sign")  # and back
        await pilot.pause()
        back = Repository(data_file).plan_for(DEMO_DAY)
        assert back is not None and first in back.task_ids
        await pilot.press("enter")  # views the highlighted day, ready to plan it
        assert await wait_for(pilot, lambda: len(app.screen_stack) == 1)
        assert app.day == DEMO_DAY
