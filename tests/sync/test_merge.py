"""The three-way merge, as tables: base, ours, theirs -> merged record and conflicts."""

from __future__ import annotations

from typing import Any

import pytest

from opstui.domain.merge import DELETED, fold_plans, merge_list, merge_record, merge_tables

ID = "a" * 32
T1, T2, T3 = "2026-11-30T09:00:00", "2026-11-30T10:00:00", "2026-11-30T11:00:00"


def task(at: str = T1, **fields: Any) -> dict[str, Any]:
    return {"id": ID, "created_at": T1, "updated_at": at, "title": "Draft copy", **fields}


FIELD_CASES = [
    # name, base, ours, theirs, expected merged fields, conflicting fields
    ("only ours changed", task(), task(T2, title="A"), task(), {"title": "A"}, []),
    ("only theirs changed", task(), task(), task(T2, owner="林晓"),
     {"title": "Draft copy", "owner": "林晓"}, []),
    ("different fields both kept", task(), task(T2, title="A"), task(T3, owner="林晓"),
     {"title": "A", "owner": "林晓"}, []),
    ("same field: the later change wins", task(), task(T3, title="A"), task(T2, title="B"),
     {"title": "A"}, ["title"]),
    ("same field: later theirs wins", task(), task(T2, title="A"), task(T3, title="B"),
     {"title": "B"}, ["title"]),
    ("same field, same value: no conflict", task(), task(T2, title="A"), task(T3, title="A"),
     {"title": "A"}, []),
    ("a field removed on one side (back to default)", task(owner="x"),
     task(T2), task(T3, owner="x", title="B"), {"title": "B"}, []),
    ("tags: both sides' additions kept", task(tags=["a"]), task(T2, tags=["a", "b"]),
     task(T3, tags=["a", "c"]), {"tags": ["a", "c", "b"]}, []),
    ("tags: a removal on one side and an addition on the other",
     task(tags=["a", "b"]), task(T2, tags=["b"]), task(T3, tags=["a", "b", "c"]),
     {"tags": ["b", "c"]}, []),
    ("tags from none on both sides", task(), task(T2, tags=["x"]), task(T3, tags=["y"]),
     {"tags": ["y", "x"]}, []),
    ("status with percent changes as one unit: later wins whole",
     task(status="doing", percent=40),
     task(T3, status="done", percent=100, done_at=T3, reopen_status="doing",
          reopen_percent=40),
     task(T2, status="doing", percent=60),
     {"status": "done", "percent": 100, "done_at": T3, "reopen_status": "doing"},
     ["status"]),
    ("cancel earlier than an edit elsewhere: the task stays open with the edit",
     task(status="doing"), task(T2, status="cancelled", reopen_status="doing"),
     task(T3, status="doing", title="Final copy"),
     {"status": "doing", "title": "Final copy"}, ["status"]),
    ("cancel later than the edit: cancelled, the edit kept too",
     task(status="doing"), task(T3, status="cancelled", reopen_status="doing"),
     task(T2, status="doing", title="Final copy"),
     {"status": "cancelled", "title": "Final copy"}, []),
    ("checklist items merged by label, each item three-way",
     task(items=[{"label": "accurate"}, {"label": "compliant"}]),
     task(T2, items=[{"label": "accurate", "passed": True}, {"label": "compliant"}]),
     task(T3, items=[{"label": "accurate"}, {"label": "compliant", "passed": False},
                     {"label": "on brand"}]),
     {"items": [{"label": "accurate", "passed": True}, {"label": "compliant", "passed": False},
                {"label": "on brand"}]}, []),
]


@pytest.mark.parametrize(("base", "ours", "theirs", "expected", "conflicting"),
                         [c[1:] for c in FIELD_CASES], ids=[c[0] for c in FIELD_CASES])
