"""Lin Xiao's work logs (工作日志) and day plans, the last one on the anchor day."""

from __future__ import annotations

from demo_story.builder import Story, ts
from opstui.domain.models import LogEntry

LOGS = (
    # day, summary, highlights, problems, solutions, tomorrow's top three
    ("10-19", "周会: Q4 目标拆解到人; 双11 方案启动",
     "Q4 四个 KPI 都有了 owner; 双11 方案 Marco 牵头，周五定稿",
     "Q4 基线口径不统一 (9 月均值还是 Q3 均值)", "统一用 9 月日均，王磊周二给数",
     ["确认 Q4 基线", "双11 跨部门启动会议程", "约法务何敏评审时间"]),
    ("10-20", "Q4 baselines confirmed with 王磊: DAU 98k, D7 30.2%, conversion 3.6%.",
     "Baselines locked; kick-off agenda sent to 技术部 / 市场部 / 法务 / 设计部",
     "Design is fully booked in the first Double 11 week",
     "Asked 周可 to swap one ad-hoc slot for our banners",
     ["Double 11 kick-off", "Read the campaign plan draft", "Prepare Wednesday's 1:1s"]),
    ("10-21", "双11 跨部门启动会开完: 时间线、分工、法务节点都定了",
     "技术部给了落地页人力 (2 前端 + 1 后端); 设计部答应换档期", "市场部对 KOL 预算不表态",
     "Sophie 周五前回复; 备选: 自有渠道内容种草",
     ["审活动方案 v1", "过一遍落地页需求文档", "预算拆分"]),
    ("10-22", "Reviewed campaign plan v1 and rejected it on compliance.",
     "Targets and mechanics are solid; the 1:1s went well",
     "'全网最低价' is absolute wording under the advertising law; stacking rules unclear",
     "Marco rewrites tonight; 何敏 agreed to a quick re-check on Friday morning",
     ["Approve plan v2", "Send the rules to 法务", "Check in on the competitor teardown"]),
    ("10-26", "周会 {w:10-26}; KOL 预算被市场部拒了", "法务对活动规则的意见回来了，改动不大",
     "KOL 15 万预算被拒 (Q4 市场预算已锁定)", "取消 KOL，预算转信息流 + 陈静的攻略专题",
     ["定预算拆分", "跟进落地页提测", "push 节奏表"]),
    ("10-27", "Legal approved the campaign rules (one day late); banners delivered.",
     "Budget split drafted; the orange key visual tested well internally",
     "Landing page QA slipped to Wednesday", "Coupon config tested in parallel to win the day back",
     ["Finalise the budget split", "Landing page QA", "Competitor teardown review"]),
    ("10-28", "预算拆分定稿; 落地页提测发现安卓微信内领券按钮被遮挡",
     "竞品双11 拆解做完: 两家都在做'预售 + 尾款'", "落地页 bug 影响领券",
     "技术部当晚修，周五再验", ["落地页回归", "券配置验收", "10 月渠道复盘"]),
    ("10-30", "Landing page and coupons are live behind a switch; October channel review done.",
     "Two feed channels cost more than ¥35 per user: pause them after Double 11",
     "Push plan v1 sends up to 7 messages on the main day", "Asked Marco to cut it to 4",
     ["Weekend: warm-up starts {d:11-01}", "Push plan final", "October performance reviews"]),
    ("11-02", "预热第二天; 周会 {w:11-02}; 11 月目标定为用户分层运营",
     "预热首日 DAU +1.5%", "{d:11-01} push 一天发了 5 条，退订率翻倍",
     "当天后两波合并; 预热期每天 ≤ 3 条",
     ["go / no-go 清单", "漏斗分析需求给王磊", "10 月绩效"]),
    ("11-03", "Warm-up day 3: reads up, conversion flat.",
     "The 凑单攻略 piece is at 60k reads and climbing", "Coupon step loses a lot of users",
     "王磊 starts a funnel drop-off analysis", ["Go / no-go meeting", "Dashboard check",
                                                "Segmentation kick-off with Marco"]),
    ("11-04", "Go / no-go: GO. 技术部照常 {d:11-10} 发 5.8.0。",
     "实时看板上线; 检查清单全绿", "发版和活动挨得太近，我有点担心",
     "刘洋保证不影响活动; 先记下，复盘时再看", ["值班表", "绩效面谈准备", "攻略专题收尾"]),
    ("11-06", "October reviews done; all 10 guide pieces published; weekly report sent.",
     "Guide series averages 45k reads", "Yesterday's article had a price typo (¥9.9)",
     "Re-sent with a correction; price check added to the review checklist",
     ["Weekly sync {w:11-09}", "Push copy for the main day", "Interview consent form"]),
    ("11-09", "周会 {w:11-09}: 最后冲刺; 分层数据规格交技术部", "值班表、巡检节奏都定了",
     "分层标签同步技术部说双11 后才能排", "先提需求占位",
     ["push 定时二次核对", "值班表发全员", "战报模板"]),
    ("11-10", "Double 11 eve: push schedule double-checked and a 02:00 send caught.",
     "War-room rota out; dashboards green", "Android 5.8.0 goes out tonight",
     "On-call list includes 技术部 for the next 48 hours",
     ["Watch every 2 hours", "Coupon redemption at 00:00", "Encore day push"]),
    ("11-11", "双11 当天: 截至 22:30 累计 GMV 731 万; 零点券叠加报错 46 分钟修复",
     "当天转化率 {peak}%; DAU 比平时高 5%", "零点优惠券叠加报错，312 单受影响",
     "技术部回滚配置，受影响订单补发 5 元券", ["战报", "返场日数据", "补 1:1"]),
    ("11-12", "D7 retention fell to 24.6% — S2 incident, escalated to 赵总, hotfix out tonight.",
     "Root cause found by 14:20 with 刘洋; final GMV ¥7.42M",
     "5.8.0 logged users out on day 7; nobody caught it because the release checklist has no "
     "login metrics", "Hotfix 5.8.1 at 21:40; server extends issued tokens to 30 days",
     ["Incident report for 赵总", "Post-incident review with 技术部", "Win-back push"]),
    ("11-13", "事故报告交了; 5.8.1 覆盖 78%，留存回到 29.9%; 周报发出",
     "和技术部开了事故复盘，三条改进", "《运营小课堂》第 1 期标题党被打回", "陈静改完 v2 当天过审",
     ["Q4 中期检查", "周会 {w:11-16}", "双11 复盘数据"]),
    ("11-16", "Q4 mid-review: DAU 94% of target, D7 retention furthest off. 双12 kick-off.",
     "Win-back push: 38% of logged-out users came back within 24h",
     "SOP doc slipped again", "Rolled to Tuesday; it is P3, retro comes first",
     ["Double 11 retro (GRAI)", "双12 sync agenda", "Segmentation playbook check-in"]),
    ("11-17", "双11 复盘会 (GRAI) 开完，5 个改进项落实到人",
     "复盘结论清楚: 法务预审模板、发版冻结、push 频控、规则简化、3σ 告警", "SOP 又没做",
     "移出本周计划，月底再排", ["双12 跨部门同步", "给 Marco 复盘反馈", "发版冻结找刘洋"]),
    ("11-18", "双12 cross-department sync; feedback to Marco; 1:1s.",
     "法务 agreed to pre-review with the new template", "Release freeze talk slipped: 刘洋 is "
     "travelling", "Rolled to Thursday", ["Align 双12 targets with 赵总", "Legal template",
                                          "Release freeze with 刘洋"]),
    ("11-19", "与赵总对齐双12: GMV 500 万; 法务预审模板上线",
     "3σ 留存告警上线，以后不用人盯", "短信到达率跌到 82%; 发版冻结要等 CTO 签字",
     "Marco 开了事故单，技术部在查通道; 冻结方案周五技术周会拍板",
     ["双12 方案初稿", "发版冻结", "周报"]),
    # The last day's log is not written: its evening (the shutdown, 收工) is the user's to do.
)

