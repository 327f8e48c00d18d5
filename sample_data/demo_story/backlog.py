"""The rest of the team's work: goal breakdowns, segmentation, 双12 prep, recurring work."""

from __future__ import annotations

from demo_story.builder import CHEN, DESIGN, LEGAL, LIN, MARCO, MARKETING, TECH, WANG, Story


def add_goal_tasks(s: Story) -> None:
    """Tasks that break down the Q4 KPIs (retention, DAU, conversion, content, CPA)."""
    w47 = ("meeting", "m_w47", None)
    sync = ("meeting", "m_sync", None)
    s.notes(
        "ret_onboard",
        ("11-05 15:00", "Experiment live, 50/50 split", 30),
        ("11-16 17:00", "第一周: 实验组 D3 留存 +1.8pp，还不显著，再跑一周", 60),
    )
    s.task("ret_onboard", "新手引导第 3 天任务卡 A/B 测试", "doing", "P1", MARCO, "11-27",
           created="11-02 10:40", source=("meeting", "m_w45", None), goal="g_d7",
           department=TECH, estimate_minutes=480, tags=["retention", "ab-test"])
    s.notes("ret_cohort", ("11-05 16:40", "信息流渠道 D7 只有 24%，自然量 36%", 100))
    s.task("ret_cohort", "D7 cohort breakdown by channel", "done", "P2", WANG, "11-06",
           created="10-26 10:30", done="11-05 17:00", source=("meeting", "m_w44", None),
           goal="g_d7", estimate_minutes=240, tags=["retention", "data"])
    s.task("ret_checkin", "签到激励改版方案", "todo", "P2", MARCO, "12-04", created="11-16 10:30",
           goal="g_d7", estimate_minutes=240, tags=["retention"])
    s.notes("research_calls", ("11-19 18:00", "4 calls done; 3 of 4 say we push too much", 40))
    s.task("research_calls", "流失用户电话回访 ×10 (user research)", "doing", "P2", CHEN, "11-26",
           created="11-16 10:30", source=w47, goal="g_d7", estimate_minutes=300,
           tags=["research", "retention"])

    s.notes(
        "dau_d12_plan",
        ("11-17 18:00", "Draft targets: GMV ¥5M, 8,000 new buyers", 20),
        ("11-20 11:30", "机制定了: 连续签到 + 满减; 规则按新模板送法务预审", 50),
    )
    s.task("dau_d12_plan", "双12 活动方案初稿", "doing", "P0", LIN, "11-24", created="11-16 10:30",
           source=w47, goal="g_dau", estimate_minutes=180, tags=["双12", "campaign"],
           slips=(("11-19", "rolled", "被拉去和赵总对齐双12 目标，方案顺延一天"),))
    s.task("dau_d12_h5", "Double 12 teaser page (H5)", "blocked", "P1", MARCO, "11-27",
           created="11-18 16:00", source=sync, goal="g_dau", department=DESIGN,
           status_reason="等设计部确认排期 (周可): 预热页视觉 2 张还没排上",
           estimate_minutes=300, tags=["双12", "h5"])
    s.notes("dau_channel",
            ("10-29 17:00", "Two feed channels run above ¥35 per user; recommend pausing", 80))
    s.task("dau_channel", "10 月渠道拉新效果复盘", "done", "P2", WANG, "10-30",
           created="10-19 11:30", done="10-30 15:00", source=("meeting", "m_w43", None),
           goal="g_cpa", estimate_minutes=240, tags=["data", "growth"])
    s.task("dau_invite", "Invite-a-friend program relaunch", "todo", "P1", MARCO, "12-01",
           created="11-16 10:30", goal="g_dau", estimate_minutes=480, tags=["growth"])
    s.notes("dau_appstore", ("11-12 16:00", "关键词清单 40 个已整理", 30))
    s.task("dau_appstore", "ASO keyword refresh (App Store)", "waiting", "P2", MARCO, "11-19",
           created="11-09 10:30", goal="g_cpa", department=MARKETING,
           status_reason="等市场部给关键词投放报价 (Sophie)", estimate_minutes=180,
           tags=["growth", "aso"])
    s.notes("dau_forecast",
            ("11-19 16:30", "基准情景: 12-31 DAU 11.6 万，比目标少 1.6%", 70))
    s.task("dau_forecast", "DAU forecast to year end (3 scenarios)", "doing", "P1", WANG,
           "11-23", created="11-16 10:30", source=w47, goal="g_dau", estimate_minutes=240,
           tags=["data"])
    s.task("d12_budget", "双12 投放预算申请 (市场部)", "todo", "P1", LIN, "11-24",
           created="11-18 16:00", source=sync, goal="g_cpa", department=MARKETING,
           estimate_minutes=60, tags=["双12", "budget"])
    s.task("d12_legal", "Legal pre-review of the Double 12 rules", "todo", "P1", MARCO, "11-27",
           created="11-18 16:00", source=sync, department=LEGAL, estimate_minutes=60,
           tags=["双12", "legal"])

    s.notes(
        "conv_paywall",
        ("11-18 17:00", "三版文案过审，周四开实验", 30),
        ("11-20 10:00", "Experiment live: 30k users per arm", 40),
    )
    s.task("conv_paywall", "付费墙文案 A/B 测试 (3 个版本)", "doing", "P1", MARCO, "11-25",
           created="11-16 10:30", goal="g_conv", estimate_minutes=240,
           tags=["ab-test", "conversion"])
    s.notes("conv_funnel", ("11-06 18:00", "Biggest drop: the 'choose a coupon' step (-23%)", 60))
    s.task("conv_funnel", "Checkout funnel drop-off analysis", "done", "P1", WANG, "11-10",
           created="11-02 10:40", done="11-10 12:00", source=("meeting", "m_w45", None),
           goal="g_conv", estimate_minutes=300, tags=["conversion", "data"])
    s.task("conv_trial", "7-day trial offer proposal", "todo", "P2", MARCO, "12-08",
           created="11-18 10:00", goal="g_conv", estimate_minutes=180, tags=["conversion"])
    s.task("conv_price_legal", "会员价格页文案合规检查", "waiting", "P1", MARCO, "11-24",
           created="11-18 16:00", source=sync, goal="g_conv", department=LEGAL,
           status_reason="已送法务 (何敏)，等书面意见", estimate_minutes=60,
           tags=["legal", "conversion"])
    # Cancelled on Tuesday of the last week: the reason is a note of that moment, so a demo
    # seen on Monday shows the task open, with no word of its cancellation.
    s.notes("csat", ("11-17 11:00", "取消: 法务提示要补问卷授权条款; 放到 12 月和年度调研一起做。",
                     None))
    s.task("csat", "CSAT survey for Double 11 buyers", "cancelled", "P3", MARCO, "11-20",
           created="11-09 10:30", done="11-17 11:00", estimate_minutes=120, tags=["research"])

    s.notes("cnt_calendar", ("11-19 17:40", "18 topics shortlisted; waiting for 王磊's search "
                                            "volume numbers", 30))
    s.task("cnt_calendar", "12 月内容日历", "doing", "P1", CHEN, "11-25", created="11-16 10:30",
           source=w47, goal="g_reads", estimate_minutes=240, tags=["content"])
    s.task("cnt_series", "Launch the weekly column 《运营小课堂》", "done", "P2", CHEN, "11-13",
           created="10-26 10:30", done="11-13 15:00", goal="g_reads", estimate_minutes=300,
           tags=["content"])
    s.notes(
        "cnt_seo",
        ("11-10 18:00", "完成 15/50", 30),
        ("11-18 18:00", "31/50 done; pushed back by the 双12 copy", 60),
    )
    s.task("cnt_seo", "旧文章 SEO 标题优化 (Top 50)", "doing", "P2", CHEN, "11-19",
           created="11-02 10:40", goal="g_reads", estimate_minutes=600, tags=["content", "seo"])
    s.task("cnt_video", "Short-video pilot: 3 clips", "todo", "P3", CHEN, "12-11",
           created="11-16 10:30", goal="g_reads", estimate_minutes=480,
           tags=["content", "video"])
    s.task("cnt_typo", "公众号推文价格勘误", "done", "P1", CHEN, "11-05", created="11-05 09:00",
           done="11-05 10:30", source=("incident", "inc_typo", None), estimate_minutes=60,
           tags=["content"])
    s.task("cnt_ugc", "UGC 精选栏目规则", "cancelled", "P3", CHEN, "11-13", created="10-19 11:30",
           done="11-09 11:00", source=("meeting", "m_w43", None), goal="g_reads",
           estimate_minutes=180, tags=["content"],
           description="Folded into the 《运营小课堂》 column; not worth a separate format.")
    s.notes("cnt_d12_copy", ("11-20 15:00", "5 条写完，已提交审核", 80))
    s.task("cnt_d12_copy", "Double 12 teaser copy (5 pieces)", "doing", "P1", CHEN, "11-23",
           created="11-18 16:00", source=sync, goal="g_dau", estimate_minutes=180,
           tags=["双12", "copy"])
    s.task("cnt_teardown", "竞品双11 玩法拆解", "done", "P2", CHEN, "10-28", created="10-19 11:30",
           done="10-28 18:00", source=("meeting", "m_w43", None), estimate_minutes=240,
           tags=["竞品", "双11"])