def test_fields_merge(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
                      expected: dict[str, Any], conflicting: list[str]) -> None:
    merged, conflicts = merge_record("tasks", base, ours, theirs)
    assert merged is not None
    for name, value in expected.items():
        assert merged.get(name) == value, name
    assert [c.field for c in conflicts] == conflicting
    # Both replicas decide alike: the merge does not depend on which side is "ours".
    swapped, _ = merge_record("tasks", base, theirs, ours)
    if "tags" not in expected and "items" not in expected:
        assert swapped == merged
    assert merged["updated_at"] == max(ours["updated_at"], theirs["updated_at"])


def test_a_conflict_lists_both_values() -> None:
    _, conflicts = merge_record("tasks", task(), task(T3, title="A"), task(T2, title="B"))
    (conflict,) = conflicts
    assert (conflict.kept, conflict.lost, conflict.kept_at, conflict.lost_at) == (
        "A", "B", T3, T2)


def test_a_tie_is_decided_alike_on_both_sides() -> None:
    ours, theirs = task(T2, title="A"), task(T2, title="B")
    one, _ = merge_record("tasks", task(), ours, theirs)
    other, _ = merge_record("tasks", task(), theirs, ours)
    assert one == other


RECORD_CASES = [
    ("added on one side", None, task(), None, task(), []),
    ("deleted on one side, unchanged on the other", task(), None, task(), None, []),
    ("deleted on both", task(), None, None, None, []),
    ("deleted on one side, edited on the other: the edit is kept",
     task(), None, task(T2, title="B"), task(T2, title="B"), [DELETED]),
    ("added on both with one id: merged by field", None, task(T2, title="A"),
     task(T3, owner="x"), task(T3, title="Draft copy", owner="x"), ["title"]),
]


@pytest.mark.parametrize(("base", "ours", "theirs", "expected", "conflicting"),
                         [c[1:] for c in RECORD_CASES], ids=[c[0] for c in RECORD_CASES])
def test_records_merge(base: Any, ours: Any, theirs: Any, expected: Any,
                       conflicting: list[str]) -> None:
    merged, conflicts = merge_record("tasks", base, ours, theirs)
    assert merged == expected
    assert [c.field for c in conflicts] == conflicting


@pytest.mark.parametrize(("base", "first", "second", "expected"), [
    ([], ["a"], ["b"], ["a", "b"]),
    (["a", "b"], ["b", "a"], ["a", "b", "c"], ["b", "a", "c"]),
    (["a", "b", "c"], ["a", "c"], ["a", "b"], ["a"]),
    (["a"], [], ["a", "b"], ["b"]),
])
def test_lists_merge_as_ordered_unions(base: list[str], first: list[str], second: list[str],
                                       expected: list[str]) -> None:
    assert merge_list(base, first, second, lambda b, f, s: f) == expected


def test_two_plans_of_one_day_become_one() -> None:
    small, big = "1" * 32, "2" * 32
    plans = {big: {"id": big, "day": "2026-11-30", "task_ids": ["t2", "t1"],
                   "updated_at": T3},
             small: {"id": small, "day": "2026-11-30", "task_ids": ["t1"], "updated_at": T2},
             "3" * 32: {"id": "3" * 32, "day": "2026-12-01", "task_ids": ["t3"]}}
    folded = fold_plans(plans)
    assert sorted(folded) == [small, "3" * 32]
    assert folded[small]["task_ids"] == ["t1", "t2"]
    assert folded[small]["updated_at"] == T3


def test_tables_merge_every_record_and_report_in_order() -> None:
    other = "b" * 32
    base = {"tasks": {ID: task()}}
    ours = {"tasks": {ID: task(T2, title="A"), other: {**task(), "id": other}}}
    theirs = {"tasks": {ID: task(T3, title="B")}, "notes": {"c" * 32: {"id": "c" * 32}}}
    merged, conflicts = merge_tables(base, ours, theirs)
    assert merged["tasks"][ID]["title"] == "B"
    assert other in merged["tasks"] and "c" * 32 in merged["notes"]
    assert [(c.field, c.kept, c.lost) for c in conflicts] == [("title", "B", "A")]
