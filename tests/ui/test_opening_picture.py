"""The opening picture: the day's first screen drawn ahead, shown at once on the next start
while the data is read, only when nothing it shows changed; keys pressed meanwhile are kept."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
from textual.command import CommandPalette
from textual.pilot import Pilot
from ui_data import TODAY, wait_until_loaded

from opstui.actions.tasks import add_task
from opstui.domain.clock import Clock
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.opening_picture import OpeningPictureScreen, lines_of
from opstui.ui.picture_painter import draw, main
from opstui.ui.picture_shelf import PictureShelf

SIZE = (100, 30)


def _text(lines: list[list[list[str]]]) -> list[str]:
    return ["".join(text for text, _ in line) for line in lines]


def _shelf(tmp_path: Path, data_file: Path, settings: Path | None = None) -> PictureShelf:
    return PictureShelf(tmp_path / "pictures", data_file, settings)


class SlowDisk(OpsApp):
    """The app on a disk that answers only when the test says so."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.disk_answers = threading.Event()

    def _open_in_thread(self) -> Any:
        self.disk_answers.wait(10)
        return super()._open_in_thread()

    async def picture_shown_then_data(self, pilot: Pilot[None], *keys: str) -> None:
        """Press ``keys`` on the picture (nothing acts), then let the disk answer."""
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(self.screen, OpeningPictureScreen)
        self.disk_answers.set()
        await wait_until_loaded(pilot)
        await pilot.pause()


async def _pictured(sample_file: Path, tmp_path: Path) -> SlowDisk:
    """The app on a slow disk, with a picture of today drawn for it."""
    shelf = _shelf(tmp_path, sample_file)
    await draw(shelf, TODAY, SIZE)
    return SlowDisk(sample_file, today=TODAY, pictures=shelf)


async def test_the_first_frame_is_the_picture_and_the_picture_is_what_the_data_draws(
        sample_file: Path, tmp_path: Path) -> None:
    shelf = _shelf(tmp_path, sample_file)
    picture = await draw(shelf, TODAY, SIZE)
    assert picture is not None
    assert any("Plan 计划" in line for line in _text(picture.lines))

    app = SlowDisk(sample_file, today=TODAY, pictures=shelf)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OpeningPictureScreen)
        assert not app.loaded  # the data is not read yet, and the day is on screen
        shown = lines_of(app.screen._compositor.render_strips())
        assert shown == picture.lines

        app.disk_answers.set()
        await wait_until_loaded(pilot)
        assert not isinstance(app.screen, OpeningPictureScreen)
        drawn = lines_of(app.screen._compositor.render_strips())
        assert drawn == shown  # the same text in the same colours


