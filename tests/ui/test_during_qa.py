"""QA findings on the During pane and the shared form: each test names what a user saw."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from during_data import (
    RETENTION,
    SEVERE,
    fill,
    form_open,
    fresh,
    open_during,
    save_form,
    write_during_file,
)
from textual.widgets import Static, TextArea
from ui_data import CREATED, TODAY, wait_for

from opstui.domain.metrics import board_row
from opstui.domain.models import Goal, Incident, Meeting, Metric, Reading, Task
from opstui.ui.app import OpsApp
from opstui.ui.panes.during import DuringPane
from opstui.ui.screens.confirm_discard import ConfirmDiscard
from opstui.ui.screens.field_form import FieldForm
from opstui.ui.widgets.attention_strip import AttentionStrip
from opstui.ui.widgets.metric_board import COLUMNS, PADDING, MetricBoard, layout, status_reason
from opstui.ui.widgets.phase_tabs import PhaseTabs
from opstui.ui.widgets.task_table import TaskTable

MakeApp = Callable[[Path], OpsApp]


def text_of(form: FieldForm[object], selector: str) -> str:
    return str(form.query_one(selector, Static).render())


def toasts(app: OpsApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- 1. escape asks before throwing typed text away --
async def test_escape_asks_before_discarding_typed_minutes(data_file: Path, make_app: MakeApp
                                                           ) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        await pilot.press("m", "a")
        form = await fill(pilot, title="周会", minutes="讨论了双12的预算")
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDiscard))
        await pilot.press("escape")             # back to the form, text kept
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#field-minutes", TextArea).text == "讨论了双12的预算"
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDiscard))
        await pilot.press("enter")              # discard
        assert await wait_for(pilot, lambda: not isinstance(app.screen, (FieldForm,
                                                                          ConfirmDiscard)))
        # An untouched form closes at once.
        await pilot.press("a")
        await form_open(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (FieldForm, ConfirmDiscard))
    assert [m.title for m in fresh(data_file).all(Meeting)] == ["技术部 weekly [i]sync[/]"]


# -- 2 and 3. errors shown when they matter, and never below the edge --
async def test_no_error_until_edited_or_saved(data_file: Path, make_app: MakeApp) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_during(pilot)
        await pilot.press("m", "a")
        form = await form_open(pilot)
        assert text_of(form, "#title-msg") == ""         # not red the moment it opens
        assert "Fix" not in text_of(form, "#form-foot")
        form.query_one("#field-minutes", TextArea).focus()
        await pilot.press("ctrl+s")                      # empty title at 80x24
        await pilot.pause()
        assert app.screen is form
        assert "a title is required" in text_of(form, "#title-msg")
        foot = text_of(form, "#form-foot")
        assert "Title" in foot and "a title is required" in foot
        assert form.query_one("#form-foot").region.height == 1     # drawn, on screen
        assert app.focused is form.query_one("#field-title")


async def test_refused_meeting_save_shows_the_bad_action_item(data_file: Path,
                                                              make_app: MakeApp) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        await pilot.press("m", "a")
        form = await fill(pilot, title="周会", minutes="\n".join(f"第{i}条" for i in range(12)),
                          actions="| banana")
        form.query_one("#field-title").focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is form
        actions = form.query_one("#field-actions", TextArea)
        assert app.focused is actions
        screen_area = app.screen.region
        assert actions.region.height > 0 and screen_area.contains_region(actions.region)
        foot = text_of(form, "#form-foot")
        assert "action item line 1" in foot
        assert form.query_one("#form-foot").region.height == 1
    assert len(fresh(data_file).all(Meeting)) == 1


# -- 4. the record just saved is the one highlighted --
async def test_new_incident_and_meeting_are_selected_after_save(data_file: Path,
                                                                make_app: MakeApp) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await open_during(pilot)
        await pilot.press("i")
        assert pane.highlighted_incident() is not None
        assert pane.highlighted_incident().id == SEVERE  # type: ignore[union-attr]
        await pilot.press("a")
        await fill(pilot, title="CDN 慢", severity="S4")
        await save_form(pilot)
        new = next(i for i in fresh(data_file).all(Incident) if i.id != SEVERE)
        highlighted = pane.highlighted_incident()
        assert highlighted is not None and highlighted.id == new.id
        await pilot.press("m", "a")
        await fill(pilot, title="产品周会", day="2026-11-02")   # sorts below the older one
        await save_form(pilot)
        meeting = next(m for m in fresh(data_file).all(Meeting) if m.title == "产品周会")
        assert pane.highlighted_meeting() is not None
        assert pane.highlighted_meeting().id == meeting.id  # type: ignore[union-attr]
        await pilot.press("enter")                            # edit it: stays selected
        await fill(pilot, title="产品周会 v2")
        await save_form(pilot)
        assert pane.highlighted_meeting().id == meeting.id  # type: ignore[union-attr]


# -- 5. a reading that replaces another says so --
async def test_reading_form_says_it_replaces_that_days_reading(data_file: Path,
                                                                make_app: MakeApp) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        await pilot.press("k")
        board = app.query_one(MetricBoard)
        board.select_key(RETENTION)
        await pilot.press("r")
        form = await form_open(pilot)
        assert "replaces" not in text_of(form, "#day-msg")        # nothing on the viewed day
        await fill(pilot, value="30", day="yesterday")
        assert "replaces the reading of 31.4% recorded for 2026-11-22" in text_of(form,
                                                                                 "#day-msg")
        await save_form(pilot)
        assert any("replaced" in t for t in toasts(app))
    same_day = [r for r in fresh(data_file).readings_for(RETENTION)
                if r.day == TODAY - timedelta(days=1)]
    assert [r.value for r in same_day] == [30.0]


# -- 6. the investigate task lands in the viewed day's work, owned --
async def test_investigate_task_is_due_the_viewed_day_and_owned(data_file: Path,
                                                                 make_app: MakeApp) -> None:
    write_during_file(data_file)
    repo = fresh(data_file)
    repo.add(Reading(metric_id=RETENTION, day=TODAY, value=24.6, created_at=CREATED,
                     updated_at=CREATED))
    repo.add(Goal(title="留存 31%", period="2026-Q4", owner="林晓", metric_id=RETENTION))
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        await pilot.press("k")
        app.query_one(MetricBoard).select_key(RETENTION)
        await pilot.press("x")
        await pilot.pause()
        task = next(t for t in fresh(data_file).all(Task) if "investigate" in t.tags)
        assert (task.due, task.owner) == (TODAY, "林晓")
        toast = toasts(app)[-1]
        assert toast == f"Investigate task {task.short_id} added to today"
        await pilot.press("w")
        await pilot.pause()
        assert task.id in [t.id for t in app.query_one("#day-table", TaskTable).tasks]


# -- 7. the incident form's link line is labelled --
async def test_incident_form_labels_its_link(data_file: Path, make_app: MakeApp) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        await pilot.press("i", "a")
        form = await form_open(pilot)
        assert text_of(form, "#form-extra") == (
            "Linked to: nothing (press ! on a task or metric to link)")


# -- 8 and 9. the board, the strip and the tabs fit the width --
@pytest.mark.parametrize(("width", "name", "spark"), [
    (78, 19, 0),     # 80 columns: no sparkline, no week change; names, values, Target shown
    (80, 12, 0),
    (100, 24, 6),    # names first, the sparkline shrinks
    (118, 24, 24),
    (198, 24, 30),   # everything at full size
])
def test_board_layout_keeps_names_values_and_target(width: int, name: int, spark: int
                                                    ) -> None:
    widths = layout(width, names=[24], latest=[13], targets=[9])
    assert sum(widths.values()) + PADDING * len(widths) < width
    assert (widths["Metric"], widths.get("Last 30", 0)) == (name, spark)
    assert widths["Latest"] == 13 and widths["Target"] == 9
    assert {"Status", "±prev", "Anomaly"} <= set(widths)


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_board_fits_long_names_and_values(data_file: Path, make_app: MakeApp,
                                                size: tuple[int, int]) -> None:
    write_during_file(data_file)
    metric = Metric(key="reads", name="内容阅读量 Content reads", unit="users", target=120000)
    repo = fresh(data_file)
    repo.add(metric)
    repo.add(Reading(metric_id=metric.id, day=TODAY, value=111707))
    app = make_app(data_file)
    async with app.run_test(size=size) as pilot:
        await open_during(pilot)
        await pilot.press("k")
        await pilot.pause()
        board = app.query_one(MetricBoard)
        widths = board.widths
        assert sum(widths.values()) + PADDING * len(widths) <= board.size.width
        assert [c.label.plain for c in board.columns.values()][:3] == list(COLUMNS[:3])
        assert widths["Latest"] >= len("111,707 users")
        assert widths["Target"] >= len("↑ 120,000")
        if size[0] == 200:
            assert widths["Metric"] >= 24      # the whole CJK name, no ellipsis
        strip = app.query_one(AttentionStrip)
        tabs = app.query_one("#during-sections", PhaseTabs)
        for widget in (strip, tabs):
            assert widget.render().cell_len <= widget.size.width   # type: ignore[union-attr]
        assert "Incidents" in tabs.render().plain
        assert "E1" in strip.render().plain or "1 unescalated E" in strip.render().plain


# -- 10. DAU is read as dau --
async def test_metric_key_is_lowercased(data_file: Path, make_app: MakeApp) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_during(pilot)
        await pilot.press("k", "a")
        form = await fill(pilot, key="DAU", name="日活")
        assert "dau" in text_of(form, "#key-msg")
        await save_form(pilot)
    metric = fresh(data_file).metric_by_key("dau")
    assert metric is not None and metric.name == "日活"


# -- 11. the board says why a metric is in alert --
@pytest.mark.parametrize(("value", "says"), [
    (31.2, "alert: 89% of target (ok at target, warn within 5% short, alert beyond)"),
    (33.6, "warn: 96% of target"),
    (35.0, "ok: 100% of target"),
])
def test_status_reason_names_the_percent_of_target(value: float, says: str) -> None:
    metric = Metric(key="d7", name="D7", unit="%", target=35.0)
    reading = Reading(metric_id=metric.id, day=date(2026, 11, 23), value=value)
    assert status_reason(board_row(metric, [reading], reading.day)).startswith(says)


async def test_metric_detail_explains_the_status(data_file: Path, make_app: MakeApp) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await open_during(pilot)
        await pilot.press("k")
        app.query_one(MetricBoard).select_key(RETENTION)
        await pilot.pause()
        detail = str(pane.query_one("#metric-detail", Static).render())
        assert "Status ok: 102% of target" in detail
        assert isinstance(pane, DuringPane)
