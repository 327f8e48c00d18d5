"""Feedback notes, findings of the ongoing work and campaign budgets, from the CLI to the
reports that show them (the demo, today pinned to its Monday morning)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from opstui.demo import make_demo_copy
from opstui.domain.models import Goal, Retrospective
from opstui.store.repository import Repository

Runner = Callable[..., Any]


@pytest.fixture
def monday(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Runner) -> Runner:
    # copied the Sunday before: the story's whole last week is W48, the week before Monday
    path = make_demo_copy(date(2026, 11, 29), folder=tmp_path)
    monkeypatch.setenv("OPSTUI_DB", str(path))
    monkeypatch.setenv("OPSTUI_TODAY", "2026-11-30T09:30")
    return cli


def _repo() -> Repository:
    return Repository(Path(os.environ["OPSTUI_DB"]))


def test_findings_are_listed_searchable_and_in_the_weekly_report(monday: Runner) -> None:
    assert monday("finding", "add", "competitor", "竞品 A 上线了连续签到玩法", "-t", "签到,增长",
                  "--date", "2026-11-26").code == 0
    assert monday("finding", "add", "research", "4 位流失用户里 3 位说推送太多",
                  "--date", "2026-11-27").code == 0
    assert monday("finding", "add", "process", "next week's note", "--date", "2026-12-01"
                  ).code == 0
    found = monday("finding", "list", "--grep", "签到")
    assert found.code == 0
    assert "竞品 A 上线了连续签到玩法" in found.out and "推送太多" not in found.out
    assert "#增长" in monday("finding", "list", "--grep", "增长").out  # tags are searched too
    assert "no findings match" in monday("finding", "list", "--grep", "nothing-like-it").out
    text = monday("report", "week", "--lang", "zh").out  # last week: W48
    part = text.split("## 持续性工作\n\n", 1)[1].split("\n## ", 1)[0]

    def stream(heading: str) -> list[str]:
        return part.split(f"### {heading}\n\n", 1)[1].split("\n\n", 1)[0].splitlines()

    competitors = stream("竞品/行业动态")
    assert "- 11-26 竞品 A 上线了连续签到玩法 #签到 #增长" in competitors
    assert competitors == sorted(competitors)  # by day
    assert "- 11-27 4 位流失用户里 3 位说推送太多" in stream("用户调研")
    assert part.index("### 竞品/行业动态") < part.index("### 用户调研")
    assert "next week's note" not in text


def test_a_bad_stream_is_one_line(monday: Runner) -> None:
    result = monday("finding", "add", "gossip", "x")
    assert result.code == 2 and "invalid choice" in result.err


def test_feedback_is_listed_newest_first(monday: Runner) -> None:
    monday("feedback", "add", "Marco", "improve", "规则文案先给法务", "--date", "2026-11-20")
    monday("feedback", "add", "陈静", "development", "报名内容运营训练营", "--date", "2026-11-30")
    lines = monday("feedback", "list").out.splitlines()
    assert "陈静" in lines[1] and "development" in lines[1]  # the newest, the demo's after it
    days = [line.split()[1] for line in lines[1:]]
    assert days == sorted(days, reverse=True)
    assert any("Marco" in line and "规则文案先给法务" in line for line in lines)
    only = monday("feedback", "list", "Marco").out
    assert "规则文案先给法务" in only and "陈静" not in only


def test_a_campaign_budget_shows_in_the_weekly_report_and_the_retro(monday: Runner) -> None:
    repo = _repo()
    retro = next(r for r in repo.all(Retrospective) if r.title == "双11 促销活动复盘")
    goal = next(g for g in repo.all(Goal) if g.title == "日活提升 20% (DAU +20%)")
    assert goal.id in retro.goal_ids
    result = monday("goal", "budget", goal.id[:8], "--planned", "200000", "--spent", "150000")
    assert result.code == 0, result.err
    assert "¥200,000" in result.out
    week = monday("report", "week", "--lang", "zh").out
    assert ("| 日活提升 20% (DAU +20%) | 林晓 | ¥200,000 | ¥150,000 | 75% |" in
            week.split("## 活动预算", 1)[1])
    shown = monday("retro", "show", retro.id[:8], "--lang", "zh").out
    assert "## 活动预算\n\n- 日活提升 20% (DAU +20%)：预算 ¥200,000，已花费 ¥150,000，使用率 75%" \
        in shown
    assert monday("goal", "budget", goal.id[:8], "--spent", "-5").code == 2


def test_the_journal_can_undo_a_score(monday: Runner) -> None:
    """Scores go through the actions layer: one undo takes them back."""
    assert monday("review", "score", "王磊", "--ability", "4").code == 0
    assert monday("undo").code == 0
    payload = json.loads(monday("report", "month", "--json").out)["assessment"]
    wang = next(m for m in payload["members"] if m["member"] == "王磊")
    assert wang["scores"]["superior"] is None