def add_segmentation(s: Story) -> None:
    """November's roll-up goal: the user segmentation playbook (progress = its tasks)."""
    s.task("seg_define", "定义用户分层规则 (RFM 五层)", "done", "P1", MARCO, "11-06",
           created="11-02 11:00", done="11-06 16:00", source=("meeting", "m_w45", None),
           goal="g_seg", estimate_minutes=300, tags=["segmentation"])
    s.task("seg_data", "Segment data spec for 技术部", "done", "P1", WANG, "11-10",
           created="11-02 11:00", done="11-10 17:30", goal="g_seg", department=TECH,
           estimate_minutes=240, tags=["segmentation", "data"])
    s.notes(
        "seg_tags",
        ("11-17 11:00", "需求已提，技术部说双11 后排", 20),
        ("11-19 16:00", "Chased 刘洋: a slot will be given on Monday", 20),
    )
    s.task("seg_tags", "CRM 分层标签上线 (每日同步)", "blocked", "P0", MARCO, "11-20",
           created="11-09 10:30", source=("meeting", "m_w46", None), goal="g_seg",
           department=TECH,
           status_reason="等技术部数据管道: 分层标签每日同步还没排期 (资源协调未确认)",
           estimate_minutes=240, tags=["segmentation"])
    s.notes("seg_playbook",
            ("11-18 18:00", "High-value, growing and dormant segments written up", 50))
    s.task("seg_playbook", "Segment playbook: 5 segments × touchpoints", "doing", "P1", MARCO,
           "11-24", created="11-16 10:30", source=("meeting", "m_w47", None), goal="g_seg",
           estimate_minutes=480, tags=["segmentation"])
    s.task("seg_training", "分层运营团队培训", "todo", "P2", LIN, "11-30", created="11-16 10:30",
           goal="g_seg", estimate_minutes=120, tags=["segmentation", "training"])
    s.task("seg_pilot", "Pilot: win-back for the dormant segment (沉睡用户)", "todo", "P1", MARCO,
           "11-27", created="11-16 10:30", goal="g_seg", estimate_minutes=240,
           tags=["segmentation", "retention"])
    s.task("seg_dashboard", "分层看板 (每日更新)", "done", "P2", WANG, "11-13",
           created="11-02 11:00", done="11-13 11:30", goal="g_seg", estimate_minutes=300,
           tags=["segmentation", "data"])
    s.notes(
        "seg_interviews",
        ("11-06 14:00", "法务的知情同意书确认了", 20),
        ("11-10 18:00", "4 of 6 interviews done", 70),
    )
    s.task("seg_interviews", "User interviews ×6 (high-value users)", "done", "P2", CHEN, "11-12",
           created="11-02 11:00", done="11-12 16:00", goal="g_seg", department=LEGAL,
           estimate_minutes=480, tags=["research", "segmentation"])


