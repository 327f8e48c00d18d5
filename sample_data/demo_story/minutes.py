"""Meetings, resource requests, review checks, incidents, retrospectives and recurrences."""

from __future__ import annotations

from demo_story.builder import (
    BOSS,
    CHEN,
    DESIGN,
    LEGAL,
    LIN,
    MARCO,
    MARKETING,
    TEAM,
    TECH,
    WANG,
    Story,
    day,
    ts,
)
from opstui.domain.models import (
    CheckItem,
    Escalation,
    Incident,
    Meeting,
    Priority,
    Recurrence,
    ResourceRequest,
    ResourceStatus,
    RetroFormat,
    Retrospective,
    ReviewCheck,
    ReviewOutcome,
    Severity,
)

MEETINGS = (
    # key, start, end, title, departments, extra attendees, minutes, decisions
    ("m_w43", "10-19 10:00", "10-19 11:30", "周会 {w:10-19}: Q4 目标拆解", [], [],
     "Q4 四个 KPI 确认: DAU +20%、D7 留存 ≥ 35%、付费转化 4.5%、内容阅读 50 万/天，外加 CPA ≤ ¥18。"
     "基线由王磊周二前给出。双11 是 Q4 最大的抓手，活动方案本周五定稿。",
     ["双11 由 Marco 牵头落地，林晓审方案", "Q4 基线用 9 月日均", "周会固定周一 10:00"]),
    ("m_kick", "10-21 14:00", "10-21 15:30", "双11 跨部门启动会 (技术部 / 市场部 / 法务 / 设计部)",
     [TECH, MARKETING, LEGAL, DESIGN], ["刘洋", "Sophie", "何敏", "周可"],
     "Timeline: warm-up from {d:11-01}, main day {d:11-11}, encore {d:11-12}. "
     "技术部 staffs the landing page (2 front-end, 1 back-end). "
     "法务 needs the rules five working days ahead. "
     "市场部 will come back on the KOL budget by Friday.",
     ["{d:11-01} 预热，{d:11-11} 正式，{d:11-12} 返场", "活动规则 {d:10-26} 前送法务",
      "落地页 {d:10-30} 前上线待开关",
      "KOL 预算由市场部评估后回复"]),
    ("m_w44", "10-26 10:00", "10-26 11:00", "Weekly sync {w:10-26}", [], [],
     "Legal feedback on the rules is minor. The KOL budget was refused, so the ¥150k goes to "
     "feeds and to 陈静's guide series. Landing page QA moves to Wednesday.",
     ["Cancel the KOL buy; own channels instead", "Push plan owned by Marco, due {d:11-02}",
      "Retention: break D7 down by channel before the campaign"]),
    ("m_w45", "11-02 10:00", "11-02 11:00", "周会 {w:11-02}: 预热期", [], [],
     "预热第二天，DAU +1.5%。{d:11-01} push 一天发了 5 条，退订率翻倍，当天合并了后两波。"
     "11 月新目标: 用户分层运营体系，Marco 负责。",
     ["预热期每天 push 不超过 3 条", "11 月启动用户分层 (RFM 五层)", "周三开 go / no-go"]),
    ("m_gonogo", "11-04 16:00", "11-04 17:00", "Double 11 go / no-go (技术部 / 市场部)",
     [TECH, MARKETING], ["刘洋", "Sophie"],
     "All checklist items green. 技术部 keeps the Android 5.8.0 release on {d:11-10} as planned "
     "(\"no impact on the campaign\"). War room from {d:11-10} to {d:11-12}.",
     ["GO for {d:11-11} 00:00", "Android 5.8.0 ships {d:11-10} as planned",
      "War-room rota by Lin"]),
    ("m_w46", "11-09 10:00", "11-09 11:00", "周会 {w:11-09}: 双11 最后冲刺", [], [],
     "最后一周: push 定时复核、当天每 2 小时巡检、{d:11-12} 上午出战报。分层数据规格本周交技术部。",
     ["{d:11-11} 当天林晓、Marco 全天值守", "战报 {d:11-12} 10:00 前发",
      "分层标签需求本周提给技术部"]),
    ("m_incident", "11-13 14:00", "11-13 15:00", "D7 留存事故复盘 (with 技术部)", [TECH], ["刘洋"],
     "Timeline: 5.8.0 shipped {d:11-10} 20:00; {d:11-11} D7 reading 24.6%; spotted {d:11-12} "
     "09:30; "
     "escalated 10:30; cause found 14:20; hotfix 5.8.1 fully out 21:40. About 9,400 users "
     "were logged out on their 7th day.",
     ["发布检查清单加登录 / 留存校验", "令牌类配置改动双人复核",
      "大促前发版冻结提交双11 复盘会讨论"]),
    ("m_w47", "11-16 10:00", "11-16 11:15", "Weekly sync {w:11-16}: retro week, 双12 kickoff",
     [], [],
     "Q4 mid-review: DAU 94% of target, conversion 89%, D7 retention furthest off. "
     "Double 12 is smaller (GMV ¥5M) and reuses the Double 11 setup.",
     ["Lin drafts the 双12 plan by {d:11-24}", "Segmentation playbook by {d:11-24}",
      "Everyone brings Double 11 lessons to Tuesday's retro"]),
    ("m_sync", "11-18 14:00", "11-18 15:30", "双12 跨部门同步 (技术部 / 市场部 / 法务)",
     [TECH, MARKETING, LEGAL], ["刘洋", "Sophie", "何敏"],
     "双12 时间线: 12-09 预热，12-12 正式。法务同意按新模板做预审。设计部没到会，"
     "预热页视觉会后单约。技术部提醒: 分层标签和推送频控都要排期。",
     ["规则 {d:11-27} 前送法务预审", "预算申请 {d:11-24} 前提交市场部",
      "12-09 至 12-12 不发版 (待 CTO 签字)"]),
)

