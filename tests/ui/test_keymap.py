"""The user's keys and theme: ``[keys]`` remaps work under Pilot and show in the key bar and
help, a clash is refused naming both, the theme and a weekday's capacity are written back."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.command import CommandPalette
from textual.geometry import Region
from textual.widgets import Input, Select
from ui_data import TODAY, type_into, wait_until_loaded

from opstui.domain.models import Task
from opstui.domain.settings import Settings
from opstui.settings_file import Loaded, load_settings
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.keymap import binding_scopes, check_keymap
from opstui.ui.screens.field_form import FieldForm
from opstui.ui.screens.help import HelpScreen
from opstui.ui.widgets.key_bar import KeyBar


def settings_file(tmp_path: Path, text: str) -> Loaded:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def bar_text(app: OpsApp) -> str:
    return str(app.query_one(KeyBar).render())


def test_every_binding_has_an_id() -> None:
    missing = [f"{scope.name}: {b.key} -> {b.action}" for scope in binding_scopes()
               for b in scope.bindings if not b.id]
    assert missing == []
    assert len(binding_scopes()) >= 10


def test_a_clash_in_one_scope_is_refused_naming_both() -> None:
    accepted, problems = check_keymap(
        {"before.task_add": "x", "before.week": "ctrl+w", "day.today": "a", "nope.nothing": "z"},
        binding_scopes())
    assert accepted == {"before.week": "ctrl+w"}
    assert problems[0] == ("keys: before.task_add on 'x' would clash with before.plan_remove "
                           "in BeforePane; before.task_add keeps its default key")
    assert "day.today" in problems[1] and "before.task_add" in problems[1]
    assert "'nope.nothing'" in problems[2]
    # a key freed by another remap may be taken (x moves away from unplan first)
    accepted, problems = check_keymap({"before.plan_remove": "X", "before.task_add": "x"},
                                      binding_scopes())
    assert problems == [] and accepted == {"before.plan_remove": "X", "before.task_add": "x"}
    # the same key in two different scopes is no clash
    assert check_keymap({"before.week": "ctrl+w", "after.weekly": "ctrl+w"},
                        binding_scopes())[1] == []


async def test_a_remapped_key_works_and_shows_in_the_key_bar_and_help(
        sample_file: Path, tmp_path: Path) -> None:
    loaded = settings_file(tmp_path, '[keys]\n"before.task_add" = "ctrl+n"\n'
                                     '"app.help" = "f1"\n')
    app = OpsApp(sample_file, today=TODAY, settings=loaded)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        line = bar_text(app)
        assert "^n Add task" in line and " a Add task" not in line
        assert line.index("x Unplan") < line.index("^n Add task") < line.index("/ Filter")
        assert "f1 Help" in line and "? Help" not in line
        await pilot.press("a")  # the old key does nothing now
        await pilot.pause()
        assert not isinstance(app.screen, FieldForm)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, FieldForm)
        await type_into(pilot, app.screen.query_one("#field-title", Input), "重映射 remapped")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "重映射 remapped" in {t.title for t in Repository(sample_file).all(Task)}
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table")
        lines = [s.text for s in table.render_lines(Region(0, 0, table.size.width,
                                                            table.size.height))]
        assert any(line.split()[:2] == ["f1", "Show"] for line in lines if line.strip())
        assert any(line.split()[:3] == ["^n", "Add", "a"] for line in lines if line.strip())


async def test_a_clashing_remap_is_refused_with_a_message(
        sample_file: Path, tmp_path: Path) -> None:
    loaded = settings_file(tmp_path, '[keys]\n"before.task_add" = "p"\n')
    app = OpsApp(sample_file, today=TODAY, settings=loaded)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        said = [n.message for n in app._notifications]
        assert any("before.task_add" in m and "before.plan_add" in m for m in said)
        await pilot.press("tab")  # the backlog, where p plans
        await pilot.pause()
        assert " a Add task" in bar_text(app) and " p Plan" in bar_text(app)


async def test_a_bad_setting_is_said_and_the_app_starts(
        sample_file: Path, tmp_path: Path) -> None:
    loaded = settings_file(tmp_path, '[capacity]\nmon = 99\n')
    app = OpsApp(sample_file, today=TODAY, settings=loaded)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        said = [n.message for n in app._notifications]
        assert any(m.startswith("capacity.mon:") and str(loaded.path) in m for m in said)
        assert app.repo is not None and app.repo.settings().capacity.mon == 8.0


async def test_the_theme_chosen_is_remembered(sample_file: Path, tmp_path: Path) -> None:
    loaded = settings_file(tmp_path, 'theme = "nord"\n')
    app = OpsApp(sample_file, today=TODAY, settings=loaded)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        assert app.theme == "nord"
        await pilot.press("ctrl+t")  # the theme picker (also ctrl+p "Theme")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        app.theme = "gruvbox"
        await pilot.pause()
        await pilot.pause()
    written = tomllib.loads(loaded.path.read_text(encoding="utf-8"))
    assert written["theme"] == "gruvbox"
    again = OpsApp(sample_file, today=TODAY, settings=load_settings(loaded.path))
    async with again.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        assert again.theme == "gruvbox"


async def test_a_capacity_made_the_weekday_default_is_written_back(
        sample_file: Path, tmp_path: Path) -> None:
    loaded = settings_file(tmp_path, 'lang = "zh"\n')
    app = OpsApp(sample_file, today=TODAY, settings=loaded)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("c")
        await pilot.pause()
        await type_into(pilot, app.screen.query_one("#field-capacity", Input), "6")
        app.screen.query_one("#field-default", Select).value = "weekday"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        plan = Repository(sample_file).plan_for(TODAY)
        assert plan is not None and plan.capacity_hours == 6.0
        await pilot.press("right_square_bracket")  # Tuesday keeps its default
        await pilot.pause()
    written = load_settings(loaded.path).settings
    assert written.capacity.mon == 6.0 and written.capacity.tue == 8.0
    assert written.lang == "zh"  # the rest of the file is kept
    assert written == Settings(lang="zh", capacity={"mon": 6})


async def test_date_lang_names_the_day_in_chinese(sample_file: Path, tmp_path: Path) -> None:
    from opstui.ui.widgets.day_bar import DayBar

    loaded = settings_file(tmp_path, 'date_lang = "zh"\n')
    app = OpsApp(sample_file, today=TODAY, settings=loaded)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        assert "周一 2026-11-23 · 2026-W48 · 今天" in str(app.query_one(DayBar).render())


def test_the_readme_documents_every_setting_and_every_binding_id() -> None:
    from pydantic import BaseModel

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    settings = readme[readme.index("## Settings"):readme.index("## The command line")]

    def keys(model: type[BaseModel], prefix: str = "") -> list[str]:
        out = []
        for name, info in model.model_fields.items():
            key = f"{prefix}{info.alias or name}"
            sub = info.annotation
            if isinstance(sub, type) and issubclass(sub, BaseModel) and key != "team":
                out += keys(sub, f"{key}.")
            else:
                out.append(key)
        return out

    for key in keys(Settings):
        last = key.rsplit(".", 1)[-1]
        shown = (f"`{key}`", f"`{last}`", f"`[[{key}]]`", f"`[{key}]`",
                 f"`{key.rsplit('.', 1)[0]}.mon`")
        assert any(form in settings for form in shown), key
    for scope in binding_scopes():
        for binding in scope.bindings:
            assert f"`{binding.id}`" in settings, binding.id