def add_manager_tasks(s: Story) -> None:
    """Lin Xiao's own work: reviews, budget, people, process, and what came up."""
    s.notes("mgr_midreview",
            ("11-16 11:40", "DAU at 94% of target; D7 retention is furthest off (31.8 vs 35)", 100))
    s.task("mgr_midreview", "Q4 目标中期检查", "done", "P1", LIN, "11-16", created="11-13 17:00",
           done="11-16 11:50", estimate_minutes=120, tags=["okr"])
    s.task("mgr_sop", "整理运营 SOP 文档 v2", "todo", "P3", LIN, "11-13", created="10-26 10:30",
           estimate_minutes=240, tags=["process"],
           slips=(("11-16", "rolled", "Q4 中期检查占满了上午"),
                  ("11-17", "unplanned", "复盘会优先，先移出计划")))
    s.task("mgr_d12_agenda", "Prepare the 双12 cross-department sync agenda", "done", "P2", LIN,
           "11-17", created="11-16 10:30", done="11-17 18:00", estimate_minutes=45,
           tags=["双12"])
    s.task("mgr_feedback", "给 Marco 的双11 复盘反馈", "done", "P2", LIN, "11-18",
           created="11-17 17:10", done="11-18 16:30", estimate_minutes=45, tags=["feedback"])
    s.task("mgr_boss_sync", "Align Double 12 targets with 赵总", "done", "P1", LIN, "11-19",
           created="11-18 18:00", done="11-19 11:00", estimate_minutes=60, tags=["双12"])
    s.task("mgr_perf", "10 月绩效评估 (3 人)", "done", "P1", LIN, "11-06", created="11-02 10:40",
           done="11-06 17:00", estimate_minutes=180, tags=["team"])
    s.task("mgr_hire", "Content ops intern: JD and headcount request", "waiting", "P3", LIN,
           "11-30", created="11-09 10:30", department="HR",
           status_reason="等 HR 确认 2027 实习生名额", estimate_minutes=60,
           tags=["team", "hiring"])
    s.task("mgr_q1", "2027 Q1 OKR draft", "todo", "P1", LIN, "12-04", created="11-19 11:00",
           estimate_minutes=240, tags=["okr"])
    s.task("q4_baseline", "Q4 KPI 基线确认 (DAU / 留存 / 转化)", "done", "P0", WANG, "10-20",
           created="10-19 11:30", done="10-20 15:00", source=("meeting", "m_w43", None),
           estimate_minutes=120, tags=["data", "okr"])
    s.notes("sms_check", ("11-20 14:00", "移动号段到达率 79%，联通 / 电信正常; 技术部在切备用通道",
                          40))
    s.task("sms_check", "Check SMS delivery with the carrier", "doing", "P1", MARCO, "11-23",
           created="11-19 15:30", source=("incident", "inc_sms", None), department=TECH,
           estimate_minutes=60, tags=["sms"])