async def test_keys_pressed_on_the_picture_act_in_order_once_the_data_is_on_screen(
        sample_file: Path, tmp_path: Path) -> None:
    app = await _pictured(sample_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket", "3", "2")
        await pilot.pause()
        assert app.day == TODAY and app.active_pane == "before"  # nothing acted yet
        await app.picture_shown_then_data(pilot)
        assert app.day == TODAY + timedelta(days=1)
        assert app.active_pane == "during"  # "3" then "2", in that order


async def test_the_palette_asked_for_on_the_picture_opens_over_the_data(
        sample_file: Path, tmp_path: Path) -> None:
    app = await _pictured(sample_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.picture_shown_then_data(pilot, "ctrl+p")  # held, as every key but quit
        assert isinstance(app.screen, CommandPalette)
        assert not any(isinstance(s, OpeningPictureScreen) for s in app.screen_stack)


async def test_quit_works_while_the_picture_is_shown(sample_file: Path,
                                                     tmp_path: Path) -> None:
    app = await _pictured(sample_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app._exit, "ctrl+q was held instead of quitting"
        app.disk_answers.set()


async def test_no_picture_once_another_process_changed_the_data(sample_file: Path,
                                                                tmp_path: Path) -> None:
    shelf = _shelf(tmp_path, sample_file)
    await draw(shelf, TODAY, SIZE)
    assert shelf.find(TODAY) is not None
    add_task(Repository(sample_file), Clock.on(TODAY), {"title": "Added from the CLI"},
             source="cli")
    assert shelf.find(TODAY) is None

    app = OpsApp(sample_file, today=TODAY, pictures=shelf)
    async with app.run_test(size=SIZE) as pilot:
        assert not isinstance(app.screen, OpeningPictureScreen)
        await wait_until_loaded(pilot)
        assert "Added from the CLI" in "\n".join(
            _text(lines_of(app.screen._compositor.render_strips())))


async def test_no_picture_for_another_day_size_or_settings(sample_file: Path,
                                                           tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    shelf = _shelf(tmp_path, sample_file, settings)
    await draw(shelf, TODAY, SIZE)
    assert shelf.find(TODAY) is not None
    assert shelf.find(TODAY + timedelta(days=2)) is None

    app = OpsApp(sample_file, today=TODAY, pictures=shelf)
    async with app.run_test(size=(SIZE[0] + 1, SIZE[1])) as pilot:
        assert not isinstance(app.screen, OpeningPictureScreen)
        await wait_until_loaded(pilot)

    settings.write_text('date_lang = "zh"\n', encoding="utf-8")
    assert shelf.find(TODAY) is None


async def test_the_picture_follows_the_settings_it_was_drawn_with(sample_file: Path,
                                                                  tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text('date_lang = "zh"\ntheme = "nord"\n', encoding="utf-8")
    shelf = _shelf(tmp_path, sample_file, settings)
    picture = await draw(shelf, TODAY, SIZE)
    assert picture is not None and picture.theme == "nord"
    assert "今天" in _text(picture.lines)[0]

    from opstui.settings_file import load_settings

    app = SlowDisk(sample_file, today=TODAY, pictures=shelf,
                   settings=lambda: load_settings(settings))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OpeningPictureScreen) and app.theme == "nord"
        app.disk_answers.set()
        await wait_until_loaded(pilot)
        assert app.settings_hook.settings.date_lang == "zh"
        assert "今天" in _text(lines_of(app.screen._compositor.render_strips()))[0]


async def test_nothing_is_kept_of_a_file_that_cannot_be_used(tmp_path: Path) -> None:
    data_file = tmp_path / "opstui.json"
    data_file.write_text("{ not json", encoding="utf-8")
    shelf = _shelf(tmp_path, data_file)
    assert await draw(shelf, TODAY, SIZE) is None
    assert not shelf.path(TODAY).exists()
    assert data_file.read_text(encoding="utf-8") == "{ not json"


def test_the_painter_draws_today_and_tomorrow_and_writes_no_data(sample_file: Path,
                                                                 tmp_path: Path) -> None:
    before = sample_file.read_bytes(), os.stat(sample_file).st_mtime_ns
    folder = tmp_path / "pictures"
    done = subprocess.run(
        [sys.executable, "-m", "opstui.ui.picture_painter", str(sample_file),
         "--size", "100x30", "--today", TODAY.isoformat(), "--folder", str(folder)],
        capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    shelf = PictureShelf(folder, sample_file, None)
    assert shelf.find(TODAY) is not None
    assert shelf.find(TODAY + timedelta(days=1)) is not None
    assert (sample_file.read_bytes(), os.stat(sample_file).st_mtime_ns) == before
    assert oct(shelf.path(TODAY).stat().st_mode & 0o777) == "0o600"

    # A day later, the picture of two days before is dropped.
    main([str(sample_file), "--size", "100x30", "--today",
          (TODAY + timedelta(days=2)).isoformat(), "--folder", str(folder)])
    assert not shelf.path(TODAY).exists()
    assert orjson.loads(shelf.path(TODAY + timedelta(days=3)).read_bytes())["size"] == [100,
                                                                                       30]


async def test_a_damaged_picture_is_no_picture(sample_file: Path, tmp_path: Path) -> None:
    shelf = _shelf(tmp_path, sample_file)
    await draw(shelf, TODAY, SIZE)
    kept = orjson.loads(shelf.path(TODAY).read_bytes())
    kept["lines"][0][0][1] = "bold on on no such colour"
    shelf.path(TODAY).write_bytes(orjson.dumps(kept))
    assert shelf.find(TODAY) is None
    shelf.path(TODAY).write_bytes(b'{"key": ')
    assert shelf.find(TODAY) is None

    app = OpsApp(sample_file, today=TODAY, pictures=shelf)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(pilot)
        assert not isinstance(app.screen, OpeningPictureScreen) and app.repo is not None