PLANS = (
    # day, tasks in order, buffer percent
    ("11-10", ["d11_push_check", "d11_warroom"], 20),
    ("11-11", ["d11_watch", "1on1_11-11"], 10),
    ("11-12", ["inc_escalate", "inc_hotfix"], 20),
    ("11-13", ["inc_report", "weekly_11-13"], 20),
    ("11-16", ["mgr_midreview", "mgr_sop"], 20),
    ("11-17", ["d11_retro", "mgr_d12_agenda", "mgr_sop"], 20),
    ("11-18", ["mgr_feedback", "1on1_11-18", "imp_release_freeze"], 20),
    ("11-19", ["imp_legal_template", "mgr_boss_sync", "imp_release_freeze", "dau_d12_plan"], 20),
    ("11-20", ["imp_release_freeze", "dau_d12_plan", "weekly_11-20"], 20),
)


def add_journal(s: Story, conversion_on_d11: float) -> None:
    """The work logs of most working days, and the plans of the last two weeks.

    Args:
        s: The story.
        conversion_on_d11: The conversion reading of 11-11, quoted in that day's log.
    """
    for when, summary, highlights, problems, solutions, tomorrow in LOGS:
        highlights = highlights.replace("{peak}", f"{conversion_on_d11:g}")
        written = ts(f"{when} 18:30")
        s.add(LogEntry(
            id=s.id(f"log:{when}"), day=written.date(), summary=summary, highlights=highlights,
            problems=problems, solutions=solutions, tomorrow=tomorrow, created_at=written,
            updated_at=written,
        ))
    for when, keys, buffer in PLANS:
        s.plan(when, keys, buffer_pct=buffer)