RESOURCES = (
    # task, department, what, contact, needed_by, status, note, asked, answered
    ("d11_rules_legal", LEGAL, "双11 活动规则审核", "何敏", "10-26", "confirmed",
     "{d:10-27} 通过; 删除'最低价'，补充价保说明", "10-21 16:00", "10-22 10:00"),
    ("d11_landing", TECH, "Landing page build: 2 front-end + 1 back-end for 5 days", "刘洋",
     "10-23", "confirmed", "", "10-21 16:00", "10-22 11:00"),
    ("d11_banner", DESIGN, "主视觉 + 6 张 banner", "周可", "10-22", "confirmed",
     "traded one ad-hoc slot", "10-21 16:10", "10-21 18:00"),
    ("d11_kol", MARKETING, "KOL budget ¥150k", "Sophie", "10-26", "refused",
     "Q4 市场预算已锁定，建议走自有渠道", "10-21 16:10", "10-27 09:40"),
    ("d11_dashboard", TECH, "实时数据接口 (订单 / 转化 / 券核销，5 分钟延迟)", "刘洋", "10-28",
     "confirmed", "", "10-22 10:00", "10-28 15:00"),
    ("seg_interviews", LEGAL, "Consent form for user interviews", "何敏", "11-05", "confirmed",
     "", "11-02 14:00", "11-06 13:30"),
    ("seg_tags", TECH, "分层标签每日同步到 CRM (数据管道)", "刘洋", "11-18", "requested",
     "{d:11-17} 提需求; {d:11-19} 追问，说下周一给排期", "11-10 17:40", "11-19 16:00"),
    ("dau_d12_h5", DESIGN, "Double 12 teaser visuals ×2", "周可", "11-23", "requested",
     "设计部双12 需求排队中", "11-18 16:30", "11-18 16:30"),
    ("ret_push_cap", TECH, "推送频控: 每用户每天 ≤ 2 条 (后端)", "刘洋", "11-25", "requested", "",
     "11-17 17:30", "11-17 17:30"),
    ("conv_price_legal", LEGAL, "Compliance opinion on the membership price page", "何敏",
     "11-23", "requested", "", "11-18 16:10", "11-18 16:10"),
    ("dau_appstore", MARKETING, "ASO 关键词投放报价", "Sophie", "11-18", "requested",
     "催过一次 ({d:11-17})", "11-12 16:30", "11-17 10:00"),
)

