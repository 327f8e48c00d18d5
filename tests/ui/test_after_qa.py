"""QA findings in the After pane, under Pilot on the demo data: quick-add action lines in the
retro form, the cursor after the pre-fill, asking before discarding typed text, the summary at
80x24, and every note of the day in the shutdown."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from textual.widgets import Input, Label, SelectionList, Static, TextArea
from ui_data import open_after, type_into, wait_for

from opstui.demo import make_demo_copy
from opstui.domain.models import Goal, LogEntry, ProgressNote, Retrospective, SourceKind, Task
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.screens.confirm_discard import ConfirmDiscard
from opstui.ui.screens.retro_form import RetroForm
from opstui.ui.screens.worklog_form import WorklogScreen

MONDAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 20)


async def test_retro_actions_use_the_quick_add_syntax(tmp_path: Path) -> None:
    path = make_demo_copy(FRIDAY, folder=tmp_path)
    app = OpsApp(path, today=FRIDAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_after(pilot)
        await pilot.press("n")
        assert await wait_for(pilot, lambda: isinstance(app.screen, RetroForm))
        form = app.screen
        labels = " ".join(str(label.render()) for label in form.query(Label))
        assert "title @owner due:fri !P1" in labels and ">due" not in labels
        await type_into(pilot, form.query_one("#retro-title", Input), "双12 预演")
        await type_into(pilot, form.query_one("#retro-project", Input), "双12")
        actions = form.query_one("#retro-actions", TextArea)
        actions.load_text("大促前 SMS 通道压测 @Marco due:next-mon\nbad due:frday\nworse !P9")
        await pilot.pause()
        parsed = str(form.query_one("#retro-actions-parsed", Static).render())
        # every bad line is named as it is typed, the good one is read
        assert "line 2, col 5: 'due:frday'" in parsed
        assert "line 3, col 7: '!P9': not a priority" in parsed
        assert "→ task: 大促前 SMS 通道压测 · P2 · Marco · due 2026-11-23" in parsed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RetroForm)  # refused, text kept
        assert "Not saved: action line 2" in str(form.query_one("#retro-error", Static).render())
        assert actions.text.startswith("大促前 SMS")
        actions.load_text("大促前 SMS 通道压测 @Marco due:next-mon")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, RetroForm))
    saved = Repository(path)
    (retro,) = [r for r in saved.all(Retrospective) if r.title == "双12 预演"]
    (task,) = [t for t in saved.all(Task) if t.source.kind is SourceKind.RETRO
               and t.source.ref == retro.id]
    assert (task.title, task.owner, task.due) == ("大促前 SMS 通道压测", "Marco", MONDAY)


async def test_typing_in_a_prefilled_section_goes_below_the_draft(tmp_path: Path) -> None:
    path = make_demo_copy(FRIDAY, folder=tmp_path)
    app = OpsApp(path, today=FRIDAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_after(pilot)
        await pilot.press("n")
        assert await wait_for(pilot, lambda: isinstance(app.screen, RetroForm))
        form = app.screen
        await type_into(pilot, form.query_one("#retro-project", Input), "双11 促销活动")
        await pilot.pause()
        result = form.query_one("#section-result", TextArea)
        drafted = result.text
        assert drafted.strip()
        await type_into(pilot, result, "ok")
        assert result.text == drafted + "ok"
        assert result.text.splitlines()[-1] == "ok"  # not glued to the generated text


async def test_a_linked_metric_goal_is_prefilled_with_the_goal_boards_progress(
        tmp_path: Path) -> None:
    path = make_demo_copy(FRIDAY, folder=tmp_path)
    dau = next(g for g in Repository(path).all(Goal) if g.title.startswith("日活提升"))
    app = OpsApp(path, today=FRIDAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_after(pilot)
        await pilot.press("n")
        assert await wait_for(pilot, lambda: isinstance(app.screen, RetroForm))
        form = app.screen
        form.query_one("#retro-goals", SelectionList).select(dau.id)  # its metric not linked
        await pilot.pause()
        result = form.query_one("#section-result", TextArea).text
        # the goal board (Before pane) shows this goal at 70%, on track, from its metric
        assert "Progress 70% (on track)" in result and "no data" not in result


async def test_escape_asks_before_discarding_a_retro(tmp_path: Path) -> None:
    path = make_demo_copy(FRIDAY, folder=tmp_path)
    app = OpsApp(path, today=FRIDAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_after(pilot)
        # nothing typed: escape just closes
        await pilot.press("n")
        assert await wait_for(pilot, lambda: isinstance(app.screen, RetroForm))
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, RetroForm))
        await pilot.press("n")
        assert await wait_for(pilot, lambda: isinstance(app.screen, RetroForm))
        form = app.screen
        await type_into(pilot, form.query_one("#retro-title", Input), "half")
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDiscard))
        assert "Discard your changes?" in " ".join(
            str(label.render()) for label in app.screen.query(Label))
        await pilot.press("n")  # back, text kept
        assert await wait_for(pilot, lambda: app.screen is form)
        assert form.query_one("#retro-title", Input).value == "half"
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDiscard))
        await pilot.press("escape")  # escape also goes back
        assert await wait_for(pilot, lambda: app.screen is form)
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDiscard))
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, (RetroForm,
                                                                         ConfirmDiscard)))
    assert not [r for r in Repository(path).all(Retrospective) if r.title == "half"]


async def test_shutdown_asks_before_discarding_and_shows_the_summary_start(
        tmp_path: Path) -> None:
    path = make_demo_copy(MONDAY, folder=tmp_path)
    # A log already saved for the day, with a long summary (the demo leaves today's unwritten).
    old_log = LogEntry(day=MONDAY, summary="Week wrap: weekly report sent; 双12 plan half "
                       "done; release freeze waits for the CTO.")
    Repository(path).add(old_log)
    app = OpsApp(path, today=MONDAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_after(pilot)
        await pilot.press("w")
        assert await wait_for(pilot, lambda: isinstance(app.screen, WorklogScreen))
        screen = app.screen
        summary = screen.query_one("#log-summary", TextArea)
        # the day's long saved summary wraps and is shown whole at 80x24, start included
        assert summary.text == old_log.summary and len(summary.text) > 70
        assert summary.wrapped_document.height >= 2
        assert summary.scroll_offset == (0, 0)
        assert summary.content_region.height >= summary.wrapped_document.height
        text = "Weekly report sent; 双12 plan half done, CTO review moved to Wednesday"
        summary.load_text(text)
        await pilot.pause()
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDiscard))
        await pilot.press("n")
        assert await wait_for(pilot, lambda: app.screen is screen)
        assert summary.text == text
        await pilot.press("escape", "y")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, WorklogScreen))
    (log,) = [e for e in Repository(path).all(LogEntry) if e.day == MONDAY]
    assert log.summary == old_log.summary  # discarded: nothing saved


async def test_shutdown_lists_every_note_of_the_day_newest_first(tmp_path: Path) -> None:
    path = make_demo_copy(MONDAY, folder=tmp_path)
    repo = Repository(path)
    task = next(t for t in repo.all(Task) if t.is_open)
    repo.save(ProgressNote(task_id=task.id, at=datetime(2026, 11, 23, 15, 50),
                           text="SMS 压测排期确认", percent=40))
    notes = [n for n in repo.all(ProgressNote) if n.at.date() == MONDAY]
    app = OpsApp(path, today=MONDAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_after(pilot)
        await pilot.press("w")
        assert await wait_for(pilot, lambda: isinstance(app.screen, WorklogScreen))
        facts = str(app.screen.query_one("#worklog-facts", Static).render())
        assert f"Notes {len(notes)} (newest first):" in facts
        for note in notes:
            assert note.text in facts
        assert "15:50 " in facts and "SMS 压测排期确认 (40%)" in facts
        lines = facts.splitlines()
        first = lines.index(f"Notes {len(notes)} (newest first):") + 1
        times = [line.split()[0] for line in lines[first:first + len(notes)]]
        assert times == sorted((f"{n.at:%H:%M}" for n in notes), reverse=True)
