"""Follow-up under Pilot: status with reasons, notes with percent, the strip, the team view."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from during_data import fill, form_open, fresh, open_during, save_form, write_during_file
from textual.widgets import Static
from ui_data import fixed_id

from opstui.domain.models import Task, TaskStatus
from opstui.ui.app import OpsApp
from opstui.ui.widgets.attention_strip import AttentionStrip
from opstui.ui.widgets.record_table import RecordTable
from opstui.ui.widgets.task_table import TaskTable

MakeApp = Callable[[Path], OpsApp]
PLAN_TASK = fixed_id(0xA101)


def text_of(app: OpsApp, selector: str) -> str:
    return str(app.query_one(selector, Static).render())


async def test_blocked_needs_a_reason_and_every_change_is_an_update(
    data_file: Path, make_app: MakeApp
) -> None:
    write_during_file(data_file)
    old = fresh(data_file).get(Task, PLAN_TASK)
    assert old is not None
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        table = app.query_one("#day-table", TaskTable)
        assert table.highlighted_task is not None and table.highlighted_task.id == PLAN_TASK
        await pilot.press("s")
        form = await fill(pilot, status="blocked", reason="")
        await save_form(pilot)
        assert app.screen is form
        assert "needs a reason" in str(form.query_one("#form-problem", Static).render())
        await fill(pilot, reason="等法务 [b]意见[/]")
        await save_form(pilot)
        assert app.screen is not form
        saved = fresh(data_file).get(Task, PLAN_TASK)
        assert saved is not None and saved.status is TaskStatus.BLOCKED
        assert saved.status_reason == "等法务 [b]意见[/]"
        assert saved.updated_at > old.updated_at
        assert "Blocked: 等法务 [b]意见[/]" in text_of(app, "#task-detail")
        assert app.query_one(AttentionStrip).counts.blocked == 2

        await pilot.press("n")
        await fill(pilot, text="legal replied, rewriting", percent="75")
        await save_form(pilot)
        saved = fresh(data_file).get(Task, PLAN_TASK)
        assert saved is not None and saved.percent == 75
        notes = fresh(data_file).notes_for(PLAN_TASK)
        assert [(n.text, n.percent) for n in notes] == [("legal replied, rewriting", 75)]
        assert "legal replied, rewriting" in text_of(app, "#task-detail")


async def test_a_bad_percent_is_refused_in_place(data_file: Path, make_app: MakeApp) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        await pilot.press("n")
        form = await fill(pilot, text="half", percent="150")
        assert "0 to 100" in str(form.query_one("#percent-msg", Static).render())
        await save_form(pilot)
        assert app.screen is form
        await pilot.press("escape")
        await pilot.pause()
        assert fresh(data_file).notes_for(PLAN_TASK) == []


async def test_stale_tasks_are_flagged_and_the_strip_jumps_to_lists(
    data_file: Path, make_app: MakeApp
) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await open_during(pilot)
        strip = app.query_one(AttentionStrip)
        # Every open sample task was last updated a week ago: all are stale (default 3 days).
        assert strip.counts.stale == 5 and strip.counts.overdue == 1
        assert strip.counts.unescalated == 1
        assert "FOLLOW UP" in text_of(app, "#task-detail")
        await pilot.press("B")
        await pilot.pause()
        shown = [t.title for t in app.query_one("#day-table", TaskTable).tasks]
        assert shown == ["等待法务审核文案"]
        assert "Blocked" in text_of(app, "#during-title")
        # A click on a count jumps too.
        start, _end, kind = next(s for s in strip.spans() if s[2] == "unescalated")
        await pilot.click(AttentionStrip, offset=(start + 1, 0))
        await pilot.pause()
        assert kind == "unescalated" and pane.section == "incidents"
        assert app.focused is app.query_one("#incident-table")
        await pilot.press("w")
        await pilot.pause()
        assert pane.section == "tasks" and pane.task_filter == "day"
        assert len(app.query_one("#day-table", TaskTable).tasks) == 4


async def test_team_view_groups_open_work_by_owner(data_file: Path, make_app: MakeApp) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        await pilot.press("o")
        await pilot.pause()
        team = app.query_one("#team-table", RecordTable)
        assert app.focused is team
        assert team.keys[0] == "韩梅梅"  # overdue and blocked: first to follow up with
        assert set(team.keys) == {"韩梅梅", "王芳", "李雷", "Ann", "张伟"}
        assert [t.title for t in app.query_one("#team-tasks", TaskTable).tasks] == [
            "等待法务审核文案"]
        await pilot.press("down")
        await pilot.pause()
        owner = team.highlighted_key
        tasks = app.query_one("#team-tasks", TaskTable).tasks
        assert tasks and all(t.owner == owner for t in tasks)
        # Status works on the team's task list too.
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.query_one("#team-tasks")
        await pilot.press("s")
        form = await form_open(pilot)
        assert tasks[0].title in form.form_title


async def test_user_text_is_shown_as_typed(data_file: Path, make_app: MakeApp) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_during(pilot)
        await pilot.press("o")
        team = app.query_one("#team-table", RecordTable)
        team.select_key("Ann")
        await pilot.pause()
        assert "[b]x[/] keeps its brackets" in text_of(app, "#team-detail")
        await pilot.press("i")
        await pilot.pause()
        assert "Payments down [red]now[/]" in text_of(app, "#incident-detail")
        await pilot.press("m")
        await pilot.pause()
        assert "技术部 weekly [i]sync[/]" in text_of(app, "#meeting-detail")
        await pilot.press("k")
        await pilot.pause()
        rows = app.query_one("#metric-board")
        assert any("D7 留存 [b]retention[/]" in str(rows.get_row_at(i)[0])  # type: ignore[attr-defined]
                   for i in range(2))


async def test_coming_back_to_the_pane_keeps_the_section_and_its_focus(
    data_file: Path, make_app: MakeApp
) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await open_during(pilot)
        await pilot.press("k", "1", "2")
        await pilot.pause()
        assert pane.section == "metrics"
        assert app.focused is app.query_one("#metric-board")
        help_keys = {b.id for b in pane.BINDINGS if hasattr(b, "id")}
        assert {"during.status", "during.note", "during.escalate", "during.investigate",
                "during.jump_stale", "during.section_team"} <= help_keys
        commands = {name for name, _help, _run in app.palette_commands()}
        assert "Escalate the highlighted incident" in commands


async def test_clicking_a_section_tab_shows_it(data_file: Path, make_app: MakeApp) -> None:
    from rich.cells import cell_len

    from opstui.ui.widgets.phase_tabs import PhaseTabs

    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await open_during(pilot)
        tabs = app.query_one("#during-sections", PhaseTabs)
        rendered = tabs.render().plain
        x = cell_len(rendered[: rendered.index("Incidents")])
        await pilot.click("#during-sections", offset=(x, 0))
        await pilot.pause()
        assert pane.section == "incidents" and app.active_pane == "during"
        assert app.query_one("#phase-tabs", PhaseTabs).active == "during"
