"""The three-way merge of two replicas' records, by record and by field.

Records are plain dicts as stored (``{"id": ..., "updated_at": ..., ...}``), grouped by table
and id. Given the common ancestor (``base``) and both sides, each record is merged on its own:

- changed on one side only: that side's version;
- changed on both sides: field by field. A field changed on one side takes that change; the
  same field changed on both sides to different values goes to the side whose record changed
  later (``updated_at``; ties broken by the record's canonical JSON, so every replica decides
  alike) and the other value is reported as a :class:`Conflict`. List fields (tags, plan
  task ids, checklist items, decisions...) are merged as ordered unions: additions from both
  sides are kept, removals from either side are applied;
- a task's status and the fields that go with it (reason, percent, finish time, what
  reopening gives back) change together, as one unit; a task cancelled on one side and
  edited on the other stays open with the edit, unless the cancel is the later change;
- deleted on one side and unchanged on the other: deleted; deleted on one side and edited
  on the other: the edit is kept (and reported);
- two plans for the same day (made on two replicas) become one: the one with the smaller id,
  holding both plans' tasks.

Pure: no clock, no files; the same inputs give the same output on every replica.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

Doc = dict[str, Any]
Tables = dict[str, dict[str, Doc]]
"""Records by table name, then by id."""

MISSING: Any = object()
"""A field a record does not have (stored records leave out default values)."""

STATUS_GROUP = ("status", "status_reason", "percent", "done_at", "reopen_status",
                "reopen_percent")
FIELD_GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {"tasks": (STATUS_GROUP,)}
"""Fields that change together and are merged as one unit, per table."""

STAMPS = ("created_at", "updated_at")
DELETED = "(deleted)"
"""The ``field`` of a conflict between a deletion and an edit."""


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed to different values: which value was kept, which lost."""

    table: str
    id: str
    field: str
    kept: Any
    lost: Any
    kept_at: str
    """``updated_at`` of the record whose value was kept."""
    lost_at: str

    def as_dict(self) -> dict[str, Any]:
        """The conflict as plain JSON-ready data."""
        return {"table": self.table, "id": self.id, "field": self.field, "kept": self.kept,
                "lost": self.lost, "kept_at": self.kept_at, "lost_at": self.lost_at}


