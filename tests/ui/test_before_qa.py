"""QA findings on the Before pane: sub-daily rules, unplanned leftovers, refusals with a
reason, the support cursor, upcoming goals, plain wording and the requirement fields."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from textual.widgets import Input, OptionList, Static, TextArea
from ui_data import TODAY, fixed_id, task, wait_for, wait_until_loaded

from opstui.domain.models import DayPlan, Goal, Recurrence, ResourceRequest, Slip, Task
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.panes.before import BeforePane
from opstui.ui.screens.breakdown import BreakdownScreen
from opstui.ui.screens.field_form import FieldForm
from opstui.ui.widgets.goal_list import GoalList
from opstui.ui.widgets.load_bar import load_text
from opstui.ui.widgets.task_table import TaskTable

MakeApp = Callable[[Path], OpsApp]
YESTERDAY = TODAY - timedelta(days=1)


def message(form: object, name: str) -> str:
    return str(form.query_one(f"#{name}-msg", Static).render())  # type: ignore[attr-defined]


async def test_a_file_holding_sub_daily_rules_shows_one_occurrence_a_day_and_writes_nothing(
        data_file: Path, make_app: MakeApp) -> None:
    created = datetime(2026, 11, 1, 9, 0)
    Repository(data_file).save_many([
        Recurrence(id=fixed_id(0xE101), title="早晚巡检", rrule="FREQ=DAILY;BYHOUR=9,17",
                   dtstart=date(2026, 11, 1), created_at=created, updated_at=created),
        Recurrence(id=fixed_id(0xE102), title="every minute", rrule="FREQ=MINUTELY",
                   dtstart=date(2026, 11, 1), created_at=created, updated_at=created),
    ])
    stored = data_file.read_bytes()
    for _ in range(2):   # opened twice: no crash, and looking makes no tasks
        app = make_app(data_file)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until_loaded(pilot)
            await pilot.press("w")
            await pilot.pause()
            week = app.screen.query_one("#week-list", OptionList)
            lines = [str(week.get_option_at_index(i).prompt) for i in range(week.option_count)]
            assert len(lines) == 7
            assert all(line.count("早晚巡检") == 1 and line.count("every minute") == 1
                       for line in lines)
        assert Repository(data_file).all(Task) == []
    assert data_file.read_bytes() == stored


async def test_the_recurring_form_refuses_sub_daily_rules_at_once_in_words(
        data_file: Path, make_app: MakeApp) -> None:
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FieldForm)
        form.query_one("#field-title", Input).value = "巡检"
        rule = form.query_one("#field-rrule", Input)
        started = time.perf_counter()
        rule.value = "FREQ=MINUTELY"
        await pilot.pause()
        assert time.perf_counter() - started < 2.0
        assert "recurs within a day" in message(form, "rrule")
        rule.value = "FREQ=DAILY;BYHOUR=9,17"
        await pilot.pause()
        assert "BYHOUR sets times of day" in message(form, "rrule")
        rule.value = "FREQ=WEEKLY;BYDAY"
        await pilot.pause()
        said = message(form, "rrule")
        assert "FREQ=WEEKLY;BYDAY=FR" in said and "unpack" not in said
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
    assert Repository(data_file).all(Recurrence) == []


async def test_a_task_taken_off_the_plan_is_not_offered_as_a_leftover(
        data_file: Path, make_app: MakeApp) -> None:
    report = task(0xE201, "周报 weekly report", priority="P1")
    dropped = task(0xE202, "shutdown said unplanned",
                   slips=[Slip(day=YESTERDAY, action="unplanned", reason="not needed")])
    Repository(data_file).save_many([
        report, dropped,
        DayPlan(id=fixed_id(0xE203), day=YESTERDAY, task_ids=[report.id, dropped.id]),
        DayPlan(id=fixed_id(0xE204), day=TODAY, task_ids=[report.id]),
    ])
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        pane = app.query_one(BeforePane)
        assert pane.leftover_items == []   # the shutdown's "unplanned" holds
        app.query_one("#plan-table", TaskTable).focus()
        await pilot.press("x")
        await pilot.pause()
        saved = Repository(data_file).get(Task, report.id)
        assert saved is not None and [(s.day, s.action) for s in saved.slips] == [
            (TODAY, "unplanned")]
        app.day = TODAY + timedelta(days=1)
        assert await wait_for(pilot, lambda: pane.day == TODAY + timedelta(days=1))
        assert pane.leftover_items == []
        await pilot.press("r")
        await pilot.pause()
        assert not isinstance(app.screen, FieldForm)
    assert Repository(data_file).plan_for(TODAY + timedelta(days=1)) is None


async def test_support_is_highlighted_and_a_refusal_asks_why(data_file: Path,
                                                              make_app: MakeApp) -> None:
    launch = task(0xE301, "Launch [b]H5[/b] page", start=TODAY + timedelta(days=1))
    design = ResourceRequest(id=fixed_id(0xE302), task_id=launch.id, department="设计部",
                             what="2 banners", needed_by=TODAY + timedelta(days=1))
    legal = ResourceRequest(id=fixed_id(0xE303), task_id=launch.id, department="法务",
                            what="copy review", needed_by=TODAY + timedelta(days=2))
    Repository(data_file).save_many([launch, design, legal])
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        support = app.query_one("#support-list", OptionList)
        support.focus()
        await pilot.pause()
        assert support.highlighted == 0
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FieldForm)
        assert Repository(data_file).get(ResourceRequest, design.id).status.value == "requested"
        await pilot.press("ctrl+s")   # no reason: refused in place
        await pilot.pause()
        assert app.screen is form
        form.query_one("#field-reason", Input).value = "没有排期 no designer free"
        await pilot.press("ctrl+s")
        await pilot.pause()
        refused = Repository(data_file).get(ResourceRequest, design.id)
        assert refused is not None and refused.status.value == "refused"
        assert refused.note == "没有排期 no designer free"
        lines = [str(support.get_option_at_index(i).prompt) for i in range(support.option_count)]
        assert any("没有排期 no designer free" in line for line in lines)
        # The form asking for support names the task, brackets and all.
        app.query_one("#backlog-table", TaskTable).focus()
        await pilot.press("s")
        await pilot.pause()
        assert "Launch [b]H5[/b] page" in str(app.screen.query_one("#form-extra").render())
        assert "Launch" in str(app.screen.query_one("#form-box").border_title)


async def test_a_goal_for_a_later_period_is_listed_and_broken_down(data_file: Path,
                                                                   make_app: MakeApp) -> None:
    Repository(data_file).save_many([Goal(id=fixed_id(0xE401), title="本周", period="2026-W48")])
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("g")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-title", Input).value = "双12 大促"
        form.query_one("#field-period", Input).value = "2026-12"
        await pilot.press("ctrl+s")
        await pilot.pause()
        goals = app.query_one(GoalList)
        assert [(g.goal.title, g.upcoming) for g in goals.goals] == [
            ("本周", False), ("双12 大促", True)]
        line = str(goals.get_option_at_index(1).prompt)
        assert "upcoming" in line
        # The header counts the goals listed, the upcoming one among them.
        header = str(app.query_one("#goals-title").render())
        assert "2 goals for Mon 2026-11-23 · 1 upcoming" in header, header
        goals.focus()
        goals.highlighted = 1
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BreakdownScreen)
        app.screen.query_one(TextArea).text = "主会场页面 ~3h"
        await pilot.pause()
        preview = str(app.screen.query_one("#breakdown-preview").render())
        assert "~3h" in preview and "180m" not in preview, preview
        await pilot.press("ctrl+s")
        await pilot.pause()
    [goal] = [g for g in Repository(data_file).all(Goal) if g.period == "2026-12"]
    [made] = Repository(data_file).all(Task)
    assert made.goal_id == goal.id


async def test_task_form_reads_tokens_plainly_and_keeps_requirement_and_acceptance(
        data_file: Path, make_app: MakeApp) -> None:
    app = make_app(data_file)
    async with app.run_test(size=(120, 50)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FieldForm)
        form.query_one("#field-title", Input).value = "写周报 !P1 @林晓 due:fri ~2h #report"
        await pilot.pause()
        said = message(form, "title")
        assert "P1 · @林晓 · due Fri 11-27 · ~2h · #report" in said
        assert "datetime" not in said and "{" not in said
        form.query_one("#field-description", TextArea).text = "覆盖拉新、留存两个渠道"
        form.query_one("#field-acceptance", TextArea).text = "周一 10 点前发出，数据口径与看板一致"
        await pilot.press("ctrl+s")
        await pilot.pause()
    [saved] = Repository(data_file).all(Task)
    assert (saved.title, saved.owner, saved.due) == ("写周报", "林晓", date(2026, 11, 27))
    assert saved.description == "覆盖拉新、留存两个渠道"
    assert saved.acceptance == "周一 10 点前发出，数据口径与看板一致"


def test_help_and_load_bar_wording() -> None:
    from opstui.domain.planning import plan_load

    binding = next(b for b in BeforePane.BINDINGS if getattr(b, "id", "") == "before.plan_up")
    assert binding.key_display == "⇧↑"  # type: ignore[union-attr]
    tasks = [Task(title="a", estimate_minutes=270)]
    buffer = load_text(plan_load(DayPlan(day=TODAY, capacity_hours=5, buffer_pct=20,
                                         task_ids=[tasks[0].id]), tasks, 60))
    over = load_text(plan_load(DayPlan(day=TODAY, capacity_hours=4, buffer_pct=20,
                                       task_ids=[tasks[0].id]), tasks, 60))
    assert "buffer used: 30m" in buffer.plain and "over capacity" not in buffer.plain
    assert "over capacity by 30m" in over.plain and "OVER" not in over.plain
