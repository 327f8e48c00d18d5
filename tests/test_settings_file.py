"""The settings file: defaults, bad values (one line, the default kept), the writer's round
trip, per-weekday capacity (the command is in ``tests/cli/test_config_cli.py``)."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from opstui.domain.planning import new_plan
from opstui.domain.settings import Role, Settings
from opstui.settings_file import load_settings, resolve_config_file, set_value, to_toml

MONDAY = date(2026, 11, 23)


def test_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "settings.toml")
    assert not loaded.exists and loaded.problems == []
    assert loaded.settings == Settings()
    assert loaded.settings.capacity.on(MONDAY) == 8.0
    assert loaded.settings.working_days == ["mon", "tue", "wed", "thu", "fri"]


def test_the_file_is_found_by_option_then_environment_then_config_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPSTUI_CONFIG", str(tmp_path / "env.toml"))
    assert resolve_config_file(str(tmp_path / "cli.toml")) == tmp_path / "cli.toml"
    assert resolve_config_file(None) == tmp_path / "env.toml"
    monkeypatch.delenv("OPSTUI_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert resolve_config_file(None) == tmp_path / "xdg" / "opstui" / "settings.toml"


def test_a_bad_value_is_named_and_only_that_key_keeps_its_default(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('lang = "zh"\nstale_working_days = 0\n[capacity]\nmon = 30\ntue = 6\n'
                    '[assessment.parts]\nresults = 50\n', encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.lang == "zh"                 # the good keys count
    assert loaded.settings.capacity.tue == 6.0
    assert loaded.settings.capacity.mon == 8.0          # the bad ones keep their default
    assert loaded.settings.stale_working_days == 3
    assert loaded.settings.assessment.parts.results == 60
    assert len(loaded.problems) == 3
    for problem, key in zip(loaded.problems, ["stale_working_days", "capacity.mon",
                                              "assessment.parts"], strict=True):
        assert problem.startswith(f"{key}: ") and str(path) in problem
        assert "\n" not in problem


def test_a_file_that_is_not_toml_gives_the_defaults_and_one_line(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("lang = \n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert len(loaded.problems) == 1 and str(path) in loaded.problems[0]


def test_the_written_file_reads_back_the_same(tmp_path: Path) -> None:
    settings = Settings(
        lang="zh", working_days=["mon", "tue", "wed", "thu", "fri", "sat"],
        capacity={"mon": 6, "fri": 4.5}, buffer={"fri": 40},
        report={"reporter": '王芳 "Fang"', "department": "用户运营部\\增长",
                "recipients": ["李总", "ops@example.com"]},
        team=[{"name": "王芳", "role": "运营经理"}, {"name": "Lin", "role": "数据分析员"}],
        me="王芳", keys={"before.task_add": "ctrl+n", "app.help": "f1"},
        assessment={"assessors": {"superior": 50, "peer": 20, "self": 10, "data": 20}},
        theme="nord", sync_interval_minutes=15)
    text = to_toml(settings)
    assert Settings.model_validate(tomllib.loads(text)) == settings
    assert "# An open task with no update for this many working days" in text  # documented


def test_per_weekday_capacity_for_a_new_plan() -> None:
    settings = Settings(capacity={"fri": 5}, buffer={"fri": 10})
    friday, monday = date(2026, 11, 27), date(2026, 11, 30)
    assert (new_plan(friday, settings).capacity_hours, new_plan(friday, settings).buffer_pct) \
        == (5.0, 10)
    assert (new_plan(monday, settings).capacity_hours, new_plan(monday, settings).buffer_pct) \
        == (8.0, 20)
    changed = settings.with_day_default(monday, 6, 25)
    assert new_plan(date(2026, 12, 7), changed).capacity_hours == 6.0  # every Monday after
    assert new_plan(date(2026, 12, 8), changed).capacity_hours == 8.0


def test_older_per_data_file_settings_still_read() -> None:
    old = Settings.model_validate({"lang": "zh", "capacity_hours": 6, "buffer_pct": 30,
                                   "stale_days": 5, "default_estimate_minutes": 60,
                                   "archive_after_days": 21})
    assert old.capacity.wed == 6.0 and old.buffer.sun == 30 and old.stale_working_days == 5


def test_set_value_reads_the_type_of_the_key() -> None:
    settings = set_value(Settings(), "team", "王芳:运营经理, Lin")
    assert [(m.name, m.role) for m in settings.team] == [("王芳", Role.MANAGER),
                                                          ("Lin", Role.SPECIALIST)]
    assert set_value(settings, "me", "Lin").me == "Lin"
    assert set_value(settings, "working_days", "mon,tue").working_days == ["mon", "tue"]
    assert set_value(settings, "keys.before.task_add", "ctrl+n").keys == {
        "before.task_add": "ctrl+n"}
    assert set_value(settings, "assessment.assessors.self", "10").assessment.assessors.self_ \
        == 10


def test_week_start_sets_the_days_of_the_week_view() -> None:
    from opstui.domain.planning import week_days

    wednesday = date(2026, 11, 25)
    sunday_first = Settings(week_start="sun")
    assert sunday_first.week_of(wednesday) == date(2026, 11, 22)
    days = week_days(wednesday, sunday_first.week_of(wednesday).weekday())
    assert (days[0], days[-1]) == (date(2026, 11, 22), date(2026, 11, 28))
    assert week_days(wednesday)[0] == Settings().week_of(wednesday) == MONDAY


def test_two_writers_keep_both_changes(tmp_path: Path) -> None:
    """The TUI and ``opstui config set`` at once: each writes only the keys it changed."""
    path = tmp_path / "settings.toml"
    path.write_text('lang = "zh"\n', encoding="utf-8")
    tui, cli = load_settings(path), load_settings(path)
    cli.write(set_value(cli.settings, "capacity.mon", "6"))
    written = tui.write(tui.settings.model_copy(update={"theme": "nord"}))
    assert (written.lang, written.capacity.mon, written.theme) == ("zh", 6.0, "nord")
    assert load_settings(path).settings == written
    removed = tui.write(tui.settings.model_copy(update={"keys": {"app.help": "f1"}}))
    assert removed.keys == {"app.help": "f1"}
    assert tui.write(removed.model_copy(update={"keys": {}})).keys == {}
