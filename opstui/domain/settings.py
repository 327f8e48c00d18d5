"""The user's preferences: one model, read from the settings file at the edge and passed down.

Every field has a default, so a missing or bad key never stops opstui; the settings file
(``opstui.settings_file``) documents each one from the docstrings below. Working-day rules
(``working_days_between``, ``is_working_day``) live here because staleness and planning both
use them.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday names as the settings spell them, Monday first (``date.weekday()`` order)."""

Hours = Annotated[float, Field(gt=0, le=24)]
BufferPct = Annotated[int, Field(ge=0, le=90)]
Weight = Annotated[int, Field(ge=0, le=100)]
Lang = Annotated[str, StringConstraints(pattern=r"^(en|zh)$")]
Weekday = Annotated[str, StringConstraints(to_lower=True,
                                           pattern=r"^(mon|tue|wed|thu|fri|sat|sun)$")]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]

_STRICT = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)
# The attribute docstrings below document the settings file; they are read only when it is
# written (``settings_file.field_docs``): pydantic's ``use_attribute_docstrings`` would read
# this module's source on every start-up (~20 ms).


class Role(StrEnum):
    """The roles of the department's rules."""

    MANAGER = "运营经理"
    SPECIALIST = "运营专员"
    ANALYST = "数据分析员"


class WeekHours(BaseModel):
    """Hours of work a day can hold, per weekday."""

    model_config = _STRICT

    mon: Hours = 8.0
    tue: Hours = 8.0
    wed: Hours = 8.0
    thu: Hours = 8.0
    fri: Hours = 8.0
    sat: Hours = 8.0
    sun: Hours = 8.0

    def on(self, day: date) -> float:
        """The hours of ``day``'s weekday."""
        return float(getattr(self, WEEKDAYS[day.weekday()]))


class WeekBuffer(BaseModel):
    """Percent of a day's capacity kept free for surprises, per weekday."""

    model_config = _STRICT

    mon: BufferPct = 20
    tue: BufferPct = 20
    wed: BufferPct = 20
    thu: BufferPct = 20
    fri: BufferPct = 20
    sat: BufferPct = 20
    sun: BufferPct = 20

    def on(self, day: date) -> int:
        """The buffer of ``day``'s weekday."""
        return int(getattr(self, WEEKDAYS[day.weekday()]))


class ReportPeople(BaseModel):
    """Who writes the reports and who receives them."""

    model_config = _STRICT

    reporter: str = ""
    """The name put on work logs and weekly reports ("" leaves it out)."""
    department: str = ""
    """The department named in report headers, e.g. 用户运营部."""
    recipients: list[str] = Field(default_factory=list)
    """Who the weekly report goes to (names or addresses)."""


class Member(BaseModel):
    """One person of the team roster."""

    model_config = _STRICT

    name: PersonName
    role: Role = Role.SPECIALIST


