"""After, shift+m: the manager enters a member's scores; the monthly assessment shows them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Select, TextArea
from ui_data import open_after, type_into, wait_for

from opstui.demo import make_demo_copy
from opstui.domain.people import Assessment
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.screens.field_form import FieldForm
from opstui.ui.screens.report_preview import ReportScreen

FRIDAY = date(2026, 11, 20)


def this_month(path: Path) -> list[Assessment]:
    """Scores for November (the demo has October's)."""
    return [a for a in Repository(path).all(Assessment) if a.period == "2026-11"]


async def test_scores_entered_in_the_form_are_saved_and_shown(tmp_path: Path) -> None:
    path = make_demo_copy(FRIDAY, folder=tmp_path)
    app = OpsApp(path, today=FRIDAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_after(pilot)
        await pilot.press("M")
        assert await wait_for(pilot, lambda: isinstance(app.screen, FieldForm))
        form = app.screen
        form.query_one("#field-member", Select).value = "陈静"
        await type_into(pilot, form.query_one("#field-ability", Input), "4")
        await type_into(pilot, form.query_one("#field-attitude", Input), "9")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # 9 is out of 1-5: refused, nothing saved
        assert this_month(path) == []
        attitude = form.query_one("#field-attitude", Input)
        attitude.value = ""
        await type_into(pilot, attitude, "5")
        await type_into(pilot, form.query_one("#field-peer", Input), "80")
        await type_into(pilot, form.query_one("#field-comment", TextArea), "ok")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, FieldForm))
        (saved,) = this_month(path)
        assert (saved.member, saved.period, saved.ability, saved.attitude, saved.peer,
                saved.self_score, saved.comment) == ("陈静", "2026-11", 4, 5, 80, None, "ok")
        await pilot.press("m")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        text = app.screen.page.markdown  # type: ignore[attr-defined]
        part = text.split("## 陈静\n\n", 1)[1]
        assert part.startswith("- Results: ") and "- Ability 4/5, Attitude 5/5" in part
        assert "- Comment: ok" in part


async def test_h_marks_a_highlight_and_f_notes_a_finding(tmp_path: Path) -> None:
    from opstui.domain.models import Task
    from opstui.domain.people import Finding
    from opstui.ui.widgets.task_table import TaskTable

    path = make_demo_copy(FRIDAY, folder=tmp_path)
    app = OpsApp(path, today=FRIDAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_after(pilot)
        table = app.screen.query_one("#done-table", TaskTable)
        chosen = table.highlighted_task
        assert chosen is not None
        await pilot.press("h")
        assert await wait_for(pilot, lambda: any(t.highlight
                                                 for t in Repository(path).all(Task)))
        assert [t.id for t in Repository(path).all(Task) if t.highlight] == [chosen.id]
        await pilot.press("f")
        assert await wait_for(pilot, lambda: isinstance(app.screen, FieldForm))
        form = app.screen
        form.query_one("#field-stream", Select).value = "research"
        await type_into(pilot, form.query_one("#field-text", TextArea), "3 of 4 say too many")
        await type_into(pilot, form.query_one("#field-tags", Input), "push")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, FieldForm))
        (found,) = [f for f in Repository(path).all(Finding) if "too many" in f.text]
        assert (found.stream.value, found.text, found.tags, found.day) == (
            "research", "3 of 4 say too many", ["push"], FRIDAY)
