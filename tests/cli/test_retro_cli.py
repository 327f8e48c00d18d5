"""``opstui retro list`` and ``opstui retro show`` on the demo data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from opstui.demo import make_demo_copy
from opstui.domain.models import Retrospective, Source, SourceKind, Task
from opstui.store.repository import Repository

Runner = Callable[..., Any]
"""The ``cli`` fixture: runs ``opstui ARGS`` in this process, returns code and output."""


@pytest.fixture
def demo_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Runner) -> Path:
    """A fresh demo copy ending on Friday 2026-11-20, used by ``cli``."""
    path = make_demo_copy(date(2026, 11, 20), folder=tmp_path)
    monkeypatch.setenv("OPSTUI_DB", str(path))
    monkeypatch.setenv("OPSTUI_TODAY", "2026-11-20")
    return path


def test_list_shows_newest_first_with_actions_done(cli: Runner, demo_file: Path) -> None:
    result = cli("retro", "list")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "DAY", "FORMAT", "ACTIONS", "PROJECT", "TITLE"]
    assert "2026-11-17" in lines[1] and "GRAI" in lines[1] and "2/5" in lines[1]
    assert "双11 促销活动复盘" in lines[1]
    assert "2026-11-02" in lines[2] and "KPT" in lines[2]


def test_show_prints_sections_and_actions(cli: Runner, demo_file: Path) -> None:
    retro = next(r for r in Repository(demo_file).all(Retrospective) if r.format == "grai")
    result = cli("retro", "show", retro.id[:6], "--lang", "zh")
    assert result.code == 0
    out = result.out
    assert out.startswith("# 复盘: 双11 促销活动复盘")
    for heading in ("## 目标回顾", "## 结果对比", "## 过程分析", "## 总结规律", "## 改进项"):
        assert heading in out
    assert "- [x] 建立活动规则法务预审模板 (大促前 10 天送审)（林晓，截止 11-19）" in out
    assert "- [ ] Push frequency cap: at most 2 a day per user（Marco，截止 11-25，受阻）" in out


def test_a_new_retro_of_the_project_shows_the_last_ones_actions(
    cli: Runner, demo_file: Path
) -> None:
    repo = Repository(demo_file)
    new = repo.save(Retrospective(title="双11 复盘 (二)", project="双11 促销活动",
                                  day=date(2026, 11, 20)))
    repo.save(Task(title="New action", source=Source(kind=SourceKind.RETRO, ref=new.id)))
    out = cli("retro", "show", new.short_id).out
    assert "## Actions from the last retro: 双11 促销活动复盘 (2026-11-17)" in out
    assert "- [ ] Release freeze 3 days before big campaigns" in out
    assert out.rstrip().endswith("- [ ] New action (unassigned)")


@pytest.mark.parametrize(("args", "message"), [
    (("retro", "show", "zzzz"), "not a retrospective id"),
    (("retro", "show", "0000"), "no retrospective with id"),
    (("retro",), "say what to do"),
])
def test_bad_ids_are_one_line(cli: Runner, demo_file: Path, args: tuple[str, ...],
                              message: str) -> None:
    result = cli(*args)
    assert result.code == 2
    assert message in result.err


def test_no_retros(cli: Runner) -> None:
    assert cli("retro", "list").out == "no retrospectives\n"
