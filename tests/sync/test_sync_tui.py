"""Sync from the TUI: ctrl+y merges the team's changes in the background and says so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from sync_helpers import Replica
from textual.pilot import Pilot
from textual.widgets import Static

from opstui.actions.tasks import add_task
from opstui.domain.clock import Clock
from opstui.domain.models import Task
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.widgets.record_table import RecordTable


async def _until(pilot: Pilot[None], check: Callable[[], bool]) -> bool:
    for _ in range(400):  # the sync runs git in a thread: wait for it, a frame at a time
        if check():
            return True
        await pilot.pause(0.05)
    return check()


async def test_ctrl_y_syncs_in_the_background_and_shows_the_team_s_work(
    make_replica: Callable[[str], Replica]
) -> None:
    lin, marco = make_replica("林晓"), make_replica("Marco")
    add_task(lin.repo, lin.ticker(), {"title": "写周报"})
    lin.sync()
    marco.sync()
    add_task(marco.repo, marco.ticker(), {"title": "Marco 的任务", "owner": "Marco"})
    marco.sync()
    app = OpsApp(lin.repo.path, today=date(2026, 11, 2))
    async with app.run_test(size=(120, 36)) as pilot:
        assert await _until(pilot, lambda: app.loaded)
        assert "⇅ shared" in str(app.query_one("#day-bar").render())
        await pilot.press("ctrl+y")
        assert await _until(pilot, lambda: not app._syncing)
        titles = {t.title for t in Repository(lin.repo.path).all(Task)}
        assert "Marco 的任务" in titles
        assert "synced" in str(app.query_one("#day-bar").render())
        assert app.repo is not None
        assert "Marco 的任务" in {t.title for t in app.repo.all(Task)}
        # The Team view says when each person last synced.
        await pilot.press("2", "o")
        await pilot.pause()
        app.query_one("#team-table", RecordTable).select_key("Marco")
        await pilot.pause()
        assert "Marco · synced 11-02" in str(app.query_one("#team-detail", Static).render())


async def test_ctrl_y_on_a_data_set_not_shared_says_how_to_share_it(tmp_path: Path) -> None:
    path = tmp_path / "opstui.json"
    add_task(Repository(path), Clock(datetime(2026, 11, 2, 9)), {"title": "t"})
    app = OpsApp(path, today=date(2026, 11, 2))
    async with app.run_test(size=(120, 36)) as pilot:
        assert await _until(pilot, lambda: app.loaded)
        await pilot.press("ctrl+y")
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert any("opstui sync setup" in m for m in shown)
        assert "⇅" not in str(app.query_one("#day-bar").render())



async def test_a_conflict_decided_by_a_tui_sync_is_shown_with_both_values(
    make_replica: Callable[[str], Replica]
) -> None:
    from opstui.actions.tasks import reassign

    lin, marco = make_replica("林晓"), make_replica("Marco")
    task = add_task(lin.repo, lin.ticker(), {"title": "写周报"}).record
    lin.sync()
    marco.sync()
    reassign(lin.repo, lin.ticker(), task.id, "林晓")
    reassign(marco.repo, marco.ticker(), task.id, "Marco")  # the later change
    marco.sync()
    app = OpsApp(lin.repo.path, today=date(2026, 11, 2))
    async with app.run_test(size=(120, 36)) as pilot:
        assert await _until(pilot, lambda: app.loaded)
        await pilot.press("ctrl+y")
        assert await _until(pilot, lambda: not app._syncing)
        said = "\n".join(str(n.message) for n in app._notifications)
        assert "owner: kept 'Marco'" in said and "over '林晓'" in said
        assert "1 conflict" in str(app.query_one("#day-bar").render())
