"""What the fast paths must keep: only the shown pane is on screen and takes Tab, and a form
kept from an earlier opening comes back as a new form, with nothing typed before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Select, Static, TextArea
from ui_data import wait_until_loaded

from opstui.ui.app import PANES, OpsApp
from opstui.ui.panes.during import DuringPane
from opstui.ui.screens.field_form import FieldForm
from opstui.ui.widgets.pane_stack import PaneStack
from opstui.ui.widgets.task_table import TaskTable

MakeApp = Callable[[Path], OpsApp]


def on_screen(app: OpsApp, pane: str) -> bool:
    return app.screen.region.contains_region(app.query_one(f"#{pane}").region)


async def test_only_the_shown_pane_is_on_screen(sample_file: Path, make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until_loaded(pilot)
        for key, shown in (("2", "during"), ("3", "after"), ("1", "before"), ("3", "after")):
            await pilot.press(key)
            await pilot.pause()
            assert [p for p in PANES if app.query(f"#{p}") and on_screen(app, p)] == [shown]
        await pilot.resize_terminal(80, 24)     # still the shown pane after a resize
        await pilot.pause()
        assert on_screen(app, "after")
        assert not on_screen(app, "before")


async def test_tab_stays_in_the_shown_pane(sample_file: Path, make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        for key in "231":           # every pane built, two of them out of view
            await pilot.press(key)
            await pilot.pause()
        before = app.query_one("#before")
        seen = set()
        for _ in range(12):
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is not None
            assert before in app.focused.ancestors_with_self
            seen.add(app.focused.id)
        assert {"plan-table", "backlog-table"} <= seen
        await pilot.press("shift+tab")
        await pilot.pause()
        assert before in app.focused.ancestors_with_self


async def test_the_focused_list_is_drawn_focused_on_switching(sample_file: Path,
                                                              make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        table = app.query_one("#day-table", TaskTable)
        assert app.focused is table and table.has_focus
        assert not app.query_one("#plan-table", TaskTable).has_focus


async def test_a_reopened_form_is_a_new_form(sample_file: Path, make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("a")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, FieldForm)
        first.query_one("#field-title", Input).value = "half typed due:banana"
        first.query_one("#field-description", TextArea).load_text("some words")
        await pilot.pause()
        await pilot.press("ctrl+s")            # refused: the problem line shows
        await pilot.pause()
        assert "Fix first" in str(first.query_one("#form-problem", Static).render())
        await pilot.press("escape")            # something typed: asks first
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is not first

        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert form is first                   # the kept screen, filled in again
        assert form.query_one("#field-title", Input).value == ""
        assert form.query_one("#field-description", TextArea).text == ""
        assert str(form.query_one("#form-problem", Static).render()) == ""
        assert str(form.query_one("#title-msg", Static).render()) == ""
        assert form.focused is form.query_one("#field-title", Input)
        assert not form.changed
        await pilot.press(*"One more task")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
        assert "One more task" in [t.title for t in app.repo.tasks()]


async def test_the_edit_form_shows_the_task_after_an_add_form(sample_file: Path,
                                                              make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("a")
        await pilot.pause()
        add = app.screen
        await pilot.press("escape")
        await pilot.pause()
        table = app.query_one("#plan-table", TaskTable)
        task = table.highlighted_task
        assert task is not None
        await pilot.press("e")
        await pilot.pause()
        edit = app.screen
        assert edit is add
        assert isinstance(edit, FieldForm)
        assert edit.query_one("#form-box").border_title.startswith("Edit task")
        assert edit.query_one("#field-title", Input).value == task.title
        assert edit.query_one("#field-owner", Input).value == (task.owner or "")
        assert edit.query_one("#field-priority", Select).value == task.priority.value
        await pilot.press("end", *" (v2)", "ctrl+s")
        await pilot.pause()
        saved = app.repo.get(type(task), task.id)
        assert saved is not None and saved.title == f"{task.title} (v2)"


async def test_a_section_out_of_view_is_filled_fresh_when_shown(sample_file: Path,
                                                                make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2", "o")            # the Team section, filled for the first time
        await pilot.pause()
        pane = app.query_one(DuringPane)
        assert pane.data is not None
        owners = {p.owner: len(p.open) for p in pane.data.team}
        await pilot.press("w")                 # back to the tasks; mark the first one done
        await pilot.pause()
        task = app.query_one("#day-table", TaskTable).highlighted_task
        assert task is not None and task.is_open and task.owner
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert pane.data is not None
        now = {p.owner: len(p.open) for p in pane.data.team}
        assert now.get(task.owner, 0) == owners[task.owner] - 1
        team_tasks = app.query_one("#team-tasks", TaskTable).tasks
        assert task.id not in [t.id for t in team_tasks]


async def test_scroll_keys_and_the_wheel_never_show_a_pane_partly(sample_file: Path,
                                                                  make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2", "1")
        await pilot.pause()
        for key in ("right", "left", "end", "home", "ctrl+pagedown", "pagedown"):
            await pilot.press(key)
            await pilot.pause()
            assert on_screen(app, "before"), key
        stack = app.query_one(PaneStack)        # what the mouse wheel asks before scrolling
        assert not stack.allow_horizontal_scroll and not stack.allow_vertical_scroll


async def test_the_during_detail_box_keeps_its_height_as_the_cursor_moves(
        sample_file: Path, make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        detail = app.query_one("#task-detail", Static)
        table = app.query_one("#day-table", TaskTable)
        heights, texts = set(), set()
        for _ in range(table.row_count):
            heights.add(detail.region.height)
            texts.add(str(detail.render()))
            await pilot.press("down")
            await pilot.pause()
        assert len(texts) > 1          # the details did change
        assert heights == {7}          # the layout did not