def add_recurring_instances(s: Story) -> None:
    """The latest occurrences of the recurring work (competitor review, 1:1s, weekly report)."""
    comp = "竞品周报 Weekly competitor review"
    for when, status, done in (("11-06", "done", "11-06 16:40"), ("11-13", "done", "11-13 17:20"),
                               ("11-20", "doing", None)):
        if status == "doing":
            s.notes(f"comp_{when}", ("11-20 16:00", "竞品 A 上线了'连续签到'玩法，写进周报", 50))
        s.task(f"comp_{when}", comp, status, "P2", CHEN, when, created=f"{when} 08:00",
               done=done, source=("recurrence", "r_comp", when), estimate_minutes=90,
               tags=["竞品", "weekly"])
    one_on_one = "1:1s with the team (陈静 / Marco / 王磊)"
    s.task("1on1_11-11", one_on_one, "cancelled", "P1", LIN, "11-11", created="11-11 08:00",
           done="11-11 09:00", source=("recurrence", "r_1on1", "11-11"), estimate_minutes=90,
           tags=["1on1", "team"], description="双11 当天取消，并到下周。")
    s.task("1on1_11-18", one_on_one, "done", "P1", LIN, "11-18", created="11-18 08:00",
           done="11-18 15:30", source=("recurrence", "r_1on1", "11-18"), estimate_minutes=90,
           tags=["1on1", "team"])
    for when, done in (("11-06", "11-06 18:10"), ("11-13", "11-13 18:20"),
                       ("11-20", "11-20 17:50")):
        s.task(f"weekly_{when}", "周报 Weekly report to 赵总", "done", "P1", LIN, when,
               created=f"{when} 08:00", done=done, source=("recurrence", "r_weekly", when),
               estimate_minutes=60, tags=["周报", "report"])
