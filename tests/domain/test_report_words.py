"""Generated words in the report's language: anomaly wording, generated titles, statuses."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opstui.domain.models import Metric, Reading
from opstui.domain.report import Records
from opstui.domain.report_markdown import day_markdown
from opstui.domain.report_words import anomaly_text, display_title, status_word
from opstui.domain.worklog import day_report


def test_an_unnoted_anomaly_is_worded_in_chinese() -> None:
    """The day log used to say ``z -57.9 · -30.8% vs previous`` in a Chinese report."""
    metric = Metric(key="d7", name="D7 留存率", unit="%", target=35.0)
    first = date(2026, 11, 1)
    readings = [Reading(metric_id=metric.id, day=first + timedelta(days=i),
                        value=30.0 + (i % 3) * 0.1) for i in range(14)]
    readings.append(Reading(metric_id=metric.id, day=first + timedelta(days=14), value=20.0))
    report = day_report(Records(metrics=[metric], readings=readings), first + timedelta(days=14))
    zh = day_markdown(report, "zh")
    assert "偏离均值 -" in zh and "个标准差，较前一次 -33.6%" in zh
    assert "vs previous" not in zh
    assert "vs previous" in day_markdown(report, "en")


@pytest.mark.parametrize(("title", "kind", "lang", "shown"), [
    ("Investigate DAU: 96,000 on 2026-11-11", "metric", "zh", "排查：DAU: 96,000（2026-11-11）"),
    ("Investigate: D7 留存骤降至 24.6% (11-11)", "metric", "zh",
     "排查：D7 留存骤降至 24.6% (11-11)"),
    ("Investigate DAU: 96,000 on 2026-11-11", "metric", "en",
     "Investigate DAU: 96,000 on 2026-11-11"),
    ("Investigate the budget", "manual", "zh", "Investigate the budget"),  # user typed it
])
def test_generated_titles_follow_the_language(title: str, kind: str, lang: str,
                                              shown: str) -> None:
    assert display_title(title, kind, lang) == shown


@pytest.mark.parametrize(("status", "zh"), [("todo", "待办"), ("doing", "进行中"),
                                            ("waiting", "等待中"), ("blocked", "受阻"),
                                            ("done", "已完成"), ("cancelled", "已取消")])
def test_statuses_in_chinese(status: str, zh: str) -> None:
    assert status_word(status, "zh") == zh
    assert status_word(status, "en") != zh


def test_anomaly_text_keeps_unknown_reasons() -> None:
    assert anomaly_text(None, None, ("something new",), "zh") == "something new"