class AssessorWeights(BaseModel):
    """How much each assessor counts in an assessment (percent; they add up to 100)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True,
                              populate_by_name=True, serialize_by_alias=True)

    superior: Weight = 40
    """上级评价: the direct superior."""
    peer: Weight = 20
    """同事评价: peers."""
    self_: Weight = Field(default=10, alias="self")
    """自我评价: the person."""
    data: Weight = 30
    """数据分析: the numbers (task completion, metric results)."""

    def by_assessor(self) -> dict[str, float]:
        """The weights by the assessor names the assessment uses (superior, peer, self,
        data)."""
        return {"superior": float(self.superior), "peer": float(self.peer),
                "self": float(self.self_), "data": float(self.data)}

    @model_validator(mode="after")
    def _total(self) -> AssessorWeights:
        total = self.superior + self.peer + self.self_ + self.data
        if total != 100:
            raise ValueError(f"the four assessor weights add up to {total}, not 100")
        return self


class PartWeights(BaseModel):
    """How much each part counts in an assessment (percent; they add up to 100)."""

    model_config = _STRICT

    results: Weight = 60
    """工作业绩: completion, quality, efficiency."""
    ability: Weight = 20
    """工作能力."""
    attitude: Weight = 20
    """工作态度."""

    @model_validator(mode="after")
    def _total(self) -> PartWeights:
        total = self.results + self.ability + self.attitude
        if total != 100:
            raise ValueError(f"the three part weights add up to {total}, not 100")
        return self


class AssessmentWeights(BaseModel):
    """The weights of a monthly assessment (绩效考核); opstui ships a default, set your own."""

    model_config = _STRICT

    assessors: AssessorWeights = Field(default_factory=AssessorWeights)
    parts: PartWeights = Field(default_factory=PartWeights)


class Settings(BaseModel):
    """The user's preferences (the settings file); every key has a default."""

    model_config = _STRICT

    lang: Lang = "en"
    """Language of reports (work log, weekly report, retro): en or zh."""
    date_lang: Lang = "en"
    """Language of the viewed day's name in the day bar (Mon … today / 周一 … 今天): en or zh."""
    week_start: Weekday = "mon"
    """The first day of a week in week views: mon or sun."""
    working_days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS[:5]))
    """The days the team works; staleness counts only these."""
    stale_working_days: Annotated[int, Field(ge=1, le=60)] = 3
    """An open task with no update for this many working days is stale (needs a follow-up)."""
    capacity: WeekHours = Field(default_factory=WeekHours)
    """A new day plan's capacity in hours, by weekday (a day's own change stays that day's)."""
    buffer: WeekBuffer = Field(default_factory=WeekBuffer)
    """A new day plan's buffer in percent of capacity, by weekday."""
    default_estimate_minutes: Annotated[int, Field(gt=0, le=60 * 24)] = 60
    """What a task without an estimate counts for in a plan's load."""
    archive_after_days: Annotated[int, Field(ge=1)] = 21
    """Finished tasks move to the archive files this many days after they finish."""
    report: ReportPeople = Field(default_factory=ReportPeople)
    """Who writes the reports and who receives them."""
    team: list[Member] = Field(default_factory=list)
    """The team roster: name and role (运营经理 / 运营专员 / 数据分析员)."""
    me: str = ""
    """Who this copy of opstui belongs to: a name from the team roster ("" for nobody)."""
    assessment: AssessmentWeights = Field(default_factory=AssessmentWeights)
    """Assessment (绩效考核) weights in percent: opstui's defaults until you set your own."""
    theme: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = (
        "textual-dark")
    """The TUI's colour theme (any Textual theme; ctrl+p "theme" lists them)."""
    sync_interval_minutes: Annotated[int, Field(ge=0, le=24 * 60)] = 0
    """How often team sync runs, in minutes (0 = off)."""
    keys: dict[str, str] = Field(default_factory=dict)
    """Key remaps: binding id = "key" (e.g. "before.task_add" = "ctrl+n"); see the README."""

    @model_validator(mode="before")
    @classmethod
    def _older_keys(cls, data: Any) -> Any:
        """Read the per-data-file settings of older opstui (one capacity for every day)."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "capacity_hours" in data:
            hours = data.pop("capacity_hours")
            data.setdefault("capacity", dict.fromkeys(WEEKDAYS, hours))
        if "buffer_pct" in data:
            pct = data.pop("buffer_pct")
            data.setdefault("buffer", dict.fromkeys(WEEKDAYS, pct))
        if "stale_days" in data:
            data.setdefault("stale_working_days", data.pop("stale_days"))
        return data

    @model_validator(mode="after")
    def _me_on_the_roster(self) -> Settings:
        names = [m.name for m in self.team]
        if len(set(names)) != len(names):
            raise ValueError("the team roster names someone twice")
        if self.me and names and self.me not in names:
            raise ValueError(f"{self.me!r} is not on the team roster")
        return self

    # -- what the rules ask of the settings ----------------------------------------------
    @property
    def stale_days(self) -> int:
        """The stale threshold in working days (the older name)."""
        return self.stale_working_days

    def is_working_day(self, day: date) -> bool:
        """True when ``day``'s weekday is one of ``working_days``."""
        return WEEKDAYS[day.weekday()] in self.working_days

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``).

        Friday to the next Monday is one working day with the default Monday-Friday week.
        """
        if end <= start:
            return 0
        span = (end - start).days
        weeks, rest = divmod(span, 7)
        count = weeks * len(set(self.working_days))
        for offset in range(1, rest + 1):
            count += self.is_working_day(start + timedelta(days=offset))
        return count

    def week_of(self, day: date) -> date:
        """The first day of ``day``'s week, by ``week_start``."""
        first = WEEKDAYS.index(self.week_start)
        return day - timedelta(days=(day.weekday() - first) % 7)

    def with_day_default(self, day: date, hours: float, buffer_pct: int) -> Settings:
        """These settings with ``hours`` and ``buffer_pct`` as the default of ``day``'s weekday."""
        name = WEEKDAYS[day.weekday()]
        return self.model_copy(update={
            "capacity": self.capacity.model_copy(update={name: float(hours)}),
            "buffer": self.buffer.model_copy(update={name: int(buffer_pct)}),
        })
