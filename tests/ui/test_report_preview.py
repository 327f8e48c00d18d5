"""The report preview shows every character the exported file has, Chinese included, at 80
columns (rich cut a long run of Chinese in a table cell with ``…``)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from textual.app import App
from ui_data import DEMO_DAY, wait_for

from opstui.demo import make_demo_copy
from opstui.domain.report import week_of, weekly_report
from opstui.domain.report_markdown import weekly_markdown
from opstui.store.report_data import records_for
from opstui.store.repository import Repository
from opstui.ui.screens.report_preview import ReportPage, ReportScreen
from opstui.ui.widgets.report_view import ReportView


def meaningful(text: str) -> Counter[str]:
    """The characters a reader must find: CJK, letters and digits (not table rules)."""
    return Counter(c for c in text if c.isalnum() or unicodedata.east_asian_width(c) == "W")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_preview_shows_what_the_file_says(
    tmp_path: Path, lang: str, size: tuple[int, int]
) -> None:
    path = make_demo_copy(DEMO_DAY, folder=tmp_path)
    week = week_of(None, DEMO_DAY)
    report = weekly_report(records_for(Repository(path), week.start, week.end, DEMO_DAY), week,
                           DEMO_DAY)
    markdown = weekly_markdown(report, lang)
    assert "获客成本降到 18 元以内" in markdown  # the line the preview cut

    class Preview(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ReportScreen(
                lambda _offset, _lang: ReportPage("Weekly report", markdown, "w.md"), lang,
                movable=False))

    app = Preview()
    async with app.run_test(size=size) as pilot:
        assert await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        await pilot.pause()
        drawn = app.screen.query_one(ReportView).text
    assert "…" not in drawn
    assert meaningful(drawn) == meaningful(markdown.replace("**", ""))


async def test_earlier_and_later_are_offered_only_when_they_move(tmp_path: Path) -> None:
    pages = {0: "# Retro\n\nonly one", -1: "# Earlier"}

    class Preview(App[None]):
        def __init__(self, movable: bool) -> None:
            super().__init__()
            self.movable = movable

        def on_mount(self) -> None:
            self.push_screen(ReportScreen(
                lambda offset, _lang: ReportPage("Retro", pages.get(offset, "# ?"), "r.md"),
                "en", movable=self.movable))

    for movable in (False, True):
        app = Preview(movable)
        async with app.run_test(size=(80, 24)) as pilot:
            assert await wait_for(pilot, lambda a=app: isinstance(a.screen, ReportScreen))
            keys = {b.binding.description for b in app.screen.active_bindings.values()}
            assert ("Earlier" in keys) is movable and ("Later" in keys) is movable
            await pilot.press("left_square_bracket")
            await pilot.pause()
            drawn = app.screen.query_one(ReportView).text
            assert ("Earlier" in drawn) is movable


async def test_an_export_says_so_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    class Preview(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ReportScreen(
                lambda _offset, _lang: ReportPage("Weekly", "# 周报\n\n完成 3 项", "w.md"), "zh",
                folder=tmp_path))

    app = Preview()
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        await pilot.press("e")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, ReportScreen))
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
    assert (tmp_path / "w.md").read_text(encoding="utf-8") == "# 周报\n\n完成 3 项"
    assert len([m for m in said if "w.md" in m]) == 1, said