DEFAULT_ITEMS = ("accurate", "compliant", "on brand", "serves the goal")
REVIEWS = (
    # key, day (and the time it starts, 10:00 if not said), deliverable, kind, task, outcome,
    # reason, item results (passed, note)
    ("rv_plan_v1", "10-22", "双11 活动方案 v1", "campaign plan", "d11_plan", "rejected",
     "合规不通过: 删除绝对化用语，优惠叠加规则重写后再审",
     [(True, ""), (False, "'全网最低价'是绝对化用语 (广告法第九条)"), (True, ""),
      (True, "")]),
    ("rv_plan_v2", "10-23", "双11 活动方案 v2", "campaign plan", "d11_plan", "approved", "",
     [(True, ""), (True, "何敏确认"), (True, ""), (True, "")]),
    ("rv_landing", "10-30", "Double 11 landing page (H5)", "design", "d11_landing", "approved",
     "", [(True, ""), (True, ""), (True, "main colour corrected to the brand palette"),
          (True, "")]),
    ("rv_push", "11-06", "双11 Push 文案 ×12", "copy", "d11_push_plan", "approved", "",
     [(True, "价格与活动页逐条核对过 (吸取 {d:11-05} 勘误的教训)"), (True, ""), (True, ""),
      (True, "")]),
    ("rv_column_v1", "11-12", "《运营小课堂》第 1 期", "copy", "cnt_series", "rejected",
     "Clickbait headline, off brand; the 90% figure has no source",
     [(False, "'90% 的运营都做错了' has no source"), (True, ""), (False, "标题党"),
      (True, "")]),
    ("rv_column_v2", "11-13", "《运营小课堂》第 1 期 (v2)", "copy", "cnt_series", "approved", "",
     [(True, ""), (True, ""), (True, ""), (True, "")]),
    ("rv_d12_copy", "11-20 15:10", "Double 12 teaser copy ×5", "copy", "cnt_d12_copy", "pending",
     "",
     [(True, ""), (None, "第 3 条'史上最低'待法务确认"), (True, ""), (None, "")]),
)


def add_meetings(s: Story) -> None:
    """Weekly syncs and cross-department meetings; their action items are tasks."""
    for key, start, end, title, departments, guests, minutes, decisions in MEETINGS:
        s.add(Meeting(
            id=s.id(key), day=day(start.split(" ")[0]), title=title, departments=departments,
            attendees=[*TEAM, *guests], minutes=minutes, decisions=decisions,
            created_at=ts(start), updated_at=ts(end),
        ))


def add_resources_and_reviews(s: Story) -> None:
    """Support asked of other departments, and checklist passes over deliverables."""
    for task, dept, what, contact, needed, status, note, asked, answered in RESOURCES:
        s.add(ResourceRequest(
            id=s.id(f"rr:{task}"), task_id=s.id(task), department=dept, what=what,
            contact=contact, needed_by=day(needed), status=ResourceStatus(status), note=note,
            created_at=ts(asked), updated_at=ts(answered),
        ))
    for key, when, deliverable, kind, task, outcome, reason, results in REVIEWS:
        when, _, started = when.partition(" ")  # the copy is reviewed once it is submitted
        s.add(ReviewCheck(
            id=s.id(key), day=day(when), deliverable=deliverable, kind=kind, task_id=s.id(task),
            reviewer=LIN, outcome=ReviewOutcome(outcome), reason=reason,
            items=[CheckItem(label=label, passed=passed, note=note)
                   for label, (passed, note) in zip(DEFAULT_ITEMS, results, strict=True)],
            created_at=ts(f"{when} {started or '10:00'}"), updated_at=ts(f"{when} 16:30"),
        ))


