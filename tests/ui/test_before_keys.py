"""Before's keys act on the focused list, the key bar shows only those, the filter line hides."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList
from ui_data import DEMO_DAY, wait_for, wait_until_loaded

from opstui.demo import make_demo_copy
from opstui.domain.models import ResourceRequest
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.panes.after import AfterPane
from opstui.ui.panes.before import BeforePane
from opstui.ui.widgets.key_bar import KeyBar
from opstui.ui.widgets.task_table import TaskTable

WRONG_PLACE = ("first", "works on", "Nothing", "No ")
"""Words of the answers a key gives when it does not apply where it was pressed."""
LISTS = ("goal-list", "plan-table", "backlog-table", "support-list")


def bar_text(app: OpsApp) -> str:
    return str(app.query_one(KeyBar).render())


def messages(app: OpsApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def pane_keys(app: OpsApp, pane_class: type) -> list[str]:
    """The keys the bar shows that belong to the pane or its lists."""
    pane = app.query_one(pane_class)
    return [key for key, active in app.screen.active_bindings.items()
            if active.binding.show and active.enabled
            and (active.node is pane or pane in active.node.ancestors)]


async def focus_list(pilot: object, app: OpsApp, list_id: str) -> None:
    """Tab until ``list_id`` has focus (as the user does)."""
    for _ in range(8):
        if app.focused is not None and app.focused.id == list_id:
            return
        await pilot.press("tab")  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
    raise AssertionError(f"Tab never reached #{list_id}")


async def test_keys_never_act_on_a_list_the_user_is_not_in(tmp_path: Path) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        await focus_list(pilot, app, "backlog-table")
        before = data_file.read_bytes()
        for key, answer in (("x", "Unplan works on the plan"),
                            ("y", "Confirm works on the support list"),
                            ("b", "Break down works on the goal list")):
            app.clear_notifications()
            await pilot.press(key)
            await pilot.pause()
            assert data_file.read_bytes() == before, key
            assert len(app.screen_stack) == 1
            assert any(answer in m for m in messages(app)), (key, messages(app))
        line = bar_text(app)
        assert "p Plan" in line and "x Unplan" not in line and "y Confirm" not in line

        await focus_list(pilot, app, "goal-list")
        app.clear_notifications()
        await pilot.press("p")  # Goals focused: p plans nothing
        await pilot.pause()
        assert data_file.read_bytes() == before
        assert any("Plan works on the backlog" in m for m in messages(app))
        line = bar_text(app)
        assert "b Break down" in line and "p Plan" not in line

        # In the support list, y confirms the highlighted request, the one the user sees.
        await focus_list(pilot, app, "support-list")
        support = app.query_one("#support-list", OptionList)
        pane = app.query_one(BeforePane)
        support.highlighted = 1
        await pilot.pause()
        wanted = pane.requests[1].id
        assert "y Confirm" in bar_text(app) and "p Plan" not in bar_text(app)
        await pilot.press("y")
        await pilot.pause()
        confirmed = [r.id for r in Repository(data_file).all(ResourceRequest)
                     if r.status.value == "confirmed"]
        assert wanted in confirmed


@pytest.mark.parametrize("list_id", LISTS)
async def test_every_key_the_before_bar_shows_acts(tmp_path: Path, list_id: str) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        await focus_list(pilot, app, list_id)
        keys = pane_keys(app, BeforePane)
        line = bar_text(app)
        for key in keys:  # at 120 columns every one of them is on the bar
            shown = app.get_key_display(app.screen.active_bindings[key].binding)
            assert f" {shown} " in line, (key, line)
        for key in keys:
            await focus_list(pilot, app, list_id)
            if key not in pane_keys(app, BeforePane):
                continue  # the last key emptied what this one works on
            await press_and_check(pilot, app, data_file, key, f"Before · {list_id}")


@pytest.mark.parametrize("list_id", ("done-table", "log-scroll", "retro-list"))
async def test_every_key_the_after_bar_shows_acts(tmp_path: Path, list_id: str) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("3")
        await pilot.pause()
        await focus_list(pilot, app, list_id)
        keys = pane_keys(app, AfterPane)
        assert {"w", "r", "n", "d"} <= set(keys), keys
        for key in keys:
            await focus_list(pilot, app, list_id)
            await press_and_check(pilot, app, data_file, key, f"After · {list_id}")


async def press_and_check(pilot: object, app: OpsApp, data_file: Path, key: str,
                          where: str) -> None:
    """Press ``key``: it opens a screen, changes the data or focuses a line; never refuses."""
    app.clear_notifications()
    before = data_file.read_bytes()
    depth = len(app.screen_stack)
    await pilot.press(key)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    opened = await wait_for(pilot, lambda: len(app.screen_stack) > depth, 0.3)  # type: ignore[arg-type]
    changed = data_file.read_bytes() != before
    typing = isinstance(app.focused, Input)
    said = messages(app)
    assert not [m for m in said if any(w in m for w in WRONG_PLACE)], (where, key, said)
    assert opened or changed or typing, f"{key} did nothing in {where}: {said}"
    if typing:
        await pilot.press("escape")  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
    while len(app.screen_stack) > depth:
        await pilot.press("escape")  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
        if len(app.screen_stack) > depth + 1:  # "discard changes?" → yes
            await pilot.press("y")  # type: ignore[attr-defined]
            await pilot.pause()  # type: ignore[attr-defined]


async def test_the_filter_line_hides_on_escape_and_leaves_the_tab_order(tmp_path: Path) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        box = app.query_one("#backlog-filter", Input)
        backlog = app.query_one("#backlog-table", TaskTable)
        everything = backlog.row_count
        await pilot.press("slash", "x")
        await pilot.pause()
        assert app.focused is box and box.display
        assert box.styles.border_left[0] != "", "a focused filter shows a left bar"
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is backlog and not box.display
        assert backlog.row_count == everything
        for _ in range(6):  # Tab goes round the lists, never into the hidden line
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is not box

        # Enter on a goal narrows the backlog; Escape there shows everything again.
        await focus_list(pilot, app, "goal-list")
        await pilot.press("enter")
        await pilot.pause()
        assert box.display and box.value.startswith("goal:")
        assert app.focused is backlog and backlog.row_count < everything
        for _ in range(6):  # shown with its goal, the line is still not in the Tab order
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is not box
        await focus_list(pilot, app, "backlog-table")
        await pilot.press("escape")
        await pilot.pause()
        assert not box.display and backlog.row_count == everything
        assert app.focused is backlog


async def test_the_work_log_takes_focus_with_a_visible_sign(tmp_path: Path) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("3")
        await pilot.pause()
        log = app.query_one("#log-scroll")
        assert log.styles.border_left[0] == ""
        await focus_list(pilot, app, "log-scroll")
        assert log.styles.border_left[0] != ""
