"""Records about people and the ongoing work: assessments (考核), feedback (反馈) and findings.

Assessments and feedback are about a person and stay on this machine: their tables are in
``opstui.domain.sharing.PRIVATE_TABLES``, which sync never shares.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints, field_validator

from opstui.domain.base import Name, Record

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")

ASSESSORS = ("superior", "peer", "self", "data")
"""The four assessors of the department's rules: 上级评价, 同事评价, 自我评价, 数据分析."""
DEFAULT_WEIGHTS: dict[str, float] = {"superior": 40.0, "peer": 20.0, "self": 10.0,
                                     "data": 30.0}
"""Percent per assessor unless the settings' ``[assessment.assessors]`` say otherwise (the rules
leave them as [X]%)."""


class Assessment(Record):
    """The manager's scores and comment for one member and one month (or one year).

    The data part of the assessment (完成率, 及时率, 质量, 效率) is computed, never stored.
    """

    table: ClassVar[str] = "assessments"

    member: Name
    period: str
    """``2026-11`` for a month, ``2026`` for the year's own comment."""
    ability: Annotated[float, Field(ge=1, le=5)] | None = None
    """工作能力, the manager's score from 1 to 5."""
    attitude: Annotated[float, Field(ge=1, le=5)] | None = None
    """工作态度, the manager's score from 1 to 5."""
    peer: Annotated[float, Field(ge=0, le=100)] | None = None
    """同事评价, 0 to 100 (collected from the peers)."""
    self_score: Annotated[float, Field(ge=0, le=100)] | None = None
    """自我评价, 0 to 100."""
    comment: str = ""

    @field_validator("period")
    @classmethod
    def _period_shape(cls, value: str) -> str:
        value = value.strip()
        if not _PERIOD.match(value):
            raise ValueError("period must be a month like 2026-11 or a year like 2026")
        return value


class FeedbackKind(StrEnum):
    """What a feedback note is."""

    PRAISE = "praise"
    IMPROVE = "improve"
    ONE_ON_ONE = "1:1"
    DEVELOPMENT = "development"


class Feedback(Record):
    """A dated note on a team member: praise, something to improve, a 1:1, a training plan."""

    table: ClassVar[str] = "feedback"

    member: Name
    day: date
    kind: FeedbackKind = FeedbackKind.ONE_ON_ONE
    text: Text


class Stream(StrEnum):
    """The ongoing work a finding belongs to (持续性工作)."""

    COMPETITOR = "competitor"
    RESEARCH = "research"
    TEAM = "team"
    PROCESS = "process"


class Finding(Record):
    """A short note of what the ongoing work found, tagged by its stream."""

    table: ClassVar[str] = "findings"

    stream: Stream
    day: date
    text: Text
    tags: list[Name] = Field(default_factory=list)

    @field_validator("tags")
    @classmethod
    def _clean_tags(cls, tags: list[str]) -> list[str]:
        cleaned = [t.lstrip("#").strip() for t in tags]
        return list(dict.fromkeys(t for t in cleaned if t))