def add_incidents(s: Story, mean_before: float) -> None:
    """The D7 retention incident (escalated, resolved) and three smaller ones.

    Args:
        s: The story.
        mean_before: Mean D7 retention of the 14 days before the drop, as the readings say.
    """
    s.add(Incident(
        id=s.id("inc_d7"), title="D7 retention fell to 24.6% on {d:11-11} (Android)",
        severity=Severity.S2, owner=LIN, opened_at=ts("11-12 09:35"),
        description="{d:11-11} 的 D7 留存 24.6%，前 14 天均值 {mean}%，偏离超过 3σ。"
                    "只发生在安卓端; 时间上紧跟 {d:11-10} 晚发布的 5.8.0。"
                    .replace("{mean}", f"{mean_before:.1f}"),
        task_id=s.id("inv_d7"), metric_id=s.id("d7_retention"), departments_informed=[TECH],
        escalations=[Escalation(
            to=BOSS, at=ts("11-12 10:30"),
            note="S2: D7 retention down 6.4pp in one day; 技术部 on it, hotfix expected tonight",
        )],
        resolved_at=ts("11-13 18:00"),
        cause="安卓 5.8.0 把 refresh token 有效期从 30 天误配成 7 天，安装满 7 天的用户回访时"
              "被强制登出; D7 留存按登录用户统计，所以骤降。配置改动没有复核，发布检查清单"
              "也不看登录类指标。",
        resolution="技术部 {d:11-12} 21:40 全量热修复 5.8.1，服务端把已签发令牌延长到 30 天; "
                   "9,412 名被登出的用户 {d:11-16} 收到召回推送; 发布检查清单增加登录成功率和 "
                   "token_expired 比例校验 (待技术部确认流程)。",
        created_at=ts("11-12 09:35"), updated_at=ts("11-13 18:00"),
    ))
    s.add(Incident(
        id=s.id("inc_coupon"), title="双11 零点优惠券叠加报错", severity=Severity.S3, owner=MARCO,
        opened_at=ts("11-11 00:12"), description="00:05 起满减券和新客券一起用时下单报错。",
        departments_informed=[TECH], resolved_at=ts("11-11 00:58"),
        cause="Stacking checks for the two coupon types were configured in the wrong order.",
        resolution="技术部回滚配置; 312 笔受影响的订单补发 5 元无门槛券。",
        created_at=ts("11-11 00:12"), updated_at=ts("11-11 00:58"),
    ))
    s.add(Incident(
        id=s.id("inc_typo"), title="Price typo in the WeChat article (¥99 shown as ¥9.9)",
        severity=Severity.S3, owner=CHEN, opened_at=ts("11-05 08:50"),
        description="早 8 点推送的攻略文章价格写错，后台有用户截图要求按 9.9 元购买。",
        task_id=s.id("cnt_typo"), departments_informed=[MARKETING], resolved_at=ts("11-05 10:30"),
        cause="校对只看文案，没核对价格字段。",
        resolution="Deleted and re-sent with a correction note; review checklist now says "
                   "'prices match the campaign page'.",
        created_at=ts("11-05 08:50"), updated_at=ts("11-05 10:30"),
    ))
    s.add(Incident(
        id=s.id("inc_sms"), title="短信到达率跌到 82%", severity=Severity.S3, owner=MARCO,
        opened_at=ts("11-19 15:10"),
        description="Marketing SMS delivery fell to 82% (normally 97%), mostly China Mobile "
                    "numbers. Puts the 双12 warm-up SMS plan at risk.",
        task_id=s.id("sms_check"), departments_informed=[TECH],
        created_at=ts("11-19 15:10"), updated_at=ts("11-20 14:00"),
    ))


