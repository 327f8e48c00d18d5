"""Lin Xiao's notes on the team (private: feedback, the October assessment) and the ongoing
watch (competitors, user research, team, process) the weekly report lists."""

from __future__ import annotations

from demo_story.builder import Story, day, ts
from opstui.domain.models import Assessment, Feedback, Finding

FINDINGS = (
    # stream, day, text, tags
    ("competitor", "11-13", "竞品 A 双11 改成'预售 + 尾款'两段式，尾款日转化比我们高 0.6 个百分点",
     ["双11", "竞品A"]),
    ("competitor", "11-18", "Competitor B launched a points-for-referral scheme: 2x points "
     "for the first order of an invited friend", ["referral"]),
    ("research", "11-17", "5 位流失用户访谈: 3 位说推送太多，2 位说找不到领券入口",
     ["访谈", "push"]),
    ("team", "11-19", "Ran a 30-minute SQL session for the specialists; 陈静 and Marco now "
     "pull their own funnel numbers", ["training"]),
    ("process", "11-20", "发版冻结写进 SOP: 大促前 3 天技术部不发版 (待 CTO 签字)",
     ["SOP", "release"]),
)

FEEDBACK = (
    # member, day, kind, text
    ("Marco", "11-12", "praise", "双11 push 节奏执行到位，零点那波 push 打开率 9.8%"),
    ("陈静", "11-13", "1:1", "想多做数据分析; 约定每周和王磊结对一次, 12 月看效果"),
    ("Marco", "11-18", "improve", "活动方案 v1 有绝对化用语, 送审前先过一遍合规清单"),
    ("王磊", "11-19", "development", "Q1 学一门因果推断课, 用在留存归因上"),
)

ASSESSMENTS = (
    # member, month, ability 1-5, attitude 1-5, peer, self, comment
    ("Marco", "2026-10", 4.0, 4.5, 85.0, 80.0, "双11 方案牵头有担当; 合规意识要加强"),
    ("陈静", "2026-10", 4.0, 5.0, 90.0, 85.0, "攻略专题平均 4.5 万阅读, 超出预期"),
)


def add_people(story: Story) -> None:
    """The findings, the feedback notes and the October assessment scores."""
    for stream, when, text, tags in FINDINGS:
        moment = ts(f"{when} 18:00")
        story.add(Finding(id=story.id(f"finding {when} {stream}"), stream=stream,  # type: ignore[arg-type]
                          day=day(when), text=text, tags=tags,
                          created_at=moment, updated_at=moment))
    for member, when, kind, text in FEEDBACK:
        moment = ts(f"{when} 17:30")
        story.add(Feedback(id=story.id(f"feedback {member} {when}"), member=member,
                           day=day(when), kind=kind, text=text,  # type: ignore[arg-type]
                           created_at=moment, updated_at=moment))
    for member, month, ability, attitude, peer, own, comment in ASSESSMENTS:
        moment = ts("11-03 10:00")
        story.add(Assessment(id=story.id(f"assessment {member} {month}"), member=member,
                             period=month, ability=ability, attitude=attitude, peer=peer,
                             self_score=own, comment=comment,
                             created_at=moment, updated_at=moment))
