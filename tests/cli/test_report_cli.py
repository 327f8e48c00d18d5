"""``opstui report day|week|month`` on the demo data and on real files, with a pinned clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from opstui.demo import make_demo_copy
from opstui.domain.models import Task
from opstui.store.repository import Repository

DEMO_TODAY = "2026-11-20"
"""The demo's own last day (a Friday): its weeks line up with the story."""

Runner = Callable[..., Any]
"""The ``cli`` fixture: runs ``opstui ARGS`` in this process, returns code and output."""


def tables(text: str) -> dict[str, list[list[str]]]:
    """Each Markdown table's rows (header first), by the heading above it."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    found: dict[str, list[list[str]]] = {}
    heading, row, in_cell = "", None, False
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[i + 1].content
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            in_cell = True
        elif token.type == "inline" and in_cell and row is not None:
            row.append(token.content)
            in_cell = False
        elif token.type == "tr_close" and row is not None:
            found.setdefault(heading, []).append(row)
    return found


def headings(text: str) -> list[str]:
    """The text of every heading."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Runner) -> Runner:
    """``cli`` on a fresh copy of the demo, with today pinned to the demo's Friday."""
    path = make_demo_copy(date.fromisoformat(DEMO_TODAY), folder=tmp_path)
    monkeypatch.setenv("OPSTUI_DB", str(path))
    monkeypatch.setenv("OPSTUI_TODAY", DEMO_TODAY)
    return cli


def test_the_demo_week_in_chinese_is_a_complete_weekly_report(demo: Runner) -> None:
    result = demo("report", "week", "--lang", "zh")
    assert result.code == 0, result.err
    text = result.out
    assert headings(text) == [
        "周报 2026-W47（2026-11-16 至 11-22） · 本周 · 截至 11-20", "本周概要", "目标进展",
        "核心指标", "本周完成", "进行中", "延期与逾期", "延期", "逾期", "风险与阻塞", "受阻任务",
        "有风险的目标", "待确认的跨部门支持", "问题与解决", "事件与升级", "会议决议与待办", "决议",
        "未完成的待办", "复盘要点", "持续性工作", "竞品/行业动态", "用户调研", "团队建设",
        "流程优化/SOP", "下周计划"]
    found = tables(text)
    done = [row[0] for row in found["本周完成"][1:]]
    assert "双11 复盘会 (GRAI)" in done and "周报 Weekly report to 赵总" in done
    slipped = {(row[0], row[4]) for row in found["延期"][1:]}
    assert ("整理运营 SOP 文档 v2", "复盘会优先，先移出计划") in slipped
    assert found["核心指标"][1][0] == "日活跃用户 DAU（人）"  # zh units, not "users"
    assert len(found["待确认的跨部门支持"]) == 1 + 5  # header and five unconfirmed requests
    assert ("- 双11 促销活动复盘：改进项 5 项，已完成 2 项\n"
            "  - 大促规则提前 10 天送法务预审，用模板。") in text


def test_a_week_by_label_or_date_and_the_lang_setting(demo: Runner) -> None:
    by_label = demo("report", "week", "--week", "2026-W46")
    by_date = demo("report", "week", "--date", "2026-11-12")
    assert by_label.out == by_date.out
    assert by_label.out.startswith("# Weekly report 2026-W46 (2026-11-09 – 11-15)\n")
    assert "D7 retention fell to 24.6% on 11-11 (Android)" in by_label.out
    assert demo("report", "week", "--date=-1w").out == by_label.out
    last = demo("report", "week", "--week", "last").out
    assert last.startswith("# Weekly report 2026-W46 (2026-11-09 – 11-15) · last week\n")
    assert last.split("\n", 1)[1] == by_label.out.split("\n", 1)[1]


@pytest.mark.parametrize(("args", "message"), [
    (("--week", "2026-W99"), "not a period"),
    (("--week", "2026-11"), "not a week"),
    (("--date", "someday"), "not a date"),
    (("--lang", "fr"), "invalid choice"),
])
def test_bad_input_is_one_line(demo: Runner, args: tuple[str, ...], message: str) -> None:
    result = demo("report", "week", *args)
    assert result.code == 2
    assert message in result.err and len(result.err.splitlines()) == 1


def test_out_never_overwrites_without_force(demo: Runner, tmp_path: Path) -> None:
    target = tmp_path / "周报.md"
    assert demo("report", "week", "--out", str(target)).code == 0
    first = target.read_text(encoding="utf-8")
    assert first.startswith("# Weekly report 2026-W47")
    target.write_text("my edits", encoding="utf-8")
    refused = demo("report", "week", "--lang", "zh", "--out", str(target))
    assert refused.code == 2 and "use --force" in refused.err
    assert target.read_text(encoding="utf-8") == "my edits"
    assert demo("report", "week", "--lang", "zh", "--out", str(target), "--force").code == 0
    assert target.read_text(encoding="utf-8").startswith("# 周报 2026-W47")


