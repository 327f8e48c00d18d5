"""The numbers: metrics, their daily readings over five weeks, and the Q4 goals."""

from __future__ import annotations

import statistics
from datetime import date, datetime, time, timedelta

from demo_story.builder import ANCHOR, CHEN, FIRST_DAY, LIN, MARCO, WANG, Story, day, ts
from opstui.domain.models import Cadence, Direction, Goal, Metric, Reading

METRICS = (
    # key, name, unit, target, direction, cadence
    ("dau", "日活跃用户 DAU", "users", 117600, "up", "daily"),
    ("new_users", "新增用户 New users", "users", 6000, "up", "daily"),
    ("d7_retention", "D7 留存率 D7 retention", "%", 35.0, "up", "daily"),
    ("conversion_rate", "付费转化率 Paid conversion", "%", 4.5, "up", "daily"),
    ("content_reads", "内容阅读量 Content reads", "reads", 500000, "up", "daily"),
    ("cpa", "获客成本 Cost per acquisition", "CNY", 18.0, "down", "weekly"),
)

WEEKLY = {
    # Monday .. Sunday: the app is used more at weekends, content is read more on Sunday.
    "dau": (0.98, 0.97, 0.98, 0.99, 1.00, 1.05, 1.04),
    "new_users": (0.96, 0.96, 0.97, 0.98, 1.01, 1.06, 1.05),
    "d7_retention": (1.0, 1.0, 1.0, 1.0, 0.995, 0.99, 1.005),
    "conversion_rate": (1.0, 1.0, 1.0, 1.01, 1.01, 0.98, 0.99),
    "content_reads": (0.97, 0.98, 0.98, 0.99, 0.99, 1.04, 1.04),
}
TREND = {
    # level on the first day, level on the anchor, noise (relative sd), decimals
    "dau": (103800, 110900, 0.009, 0),
    "new_users": (5150, 5600, 0.018, 0),
    "d7_retention": (30.7, 31.8, 0.011, 1),
    "conversion_rate": (3.78, 4.02, 0.012, 2),
    "content_reads": (402000, 441000, 0.010, 0),
}
BASELINE_DAYS = 14
"""The window anomalies are judged against (``AnomalyRule.window``)."""
CALM_Z = 2.4
CAMPAIGN = {"dau": 1.0, "new_users": 1.1, "conversion_rate": 1.0, "content_reads": 0.3}
"""How strongly each metric responds to the Double 11 campaign (11-01 .. 11-11)."""

RETENTION_INCIDENT = {
    # Android 5.8.0 (released 11-10 evening) logged out users on their 7th day.
    "11-11": (24.6, "Android 5.8.0 把登录令牌有效期误配为 7 天，安装满 7 天的用户回访时被强制"
              "登出，按登录用户统计的 D7 留存骤降。见事故记录与排查任务。"),
    "11-12": (26.1, "同上: 热修复 5.8.1 当晚 21:40 才全量，白天仍受影响。"),
    "11-13": (29.9, "热修复后恢复中 (5.8.1 覆盖率 78%)。"),
}
CPA_WEEKS = {
    "10-23": (21.4, ""),
    "10-30": (20.9, ""),
    "11-06": (23.8, "双11 预热期投放加量，单价上升; 预期内。"),
    "11-13": (22.6, "双11 结束后投放回落。"),
    "11-20": (19.7, "停掉两个低效渠道 (见 10 月渠道复盘)。"),
}


def campaign_lift(on: date) -> float:
    """The Double 11 lift: a ramp through the warm-up, a peak on the day, a dip after."""
    start, peak = day("11-01"), day("11-11")
    if start <= on < peak:
        return 0.012 + 0.028 * (on - start).days / (peak - start).days
    if on == peak:
        return 0.052
    if on == peak + timedelta(days=1):
        return 0.012
    return 0.0


def calm(value: float, before: list[float]) -> float:
    """``value`` pulled to within ``CALM_Z`` population standard deviations of ``before``.

    Random noise over 14-day windows throws up the odd 3σ day by chance; the demo should
    show exactly one anomaly, the retention incident, so ordinary days are kept ordinary.
    """
    if len(before) < BASELINE_DAYS:
        return value
    mean, spread = statistics.fmean(before), statistics.pstdev(before)
    return min(max(value, mean - CALM_Z * spread), mean + CALM_Z * spread)


