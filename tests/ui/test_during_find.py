"""During's search (``/``) and task detail view (Enter), keys pressed as a user would, on
the demo with today pinned; changes land in the data file."""

from __future__ import annotations

from pathlib import Path

from during_data import fill
from textual.widgets import Input, Static
from ui_data import DEMO_DAY, wait_for, wait_until_loaded

from opstui.demo import make_demo_copy
from opstui.domain.models import Task, TaskStatus
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.screens.task_detail import TaskDetailScreen
from opstui.ui.widgets.record_table import RecordTable
from opstui.ui.widgets.task_table import TaskTable


async def test_search_narrows_the_list_and_escape_gives_it_back(tmp_path: Path) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        table = app.query_one("#day-table", TaskTable)
        everything = list(table.tasks)
        line = app.query_one("#during-search", Input)
        assert not line.display  # hidden until /
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is line and line.display
        focused_look = line.styles.background
        line.value = "双12"  # Chinese: any part of a title or a tag
        await pilot.pause()
        found = list(table.tasks)
        assert 0 < len(found) < len(everything)
        assert all("双12" in t.title or "双12" in t.tags for t in found)
        assert "matching “双12”" in str(app.query_one("#during-title", Static).render())
        await pilot.press("enter")  # keep the search, back in the list
        await pilot.pause()
        assert app.focused is table and list(table.tasks) == found
        assert line.styles.background != focused_look  # focused looked different
        await pilot.press("slash")
        line.value = "@marco #push"
        await pilot.pause()
        assert [t.owner for t in table.tasks] and all(
            t.owner == "Marco" and "push" in t.tags
            for t in table.tasks)
        await pilot.press("escape")  # clears, hides, gives the focus back
        await pilot.pause()
        assert not line.display and line.value == "" and app.focused is table
        assert list(table.tasks) == everything
        # The same line searches the section shown: meetings by title.
        await pilot.press("m", "slash")
        line.value = "周会"
        await pilot.pause()
        meetings = app.query_one("#meeting-table", RecordTable)
        data = app.query_one("DuringPane").data  # type: ignore[attr-defined]
        titles = {m.id: m.title for m in data.meetings}
        assert meetings.keys and all("周会" in titles[k] for k in meetings.keys)
        await pilot.press("escape")
        await pilot.pause()
        assert len(meetings.keys) == len(data.meetings)


async def test_enter_opens_the_task_and_its_keys_change_it(tmp_path: Path) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        table = app.query_one("#day-table", TaskTable)
        with_notes = next(i for i, t in enumerate(table.tasks)
                          if t.source.kind.value == "meeting" and t.is_open)
        table.move_cursor(with_notes)
        task = table.tasks[with_notes]
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, TaskDetailScreen))
        screen = app.screen
        story = str(screen.query_one("#detail-story", Static).render())
        assert task.title in story and "From: meeting" in story
        assert "Progress notes" in story and "Slips" in story
        await pilot.press("n")
        await fill(pilot, text="跟进: 法务已回复", percent="70")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: app.screen is screen)
        story = str(screen.query_one("#detail-story", Static).render())
        assert "70%  跟进: 法务已回复" in story  # shown at once, newest first
        await pilot.press("o")
        await fill(pilot, owner="王磊")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: app.screen is screen)
        assert "owner 王磊" in str(screen.query_one("#detail-story", Static).render())
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TaskDetailScreen)
    saved = Repository(data_file).get(Task, task.id)
    assert saved is not None
    assert saved.owner == "王磊" and saved.status is TaskStatus.DONE
    notes = Repository(data_file).notes_for(task.id)
    assert any(n.text == "跟进: 法务已回复" and n.percent == 70 for n in notes)
