"""``opstui meeting add``: the meeting and its action items as tasks, in one save."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from opstui.domain.models import Meeting, SourceKind, Task
from opstui.store.repository import Repository

Runner = Callable[..., Any]


def test_meeting_with_departments_and_action_items(cli: Runner, data_file: Path) -> None:
    done = cli("meeting", "add", "双12", "sync", "--dept", "技术部", "--dept", "市场部",
               "--decision", "Freeze releases", "--action", "Sign the freeze | 刘洋 | fri",
               "--action", "Budget | Sophie", "--minutes", "[b]as typed[/]")
    assert done.code == 0
    lines = done.out.splitlines()
    assert lines[0].endswith("2026-11-23  双12 sync") and len(lines) == 3
    repo = Repository(data_file)
    meeting = repo.all(Meeting)[0]
    assert meeting.departments == ["技术部", "市场部"]
    assert meeting.decisions == ["Freeze releases"] and meeting.minutes == "[b]as typed[/]"
    tasks = sorted(repo.all(Task), key=lambda t: t.title)
    assert [(t.title, t.owner, t.due) for t in tasks] == [
        ("Budget", "Sophie", None), ("Sign the freeze", "刘洋", date(2026, 11, 27))]
    assert all(t.source.kind is SourceKind.MEETING and t.source.ref == meeting.id
               for t in tasks)
    listed = cli("meeting", "list")
    assert "双12 sync" in listed.out and " 2 " in listed.out


def test_a_bad_action_item_saves_nothing(cli: Runner, data_file: Path) -> None:
    done = cli("meeting", "add", "sync", "--action", "ok | Bob", "--action", "x | y | someday")
    assert done.code == 2 and "line 2" in done.err
    assert not data_file.exists() or Repository(data_file).all(Meeting) == []