def add_metrics(story: Story) -> None:
    """Add the metrics and their readings: daily for 35 days, weekly for the CPA."""
    for key, name, unit, target, direction, cadence in METRICS:
        story.add(Metric(
            id=story.id(key), key=key, name=name, unit=unit, target=target,
            direction=Direction(direction), cadence=Cadence(cadence),
            created_at=ts("2026-09-28 10:00"), updated_at=ts("2026-10-08 11:30"),
        ))
    days = (ANCHOR - FIRST_DAY).days + 1
    for key in WEEKLY:
        first, last, noise, digits = TREND[key]
        values: list[float] = []
        for i in range(days):
            on = FIRST_DAY + timedelta(days=i)
            level = first + (last - first) * i / (days - 1)
            lift = 1 + CAMPAIGN.get(key, 0.0) * campaign_lift(on)
            value = level * WEEKLY[key][on.weekday()] * lift * (1 + story.noise.gauss(0, noise))
            value = calm(value, values[-BASELINE_DAYS:])
            note = ""
            if key == "d7_retention" and on.strftime("%m-%d") in RETENTION_INCIDENT:
                value, note = RETENTION_INCIDENT[on.strftime("%m-%d")]
            if key == "conversion_rate" and on == day("11-11"):
                note = "双11 当天峰值 (满减 + 限时券)。"
            value = round(value, digits) if digits else round(value)
            values.append(value)
            _reading(story, key, on, value, note)
    for when, (value, note) in CPA_WEEKS.items():
        _reading(story, "cpa", day(when), value, note)


def _reading(story: Story, key: str, on: date, value: float, note: str) -> None:
    taken = datetime.combine(on, time(18, 0))
    # A cause is written down the next morning, once someone has looked.
    noted = taken + timedelta(hours=16) if note and on < ANCHOR else taken
    story.add(Reading(
        id=story.id(f"reading:{key}:{on}"), metric_id=story.id(key), day=on, value=value,
        note=note, created_at=taken, updated_at=noted,
    ))


GOALS = (
    # key, title, period, owner, metric, baseline, target, direction, closed, created
    ("g_dau", "日活提升 20% (DAU +20%)", "2026-Q4", LIN, "dau", 98000, 117600, "up",
     False, "10-08 10:00"),
    ("g_d7", "D7 retention ≥ 35% by the end of the quarter", "2026-Q4", MARCO, "d7_retention",
     30.2, 35.0, "up", False, "10-08 10:05"),
    ("g_conv", "付费转化率提升至 4.5%", "2026-Q4", MARCO, "conversion_rate", 3.6, 4.5, "up",
     False, "10-08 10:10"),
    ("g_reads", "Content reads 500k a day", "2026-Q4", CHEN, "content_reads", 380000, 500000,
     "up", False, "10-08 10:15"),
    ("g_cpa", "获客成本降到 18 元以内 (CPA ≤ ¥18)", "2026-Q4", WANG, "cpa", 22.5, 18.0, "down",
     False, "10-08 10:20"),
    ("g_oct", "双11 活动方案定稿并通过法务审核", "2026-10", LIN, None, None, None, "up",
     True, "10-09 09:30"),
    ("g_seg", "Launch the user segmentation playbook (用户分层运营)", "2026-11",
     MARCO, None, None, None, "up", False, "11-02 11:00"),
    ("g_week", "双11 复盘改进项全部落实到人", "2026-W47", LIN, None, None, None, "up",
     False, "11-16 09:20"),
)


def add_goals(story: Story) -> None:
    """Add the period goals: four Q4 KPIs tied to metrics, and three roll-up goals."""
    for key, title, period, owner, metric, base, target, direction, closed, created in GOALS:
        story.add(Goal(
            id=story.id(key), title=title, period=period, owner=owner,
            metric_id=story.id(metric) if metric else None, baseline=base, target=target,
            direction=Direction(direction), closed=closed, created_at=ts(created),
            updated_at=ts("10-30 17:00") if closed else ts(created),
        ))
