"""``opstui config show|path|set``, and commands reading the settings file."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Runner = Callable[..., Any]


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "conf" / "settings.toml"
    monkeypatch.setenv("OPSTUI_CONFIG", str(path))
    return path


def test_config_set_then_show_round_trip(cli: Runner, config_file: Path) -> None:
    assert cli("config", "path").out.strip() == str(config_file)
    done = cli("config", "set", "capacity.fri", "5")
    assert done.code == 0, done.err
    assert cli("config", "set", "team", "王芳:运营经理, Lin:运营专员").code == 0
    assert cli("config", "set", "me", "王芳").code == 0
    shown = cli("config", "show")
    assert shown.code == 0 and shown.err == ""
    read = tomllib.loads(shown.out)
    assert read["capacity"]["fri"] == 5.0 and read["me"] == "王芳"
    assert read["team"][1] == {"name": "Lin", "role": "运营专员"}
    assert tomllib.loads(config_file.read_text(encoding="utf-8")) == read


def test_config_set_refuses_a_bad_value_in_one_line(cli: Runner, config_file: Path) -> None:
    cli("config", "set", "team", "王芳:运营经理")
    before = config_file.read_bytes()
    for key, value, words in [("capacity.mon", "30", "capacity.mon"),
                              ("nope", "1", "no setting 'nope'"),
                              ("me", "Bob", "not on the team roster"),
                              ("stale_working_days", "soon", "not a whole number"),
                              ("keys.task_add", "ctrl+n", "looks like before.task_add")]:
        done = cli("config", "set", key, value)
        assert done.code == 2 and words in done.err and done.err.count("\n") == 1
    assert config_file.read_bytes() == before


def test_config_set_does_not_overwrite_a_file_with_another_bad_value(
        cli: Runner, config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text("lang = \"fr\"\n", encoding="utf-8")
    done = cli("config", "set", "capacity.mon", "6")
    assert done.code == 2 and "lang" in done.err
    assert config_file.read_text(encoding="utf-8") == "lang = \"fr\"\n"
    assert cli("config", "set", "lang", "zh").code == 0  # setting the bad key itself mends it
    assert tomllib.loads(config_file.read_text(encoding="utf-8"))["lang"] == "zh"


def test_a_command_with_a_bad_setting_still_runs_and_says_so(
        cli: Runner, config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text("[capacity]\nmon = -1\ntue = 7\n", encoding="utf-8")
    done = cli("add", "weekly numbers", "--plan", "today")  # today is a Monday
    assert done.code == 0
    assert done.err == (f"opstui: capacity.mon: Input should be greater than 0 ({config_file}); "
                        "using the default\n")
    assert json.loads(cli("plan", "show", "--json").out)["capacity_hours"] == 8.0


def test_plan_uses_the_weekday_capacity_of_the_settings(cli: Runner, config_file: Path) -> None:
    assert cli("config", "set", "capacity.mon", "5.5").code == 0  # today is a Monday
    assert cli("config", "set", "buffer.tue", "0").code == 0
    cli("add", "weekly numbers", "--plan", "today")
    cli("add", "retro notes", "--plan", "tomorrow")
    monday = json.loads(cli("plan", "show", "--json").out)
    tuesday = json.loads(cli("plan", "show", "2026-11-24", "--json").out)
    assert (monday["capacity_hours"], monday["buffer_pct"]) == (5.5, 20)
    assert (tuesday["capacity_hours"], tuesday["buffer_pct"]) == (8.0, 0)
    # a day's own change stays that day's; the settings stay as they were
    assert cli("plan", "set", "--capacity", "3").code == 0
    assert json.loads(cli("plan", "show", "--json").out)["capacity_hours"] == 3.0
    assert "mon = 5.5" in config_file.read_text(encoding="utf-8")


def test_reports_name_the_reporter_department_and_recipients(
        cli: Runner, config_file: Path) -> None:
    cli("add", "写周报 !P1", "--plan", "today")
    assert "From:" not in cli("report", "week").out  # nothing set, nothing shown
    cli("config", "set", "report.reporter", "王芳")
    cli("config", "set", "report.department", "用户运营部")
    cli("config", "set", "report.recipients", "李总, 张经理")
    week = cli("report", "week", "--lang", "zh")
    assert week.code == 0, week.err
    assert week.out.splitlines()[2] == "汇报人：王芳　部门：用户运营部　收件人：李总、张经理"
    day = cli("report", "day")
    assert "From: 王芳 · Department: 用户运营部 · To: 李总, 张经理" in day.out
