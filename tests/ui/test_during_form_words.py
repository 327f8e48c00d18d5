"""During's forms say a problem once, in the field's words: no echo of what was typed, no
line and column in a one-line field, a foot that names the field without the whole hint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from during_data import fill, open_during, write_during_file
from textual.widgets import Static

from opstui.ui.app import OpsApp
from opstui.ui.screens.field_form import SAVE_HINT


def shown(form: object, selector: str) -> str:
    return str(form.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_a_bad_meeting_date_is_said_once_and_briefly(
    data_file: Path, make_app: Callable[[Path], OpsApp]
) -> None:
    write_during_file(data_file)
    before = data_file.read_bytes()
    app = make_app(data_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_during(pilot)
        await pilot.press("m", "a")
        form = await fill(pilot, title="周会", day="2026 02 30")
        said = shown(form, "#day-msg")
        assert said.startswith("not a date (try today")
        assert "2026 02 30" not in said and "line 1" not in said
        # The action items' hint is said once (beside the field), not in its label too.
        hint = "one a line: what | owner | due"
        texts = [str(w.render()) for w in form.query(Static)]
        assert sum(t.count(hint) for t in texts) == 1, texts
        await pilot.press("ctrl+s")
        await pilot.pause()
        foot = shown(form, "#form-foot")
        assert foot == f"✗ Fix first: Date — not a date  · {SAVE_HINT}"
        assert app.screen is form  # refused, still open
    assert data_file.read_bytes() == before


async def test_a_long_problem_in_the_foot_is_cut_with_an_ellipsis(
    data_file: Path, make_app: Callable[[Path], OpsApp]
) -> None:
    write_during_file(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_during(pilot)
        await pilot.press("m", "a")
        form = await fill(pilot, title="", day="someday far away",
                          actions="one | two | three | four")
        await pilot.press("ctrl+s")
        await pilot.pause()
        foot = form.query_one("#form-foot", Static)
        assert foot.size.height == 1
        strips = app.screen._compositor.render_strips()
        drawn = "".join(s.text for s in strips[foot.region.y])
        inside = drawn[foot.region.x:foot.region.right].rstrip()
        assert inside.startswith("✗ Fix first: Date, Title") and inside.endswith("…"), drawn
