"""Retrospectives: templates, pre-filled goal and result, the last retro's actions, actions."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from opstui.demo import load_demo_records
from opstui.domain.models import (
    Goal,
    Metric,
    Priority,
    Reading,
    RetroFormat,
    Retrospective,
    Source,
    SourceKind,
    Task,
)
from opstui.domain.planning import goal_progress
from opstui.domain.quickadd import QuickAddError
from opstui.domain.retro import (
    ActionDraft,
    action_tasks,
    actions_of,
    parse_action,
    parse_actions,
    prefill,
    previous_retro,
    retro_markdown,
    sections_of,
)

DAY = date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(("fmt", "sections"), [
    (RetroFormat.GRAI, ("goal", "result", "analysis", "insight")),
    (RetroFormat.KPT, ("keep", "problem", "try")),
    (RetroFormat.SSC, ("start", "stop", "continue")),
])
def test_templates(fmt: RetroFormat, sections: tuple[str, ...]) -> None:
    assert sections_of(fmt) == sections


def test_goal_and_result_are_prefilled_from_goals_and_metrics() -> None:
    conv = Metric(key="conv", name="Conversion", unit="%", target=4.5)
    cpa = Metric(key="cpa", name="CPA", unit="CNY", target=22.0, direction="down",
                 cadence="weekly")
    goal = Goal(title="Conversion to 4.5%", period="2026-Q4", metric_id=conv.id,
                baseline=3.6, target=4.5)
    readings = [Reading(metric_id=conv.id, day=date(2026, 11, 11), value=4.05),
                Reading(metric_id=cpa.id, day=date(2026, 11, 6), value=23.8),
                Reading(metric_id=cpa.id, day=date(2026, 11, 13), value=22.6)]
    texts = prefill([goal], [conv, cpa], readings, [], date(2026, 11, 1), date(2026, 11, 11))
    assert texts["goal"].splitlines() == [
        "- Conversion to 4.5% (2026-Q4): Target 4.5%; baseline 3.6%", "- CPA: Target ¥22"]
    result = texts["result"].splitlines()
    # progress is the way from baseline 3.6 to target 4.5, as the goal board measures it
    assert result[0] == ("- Conversion to 4.5%: Actual 4.05% vs Target 4.5%, Progress 50% "
                         "(on track)")
    # CPA's last weekly reading in the period is 11-06 (the 11-13 one is after it).
    assert result[1] == "- CPA: Actual ¥23.8 vs Target ¥22 (off target)"


def test_prefill_agrees_with_the_goal_board_on_the_demo() -> None:
    """QA: the result said 0/5 tasks (no data) for a metric goal the board shows at 70%."""
    today = date(2026, 11, 20)  # the demo's Friday: its whole story has happened
    records = load_demo_records(today)
    goals = [r for r in records if isinstance(r, Goal)]
    metrics = [r for r in records if isinstance(r, Metric)]
    readings = sorted((r for r in records if isinstance(r, Reading)), key=lambda r: r.day)
    tasks = [r for r in records if isinstance(r, Task)]
    dau = next(g for g in goals if g.title.startswith("日活提升"))
    metric = next(m for m in metrics if m.id == dau.metric_id)
    board = goal_progress(dau, today, tasks=[t for t in tasks if t.goal_id == dau.id],
                          metric=metric, readings=[r for r in readings if r.metric_id == metric.id])
    assert board.progress is not None and board.status.value == "on track"
    # the goal is linked, its metric is not: the metric is still found among all metrics
    texts = prefill([dau], [], readings, tasks, None, today, "zh", all_metrics=metrics)
    assert f"进度 {board.progress * 100:.0f}%" in texts["result"]
    assert texts["result"].endswith(f"进度 {board.progress * 100:.0f}% (正常推进)")
    assert "无数据" not in texts["result"] and "项任务" not in texts["result"]


def test_prefill_in_chinese_and_without_links() -> None:
    assert prefill([], [], [], [], None, DAY, "zh") == {"goal": "", "result": ""}
    goal = Goal(title="分层运营", period="2026-11")
    tasks = [Task(title="a", goal_id=goal.id, status="done", done_at=datetime(2026, 11, 5)),
             Task(title="b", goal_id=goal.id)]
    texts = prefill([goal], [], [], tasks, None, DAY, "zh")
    assert texts["result"].startswith("- 分层运营: 1/2 项任务")


def retro(project: str, day: date, **fields: object) -> Retrospective:
    """A retro of ``project`` held on ``day``."""
    return Retrospective(title=f"{project} {day}", project=project, day=day, **fields)  # type: ignore[arg-type]


def test_previous_retro_is_the_latest_of_the_same_project() -> None:
    old = retro("双11 促销活动", date(2025, 11, 17))
    last = retro("双11 促销活动 ", date(2026, 11, 17))
    other = retro("内容运营", date(2026, 11, 18))
    later = retro("双11 促销活动", date(2026, 12, 1))
    found = previous_retro([old, last, other, later], "双11 促销活动", DAY)
    assert found is last
    assert previous_retro([last], "双11 促销活动", DAY, exclude=last.id) is None


def test_actions_of_a_retro_and_whether_they_are_done() -> None:
    held = retro("D11", date(2026, 11, 17))
    mine = Task(title="Freeze", source=Source(kind=SourceKind.RETRO, ref=held.id),
                status="done", done_at=datetime(2026, 11, 19))
    theirs = Task(title="Other", source=Source(kind=SourceKind.RETRO, ref=retro("x", DAY).id))
    text = retro_markdown(held, actions_of(held, [mine, theirs]), lang="en")
    assert "- [x] Freeze (unassigned)" in text
    assert "Other" not in text


@pytest.mark.parametrize(("line", "expected"), [
    ("Cap pushes at 2 a day", ActionDraft("Cap pushes at 2 a day")),
    ("Cap pushes @Marco >fri !p1", ActionDraft("Cap pushes", "Marco", date(2026, 11, 27),
                                                Priority.P1)),
    ("法务预审模板 @林晓 >11-30", ActionDraft("法务预审模板", "林晓", date(2026, 11, 30))),
    # the tasks' quick-add syntax (QA: due:next-mon was kept in the title, no due date)
    ("大促前 SMS 通道压测 @Marco due:next-mon", ActionDraft(
        "大促前 SMS 通道压测", "Marco", date(2026, 11, 23))),
    ("Cap pushes !P1 ~2h #push due:fri", ActionDraft(
        "Cap pushes", None, date(2026, 11, 27), Priority.P1, ("push",), 120)),
])
def test_parse_action(line: str, expected: ActionDraft) -> None:
    assert parse_action(line, DAY) == expected


@pytest.mark.parametrize(("line", "message"), [
    ("@Marco >fri", "needs a title"), ("Thing >someday", "not a date"),
    ("Thing due:frday", "col 7: 'due:frday'"), ("Thing !P7", "not a priority")])
def test_parse_action_refuses(line: str, message: str) -> None:
    with pytest.raises(QuickAddError, match=message):
        parse_action(line, DAY)


def test_parse_actions_reports_every_bad_line() -> None:
    drafts, problems = parse_actions("ok @Marco due:fri\n\nbad due:nope\nworse !P9", DAY)
    assert [d.title for d in drafts] == ["ok"]
    assert [p.split(":")[0] for p in problems] == ["line 3, col 5", "line 4, col 7"]


def test_actions_become_tasks_sourced_from_the_retro() -> None:
    goal_id = "a" * 32
    held = retro("D11", DAY, goal_ids=[goal_id])
    at = datetime(2026, 11, 20, 17, 30)
    (task,) = action_tasks(held, [ActionDraft("Freeze", "刘洋", date(2026, 11, 27))], at)
    assert (task.source.kind, task.source.ref, task.owner, task.goal_id, task.tags) == (
        SourceKind.RETRO, held.id, "刘洋", goal_id, ["retro"])
    assert task.created_at == task.updated_at == at  # the clock is passed in
