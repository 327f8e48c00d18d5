"""The score form of the monthly assessment (月度考核): the manager's 工作能力 and 工作态度
scores, the peers' and the member's own scores, and a comment, saved by ``score_member``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.text import Text

from opstui.ui.screens.field_checks import required
from opstui.ui.screens.field_form import Check, FieldForm, FormField

if TYPE_CHECKING:
    pass

_MONTH = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class ScoreEntry:
    """What the form gives back: whose scores, for which month, and the fields typed."""

    member: str
    period: str
    scores: dict[str, Any] = field(default_factory=dict)


def score_check(low: float, high: float) -> Check:
    """Empty (not scored) or a number from ``low`` to ``high``."""

    def check(text: str) -> tuple[bool, str]:
        if not text.strip():
            return True, "not scored"
        try:
            value = float(text)
        except ValueError:
            return False, f"a number from {low:g} to {high:g}"
        if not low <= value <= high:
            return False, f"from {low:g} to {high:g}"
        return True, f"= {value:g}"

    return check


def month_check(text: str) -> tuple[bool, str]:
    """A month like 2026-11 (or a year like 2026, for the year's comment)."""
    ok = bool(_MONTH.match(text.strip()))
    return ok, "" if ok else "a month like 2026-11 (or a year like 2026)"


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def score_form(members: Sequence[str], month: str) -> FieldForm[ScoreEntry]:
    """The form: a member, the month, and the scores to enter. Fields left empty keep what
    is stored (so choosing another member never carries one member's scores over)."""

    def build(values: dict[str, str]) -> ScoreEntry:
        member = values["member"].strip()
        scores: dict[str, Any] = {}
        for name in ("ability", "attitude", "peer", "self_score"):
            if values[name].strip():
                scores[name] = _number(values[name])
        if values["comment"].strip():
            scores["comment"] = values["comment"].strip()
        if not scores:
            raise ValueError("nothing to save: type at least one score or a comment")
        return ScoreEntry(member, values["month"].strip(), scores)

    fields = [
        FormField("member", "Member 成员", members[0] if members else "",
                  kind="select" if members else "input",
                  options=[(m, m) for m in members], check=required("a member")),
        FormField("month", "Month 月份", month, check=month_check),
        FormField("ability", "工作能力 Ability (1–5)", check=score_check(1, 5)),
        FormField("attitude", "工作态度 Attitude (1–5)", check=score_check(1, 5)),
        FormField("peer", "同事评价 Peers (0–100)", check=score_check(0, 100)),
        FormField("self_score", "自我评价 Self (0–100)", check=score_check(0, 100)),
        FormField("comment", "评语 Comment", kind="text"),
    ]
    return FieldForm("Score 月度考核", fields, build,
                     extra=Text("Empty fields keep the scores already entered; "
                                "`opstui report month` shows them with the totals."))
