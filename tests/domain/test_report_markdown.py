"""Rendering reports as Markdown, checked by parsing it (markdown-it-py), not by snapshots."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from markdown_it import MarkdownIt

from opstui.domain.dates import parse_period
from opstui.domain.models import (
    LogEntry,
    Meeting,
    Metric,
    Reading,
    ResourceRequest,
    Slip,
    Task,
)
from opstui.domain.report import Records, weekly_report
from opstui.domain.report_markdown import cell, day_markdown, number, weekly_markdown
from opstui.domain.worklog import day_report

W47 = parse_period("2026-W47")
TODAY = date(2026, 11, 23)


def parse(text: str) -> tuple[list[tuple[int, str]], dict[str, list[list[str]]]]:
    """Headings as (level, text), and each table's rows (header first) by the heading above."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings: list[tuple[int, str]] = []
    tables: dict[str, list[list[str]]] = {}
    current, row, in_cell = "", None, False
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            current = tokens[i + 1].content
            headings.append((int(token.tag[1]), current))
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            in_cell = True
        elif token.type == "inline" and in_cell and row is not None:
            row.append(token.content)
            in_cell = False
        elif token.type == "tr_close" and row is not None:
            tables.setdefault(current, []).append(row)
    return headings, tables


def sample() -> Records:
    """A small but complete week."""
    dau = Metric(key="dau", name="DAU", unit="users", target=120.0)
    shipped = Task(title="Ship | the [b]plan[/b]", status="done", owner="林晓", priority="P0",
                   done_at=datetime(2026, 11, 22, 23, 59), created_at=datetime(2026, 11, 1))
    slipped = Task(title="SOP doc", owner="Lin", created_at=datetime(2026, 11, 1),
                   due=date(2026, 11, 19),
                   slips=[Slip(day=date(2026, 11, 17), action="rolled", reason="retro first")])
    upcoming = Task(title="双12 plan", due=date(2026, 11, 24), created_at=datetime(2026, 11, 1))
    meeting = Meeting(day=date(2026, 11, 18), title="Sync", decisions=["Freeze releases"])
    return Records(
        tasks=[shipped, slipped, upcoming], metrics=[dau],
        readings=[Reading(metric_id=dau.id, day=date(2026, 11, 18), value=121.0)],
        logs=[LogEntry(day=date(2026, 11, 18), highlights="Approved", problems="Slow legal",
                       solutions="Template", highlight=True)],
        meetings=[meeting],
        resources=[ResourceRequest(task_id=upcoming.id, department="技术部", what="2 devs")],
    )


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["Weekly report 2026-W47 (2026-11-16 – 11-22)", "Summary", "Highlights", "Goals",
            "Key metrics", "Done this week", "In progress", "Slipped and overdue", "Slipped",
            "Overdue", "Risks and blockers", "Support not yet confirmed",
            "Problems and solutions", "Incidents and escalations",
            "Meeting decisions and actions", "Decisions", "Retrospective insights",
            "Next week's plan"]),
    ("zh", ["周报 2026-W47（2026-11-16 至 11-22）", "本周概要", "本周亮点", "目标进展", "核心指标",
            "本周完成", "进行中", "延期与逾期", "延期", "逾期", "风险与阻塞", "待确认的跨部门支持",
            "问题与解决", "事件与升级", "会议决议与待办", "决议", "复盘要点", "下周计划"]),
])
def test_every_section_has_its_heading(lang: str, expected: list[str]) -> None:
    headings, _ = parse(weekly_markdown(weekly_report(sample(), W47, TODAY), lang))
    assert [text for _, text in headings] == expected
    assert headings[0][0] == 1 and all(level in (2, 3) for level, _ in headings[1:])


def test_tables_hold_the_right_rows() -> None:
    _, tables = parse(weekly_markdown(weekly_report(sample(), W47, TODAY), "en"))
    assert tables["Done this week"][0] == ["Task", "Owner", "Priority", "Finished"]
    # The pipe and brackets of user text are escaped, so the row keeps its four cells.
    assert tables["Done this week"][1:] == [
        ["Ship | the \\[b\\]plan\\[/b\\]", "林晓", "P0", "11-22 23:59"]]
    assert tables["Slipped"][1:] == [["SOP doc", "Lin", "11-17", "rolled", "retro first"]]
    assert tables["Overdue"][1][0] == "SOP doc"
    assert tables["Key metrics"][0][1] == "This week (daily avg)"
    assert tables["Key metrics"][1] == ["DAU (users)", "121", "–", "120", "–", "on target"]
    assert tables["Next week's plan"][1][0] == "双12 plan"
    assert tables["Support not yet confirmed"][1][:2] == ["技术部", "2 devs"]
    assert "Goals" not in tables  # no goals: one line, not an empty table
    # No cause written anywhere: no column of dashes.
    assert tables["Problems and solutions"] == [["Day", "Problem", "Solution"],
                                                ["11-18", "Slow legal", "Template"]]