def test_an_empty_week(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPSTUI_TODAY", "2026-11-23T15:00")  # a Monday afternoon
    result = cli("report", "week")
    assert result.code == 0
    assert result.out == ("# Weekly report 2026-W48 (2026-11-23 – 11-29) · this week · "
                          "as of 11-23\n\nNo tasks recorded this week.\n")


def test_an_old_week_reads_the_archive(cli: Runner, data_file: Path) -> None:
    repo = Repository(data_file)
    repo.save(Task(title="Archived long ago", status="done", created_at=datetime(2026, 9, 28),
                   done_at=datetime(2026, 10, 1, 10, 0)))
    assert repo.archive_finished(date(2026, 11, 23)) == 1
    assert repo.all(Task) == []
    result = cli("report", "week", "--week", "2026-W40")
    assert "Archived long ago" in result.out


def test_the_day_report(demo: Runner) -> None:
    result = demo("report", "day", "--date", "11-12", "--lang", "zh")
    assert result.code == 0
    assert headings(result.out)[0] == "工作日志 2026-11-12 周四"
    found = tables(result.out)
    assert any("D7 retention fell" in row[0] for row in found["问题与事件"])
    assert any(row[0] == "D7 留存率 D7 retention" for row in found["数据异常"])


def test_the_monthly_review(demo: Runner) -> None:
    result = demo("report", "month", "--month", "2026-11", "--json")
    payload = json.loads(result.out)
    members = {m["owner"]: m for m in payload["members"]}
    assert set(members) == {"林晓", "陈静", "Marco", "王磊"}
    assert members["林晓"]["rolled"] == 4  # SOP once, release freeze twice, 双12 plan once
    assert any(g["title"].startswith("日活提升") for g in members["林晓"]["goals"])
    assert set(payload["assessment"]["members"][0]) >= {"completion", "on_time", "quality",
                                                        "scores", "total", "grade", "comment"}
    text = demo("report", "month", "--lang", "zh").out
    assert headings(text) == ["月度考核 2026-11（截至 11-20）", "林晓", "王磊", "陈静", "Marco",
                              "任务明细", "负责的目标"]
    bad = demo("report", "month", "--month", "2026-W47")
    assert bad.code == 2 and "not a month" in bad.err


def test_late_action_items_of_earlier_meetings_are_listed(cli: Runner, data_file: Path) -> None:
    from opstui.domain.models import Meeting, Source

    repo = Repository(data_file)
    old = repo.save(Meeting(day=date(2026, 11, 2), title="W45 sync", decisions=["old"]))
    repo.save(Task(title="Late action", due=date(2026, 11, 10),
                   source=Source(kind="meeting", ref=old.id)))
    repo.save(Task(title="Not yet due", due=date(2026, 12, 10),
                   source=Source(kind="meeting", ref=old.id)))
    found = tables(cli("report", "week").out)
    assert [row[0] for row in found["Open action items"][1:]] == ["Late action"]
    assert "Decisions" not in headings(cli("report", "week").out)  # old decisions stay old


def test_scores_entered_by_the_manager_show_in_the_month_and_year(demo: Runner) -> None:
    entered = demo("review", "score", "陈静", "--month", "2026-11", "--ability", "4",
                   "--attitude", "5", "--peer", "80", "--self", "70", "--comment", "稳")
    assert entered.code == 0, entered.err
    assert demo("review", "score", "陈静", "--month", "2026-11", "--comment", "稳，复盘再深一点"
                ).code == 0  # only the comment changes
    assert demo("feedback", "add", "陈静", "1:1", "谈了内容方向", "--date", "2026-11-18").code == 0
    text = demo("report", "month", "--lang", "zh").out
    member = text.split("## 陈静\n\n", 1)[1].split("\n\n", 1)[0]
    assert "- 工作能力 4/5，工作态度 5/5" in member
    assert "- 上级评价 90，同事评价 80，自我评价 70，" in member
    assert "- 评语：稳，复盘再深一点" in member
    assert "  - 11-18 一对一面谈：谈了内容方向" in member
    payload = json.loads(demo("report", "month", "--json").out)["assessment"]
    chen = next(m for m in payload["members"] if m["member"] == "陈静")
    data = chen["scores"]["data"]
    assert chen["total"] == pytest.approx(0.4 * 90 + 0.2 * 80 + 0.1 * 70 + 0.3 * data)
    year = demo("report", "year", "--lang", "zh")
    assert year.code == 0 and year.out.startswith("# 年度考核 2026（截至 11-20）")
    assert "- 各月总分：" in year.out


@pytest.mark.parametrize(("args", "message"), [
    (("review", "score", "陈静", "--ability", "7"), "less than or equal to 5"),
    (("review", "score", "陈静"), "nothing to score"),
    (("review", "score", "陈静", "--month", "2026-13", "--ability", "3"), "period must be"),
    (("report", "year", "--year", "2026-11"), "not a year"),
    (("feedback", "add", "陈静", "nice", "x"), "invalid choice"),
])
def test_bad_scores_are_one_line(demo: Runner, args: tuple[str, ...], message: str) -> None:
    result = demo(*args)
    assert result.code == 2 and message in result.err and len(result.err.splitlines()) == 1
