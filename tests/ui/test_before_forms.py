"""Bad input in every Before form is refused in place, with a message; nothing half saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea
from ui_data import TODAY, wait_until_loaded

from opstui.domain.models import Goal, Recurrence, ResourceRequest, Task
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.screens.breakdown import BreakdownScreen
from opstui.ui.screens.field_form import FieldForm
from opstui.ui.widgets.task_table import TaskTable

MakeApp = Callable[[Path], OpsApp]


def message(form: object, name: str) -> str:
    return str(form.query_one(f"#{name}-msg", Static).render())  # type: ignore[attr-defined]


@pytest.mark.parametrize(("field", "text", "says"), [
    ("title", "   ", "a title is required"),
    ("title", "Report due:frday", "not a date"),
    ("owner", "林晓 <boss>", "a name is letters"),
    ("due", "someday", "not a date (try today"),
    ("estimate", "-2h", "more than zero"),
    ("estimate", "soon", "not a duration"),
])
async def test_task_form_refuses_bad_fields(sample_file: Path, make_app: MakeApp, field: str,
                                            text: str, says: str) -> None:
    before = sample_file.read_bytes()
    app = make_app(sample_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FieldForm)
        form.query_one("#field-title", Input).value = "好标题"
        form.query_one(f"#field-{field}", Input).value = text
        await pilot.pause()
        assert says in message(form, field)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form     # still open, with what was typed
        assert form.query_one(f"#field-{field}", Input).value == text
        assert "Fix first" in str(form.query_one("#form-problem", Static).render())
    assert sample_file.read_bytes() == before


async def test_task_form_shows_parsed_values_and_saves(data_file: Path, make_app: MakeApp
                                                        ) -> None:
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-title", Input).value = "[b]周报[/b] plan:today"
        form.query_one("#field-due", Input).value = "fri"
        form.query_one("#field-estimate", Input).value = "90m"
        await pilot.pause()
        assert "Fri 2026-11-27" in message(form, "due")
        assert "1h30m" in message(form, "estimate")
        await pilot.press("ctrl+s")
        await pilot.pause()
    repo = Repository(data_file)
    [task] = repo.all(Task)
    assert (task.title, task.estimate_minutes) == ("[b]周报[/b]", 90)
    plan = repo.plan_for(TODAY)
    assert plan is not None and plan.task_ids == [task.id]


@pytest.mark.parametrize(("field", "text", "says"), [
    ("period", "2026-13", "not a period"),
    ("period", "", "a period is required"),
    ("title", "", "a title is required"),
    ("owner", "@@x", "a name is letters"),
    ("target", "lots", "not a number"),
])
async def test_goal_form_refuses_bad_fields(data_file: Path, make_app: MakeApp, field: str,
                                            text: str, says: str) -> None:
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("g")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-title", Input).value = "DAU +20%"
        form.query_one(f"#field-{field}", Input).value = text
        await pilot.pause()
        await pilot.press("ctrl+s")   # a field left empty says so at the latest on save
        await pilot.pause()
        assert says in message(form, field)
        assert app.screen is form
    assert not data_file.exists() or Repository(data_file).all(Goal) == []


async def test_breakdown_saves_nothing_until_every_line_is_valid(data_file: Path,
                                                                  make_app: MakeApp) -> None:
    Repository(data_file).add(Goal(title="W48", period="2026-W48"))
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        app.query_one("#goal-list").focus()  # b breaks down the focused goal
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BreakdownScreen)
        text = "好的一行 !P1\n坏的 due:frday\n\n也坏 ~-1h @ann"
        screen.query_one(TextArea).text = text
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen and screen.text == text
        errors = str(screen.query_one("#breakdown-errors", Static).render())
        assert "line 2, col 4: 'due:frday': not a date" in errors
        assert "line 4, col 4: '~-1h'" in errors and "好的一行" not in errors
        assert Repository(data_file).all(Task) == []
        screen.query_one(TextArea).text = "好的一行 !P1\n好的第二行 due:fri"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = sorted(t.title for t in Repository(data_file).all(Task))
    assert saved == sorted(["好的一行", "好的第二行"])


@pytest.mark.parametrize(("key", "fields", "says"), [
    ("c", {"capacity": "-3"}, "hours must be more than 0"),
    ("c", {"buffer": "95"}, "buffer must be 0 to 90"),
    ("s", {"department": " ", "what": "API"}, "a department is required"),
    ("s", {"department": "法务", "what": "review", "needed_by": "whenever"}, "not a date"),
    ("o", {"title": "1:1s", "rrule": "FREQ=SOMETIMES"}, "not a recurrence rule"),
])
async def test_plan_support_and_recurring_forms_refuse_bad_input(
        sample_file: Path, make_app: MakeApp, key: str, fields: dict[str, str], says: str
) -> None:
    before = Repository(sample_file)
    counts = before.counts()
    app = make_app(sample_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        app.query_one("#plan-table", TaskTable).focus()
        await pilot.press(key)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FieldForm)
        for name, value in fields.items():
            form.query_one(f"#field-{name}", Input).value = value
        await pilot.pause()
        assert any(says in message(form, name) for name in fields)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
    after = Repository(sample_file)
    assert after.counts() == counts
    plan = after.plan_for(TODAY)
    assert plan is not None and plan.capacity_hours == 8.0
    assert after.all(ResourceRequest) == [] and after.all(Recurrence) == []
