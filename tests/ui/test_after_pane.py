"""The After pane under Pilot on the demo data: shutdown and work log, the weekly report
preview and export, and a GRAI retro with goal and result pre-filled."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.widgets import Input, Select, SelectionList, Static, TextArea
from ui_data import open_after, type_into, wait_for

from opstui.demo import make_demo_copy
from opstui.domain.dates import parse_period
from opstui.domain.models import (
    Goal,
    LogEntry,
    Retrospective,
    SourceKind,
    Task,
)
from opstui.domain.report import weekly_report
from opstui.domain.report_markdown import weekly_markdown
from opstui.store.report_data import records_for
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.screens.report_preview import ExportScreen, ReportScreen
from opstui.ui.screens.retro_form import RetroForm
from opstui.ui.screens.worklog_form import WorklogScreen
from opstui.ui.widgets.report_view import ReportView

MONDAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 20)


async def test_shutdown_writes_the_days_log_and_rolls_unfinished_work(tmp_path: Path) -> None:
    path = make_demo_copy(FRIDAY, folder=tmp_path)
    before = Repository(path)
    plan = before.plan_for(FRIDAY)
    assert plan is not None
    unfinished = [t for i in plan.task_ids if (t := before.get(Task, i)) and t.is_open]
    assert len(unfinished) == 2
    # Today's evening is the user's: the demo has no work log for today yet.
    assert not [e for e in before.all(LogEntry) if e.day == FRIDAY]
    app = OpsApp(path, today=FRIDAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_after(pilot)
        await pilot.press("w")
        assert await wait_for(pilot, lambda: isinstance(app.screen, WorklogScreen))
        screen = app.screen
        # A log drafted from the day is the starting point.
        summary = screen.query_one("#log-summary", TextArea)
        summary.load_text("")
        await type_into(pilot, summary, "Wrap-up: 双12 plan half done")
        # Without reasons nothing is saved, and the form says why next to the tasks.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorklogScreen)
        assert "Say why" in str(screen.query_one("#carry-error-0", Static).render())
        await type_into(pilot, screen.query_one("#carry-reason-0", Input), "waiting for CTO")
        screen.query_one("#carry-action-1", Select).value = "unplanned"
        await type_into(pilot, screen.query_one("#carry-reason-1", Input), "boss first")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, WorklogScreen))
        log_text = str(app.query_one("#work-log", Static).render())
        assert "Wrap-up: 双12 plan half done" in log_text

    after = Repository(path)
    logs = [e for e in after.all(LogEntry) if e.day == FRIDAY]
    assert [e.summary for e in logs] == ["Wrap-up: 双12 plan half done"]
    rolled, unplanned = (after.get(Task, t.id) for t in unfinished)
    assert rolled is not None and unplanned is not None
    assert rolled.slips[-1].model_dump() == {"day": FRIDAY, "action": "rolled",
                                             "reason": "waiting for CTO",
                                             "to": FRIDAY + timedelta(days=1)}
    assert rolled.rollover_count == unfinished[0].rollover_count + 1
    assert unplanned.slips[-1].action == "unplanned"
    assert unplanned.rollover_count == unfinished[1].rollover_count
    tomorrow = after.plan_for(FRIDAY + timedelta(days=1))
    assert tomorrow is not None
    assert rolled.id in tomorrow.task_ids and unplanned.id not in tomorrow.task_ids


async def test_weekly_report_preview_matches_the_cli_and_exports(tmp_path: Path) -> None:
    path = make_demo_copy(FRIDAY, folder=tmp_path)
    week = parse_period("2026-W47")
    app = OpsApp(path, today=FRIDAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_after(pilot)
        await pilot.press("r")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        await pilot.pause()
        repo = app.repo
        assert repo is not None
        expected = weekly_report(records_for(repo, week.start, week.end, FRIDAY), week, FRIDAY)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert screen.page.markdown == weekly_markdown(expected, "en")
        drawn = screen.query_one(ReportView).text
        assert "Weekly report 2026-W47 (2026-11-16 – 11-22)" in drawn
        assert "双11 复盘会 (GRAI)" in drawn and "Risks and blockers" in drawn
        await pilot.press("l")
        await pilot.pause()
        assert screen.page.markdown == weekly_markdown(expected, "zh")
        drawn = screen.query_one(ReportView).text
        assert "周报 2026-W47" in drawn and "本周完成" in drawn and "风险与阻塞" in drawn
        # The previous week is one key away.
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.page.markdown.startswith("# 周报 2026-W46")
        await pilot.press("right_square_bracket")
        await pilot.pause()

        target = tmp_path / "周报.md"
        target.write_text("keep me", encoding="utf-8")
        await pilot.press("e")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        field = app.screen.query_one("#export-path", Input)
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == "keep me"  # not without confirmation
        assert "exists" in str(app.screen.query_one("#export-status", Static).render())
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        assert target.read_text(encoding="utf-8") == weekly_markdown(expected, "zh")
        await pilot.press("escape")
        await pilot.pause()
    # The language last chosen is kept as the setting.
    assert Repository(path).settings().lang == "zh"


async def test_a_grai_retro_for_the_campaign_is_prefilled(tmp_path: Path) -> None:
    path = make_demo_copy(FRIDAY, folder=tmp_path)
    repo = Repository(path)
    last = next(r for r in repo.all(Retrospective) if r.project == "双11 促销活动")
    goals = {g.id: g for g in repo.all(Goal)}
    app = OpsApp(path, today=FRIDAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_after(pilot)
        await pilot.press("n")
        assert await wait_for(pilot, lambda: isinstance(app.screen, RetroForm))
        form = app.screen
        await type_into(pilot, form.query_one("#retro-title", Input), "双11 复盘 (二)")
        await type_into(pilot, form.query_one("#retro-project", Input), "双11 促销活动")
        await pilot.pause()
        previous = str(form.query_one("#retro-previous", Static).render())
        assert "Last retro of this project: 双11 促销活动复盘" in previous
        assert "✓ 建立活动规则法务预审模板" in previous
        assert "✗ Push frequency cap" in previous
        # The last retro's goals and metrics are linked, and goal and result pre-filled.
        assert set(form.query_one("#retro-goals", SelectionList).selected) == set(last.goal_ids)
        goal_text = form.query_one("#section-goal", TextArea).text
        result_text = form.query_one("#section-result", TextArea).text
        for goal_id in last.goal_ids:
            assert goals[goal_id].title in goal_text
            assert goals[goal_id].title in result_text
        assert "Target 4.5%" in goal_text
        assert "Actual" in result_text and "vs Target" in result_text
        await type_into(pilot, form.query_one("#retro-actions", TextArea),
                        "Cap pushes @Marco >fri")
        await pilot.pause()
        assert "due 2026-11-27" in str(form.query_one("#retro-actions-parsed", Static).render())
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, RetroForm))

    saved = Repository(path)
    (new,) = [r for r in saved.all(Retrospective) if r.title == "双11 复盘 (二)"]
    assert new.format == "grai" and new.day == FRIDAY
    assert "付费转化率提升至 4.5%" in new.sections["goal"]
    (action,) = [t for t in saved.all(Task) if t.source.kind is SourceKind.RETRO
                 and t.source.ref == new.id]
    assert (action.title, action.owner, action.due) == ("Cap pushes", "Marco",
                                                        date(2026, 11, 27))


async def test_retros_open_from_the_list_and_the_monthly_review(tmp_path: Path) -> None:
    path = make_demo_copy(FRIDAY, folder=tmp_path)
    app = OpsApp(path, today=FRIDAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_after(pilot)
        listing = app.query_one("#retro-list")
        listing.focus()
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        text = app.screen.page.markdown  # type: ignore[attr-defined]
        assert text.startswith("# Retrospective: 双11 促销活动复盘")
        assert "- [x] Add a 3σ anomaly alert to the retention dashboard" in text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("m")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        review = app.screen.page.markdown  # type: ignore[attr-defined]
        assert review.startswith("# Monthly assessment 2026-11 (as of 11-20)")
        assert "| 林晓 |" in review


async def test_shutdown_marks_the_row_missing_a_reason_and_one_reason_serves_all(
        tmp_path: Path) -> None:
    path = make_demo_copy(FRIDAY, folder=tmp_path)
    plan = Repository(path).plan_for(FRIDAY)
    assert plan is not None
    unfinished = [t for i in plan.task_ids
                  if (t := Repository(path).get(Task, i)) and t.is_open]
    app = OpsApp(path, today=FRIDAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_after(pilot)
        await pilot.press("w")
        assert await wait_for(pilot, lambda: isinstance(app.screen, WorklogScreen))
        screen = app.screen
        await type_into(pilot, screen.query_one("#carry-reason-1", Input), "boss first")
        saved = path.read_bytes()
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Row 0 has no reason: marked there, and focus is in its field, ready for typing.
        first = screen.query_one("#carry-reason-0", Input)
        assert app.focused is first and first.has_class("-invalid")
        assert "Say why" in str(screen.query_one("#carry-error-0", Static).render())
        assert "Say why" not in str(screen.query_one("#carry-error-1", Static).render())
        assert path.read_bytes() == saved
        await pilot.press(*"CTO")  # goes into the row that needed it
        assert first.value == "CTO"
        first.value = ""
        # One reason for all the rows left empty.
        await type_into(pilot, screen.query_one("#carry-reason-all", Input), "大促优先")
        assert not first.has_class("-invalid")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, WorklogScreen))
    after = Repository(path)
    reasons = [after.get(Task, t.id).slips[-1].reason for t in unfinished]  # type: ignore[union-attr]
    assert reasons == ["大促优先", "boss first"]
