"""Search: every word must match; Chinese by substring; #tag and @owner."""

from __future__ import annotations

import pytest

from opstui.domain.models import Task
from opstui.domain.search import task_matches, text_matches

TASK = Task(title="D7 留存事故复盘 with 技术部", owner="林晓", tags=["retro", "d7"])


@pytest.mark.parametrize(("query", "found"), [
    ("", True),
    ("留存", True),            # Chinese: any part of the title
    ("事故 复盘", True),        # every word, anywhere
    ("留存 双12", False),       # one word missing: no match
    ("d7 RETRO", True),        # case-insensitive, title and tag
    ("林", True),              # the owner
    ("#ret", True),            # a tag by prefix
    ("#林晓", False),          # # looks at tags only
    ("@林晓", True),
    ("@marco", False),
    ("技术", True),
])
def test_task_matches(query: str, found: bool) -> None:
    assert task_matches(TASK, query) is found


def test_text_matches_every_word_in_any_text() -> None:
    assert text_matches("周会 技术", ["周会 W46", "技术部"])
    assert not text_matches("周会 法务", ["周会 W46", "技术部"])
    assert text_matches("  ", [None])