def canonical(value: Any) -> bytes:
    """``value`` as JSON with sorted keys: equal values give equal bytes."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _order(doc: Doc) -> tuple[str, bytes]:
    """A total order on versions of a record: later ``updated_at`` first, then content."""
    return (str(doc.get("updated_at", "")), canonical(doc))


def _value(doc: Doc, fields: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(doc.get(name, MISSING) for name in fields)


def _item_key(item: Any) -> bytes:
    """How list items are told apart: checklist items by label, anything else by value."""
    if isinstance(item, dict) and "label" in item:
        return canonical(item["label"])
    return canonical(item)


def merge_list(base: list[Any], first: list[Any], second: list[Any],
               pick: Callable[[Any, Any, Any], Any]) -> list[Any]:
    """Merge one list field: both sides' additions kept, either side's removals applied.

    Args:
        base: The list in the common ancestor.
        first: The list of the side that changed the record later (its order leads).
        second: The other side's list (its additions follow, in its order).
        pick: Decides an item both sides changed: ``pick(base_item, first_item, second_item)``.
    """
    base_items = {_item_key(i): i for i in base}
    first_items = {_item_key(i): i for i in first}
    second_items = {_item_key(i): i for i in second}
    removed = {k for k in base_items if k not in first_items or k not in second_items}
    merged: list[Any] = []
    seen: set[bytes] = set()
    for key, item in [*first_items.items(), *second_items.items()]:
        if key in removed or key in seen:
            continue
        seen.add(key)
        if key in first_items and key in second_items:
            item = pick(base_items.get(key, MISSING), first_items[key], second_items[key])
        merged.append(item)
    return merged


def _is_list(*values: Any) -> bool:
    present = [v for v in values if v is not MISSING]
    return bool(present) and all(isinstance(v, list) for v in present)


def merge_record(table: str, base: Doc | None, ours: Doc | None, theirs: Doc | None
                 ) -> tuple[Doc | None, list[Conflict]]:
    """Merge one record's two versions against their common ancestor.

    Returns:
        The merged record (None: deleted) and the conflicts decided on the way.
    """
    if ours == theirs:
        return ours, []
    if ours is None or theirs is None:
        present = theirs if ours is None else ours
        assert present is not None
        if base is None or present == base:
            return (None, []) if base is not None else (present, [])
        # Deleted on one side, edited on the other: the edit is kept.
        return present, [Conflict(table, present["id"], DELETED, "edited", "deleted",
                                  str(present.get("updated_at", "")), "")]
    if base is not None and ours == base:
        return theirs, []
    if base is not None and theirs == base:
        return ours, []
    return _merge_fields(table, base or {}, ours, theirs)


def _merge_fields(table: str, base: Doc, ours: Doc, theirs: Doc
                  ) -> tuple[Doc, list[Conflict]]:
    later, earlier = (ours, theirs) if _order(ours) > _order(theirs) else (theirs, ours)
    groups = FIELD_GROUPS.get(table, ())
    grouped = {name for group in groups for name in group}
    names = sorted({*base, *ours, *theirs} - grouped - set(STAMPS))
    units: list[tuple[str, ...]] = [*groups, *((name,) for name in names)]
    merged: Doc = {}
    conflicts: list[Conflict] = []
    changed_by: dict[tuple[str, ...], set[int]] = {}

    def pick(b: Any, first: Any, second: Any) -> Any:
        if first == second or second == b:
            return first
        if first == b:
            return second
        return first

    for unit in units:
        b, o, t = _value(base, unit), _value(ours, unit), _value(theirs, unit)
        changed_by[unit] = {side for side, v in ((0, o), (1, t)) if v != b}
        if o == t or t == b:
            value = o
        elif o == b:
            value = t
        elif len(unit) == 1 and _is_list(b[0], o[0], t[0]):
            first, second = (o[0], t[0]) if later is ours else (t[0], o[0])
            value = (merge_list([] if b[0] is MISSING else b[0],
                                [] if first is MISSING else first,
                                [] if second is MISSING else second, pick),)
        else:
            value = _value(later, unit)
            lost = _value(earlier, unit)
            shown = unit[0]
            conflicts.append(Conflict(table, ours["id"], shown, _show(value, unit),
                                      _show(lost, unit), str(later.get("updated_at", "")),
                                      str(earlier.get("updated_at", ""))))
        for name, item in zip(unit, value, strict=True):
            if item is not MISSING:
                merged[name] = item
    if table == "tasks":
        conflicts += _cancel_loses_to_later_edit(base, ours, theirs, merged, changed_by)
    merged["updated_at"] = max(str(ours.get("updated_at", "")),
                               str(theirs.get("updated_at", "")))
    created = [d["created_at"] for d in (ours, theirs) if "created_at" in d]
    if created:
        merged["created_at"] = min(created)
    return merged, conflicts


def _show(value: tuple[Any, ...], unit: tuple[str, ...]) -> Any:
    """A conflict's value: the field's value, or the status for the status unit."""
    return None if value[0] is MISSING else value[0]


def _cancel_loses_to_later_edit(base: Doc, ours: Doc, theirs: Doc, merged: Doc,
                                changed_by: Mapping[tuple[str, ...], set[int]]
                                ) -> list[Conflict]:
    """A cancel on one side gives way to a later edit of other fields on the other side."""
    if changed_by.get(STATUS_GROUP) not in ({0}, {1}):
        return []
    cancelling = 0 if changed_by[STATUS_GROUP] == {0} else 1
    canceller, editor = (ours, theirs) if cancelling == 0 else (theirs, ours)
    if canceller.get("status") != "cancelled":
        return []
    edited = any(cancelling ^ 1 in sides for unit, sides in changed_by.items()
                 if unit != STATUS_GROUP)
    if not edited or str(editor.get("updated_at", "")) <= str(canceller.get("updated_at", "")):
        return []
    for name in STATUS_GROUP:
        merged.pop(name, None)
        if name in editor:
            merged[name] = editor[name]
    return [Conflict("tasks", ours["id"], "status", editor.get("status", "todo"), "cancelled",
                     str(editor.get("updated_at", "")), str(canceller.get("updated_at", "")))]


def merge_tables(base: Tables, ours: Tables, theirs: Tables
                 ) -> tuple[Tables, list[Conflict]]:
    """Merge two replicas' records, table by table and record by record.

    Args:
        base: The records of the common ancestor (empty when there is none).
        ours: This replica's records.
        theirs: The other side's records.

    Returns:
        The merged records (every table of either side, records sorted by id) and the
        conflicts decided, in table and id order.
    """
    merged: Tables = {}
    conflicts: list[Conflict] = []
    for name in sorted({*ours, *theirs}):
        b, o, t = base.get(name, {}), ours.get(name, {}), theirs.get(name, {})
        table: dict[str, Doc] = {}
        for record_id in sorted({*o, *t}):
            doc, found = merge_record(name, b.get(record_id), o.get(record_id),
                                      t.get(record_id))
            conflicts += found
            if doc is not None:
                table[record_id] = doc
        merged[name] = table
    if "plans" in merged:
        merged["plans"] = fold_plans(merged["plans"])
    return merged, conflicts


def fold_plans(plans: dict[str, Doc]) -> dict[str, Doc]:
    """One plan per day: plans of the same day (made on two replicas) become the one with
    the smallest id, holding every plan's tasks (its own first)."""
    by_day: dict[Any, list[Doc]] = {}
    for doc in plans.values():
        by_day.setdefault(doc.get("day"), []).append(doc)
    folded = dict(plans)
    for docs in by_day.values():
        if len(docs) < 2:
            continue
        docs.sort(key=lambda d: d["id"])
        keep = dict(docs[0])
        ids = list(keep.get("task_ids", []))
        for other in docs[1:]:
            ids += [i for i in other.get("task_ids", []) if i not in ids]
            keep["updated_at"] = max(str(keep.get("updated_at", "")),
                                     str(other.get("updated_at", "")))
            del folded[other["id"]]
        if ids:
            keep["task_ids"] = ids
        folded[keep["id"]] = keep
    return folded


def describe_conflict(conflict: Mapping[str, Any]) -> str:
    """One conflict decided, as a line: what was kept over what."""
    import orjson

    def shown(value: Any) -> str:
        return value if isinstance(value, str) else orjson.dumps(value).decode()

    kind = conflict.get("table", "")
    when = str(conflict.get("decided_at", ""))[:16].replace("T", " ")
    return (f"{when}  {kind} {str(conflict.get('id', ''))[:8]}  {conflict.get('field')}: "
            f"kept {shown(conflict.get('kept'))!r} (changed {str(conflict.get('kept_at'))[:19]})"
            f" over {shown(conflict.get('lost'))!r} (changed "
            f"{str(conflict.get('lost_at'))[:19] or '-'})")
