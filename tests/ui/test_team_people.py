"""The Team view says, for the person highlighted, their newest feedback note (private, from
this machine) and, when the team syncs, when they last synced."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from ui_data import DEMO_DAY, wait_until_loaded

from opstui.actions.reporting import add_feedback
from opstui.demo import make_demo_copy
from opstui.domain.clock import Clock
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.widgets.record_table import RecordTable


async def test_the_team_view_shows_a_member_s_newest_feedback(tmp_path: Path) -> None:
    data_file = make_demo_copy(DEMO_DAY, folder=tmp_path)
    add_feedback(Repository(data_file), Clock.on(DEMO_DAY), "Marco", "praise",
                 "双12 预热页按时交付")
    app = OpsApp(data_file, today=DEMO_DAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2", "o")
        await pilot.pause()
        table = app.query_one("#team-table", RecordTable)
        table.select_key("Marco")
        await pilot.pause()
        shown = str(app.query_one("#team-detail", Static).render())
        assert shown.startswith("Marco")
        assert "praise: 双12 预热页按时交付" in shown
        assert "synced" not in shown  # this data set is not shared
