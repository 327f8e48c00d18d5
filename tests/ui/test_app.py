"""The app under Pilot: panes, days, help, palette, read-only files and outside changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from rich.cells import cell_len
from textual.geometry import Region
from textual.widget import Widget
from ui_data import TODAY, fixed_id, wait_for, wait_until_loaded

from opstui.domain.models import DayPlan, Task
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.app_data import ARCHIVE_AFTER_SECONDS
from opstui.ui.screens.help import HelpScreen
from opstui.ui.widgets.day_bar import DayBar
from opstui.ui.widgets.phase_tabs import PhaseTabs
from opstui.ui.widgets.task_table import TaskTable

MakeApp = Callable[[Path], OpsApp]


def titles(app: OpsApp, table_id: str) -> list[str]:
    """Titles of the tasks a table shows, in order."""
    return [t.title for t in app.query_one(f"#{table_id}", TaskTable).tasks]


def lines(table: TaskTable) -> list[str]:
    """The text of every screen line of a table, as rendered."""
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


def shown(widget: Widget) -> str:
    """The text a widget shows on screen, line by line."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(strip.text.rstrip() for strip in strips)


async def test_number_keys_switch_the_phase_panes(sample_file: Path, make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        assert app.active_pane == "before"
        for key, pane, table in (("2", "during", "day-table"), ("3", "after", "done-table"),
                                 ("1", "before", "plan-table")):
            await pilot.press(key)
            await pilot.pause()
            assert app.active_pane == pane
            assert app.query_one(PhaseTabs).active == pane
            assert app.query_one(f"#{pane}").display
            assert app.focused is app.query_one(f"#{table}")


async def test_clicking_a_tab_switches_the_pane(sample_file: Path, make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        bar = app.query_one(PhaseTabs)
        rendered = bar.render().plain
        x = cell_len(rendered[: rendered.index("After")])
        await pilot.click(PhaseTabs, offset=(x, 0))
        await pilot.pause()
        assert app.active_pane == "after"
        assert "Fix the DAU dashboard" in titles(app, "done-table")


async def test_each_pane_shows_the_days_tasks(sample_file: Path, make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        # Before: the plan in plan order; the backlog by priority without planned tasks.
        assert titles(app, "plan-table") == [
            "准备双十二活动方案", "复盘上周拉新渠道 ROI", "Fix the DAU dashboard"]
        assert titles(app, "backlog-table") == [
            "等待法务审核文案", "明天的竞品调研 competitor watch", "[b]x[/] keeps its brackets"]
        # During: planned, due, in flight or overdue.
        await pilot.press("2")
        await pilot.pause()
        assert titles(app, "day-table") == [
            "准备双十二活动方案", "复盘上周拉新渠道 ROI", "Fix the DAU dashboard",
            "等待法务审核文案"]
        detail = shown(app.query_one("#task-detail"))
        assert "准备双十二活动方案" in detail and "owner 王芳" in detail
        # After: finished today, and the work log with its text shown as typed.
        await pilot.press("3")
        await pilot.pause()
        assert titles(app, "done-table") == ["Fix the DAU dashboard"]
        log = shown(app.query_one("#work-log"))
        assert "Dashboard fixed; plan half done." in log
        assert "法务审核慢 [red]slow[/]" in log


async def test_day_keys_move_the_viewed_day(sample_file: Path, make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        bar = app.query_one(DayBar)
        assert "Mon 2026-11-23 · 2026-W48 · today" in shown(bar)

        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.day == TODAY + timedelta(days=1)
        assert "Tue 2026-11-24" in shown(bar)
        assert titles(app, "plan-table") == ["明天的竞品调研 competitor watch"]

        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert app.day == TODAY - timedelta(days=1)
        assert "yesterday" in shown(bar)
        assert titles(app, "plan-table") == []
        assert "No tasks planned for this day" in lines(app.query_one("#plan-table", TaskTable))[1]

        # A pane shown later is filled for the day being viewed, not the day it was built on.
        await pilot.press("3")
        await pilot.pause()
        assert titles(app, "done-table") == []

        await pilot.press("t")
        await pilot.pause()
        assert app.day == TODAY
        assert titles(app, "done-table") == ["Fix the DAU dashboard"]


async def test_help_lists_every_binding_and_escape_closes_it(
    sample_file: Path, make_app: MakeApp
) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = shown(app.screen.query_one("#help-table"))
        for binding in [*OpsApp.BINDINGS, *TaskTable.BINDINGS]:
            assert binding.tooltip or binding.description in text  # type: ignore[union-attr]
        assert "Command palette" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.active_pane == "before"


async def test_the_command_palette_runs_app_actions(sample_file: Path, make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        commands = {name for name, _help, _action in app.palette_commands()}
        assert {"Show the During 事中 pane", "View the next day", "View today",
                "Show every key (help)", "Quit opstui"} <= commands
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"next day")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.day == TODAY + timedelta(days=1)


async def test_user_text_is_never_read_as_markup(sample_file: Path, make_app: MakeApp) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        table = app.query_one("#backlog-table", TaskTable)
        row = 1 + titles(app, "backlog-table").index("[b]x[/] keeps its brackets")
        assert row - 1 != table.cursor_row
        strip = table.render_line(row)
        assert "[b]x[/] keeps its brackets" in strip.text
        title = next(s for s in strip if "keeps its brackets" in s.text)
        assert title.style is not None and not title.style.bold


async def test_a_corrupt_file_opens_read_only_and_is_left_alone(
    data_file: Path, make_app: MakeApp
) -> None:
    data_file.write_bytes(b'{"tasks": {"1": {"title": "half a rec')
    before = data_file.read_bytes()
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        banner = app.query_one("#banner")
        message = " ".join(shown(banner).split())
        assert banner.display
        assert str(data_file) in message and "not valid JSON" in message
        assert "Traceback" not in message
        assert app.query_one(DayBar).read_only
        plan = lines(app.query_one("#plan-table", TaskTable))
        assert "could not be read" in plan[1]
        for key in ("2", "3", "right_square_bracket", "t"):
            await pilot.press(key)
        await pilot.pause(1.2)  # a refresh tick too
    assert data_file.read_bytes() == before


async def test_an_invalid_record_opens_read_only_naming_it(
    data_file: Path, make_app: MakeApp
) -> None:
    Repository(data_file).save(Task(id=fixed_id(7), title="fine"))
    raw = data_file.read_text().replace('"title":"fine"', '"title":"fine","priority":"P9"')
    data_file.write_text(raw)
    before = data_file.read_bytes()
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        message = " ".join(shown(app.query_one("#banner")).split())
        assert "Opened read-only" in message and fixed_id(7) in message
        assert app.repo is not None and app.repo.read_only
        # Issue 11 item 14: the valid records are shown; only the bad one is left out.
        assert "Cannot show this pane" not in lines(app.query_one("#plan-table", TaskTable))[1]
    assert data_file.read_bytes() == before


async def test_a_missing_file_opens_empty_and_is_not_created(
    data_file: Path, make_app: MakeApp
) -> None:
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        assert not app.query_one("#banner").display
        assert "No tasks planned: press a to add a task" in lines(
            app.query_one("#plan-table", TaskTable))[1]
    assert not data_file.exists()


async def test_a_task_added_elsewhere_appears_after_the_refresh(
    sample_file: Path, make_app: MakeApp
) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        other = Repository(sample_file)
        added = other.save(Task(title="从另一个终端添加 added elsewhere", priority="P0"))
        plan = other.plan_for(TODAY)
        assert plan is not None
        other.save(plan.evolve(task_ids=[*plan.task_ids, added.id]))
        assert "从另一个终端添加 added elsewhere" not in titles(app, "plan-table")
        assert await wait_for(
            pilot, lambda: "从另一个终端添加 added elsewhere" in titles(app, "plan-table"))
        await pilot.press("2")
        await pilot.pause()
        assert "从另一个终端添加 added elsewhere" in titles(app, "day-table")


async def test_a_plan_made_for_another_day_shows_there(
    sample_file: Path, make_app: MakeApp
) -> None:
    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        Repository(sample_file).save(DayPlan(day=TODAY - timedelta(days=1),
                                             task_ids=[fixed_id(0xA104)]))
        assert await wait_for(pilot, lambda: titles(app, "plan-table") == ["等待法务审核文案"])


async def test_a_bad_file_fixed_elsewhere_is_picked_up(
    data_file: Path, make_app: MakeApp, tmp_path: Path
) -> None:
    data_file.write_text("{not json")
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        assert app.query_one("#banner").display
        good = tmp_path / "fixed" / "opstui.json"
        Repository(good).save(Task(title="恢复后的任务 back again", priority="P0"))
        good.replace(data_file)  # as restoring a backup would
        assert await wait_for(pilot, lambda: not app.query_one("#banner").display)
        assert app.repo is not None and not app.repo.read_only
        assert titles(app, "backlog-table") == ["恢复后的任务 back again"]


async def test_long_finished_work_is_archived_after_opening(tmp_path: Path) -> None:
    data_file = tmp_path / "opstui.json"
    repo = Repository(data_file)
    finished = datetime(2026, 9, 1)
    old = [Task(title=f"旧任务 {n}", status="done", done_at=finished) for n in range(60)]
    repo.save_many([*old, Task(title="still open")])
    app = OpsApp(data_file, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        while not app.loaded:
            await pilot.pause(0.05)
        await pilot.pause(ARCHIVE_AFTER_SECONDS + 0.5)
    fresh = Repository(data_file)
    assert [t.title for t in fresh.tasks()] == ["still open"]
    assert len(fresh.archived(Task, years=[2026])) == 60


async def test_during_follows_tasks_changed_elsewhere_while_it_is_shown(
    sample_file: Path, make_app: MakeApp
) -> None:
    # During keeps its lists between changes and judges again only the tasks that changed:
    # a change another process makes must still reach the lists and the attention strip.
    from during_data import open_during

    from opstui.ui.widgets.attention_strip import AttentionStrip

    app = make_app(sample_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        strip = app.query_one(AttentionStrip)
        overdue_before = strip.counts.overdue
        shown = app.query_one("#day-table", TaskTable).tasks
        first = shown[0]
        other = Repository(sample_file)
        other.save(other.get(Task, first.id).evolve(title="改名了 renamed elsewhere"))
        late = other.save(Task(title="昨天就该交 due yesterday", due=TODAY - timedelta(days=1),
                               created_at=datetime(2026, 11, 1), updated_at=datetime(2026, 11, 1)))
        assert await wait_for(pilot, lambda: "昨天就该交 due yesterday" in titles(app, "day-table"))
        assert "改名了 renamed elsewhere" in titles(app, "day-table")
        assert first.title not in titles(app, "day-table")
        assert strip.counts.overdue == overdue_before + 1
        assert late.id in {t.id for t in app.query_one("#day-table", TaskTable).tasks}