def test_the_escaped_title_renders_as_typed() -> None:
    html = MarkdownIt("commonmark").enable("table").render(
        weekly_markdown(weekly_report(sample(), W47, TODAY)))
    assert "<td>Ship | the [b]plan[/b]</td>" in html


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "No tasks recorded this week."), ("zh", "本周没有记录任务。")])
def test_an_empty_week_is_short_and_honest(lang: str, sentence: str) -> None:
    """A past week (TODAY is after it): no "as of" in the title."""
    text = weekly_markdown(weekly_report(Records(), W47, TODAY), lang)
    headings, tables = parse(text)
    assert len(headings) == 1 and not tables
    assert sentence in text
    assert len(text.splitlines()) == 3


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (None, "", "–"), (110907.4, "users", "110,907"), (31.8, "%", "31.8%"),
    (4.0, "%", "4%"), (19.7, "CNY", "¥19.7"), (0.125, "", "0.12"),
])
def test_numbers(value: float | None, unit: str, shown: str) -> None:
    assert number(value, unit) == shown


@pytest.mark.parametrize(("text", "safe"), [
    ("a | b", "a \\| b"), ("line\nbreak", "line break"), ("*bold*", "\\*bold\\*"),
    ("<script>", "\\<script>"), ("中文", "中文"),
])
def test_cells_are_one_line_without_markup(text: str, safe: str) -> None:
    assert cell(text) == safe


def test_day_markdown_shows_the_log_then_the_facts() -> None:
    records = sample()
    log = LogEntry(day=date(2026, 11, 22), summary="Good day", highlights="- a\n- b",
                   tomorrow=["one", "two"])
    report = day_report(Records(tasks=records.tasks, logs=[log]), date(2026, 11, 22))
    headings, tables = parse(day_markdown(report, "zh"))
    assert [h for _, h in headings] == ["工作日志 2026-11-22 周日", "总结", "亮点", "明日重点",
                                        "今日完成"]
    assert tables["今日完成"][1][0].startswith("Ship")


def test_day_markdown_without_anything() -> None:
    text = day_markdown(day_report(Records(), date(2026, 11, 22)), "en")
    assert "Nothing recorded on this day." in text


@pytest.mark.parametrize(("today", "title"), [
    (date(2026, 11, 18), "# Weekly report 2026-W47 (2026-11-16 – 11-22) · as of 11-18"),
    (date(2026, 11, 22), "# Weekly report 2026-W47 (2026-11-16 – 11-22)"),  # Sunday: complete
    (TODAY, "# Weekly report 2026-W47 (2026-11-16 – 11-22)"),
])
def test_a_week_in_progress_says_so(today: date, title: str) -> None:
    text = weekly_markdown(weekly_report(sample(), W47, today), "en")
    assert text.splitlines()[0] == title


@pytest.mark.parametrize(("unit", "lang", "shown"), [
    ("users", "zh", "日活跃用户 DAU（人）"),
    ("reads", "zh", "日活跃用户 DAU（次）"),
    ("Users", "zh", "日活跃用户 DAU（人）"),
    ("orders", "zh", "日活跃用户 DAU（orders）"),  # not a known unit: kept as stored
    ("users", "en", "日活跃用户 DAU (users)"),
    ("%", "zh", "日活跃用户 DAU"),  # % is shown with the numbers, not the name
])
def test_units_are_said_in_the_reports_language(unit: str, lang: str, shown: str) -> None:
    dau = Metric(key="dau", name="日活跃用户 DAU", unit=unit, target=120.0)
    data = Records(metrics=[dau], readings=[Reading(metric_id=dau.id, day=date(2026, 11, 18),
                                                    value=110.0)])
    data = Records(metrics=data.metrics, readings=data.readings, tasks=[Task(
        title="x", status="done", done_at=datetime(2026, 11, 18, 10))])
    _, tables = parse(weekly_markdown(weekly_report(data, W47, TODAY), lang))
    names = [row[0] for rows in tables.values() for row in rows[1:]]
    assert shown in names
