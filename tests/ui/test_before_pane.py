"""The Before pane under Pilot: goal → breakdown → plan → load bar → rollover, on the store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from textual.widgets import Input, OptionList, TextArea
from ui_data import TODAY, fixed_id, task, wait_for, wait_until_loaded

from opstui.domain.models import DayPlan, Goal, Recurrence, ResourceRequest, Task
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.screens.breakdown import BreakdownScreen
from opstui.ui.screens.field_form import FieldForm
from opstui.ui.screens.rollover import RolloverScreen
from opstui.ui.screens.week_load import WeekLoadScreen
from opstui.ui.widgets.goal_list import GoalList
from opstui.ui.widgets.load_bar import LoadBar
from opstui.ui.widgets.task_table import TaskTable

MakeApp = Callable[[Path], OpsApp]
YESTERDAY = TODAY - timedelta(days=1)


def titles(app: OpsApp, table_id: str) -> list[str]:
    return [t.title for t in app.query_one(f"#{table_id}", TaskTable).tasks]


async def type_into(pilot: object, widget: Input | TextArea, text: str) -> None:
    widget.focus()
    if isinstance(widget, Input):
        widget.value = text
    else:
        widget.text = text
    await pilot.pause()  # type: ignore[attr-defined]


async def test_goal_breakdown_plan_load_and_rollover(data_file: Path, make_app: MakeApp
                                                     ) -> None:
    leftover = task(0xD101, "昨天没做完的 leftover", priority="P1", estimate_minutes=60)
    Repository(data_file).save_many([
        leftover,
        DayPlan(id=fixed_id(0xD201), day=YESTERDAY, task_ids=[leftover.id]),
    ])
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        # 1. Add a goal for this week.
        await pilot.press("g")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FieldForm)
        await type_into(pilot, form.query_one("#field-title", Input), "W48 双12 预热就绪")
        await type_into(pilot, form.query_one("#field-owner", Input), "林晓")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [goal] = Repository(data_file).all(Goal)
        assert (goal.title, goal.period, goal.owner) == ("W48 双12 预热就绪", "2026-W48", "林晓")
        assert app.query_one(GoalList).highlighted_goal is not None

        # 2. Break it into three tasks at once.
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BreakdownScreen)
        await type_into(pilot, app.screen.query_one(TextArea),
                        "预热页文案 !P1 @陈静 due:wed ~2h #copy\n"
                        "投放预算申请 @林晓 ~1h\n"
                        "竞品活动调研 !P3 ~3h")
        await pilot.press("ctrl+s")
        await pilot.pause()
        tasks = {t.title: t for t in Repository(data_file).all(Task)}
        three = ("预热页文案", "投放预算申请", "竞品活动调研")
        assert set(three) <= set(tasks)
        assert all(tasks[t].goal_id == goal.id for t in three)
        assert tasks["预热页文案"].due == date(2026, 11, 25)
        assert tasks["预热页文案"].tags == ["copy"]

        # 3. Plan two of them from the backlog; the load bar follows.
        bar = app.query_one(LoadBar)
        assert bar.load is None
        backlog = app.query_one("#backlog-table", TaskTable)
        backlog.focus()
        assert titles(app, "backlog-table") == [
            "预热页文案", "昨天没做完的 leftover", "投放预算申请", "竞品活动调研"]
        await pilot.press("home", "p")
        await pilot.pause()
        assert bar.load is not None and bar.load.planned_minutes == 120
        assert titles(app, "backlog-table")[0] == "昨天没做完的 leftover"
        await pilot.press("down", "p")
        await pilot.pause()
        plan = Repository(data_file).plan_for(TODAY)
        assert plan is not None
        assert plan.task_ids == [tasks["预热页文案"].id, tasks["投放预算申请"].id]
        assert bar.load.planned_minutes == 180 and not bar.load.over
        assert "3h of 6h24m" in str(bar.render())

        # Reorder by keys.
        app.query_one("#plan-table", TaskTable).focus()
        await pilot.press("shift+down")
        await pilot.pause()
        plan = Repository(data_file).plan_for(TODAY)
        assert plan is not None
        assert plan.task_ids == [tasks["投放预算申请"].id, tasks["预热页文案"].id]

        # 4. Roll yesterday's leftover over.
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RolloverScreen)
        await pilot.press("a")
        await pilot.pause()
        fresh = Repository(data_file)
        plan = fresh.plan_for(TODAY)
        assert plan is not None and plan.task_ids[-1] == leftover.id
        rolled = fresh.get(Task, leftover.id)
        assert rolled is not None and rolled.rollover_count == 1
        assert rolled.slips[0].day == YESTERDAY and rolled.slips[0].action == "rolled"
        assert titles(app, "plan-table")[-1] == "↻1 昨天没做完的 leftover"
        assert bar.load.planned_minutes == 240

        # Over-planning is shown plainly.
        await pilot.press("c")
        await pilot.pause()
        await type_into(pilot, app.screen.query_one("#field-capacity", Input), "4")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert bar.load.over and "buffer used: 48m" in str(bar.render())
        saved = Repository(data_file).plan_for(TODAY)
        assert saved is not None and saved.capacity_hours == 4.0


async def test_unplan_filter_and_week_view(data_file: Path, make_app: MakeApp) -> None:
    records = [task(0xD300 + n, f"Task {n} 任务", owner="Ann" if n % 2 else "林晓",
                    tags=["weekly"] if n == 3 else []) for n in range(1, 6)]
    Repository(data_file).save_many([
        *records, DayPlan(id=fixed_id(0xD401), day=TODAY, task_ids=[records[0].id])])
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        assert titles(app, "plan-table") == ["Task 1 任务"]
        await pilot.press("x")
        await pilot.pause()
        plan = Repository(data_file).plan_for(TODAY)
        assert plan is not None and plan.task_ids == []
        assert Repository(data_file).get(Task, records[0].id) is not None

        await pilot.press("slash")
        await pilot.press(*"#weekly")
        await pilot.pause()
        assert titles(app, "backlog-table") == ["Task 3 任务"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.query_one("#backlog-table")
        await pilot.press("p")
        await pilot.pause()
        plan = Repository(data_file).plan_for(TODAY)
        assert plan is not None and plan.task_ids == [records[2].id]
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert len(titles(app, "backlog-table")) == 4

        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WeekLoadScreen)
        assert app.screen.days[0].day == TODAY and app.screen.days[0].tasks == 1
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.day == TODAY + timedelta(days=1)


async def test_support_requests_flag_risk_and_are_answered(data_file: Path, make_app: MakeApp
                                                           ) -> None:
    launch = task(0xD501, "Launch H5 page", start=TODAY + timedelta(days=1))
    Repository(data_file).save_many([
        launch, DayPlan(id=fixed_id(0xD502), day=TODAY, task_ids=[launch.id])])
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        app.query_one("#plan-table", TaskTable).focus()
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        await type_into(pilot, form.query_one("#field-department", Input), "技术部")
        await type_into(pilot, form.query_one("#field-what", Input), "2 front-end devs")
        await type_into(pilot, form.query_one("#field-needed_by", Input), "tomorrow")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [request] = Repository(data_file).all(ResourceRequest)
        assert (request.department, request.needed_by) == ("技术部", TODAY + timedelta(days=1))
        assert titles(app, "plan-table") == ["⚠ Launch H5 page"]

        app.query_one("#support-list", OptionList).highlighted = 0
        app.query_one("#support-list", OptionList).focus()  # y answers the focused list
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        [request] = Repository(data_file).all(ResourceRequest)
        assert request.status.value == "confirmed"
        assert titles(app, "plan-table") == ["Launch H5 page"]


async def test_recurring_work_appears_once_in_the_viewed_week(data_file: Path,
                                                              make_app: MakeApp) -> None:
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        await type_into(pilot, form.query_one("#field-title", Input), "竞品周报")
        await type_into(pilot, form.query_one("#field-rrule", Input), "FREQ=WEEKLY;BYDAY=FR")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(Repository(data_file).all(Recurrence)) == 1
        assert await wait_for(pilot, lambda: "竞品周报" in titles(app, "backlog-table"))
        saved = data_file.read_bytes()
        for key in ("right_square_bracket", "right_square_bracket", "left_square_bracket",
                    "t"):
            await pilot.press(key)
            await pilot.pause()
        assert data_file.read_bytes() == saved   # looking at weeks writes nothing
    [instance] = Repository(data_file).all(Task)
    assert instance.due == date(2026, 11, 27) and instance.source.on == date(2026, 11, 27)
    app = make_app(data_file)   # opened again: still exactly one, the file untouched
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
    assert len(Repository(data_file).all(Task)) == 1 and data_file.read_bytes() == saved


async def test_rollover_one_by_one_and_goal_filter(data_file: Path, make_app: MakeApp) -> None:
    goal = Goal(id=fixed_id(0xD601), title="W48", period="2026-W48")
    first = task(0xD602, "first leftover", priority="P0", goal_id=goal.id)
    second = task(0xD603, "second leftover", priority="P1")
    Repository(data_file).save_many([
        goal, first, second,
        DayPlan(id=fixed_id(0xD604), day=YESTERDAY, task_ids=[first.id, second.id])])
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RolloverScreen)
        await pilot.press("down", "space", "enter")   # only the second one
        await pilot.pause()
        fresh = Repository(data_file)
        plan = fresh.plan_for(TODAY)
        assert plan is not None and plan.task_ids == [second.id]
        kept = fresh.get(Task, first.id)
        assert kept is not None and kept.rollover_count == 0
        # Enter on a goal narrows the backlog to its tasks.
        app.query_one(GoalList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert titles(app, "backlog-table") == ["first leftover"]
        assert app.focused is app.query_one("#backlog-table")
