"""The Double 11 campaign, the D7 retention incident it ran into, and the retro's actions."""

from __future__ import annotations

from demo_story.builder import CHEN, DESIGN, LEGAL, LIN, MARCO, MARKETING, TECH, WANG, Story


def add_campaign_tasks(s: Story) -> None:
    """Plan, build and run Double 11 (10-19 .. 11-17)."""
    s.notes(
        "d11_plan",
        ("10-20 18:00", "初稿完成: 满 300 减 50 + 新客 9.9 元首单，目标 GMV 800 万", 50),
        ("10-22 17:20", "v1 审核未通过: '全网最低价'是绝对化用语; 优惠叠加规则写得不清楚", 70),
        ("10-23 16:30", "v2 改完，何敏口头确认合规，定稿", 100),
    )
    s.task("d11_plan", "双11 促销活动方案 (Double 11 campaign plan)", "done", "P0", MARCO,
           "10-23", created="10-19 11:30", done="10-23 16:40", source=("meeting", "m_w43", None),
           goal="g_oct", estimate_minutes=480, tags=["双11", "campaign"],
           acceptance="GMV / 拉新 / 转化目标明确; 规则经法务确认; 预算在 Q4 额度内")
    s.notes("d11_budget", ("10-27 10:10", "KOL budget refused by 市场部; moving ¥150k to feeds "
                                          "and own channels", 60))
    s.task("d11_budget", "Double 11 budget split (paid / push / content)", "done", "P1", LIN,
           "10-28", created="10-21 15:00", done="10-28 11:00", source=("meeting", "m_kick", None),
           goal="g_oct", estimate_minutes=180, tags=["双11", "budget"])
    s.notes(
        "d11_rules_legal",
        ("10-23 10:00", "规则文本已送法务 (何敏)", 20),
        ("10-26 15:40", "法务意见: 删除'最低价'，补充退款与价保说明", 60),
    )
    s.task("d11_rules_legal", "活动规则法务审核 (campaign rules legal review)", "done", "P0", MARCO,
           "10-26", created="10-21 15:00", done="10-27 15:30", source=("meeting", "m_kick", None),
           goal="g_oct", department=LEGAL, estimate_minutes=120, tags=["双11", "legal"])
    s.notes(
        "d11_landing",
        ("10-26 11:00", "技术部排了 2 前端 + 1 后端，周三提测", 30),
        ("10-28 18:30", "QA: coupon button hidden behind the WeChat toolbar on Android", 70),
        ("10-30 18:10", "Fixed and approved; live behind a switch", 100),
    )
    s.task("d11_landing", "Double 11 landing page (H5)", "done", "P0", MARCO, "10-30",
           created="10-21 15:00", done="10-30 18:20", source=("meeting", "m_kick", None),
           goal="g_conv", department=TECH, estimate_minutes=600, tags=["双11", "h5"],
           acceptance="Opens in < 2 s on iOS, Android and inside WeChat; coupon and order "
                      "events tracked")
    s.notes("d11_banner", ("10-23 17:00", "设计部出了两版方向，选了暖橙版", 50))
    s.task("d11_banner", "双11 主视觉与 6 张 banner", "done", "P1", CHEN, "10-27",
           created="10-21 15:30", done="10-27 12:00", source=("meeting", "m_kick", None),
           department=DESIGN, estimate_minutes=240, tags=["双11", "design"])
    s.task("d11_kol", "KOL 种草投放 (小红书 ×8)", "cancelled", "P2", CHEN, "10-30",
           created="10-21 15:30", done="10-27 10:00", source=("meeting", "m_kick", None),
           department=MARKETING, estimate_minutes=300, tags=["双11", "kol"],
           description="市场部拒绝追加预算 (Q4 市场预算已锁定)，改用自有内容渠道种草。")
    s.notes(
        "d11_dashboard",
        ("10-28 16:00", "技术部接口确认，5 分钟延迟", 30),
        ("11-02 18:00", "Dashboard v1: GMV, orders, conversion, coupon redemption", 80),
    )
    s.task("d11_dashboard", "Real-time campaign dashboard (5-min delay)", "done", "P1", WANG,
           "11-04", created="10-21 15:30", done="11-04 11:00", source=("meeting", "m_kick", None),
           goal="g_conv", department=TECH, estimate_minutes=480, tags=["双11", "data"])
    s.task("d11_coupon", "Coupon setup and stacking rules in the admin", "done", "P0", MARCO,
           "10-30", created="10-26 10:30", done="10-30 16:00", source=("meeting", "m_w44", None),
           goal="g_conv", estimate_minutes=180, tags=["双11", "coupon"])
    s.notes("d11_push_plan",
            ("10-30 15:00", "节奏表 v1: 预热 3 波 + 当天 4 波，短信只发高价值用户", 60))
    s.task("d11_push_plan", "双11 Push / 短信触达节奏表", "done", "P1", MARCO, "11-02",
           created="10-26 10:30", done="11-02 17:00", source=("meeting", "m_w44", None),
           estimate_minutes=240, tags=["双11", "push"])
    s.notes(
        "d11_content",
        ("10-30 17:30", "已发 4 篇，平均阅读 3.1 万", 40),
        ("11-04 18:00", "8/10 published; the 凑单攻略 piece hit 98k reads", 80),
    )
    s.task("d11_content", "双11 攻略专题 10 篇", "done", "P1", CHEN, "11-06",
           created="10-26 10:30", done="11-06 15:00", source=("meeting", "m_w44", None),
           goal="g_reads", estimate_minutes=900, tags=["双11", "content"])
    s.task("d11_gonogo", "Double 11 go / no-go checklist", "done", "P0", LIN, "11-04",
           created="11-02 10:40", done="11-04 17:30", source=("meeting", "m_w45", None),
           estimate_minutes=120, tags=["双11"])
    s.task("d11_warroom", "双11 值班表 ({d:11-10} → {d:11-12})", "done", "P1", LIN, "11-10",
           created="11-04 17:30", done="11-10 11:20", source=("meeting", "m_gonogo", None),
           estimate_minutes=60, tags=["双11"])
    s.notes("d11_push_check",
            ("11-10 16:30", "第 3 波 push 定时写成了 {d:11-11} 02:00，已改成 20:00", 90))
    s.task("d11_push_check", "Double-check the Double 11 push schedule", "done", "P0", LIN,
           "11-10", created="11-09 10:30", done="11-10 16:40", source=("meeting", "m_w46", None),
           estimate_minutes=90, tags=["双11", "push"])
    s.notes(
        "d11_watch",
        ("11-11 10:00", "10:00 GMV ¥1.86M, conversion 4.1%; coupon error fixed at 00:58", 40),
        ("11-11 16:00", "16:00 GMV ¥4.72M; DAU about 5% above a normal Wednesday", 70),
    )
    s.task("d11_watch", "双11 当天数据巡检 (每 2 小时)", "done", "P0", LIN, "11-11",
           created="11-09 10:30", done="11-11 22:30", source=("meeting", "m_w46", None),
           estimate_minutes=360, tags=["双11", "data"])
    s.task("d11_daily_report", "双11 战报 (当日数据)", "done", "P1", WANG, "11-12",
           created="11-09 10:30", done="11-12 10:10", source=("meeting", "m_w46", None),
           estimate_minutes=120, tags=["双11", "data"])
    s.task("d11_data_review", "Campaign data pull for the retro (GMV, conversion, CPA, cohorts)",
           "done", "P1", WANG, "11-16", created="11-13 10:00", done="11-16 16:00",
           estimate_minutes=240, tags=["双11", "retro", "data"])
    s.task("d11_retro", "双11 复盘会 (GRAI)", "done", "P0", LIN, "11-17",
           created="11-12 18:00", done="11-17 17:10", estimate_minutes=180,
           tags=["双11", "retro"])


