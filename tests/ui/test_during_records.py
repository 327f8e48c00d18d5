"""Meetings, review checks and incidents under Pilot, saved and re-read from disk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from during_data import SEVERE, fill, form_open, fresh, open_during, save_form, write_during_file
from textual.widgets import Static
from ui_data import TODAY

from opstui.domain.models import (
    Incident,
    Meeting,
    ReviewCheck,
    ReviewOutcome,
    SourceKind,
    Task,
)
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.screens.field_form import FieldForm
from opstui.ui.widgets.attention_strip import AttentionStrip
from opstui.ui.widgets.record_table import RecordTable

MakeApp = Callable[[Path], OpsApp]


async def test_a_meeting_with_two_action_items_makes_two_tasks(
    data_file: Path, make_app: MakeApp
) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_during(pilot)
        await pilot.press("m", "a")
        form = await fill(
            pilot, title="技术部 sync W48", departments="技术部，市场部", attendees="刘洋, Bob",
            minutes="Line one\n[b]not bold[/]", decisions="Freeze 12-09..12-12",
            actions="Sign the freeze | 刘洋 | fri\nPush cap estimate | Bob")
        message = str(form.query_one("#actions-msg", Static).render())
        assert "Sign the freeze · 刘洋 · 2026-11-27" in message
        await save_form(pilot)
        assert app.screen is not form
    repo = fresh(data_file)
    meeting = next(m for m in repo.all(Meeting) if m.title == "技术部 sync W48")
    assert meeting.departments == ["技术部", "市场部"] and meeting.minutes.endswith("[/]")
    actions = sorted((t for t in repo.all(Task) if t.source.ref == meeting.id),
                     key=lambda t: t.title)
    assert [(t.title, t.owner, t.due) for t in actions] == [
        ("Push cap estimate", "Bob", None), ("Sign the freeze", "刘洋", date(2026, 11, 27))]
    assert all(t.source.kind is SourceKind.MEETING for t in actions)

    # The next meeting of the same department shows them while still open.
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_during(pilot)
        await pilot.press("m", "a")
        await fill(pilot, title="技术部 sync W49", departments="技术部", day="tomorrow")
        await save_form(pilot)
        table = app.query_one("#meeting-table", RecordTable)
        later = next(m for m in fresh(data_file).all(Meeting) if m.title == "技术部 sync W49")
        table.select_key(later.id)
        await pilot.pause()
        detail = str(app.query_one("#meeting-detail", Static).render())
        assert "Still open from earlier meetings" in detail
        assert "Sign the freeze" in detail and "Push cap estimate" in detail
        await pilot.press("enter")
        form = await form_open(pilot)
        assert "Sign the freeze" in str(form.query_one("#form-extra", Static).render())


async def test_a_bad_action_item_line_is_refused(data_file: Path, make_app: MakeApp) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_during(pilot)
        await pilot.press("m", "a")
        form = await fill(pilot, title="x", actions="ok | Bob\nbad | Bob | someday")
        assert "line 2" in str(form.query_one("#actions-msg", Static).render())
        await save_form(pilot)
        assert app.screen is form
    assert len(fresh(data_file).all(Meeting)) == 1


async def test_a_rejection_needs_a_reason_and_approval_needs_every_item(
    data_file: Path, make_app: MakeApp
) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_during(pilot)
        await pilot.press("c", "a")
        form = await form_open(pilot)
        assert form.value_of("items").splitlines() == [
            "accurate | ?", "compliant | ?", "on brand | ?", "serves the goal | ?"]
        await fill(pilot, deliverable="双12 预热文案", outcome="approved",
                   items="accurate | pass\ncompliant | fail | 最低价\non brand | pass\n"
                         "price checked | pass")
        await save_form(pilot)
        assert "not passed: compliant" in str(form.query_one("#form-problem", Static).render())
        await fill(pilot, outcome="rejected")
        await save_form(pilot)
        assert "needs a reason" in str(form.query_one("#form-problem", Static).render())
        await fill(pilot, reason="绝对化用语")
        await save_form(pilot)
        assert app.screen is not form
    review = fresh(data_file).all(ReviewCheck)[0]
    assert review.outcome is ReviewOutcome.REJECTED and review.reason == "绝对化用语"
    assert [(i.label, i.passed, i.note) for i in review.items] == [
        ("accurate", True, ""), ("compliant", False, "最低价"), ("on brand", True, ""),
        ("price checked", True, "")]
    assert review.day == TODAY


async def test_escalate_an_s1(data_file: Path, make_app: MakeApp) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_during(pilot)
        strip = app.query_one(AttentionStrip)
        assert strip.counts.unescalated == 1
        await pilot.press("E")
        await pilot.pause()
        table = app.query_one("#incident-table", RecordTable)
        assert table.highlighted_key == SEVERE
        assert "NOT ESCALATED" in str(table.get_row_at(0)[1])
        await pilot.press("e")
        form = await fill(pilot, to="", note="all hands")
        await save_form(pilot)
        assert app.screen is form
        await fill(pilot, to="赵明远", inform="技术部, 客服部")
        await save_form(pilot)
        assert app.screen is not form
        assert strip.counts.unescalated == 0
        assert "↑ 赵明远" in str(table.get_row_at(0)[1])
        assert "Escalated to 赵明远" in str(app.query_one("#incident-detail", Static).render())
        # Resolve it: both cause and resolution are needed.
        await pilot.press("v")
        form = await fill(pilot, cause="gateway certificate expired")
        await save_form(pilot)
        assert app.screen is form
        await fill(pilot, resolution="renewed; alert added")
        await save_form(pilot)
    incident = fresh(data_file).get(Incident, SEVERE)
    assert incident is not None
    assert [(e.to, e.note) for e in incident.escalations] == [("赵明远", "all hands")]
    assert incident.departments_informed == ["技术部", "客服部"]
    assert incident.escalations[0].at.date() == TODAY
    assert not incident.is_open and incident.cause == "gateway certificate expired"


async def test_log_an_incident_about_a_metric(data_file: Path, make_app: MakeApp) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_during(pilot)
        await pilot.press("k", "exclamation_mark")
        await fill(pilot, title="Retention tracking broken", severity="S2", owner="Ann")
        await save_form(pilot)
        assert app.query_one(AttentionStrip).counts.unescalated == 2
    repo = fresh(data_file)
    logged = next(i for i in repo.all(Incident) if i.title == "Retention tracking broken")
    metric = repo.metric_by_key("cpa")  # the board is by key: cpa is the first row
    assert metric is not None and logged.metric_id == metric.id
    assert logged.needs_escalation and logged.owner == "Ann"


async def test_read_only_data_is_never_changed(data_file: Path, make_app: MakeApp) -> None:
    write_during_file(data_file)
    before = data_file.read_bytes()
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_during(pilot)
        # What the app holds when the file could only be opened read-only.
        app.repo = Repository(data_file, read_only=True)
        app.reload_panes()
        await pilot.pause()
        for keys in (("i", "e"), ("w", "s"), ("k", "x"), ("m", "a")):
            await pilot.press(*keys)
            await pilot.pause()
            assert not isinstance(app.screen, FieldForm), keys
    assert data_file.read_bytes() == before
