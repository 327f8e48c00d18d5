"""The merge step of a sync: from three commits' exports to the changes this replica takes.

Only the files whose blob differs between the common ancestor, this replica's commit and
the remote's are read (git knows by their hashes); within them, only records whose lines
differ on both sides are parsed and merged by field (:func:`opstui.domain.merge.merge_tables`).
The remote's lines that changed since the ancestor are validated first: one invalid record
refuses the whole remote, before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from opstui.domain.merge import Conflict, Tables, fold_plans, merge_tables
from opstui.store.sync_export import (
    FORMAT_FILE,
    REPLICAS_DIR,
    ExportError,
    Lines,
    check_format,
    check_table,
    checked_line,
    encode_shards,
    file_lines,
    line,
    parse_line,
    shard,
    stored_form,
    table_of,
)

if TYPE_CHECKING:
    from opstui.store.git_replica import GitReplica


@dataclass
class Merged:
    """What merging the remote means for this replica."""

    changes: dict[str, dict[str, bytes | None]] = field(default_factory=dict)
    """New lines by table and id, relative to this replica's records (None: removed)."""
    files: dict[str, bytes] = field(default_factory=dict)
    """The export files the merge commit changes (an empty records file: removed)."""
    conflicts: list[Conflict] = field(default_factory=list)


def merge_commits(replica: GitReplica, ancestor: str | None, head: str, theirs: str,
                  ours: Lines) -> Merged:
    """Merge the remote's commit ``theirs`` into this replica's ``head`` (whose records are
    ``ours``), against their common ``ancestor`` (None: unrelated histories).

    Raises:
        ExportError: The remote's export may not be merged (nothing was changed).
    """
    base_tree = replica.tree(ancestor) if ancestor else {}
    ours_tree, theirs_tree = replica.tree(head), replica.tree(theirs)
    if FORMAT_FILE not in theirs_tree:
        check_format(None)
    paths = sorted(p for p in {*base_tree, *ours_tree, *theirs_tree}
                   if not base_tree.get(p) == ours_tree.get(p) == theirs_tree.get(p))
    wanted = {t[p] for t in (base_tree, ours_tree, theirs_tree) for p in paths if p in t}
    blobs = replica.blobs(wanted | {theirs_tree[FORMAT_FILE]})
    check_format(blobs[theirs_tree[FORMAT_FILE]])

    def read(tree: dict[str, str], path: str) -> bytes | None:
        return blobs[tree[path]] if path in tree else None

    merged = Merged()
    pending: tuple[Tables, Tables, Tables] = ({}, {}, {})
    for path in paths:
        if path.startswith(f"{REPLICAS_DIR}/"):
            chosen = _replica_file(path, read(base_tree, path), read(ours_tree, path),
                                   read(theirs_tree, path))
            if chosen is not None:
                merged.files[path] = chosen
            continue
        if table_of(path) is None and not path.startswith("records/"):
            continue  # the format file, the README
        name = check_table(path) if path in theirs_tree else table_of(path)
        if name is None:
            continue
        base = file_lines(path, read(base_tree, path) or b"")
        mine = file_lines(path, read(ours_tree, path) or b"")
        other = file_lines(path, read(theirs_tree, path) or b"")
        for record_id, text in other.items():
            if base.get(record_id) != text:
                other[record_id] = checked_line(path, name, text)
        changes = merged.changes.setdefault(name, {})
        for record_id in {*base, *mine, *other}:
            b, o, t = base.get(record_id), mine.get(record_id), other.get(record_id)
            if o == t or b == t:
                continue
            if b == o:
                changes[record_id] = t
                continue
            for side, version in zip(pending, (b, o, t), strict=True):
                if version is not None:
                    side.setdefault(name, {})[record_id] = parse_line(version)
    _take_merged(merged, pending, ours)
    _fold_plans(merged, ours)
    _write_shards(merged, ours)
    return merged


def _take_merged(merged: Merged, pending: tuple[Tables, Tables, Tables], ours: Lines) -> None:
    """Merge the records changed on both sides, field by field."""
    results, merged.conflicts = merge_tables(*pending)
    for name in {*pending[1], *pending[2]}:
        docs = results.get(name, {})
        for record_id in {*pending[1].get(name, {}), *pending[2].get(name, {})}:
            doc = docs.get(record_id)
            text = None if doc is None else _valid_line(name, doc)
            if text != ours.get(name, {}).get(record_id):
                merged.changes.setdefault(name, {})[record_id] = text


def _valid_line(name: str, doc: dict[str, Any]) -> bytes:
    from pydantic import ValidationError

    try:
        return line(stored_form(name, doc))
    except ValidationError as exc:
        from opstui.store.datafile import first_error

        raise ExportError(f"the merged {name} record {doc['id'][:8]} would be invalid: "
                          f"{first_error(exc)}; nothing was merged") from None


def _fold_plans(merged: Merged, ours: Lines) -> None:
    """One plan per day, over every plan (plans of one day may sit in different files)."""
    plans = {i: parse_line(text) for i, text in ours.get("plans", {}).items()}
    for record_id, text in merged.changes.get("plans", {}).items():
        if text is None:
            plans.pop(record_id, None)
        else:
            plans[record_id] = parse_line(text)
    folded = fold_plans(plans)
    if folded == plans:
        return
    changes = merged.changes.setdefault("plans", {})
    for record_id, doc in plans.items():
        if record_id not in folded:
            changes[record_id] = None
        elif folded[record_id] != doc:
            changes[record_id] = _valid_line("plans", folded[record_id])
    for record_id in list(changes):
        if changes[record_id] == ours.get("plans", {}).get(record_id):
            del changes[record_id]


def _write_shards(merged: Merged, ours: Lines) -> None:
    """The records files holding a changed record, as they are after the merge."""
    for name, changes in merged.changes.items():
        if not changes:
            continue
        table = dict(ours.get(name, {}))
        for record_id, text in changes.items():
            if text is None:
                table.pop(record_id, None)
            else:
                table[record_id] = text
        paths = {shard(name, record_id) for record_id in changes}
        merged.files.update(encode_shards(name, table, only=paths))


def _replica_file(path: str, base: bytes | None, ours: bytes | None, theirs: bytes | None
                  ) -> bytes | None:
    """A replica's last-sync file after the merge (None: keep ours)."""
    if ours == theirs or base == theirs or theirs is None:
        return None
    try:
        doc = orjson.loads(theirs)
    except orjson.JSONDecodeError:
        doc = None
    if not isinstance(doc, dict) or not isinstance(doc.get("last_sync"), str):
        raise ExportError(f"{path} has no last_sync time")
    if base == ours or ours is None:
        return theirs
    mine = orjson.loads(ours)
    return theirs if (doc["last_sync"], theirs) > (mine.get("last_sync", ""), ours) else None