def add_incident_tasks(s: Story) -> None:
    """Spot, investigate, escalate and fix the D7 retention drop of 11-11."""
    s.notes(
        "inv_d7",
        ("11-12 09:50", "Raw events match the dashboard, so it is not a tracking glitch. "
                        "Android only; iOS is flat.", 25),
        ("11-12 11:40", "只影响升级到 5.8.0 的安卓用户; 登录日志里大量 token_expired", 50),
        ("11-12 14:20", "Root cause with 刘洋: 5.8.0 set the refresh-token lifetime to 7 days "
                        "instead of 30, so users are logged out on day 7.", 75),
        ("11-13 11:00", "热修复 5.8.1 覆盖率 78%，{d:11-13} 读数回到 29.9%，继续观察", 90),
        ("11-13 16:30", "Closed: about 9,400 users were logged out; win-back push planned.",
         100),
    )
    s.task("inv_d7", "Investigate: D7 留存骤降至 24.6% ({d:11-11})", "done", "P0", WANG, "11-13",
           created="11-12 09:35", done="11-13 16:30", source=("metric", "d7_retention", "11-11"),
           metric="d7_retention", goal="g_d7", estimate_minutes=240,
           tags=["retention", "anomaly"],
           description="{d:11-11} 的 D7 留存 24.6%，远低于前两周的 31% 左右。先排除数据口径问题，"
                       "再看平台、版本和安装批次。",
           acceptance="原因定位到平台 / 版本 / cohort，并给出影响人数")
    s.task("inc_escalate", "D7 事故上报赵总 + 通知技术部", "done", "P0", LIN, "11-12",
           created="11-12 09:40", done="11-12 10:35", source=("incident", "inc_d7", None),
           estimate_minutes=30, tags=["retention", "incident"])
    s.notes("inc_hotfix",
            ("11-12 21:45", "5.8.1 fully rolled out; the server also extended issued tokens", 100))
    s.task("inc_hotfix", "Follow up 技术部 hotfix 5.8.1 (restore 30-day sessions)", "done", "P0",
           LIN, "11-12", created="11-12 14:30", done="11-12 22:10",
           source=("incident", "inc_d7", None), department=TECH, estimate_minutes=60,
           tags=["retention", "incident"])
    s.task("inc_report", "D7 留存事故报告 (给赵总)", "done", "P0", LIN, "11-13",
           created="11-12 14:30", done="11-13 17:40", source=("incident", "inc_d7", None),
           estimate_minutes=90, tags=["retention", "incident"])
    s.notes("inc_winback", ("11-16 10:50", "已推送 9,412 人，24 小时回访率 38%", 100))
    s.task("inc_winback", "Win-back push for users logged out by 5.8.0", "done", "P1", MARCO,
           "11-16", created="11-13 15:00", done="11-16 11:00",
           source=("incident", "inc_d7", None), goal="g_d7", estimate_minutes=120,
           tags=["push", "retention"])
    s.notes("inc_checklist", ("11-18 15:00", "Draft checks sent to 技术部: login success rate, "
                                             "token_expired share, D1 return rate", 40))
    s.task("inc_checklist", "发布检查清单增加留存埋点校验", "waiting", "P1", WANG, "11-27",
           created="11-13 16:00", source=("meeting", "m_incident", None), department=TECH,
           status_reason="等技术部 (刘洋) 确认发布流程改动，周五技术周会讨论",
           estimate_minutes=120, tags=["release", "retention"])


