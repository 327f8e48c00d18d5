"""During's key bar follows the section: every key it shows acts on what is on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_data import DEMO_DAY, wait_for, wait_until_loaded

from opstui.demo import make_demo_copy
from opstui.ui.app import OpsApp
from opstui.ui.panes.during import DuringPane
from opstui.ui.screens.help import HelpScreen
from opstui.ui.widgets.key_bar import KeyBar

SECTION_KEYS = {"tasks": "w", "team": "o", "meetings": "m", "reviews": "c",
                "metrics": "k", "incidents": "i"}
EXPECTED = {
    "tasks": {"enter", "space", "s", "n", "exclamation_mark"},
    "team": {"space", "s", "n", "exclamation_mark"},
    "meetings": {"enter", "a"},
    "reviews": {"enter", "a"},
    "metrics": {"a", "r", "d", "exclamation_mark"},
    "incidents": {"a", "e", "v"},
}
"""The keys each section's bar must show (more may follow, e.g. x with an anomaly)."""
WRONG_PLACE = ("first", "works on", "adds in", "No incident", "No anomaly", "resolved")
"""Words of the answers a key gives when it does not apply where it was pressed."""


def bar_text(app: OpsApp) -> str:
    return str(app.query_one(KeyBar).render())


def pane_keys(app: OpsApp) -> list[str]:
    """The keys the bar shows that belong to the During pane or its lists."""
    pane = app.query_one(DuringPane)
    keys = []
    for key, active in app.screen.active_bindings.items():
        node, binding = active.node, active.binding
        if not binding.show or not active.enabled:
            continue
        if node is pane or pane in node.ancestors:
            keys.append(key)
    return keys


def messages(app: OpsApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.mark.parametrize("section", list(SECTION_KEYS))
async def test_every_key_the_bar_shows_acts_in_its_section(
    tmp_path: Path, section: str
) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2", SECTION_KEYS[section])
        await pilot.pause()
        keys = pane_keys(app)
        assert EXPECTED[section] | {"slash"} <= set(keys), keys  # / searches everywhere
        line = bar_text(app)
        for key in keys:  # at 80 columns every one of them is on the bar
            shown = app.get_key_display(app.screen.active_bindings[key].binding)
            assert f" {shown} " in line, (key, line)
        # The keys of other sections are not there.
        others = set().union(*EXPECTED.values()) - EXPECTED[section] - {"enter", "slash"}
        assert not others & set(keys), others & set(keys)
        for key in keys:
            app.clear_notifications()
            before = data_file.read_bytes()
            depth = len(app.screen_stack)
            await pilot.press(key)
            await pilot.pause()
            opened = len(app.screen_stack) > depth
            changed = data_file.read_bytes() != before
            searching = app.focused is app.query_one("#during-search")
            said = messages(app)
            assert not [m for m in said if any(w in m for w in WRONG_PLACE)], (key, said)
            assert opened or changed or searching, f"{key} did nothing in {section}: {said}"
            if searching:
                await pilot.press("escape")
                await pilot.pause()
                assert app.focused is not app.query_one("#during-search")
            while len(app.screen_stack) > depth:
                await pilot.press("escape")
                await pilot.pause()
                if len(app.screen_stack) > depth + 1:  # "discard changes?" → yes
                    await pilot.press("y")
            assert await wait_for(pilot, lambda d=depth: len(app.screen_stack) == d)


async def test_keys_of_other_sections_are_hidden_and_help_lists_them_by_section(
    tmp_path: Path,
) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2", "k")
        await pilot.pause()
        line = bar_text(app)
        assert "r Reading" in line and "space Done" not in line and "s Status" not in line
        before = data_file.read_bytes()
        await pilot.press("space", "s", "n")  # no task on screen: nothing happens
        await pilot.pause()
        assert len(app.screen_stack) == 1 and data_file.read_bytes() == before
        await pilot.press("w")
        await pilot.pause()
        line = bar_text(app)
        assert "space Done" in line and "r Reading" not in line and "Add" not in line
        await pilot.press("question_mark")
        assert await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        titles = [title for title, _ in help_screen.sections]
        for label in ("Tasks", "Team", "Meetings", "Reviews", "Metrics", "Incidents"):
            assert any(label in t for t in titles), titles
        metrics = next(keys for title, keys in help_screen.sections if "Metrics" in title)
        assert {"r", "d", "x"} <= {b.key for b in metrics}
        assert "s" not in {b.key for b in metrics}


async def test_the_palette_shows_the_section_an_action_works_in(tmp_path: Path) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        assert app.active_pane == "before"
        commands = {name: run for name, _keys, run in app.palette_commands()}
        await commands["Record a reading of the highlighted metric"]()
        await pilot.pause()
        pane = app.query_one(DuringPane)
        assert app.active_pane == "during" and pane.section == "metrics"
        assert await wait_for(pilot, lambda: len(app.screen_stack) > 1)  # the reading form
        await pilot.press("escape")
        await pilot.pause()
        await commands["Add an incident"]()
        await pilot.pause()
        assert pane.section == "incidents"
        assert await wait_for(pilot, lambda: len(app.screen_stack) > 1)
