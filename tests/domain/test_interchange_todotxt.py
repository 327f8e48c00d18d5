"""todo.txt lines read as tasks, and tasks written as lines that read back the same."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from opstui.domain.interchange import InterchangeError, detect_format
from opstui.domain.interchange.todotxt import format_line, format_todotxt, parse_todotxt
from opstui.domain.models import Priority, Task, TaskStatus

FILE = """\
(A) 2026-11-01 写周报 +周报 @办公室 due:2026-11-30 owner:王芳
x 2026-11-20 2026-11-02 call 老王 about the 🎉 launch +launch +campaign @phone pri:B
(D) Review copy t:2026-11-25 due:2026-11-28 colour:blue
plain thing

see https://example.com ratio 3:1
x done without dates
"""


def _tasks() -> list[Task]:
    return parse_todotxt(FILE).tasks


def test_each_line_is_one_task_with_its_fields() -> None:
    report, call, review, plain, link, ticked = _tasks()
    assert (report.title, report.priority, report.project, report.tags, report.due,
            report.owner, report.created_at) == (
        "写周报", Priority.P0, "周报", ["办公室"], date(2026, 11, 30), "王芳",
        datetime(2026, 11, 1))
    assert call.status is TaskStatus.DONE and call.percent == 100
    assert call.done_at == datetime(2026, 11, 20)
    assert call.priority is Priority.P1  # pri:B, the convention for completed tasks
    assert call.title == "call 老王 about the 🎉 launch"
    assert call.project == "launch" and call.external["projects"] == ["launch", "campaign"]
    assert (review.priority, review.start, review.due) == (
        Priority.P3, date(2026, 11, 25), date(2026, 11, 28))
    assert review.external["colour"] == "blue"
    assert (plain.priority, plain.status) == (Priority.P2, TaskStatus.TODO)
    assert link.title == "see https://example.com ratio 3:1"  # a URL and 3:1 are words
    assert ticked.status is TaskStatus.DONE and ticked.done_at is None


def test_the_line_and_a_stable_identity_are_kept() -> None:
    first, again = _tasks(), _tasks()
    assert [t.id for t in first] == [t.id for t in again]
    assert len({t.id for t in first}) == len(first)
    assert first[0].external["line"] == FILE.splitlines()[0]
    assert first[0].source_id and first[0].source_id.startswith("todotxt:")


def test_ticking_a_line_off_keeps_its_identity() -> None:
    (open_task,) = parse_todotxt("(B) 2026-11-01 send the deck +q4\n").tasks
    (ticked,) = parse_todotxt("x 2026-11-03 2026-11-01 send the deck +q4 pri:B\n").tasks
    assert ticked.id == open_task.id and ticked.status is TaskStatus.DONE


def test_the_same_line_twice_is_two_tasks() -> None:
    tasks = parse_todotxt("call mom\ncall mom\n").tasks
    assert len({t.id for t in tasks}) == 2


def test_it_is_found_to_be_todotxt() -> None:
    assert detect_format(FILE) == "todotxt"


@pytest.mark.parametrize(("line", "message"), [
    ("(A) thing due:2026-13-01", "line 1: due:2026-13-01 is not a date"),
    ("thing status:sleeping", "line 1: status:sleeping is not one of"),
    ("+onlyproject", ""),
])
def test_bad_lines_say_which_line(line: str, message: str) -> None:
    if not message:  # a line of only a project keeps its text as the title
        assert parse_todotxt(line).tasks[0].title == "+onlyproject"
        return
    with pytest.raises(InterchangeError, match=message):
        parse_todotxt(line)


ROUND_TRIP = [
    Task(title="写周报 🎉", priority="P0", project="周报", tags=["办公室", "two words"],
         due=date(2026, 11, 30), start=date(2026, 11, 28), owner="Li Wei",
         created_at=datetime(2026, 11, 1, 9, 30), updated_at=datetime(2026, 11, 2)),
    Task(title="waiting on legal", status="waiting", status_reason="法务 50% done",
         priority="P3", created_at=datetime(2026, 11, 3), updated_at=datetime(2026, 11, 3)),
    Task(title="shipped it", status="done", percent=100, priority="P1",
         done_at=datetime(2026, 11, 20), created_at=datetime(2026, 11, 1),
         updated_at=datetime(2026, 11, 20)),
    Task(title="dropped", status="cancelled", created_at=datetime(2026, 11, 1),
         updated_at=datetime(2026, 11, 5)),
    Task(title="doing now", status="doing", percent=40),
]
FIELDS = ("id", "title", "status", "status_reason", "priority", "project", "tags", "due",
          "start", "owner", "done_at")


def test_exported_lines_read_back_as_the_same_tasks() -> None:
    text = format_todotxt(ROUND_TRIP)
    back = {t.id: t for t in parse_todotxt(text).tasks}
    assert set(back) == {t.id for t in ROUND_TRIP}
    for task in ROUND_TRIP:
        again = back[task.id]
        assert {f: getattr(again, f) for f in FIELDS} == {f: getattr(task, f) for f in FIELDS}
        if task.created_at.year > 2000:
            assert again.created_at.date() == task.created_at.date()


def test_an_exported_line_looks_like_todotxt() -> None:
    assert format_line(ROUND_TRIP[0]).startswith("(A) 2026-11-01 写周报 🎉 +周报 @办公室 ")
    assert "@two%20words" in format_line(ROUND_TRIP[0])
    assert format_line(ROUND_TRIP[2]).startswith("x 2026-11-20 2026-11-01 shipped it ")
    assert format_todotxt(ROUND_TRIP).splitlines()[-1].startswith("x ")  # finished last