def add_retro_actions(s: Story) -> None:
    """The improvement actions of the Double 11 retro, all under this week's goal."""
    retro = ("retro", "retro_d11", None)
    s.task("imp_legal_template", "建立活动规则法务预审模板 (大促前 10 天送审)", "done", "P1", LIN,
           "11-19", created="11-17 17:10", done="11-19 15:20", source=retro, goal="g_week",
           department=LEGAL, estimate_minutes=120, tags=["retro", "legal"])
    s.notes(
        "imp_release_freeze",
        ("11-18 11:00", "Draft sent to 刘洋 (he is travelling until Thursday)", 30),
        ("11-19 17:30", "刘洋原则同意，需要 CTO 签字; 周五技术周会拍板", 60),
    )
    s.task("imp_release_freeze", "Release freeze 3 days before big campaigns (agree with 技术部)",
           "doing", "P1", LIN, "11-20", created="11-17 17:10", source=retro, goal="g_week",
           department=TECH, estimate_minutes=90, tags=["retro", "release"],
           slips=(("11-18", "rolled", "刘洋出差，改到周四"),
                  ("11-19", "rolled", "技术部要等周五技术周会拍板")))
    s.task("ret_push_cap", "Push frequency cap: at most 2 a day per user", "blocked", "P1", MARCO,
           "11-25", created="11-17 17:10", source=retro, goal="g_week", department=TECH,
           status_reason="等技术部排期: 频控要改推送服务后端 (资源协调未确认)",
           estimate_minutes=60, tags=["retro", "push"])
    s.task("conv_coupon_copy", "优惠券叠加规则文案简化 (一句话说清)", "todo", "P2", CHEN, "11-27",
           created="11-17 17:10", source=retro, goal="g_week", estimate_minutes=120,
           tags=["retro", "copy"])
    s.notes("imp_alert",
            ("11-18 16:00", "规则: 偏离前 14 天均值 3σ 或环比 > 20%，推企业微信群", 60))
    s.task("imp_alert", "Add a 3σ anomaly alert to the retention dashboard", "done", "P2", WANG,
           "11-19", created="11-17 17:10", done="11-19 17:00", source=retro, goal="g_week",
           estimate_minutes=240, tags=["retro", "data"])
