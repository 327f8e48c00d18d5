"""The form of a finding of the ongoing work (持续性工作: 竞品, 用户调研, 团队建设, 流程优化);
the After pane saves it with ``actions.reporting.add_finding``."""

from __future__ import annotations

from datetime import date
from typing import Any

from opstui.ui.screens.field_checks import required
from opstui.ui.screens.field_form import FieldForm, FormField

STREAMS = (("竞品/行业动态 competitor", "competitor"), ("用户调研 research", "research"),
           ("团队建设 team", "team"), ("流程优化/SOP process", "process"))


def finding_form(day: date) -> FieldForm[dict[str, Any]]:
    """The form of a finding: stream, what was found, tags."""

    def build(values: dict[str, str]) -> dict[str, Any]:
        tags = [t.strip() for t in values["tags"].replace(",", " ").split() if t.strip()]
        return {"stream": values["stream"], "text": values["text"].strip(), "tags": tags}

    fields = [
        FormField("stream", "Stream 类别", "competitor", kind="select", options=STREAMS),
        FormField("text", "Finding 发现", kind="text", check=required("the finding")),
        FormField("tags", "Tags 标签 (space or comma separated)", placeholder="签到 增长"),
    ]
    return FieldForm(f"Finding 持续性工作 · {day.isoformat()}", fields, build)