RETRO_D11 = {
    "goal": "GMV ¥8M; 12,000 new paying users; conversion ≥ 4.5% during the campaign; "
            "CPA ≤ ¥22.",
    "result": "GMV 742 万 (达成 92.8%); 新增付费用户 13,100 (109%); 活动期转化率均值 "
              "{mean}%，{d:11-11} 当天 {peak}% (都没到 4.5%); CPA 预热周 ¥23.8、活动周 ¥22.6，"
              "超预算。另外 {d:11-11} 安卓 5.8.0 事故让 D7 留存单日跌到 24.6%。",
    "analysis": "What worked: the guide series (best piece 98k reads) brought 31% of campaign "
                "page traffic; segmented SMS to high-value users converted 2.3× the average.\n"
                "What failed: ① 活动规则法务审核用了 4 天，落地页联调被压缩; ② 优惠券叠加规则"
                "太复杂，'选择优惠券'一步流失 23%，零点还出了叠加报错; ③ 大促前一天发版，令牌"
                "配置错误导致留存事故; ④ 预热期 push 一天最多 5 条，退订率翻倍。\n"
                "Root causes: the timeline had no slack for legal and QA; releases are not "
                "frozen around campaigns; pushes have no frequency cap.",
    "insight": "1. 大促规则提前 10 天送法务预审，用模板。\n2. 大促前 3 天发版冻结。\n"
               "3. 每用户每天推送 ≤ 2 条。\n4. 优惠规则一句话说不清就不上线。\n"
               "5. 留存类指标加 3σ 自动告警，不靠人盯。",
}
RETRO_OCT = {
    "keep": "固定周更节奏; 选题会前先看搜索热度数据。",
    "problem": "Two pieces slipped because review happened on publishing day; the UGC format "
               "never found an owner.",
    "try": "Review copy the day before publishing; fold UGC picks into a weekly column.",
}


def add_retros(s: Story, conversion_mean: float, conversion_on_d11: float) -> None:
    """The Double 11 retro (GRAI) and October's content retro (KPT).

    Args:
        s: The story.
        conversion_mean: Mean conversion over the campaign (11-01 .. 11-11), from the readings.
        conversion_on_d11: The conversion reading of 11-11.
    """
    result = RETRO_D11["result"].replace("{mean}", f"{conversion_mean:.2f}").replace(
        "{peak}", f"{conversion_on_d11:g}")
    sections = dict(RETRO_D11, result=result)
    s.add(Retrospective(
        id=s.id("retro_d11"), title="双11 促销活动复盘", project="双11 促销活动",
        format=RetroFormat.GRAI, day=day("11-17"), period_start=day("11-01"),
        period_end=day("11-11"), goal_ids=[s.id("g_conv"), s.id("g_dau")],
        metric_ids=[s.id("conversion_rate"), s.id("new_users"), s.id("cpa")],
        sections=sections, created_at=ts("11-17 14:00"), updated_at=ts("11-17 17:10"),
    ))
    s.add(Retrospective(
        id=s.id("retro_oct"), title="October content review", project="内容运营",
        format=RetroFormat.KPT, day=day("11-02"), period_start=day("10-01"),
        period_end=day("10-31"), goal_ids=[s.id("g_reads")], metric_ids=[s.id("content_reads")],
        sections=RETRO_OCT, created_at=ts("11-02 15:00"), updated_at=ts("11-02 16:00"),
    ))


def add_recurrences(s: Story) -> None:
    """Templates of the recurring work; their latest instances are tasks."""
    for key, title, rrule, start, priority, owner, minutes, tags, active in (
        ("r_comp", "竞品周报 Weekly competitor review", "FREQ=WEEKLY;BYDAY=FR", "2026-09-04",
         "P2", CHEN, 90, ["竞品", "weekly"], True),
        ("r_1on1", "1:1s with the team (陈静 / Marco / 王磊)", "FREQ=WEEKLY;BYDAY=WE",
         "2026-09-02", "P1", LIN, 90, ["1on1", "team"], True),
        ("r_weekly", "周报 Weekly report to 赵总", "FREQ=WEEKLY;BYDAY=FR", "2026-09-04", "P1", LIN,
         60, ["周报", "report"], True),
        ("r_live", "双周直播复盘 Bi-weekly livestream review", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
         "2026-09-10", "P3", WANG, 60, ["live"], False),
    ):
        s.add(Recurrence(
            id=s.id(key), title=title, rrule=rrule, dtstart=day(start),
            priority=Priority(priority), owner=owner, estimate_minutes=minutes, tags=tags,
            active=active, created_at=ts(f"{start} 09:00"),
            updated_at=ts("10-30 09:00") if not active else ts(f"{start} 09:00"),
        ))
