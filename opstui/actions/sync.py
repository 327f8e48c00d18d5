"""Team sync over git: set up a replica, sync (commit, fetch, merge by field, push), status.

One sync, in order (see ``README.md``, "Working as a team"):

1. fetch the remote (no lock held: the network may be slow);
2. under the data set's lock, as one action ``sync`` (journalled, source ``sync``): write the
   shared export of the local data into the sync repository and commit it; if the remote
   moved, read the common ancestor's export and the remote's (refusing a remote export
   that does not validate), merge them record by record and field by field
   (:mod:`opstui.domain.merge`), and write the merged records to the data file through the
   usual atomic save;
3. only then commit the merged export, with both parents, and push; when the push is
   rejected because the remote moved again, start over (a few times).

A kill at any moment leaves the data file as it was or as merged (it is written once,
atomically), and the sync repository at a commit of the local data: the next sync exports
the data file again, finds the same common ancestor and decides the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from opstui.actions.errors import ActionError, Outcome
from opstui.actions.unit import work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.store.git_replica import GitReplica
    from opstui.store.repository import Repository
    from opstui.store.sync_export import Lines

PUSH_ATTEMPTS = 5
"""How many times a sync fetches and merges again when the remote moved during a push."""
FEW = 50
"""Up to this many records a merge changes are saved one by one (no table is validated
whole); more are saved in one pass."""
JOURNAL_LIMIT = 500
"""A sync that changes more records than this (a first sync pulling a whole plan) is not
journalled: its undo entry would double the data file. The sync repository keeps it."""


def replica_of(repo: Repository) -> GitReplica:
    """The sync repository beside ``repo``'s data file (it may not be set up)."""
    from opstui.store.git_replica import GitReplica, sync_folder

    return GitReplica(sync_folder(repo.path))


def whoami(repo: Repository) -> str | None:
    """Who this replica belongs to: the ``me`` setting if there is one, else the name given
    to ``opstui sync setup --as``."""
    me = repo.settings().me or None
    if me:
        return str(me)
    replica = replica_of(repo)
    return replica.name() if replica.exists else None


def setup(repo: Repository, clock: Clock, url: str, name: str | None, *,
          source: str = "cli") -> Outcome:
    """Make this data set a replica of the git remote ``url`` (nothing is synced yet).

    Raises:
        ActionError: No name given or known, already set up, or the remote cannot be read.
    """
    from opstui.store.git_replica import SyncError

    who = (name or "").strip() or whoami(repo)
    if not who:
        raise ActionError("say who this replica belongs to: --as NAME (a name from the "
                          "team roster, as task owners are written)", "as")
    if len(who) > 80 or who.startswith(".") or any(c in who for c in "/\\\n\t"):
        raise ActionError(f"--as: {who!r} cannot name a replica (80 characters at most, no "
                          "slashes, not starting with a dot)", "as")
    replica = replica_of(repo)
    try:
        replica.create(url, who)
    except SyncError as exc:
        raise ActionError(str(exc)) from None
    return Outcome(message=f"Set up {replica.folder} as {who}'s replica of {url}; "
                   "run 'opstui sync' to share", extra={"folder": replica.folder})


def sync(repo: Repository, clock: Clock, *, source: str = "sync") -> Outcome:
    """Share local changes and take the team's: commit, fetch, merge by field, push.

    Returns:
        The outcome; ``extra`` has ``conflicts`` (decided now, as dicts), ``received``
        (records changed here by the merge) and ``pushed``.

    Raises:
        ActionError: Not set up, the remote cannot be reached, or its export is invalid
            (then nothing was merged).
    """
    from opstui.store.git_replica import SyncError
    from opstui.store.sync_export import ExportError

    replica = replica_of(repo)
    if not replica.exists:
        raise ActionError("this data set is not shared yet: run 'opstui sync setup URL "
                          "--as NAME' first")
    name = replica.name() or "?"
    try:
        with replica.exclusive():
            received: list[Any] = []
            conflicts: list[dict[str, Any]] = []
            for _ in range(PUSH_ATTEMPTS):
                replica.fetch()
                found, changed = _commit_and_merge(repo, clock, replica, name, source)
                received += changed
                conflicts += found
                if replica.push():
                    break
            else:
                raise ActionError("the remote kept moving during the push; nothing is lost, "
                                  "run 'opstui sync' again")
    except (SyncError, ExportError) as exc:
        raise ActionError(str(exc)) from None
    message = _summary(len(received), conflicts)
    return Outcome(message=message, extra={"conflicts": conflicts, "received": received,
                                           "pushed": True})


def _summary(received: int, conflicts: list[dict[str, Any]]) -> str:
    parts = [f"Synced: {received} record{'s' * (received != 1)} changed here by the team"]
    if conflicts:
        parts.append(f"{len(conflicts)} conflict{'s' * (len(conflicts) != 1)} decided "
                     "(later change kept; see 'opstui sync status')")
    return "; ".join(parts)


def _commit_and_merge(repo: Repository, clock: Clock, replica: GitReplica, name: str,
                      source: str) -> tuple[list[dict[str, Any]], list[Any]]:
    """Commit the local export; merge the remote's into the data file if it moved.

    Returns:
        The conflicts decided (as dicts) and the records the merge changed here.
    """
    import orjson

    from opstui.actions.sync_merge import Merged, merge_commits
    from opstui.store.sync_export import encode, local_records, to_lines

    stamp = clock.now.isoformat(timespec="seconds")
    merged: Merged | None = None
    theirs_head: str | None = None
    with work(repo, clock, "sync", source=source) as w:
        ours = to_lines(local_records(repo))
        replicas = _replicas_on_disk(replica)
        replicas[name] = orjson.dumps({"id": name, "last_sync": stamp, "updated_at": stamp},
                                      option=orjson.OPT_SORT_KEYS) + b"\n"
        replica.write_files(encode(ours, replicas), whole=True)
        replica.commit(f"{name}: sync at {stamp}")
        theirs_head = replica.remote_head()
        head = replica.head()
        assert head is not None
        if theirs_head is not None and not replica.contains(head, theirs_head):
            merged = merge_commits(replica, replica.merge_base(head, theirs_head), head,
                                   theirs_head, ours)
            _apply(w, ours, merged.changes)
        w.say(f"Synced with {replica.remote_url()}")
    if merged is None or theirs_head is None:
        return [], []
    replica.write_files(merged.files)
    replica.commit_merge(theirs_head, f"{name}: merge at {stamp}")
    decided = [{**c.as_dict(), "decided_at": stamp, "by": name} for c in merged.conflicts]
    replica.add_conflicts(decided)
    return decided, [c for c in w.changes.values() if c.table != "journal"]


def _replicas_on_disk(replica: GitReplica) -> dict[str, bytes]:
    """The replicas' last-sync files as the sync repository's working tree has them."""
    from opstui.store.sync_export import REPLICAS_DIR

    found: dict[str, bytes] = {}
    for path in sorted((replica.folder / REPLICAS_DIR).glob("*.json")):
        try:
            found[path.stem] = path.read_bytes()
        except OSError:
            continue
    return found


def _apply(w: Any, ours: Lines, changes: dict[str, dict[str, bytes | None]]) -> None:
    """Write the merged records that differ from the local ones (inside the unit of work)."""
    from opstui.domain.models import TABLES
    from opstui.store.sync_export import parse_line

    writes = []
    removals = []
    for name, by_id in changes.items():
        cls = TABLES[name]
        for record_id, text in by_id.items():
            if text is None:
                removals.append(cls.model_validate(parse_line(ours[name][record_id])))
            else:
                writes.append(cls.model_validate(parse_line(text)))
    if len(writes) + len(removals) > JOURNAL_LIMIT:
        w.journal = False
    if len(writes) > FEW:
        w.many(writes)  # one pass over each table, into the hot file
    else:
        for record in writes:
            w.put(record, stamp=False)  # where the record lives (an archive, perhaps)
    for record in removals:
        w.delete(record)


def sync_status(repo: Repository) -> dict[str, Any]:
    """Where this replica stands (reads only; no network: ahead/behind is as of the last
    fetch).

    Returns:
        ``name``, ``remote``, ``folder``, ``ahead``/``behind`` (None before the first sync),
        ``unsynced`` (local records changed since the last sync), ``replicas`` (name and last
        sync, latest first) and ``conflicts`` (decided here, newest first).

    Raises:
        ActionError: This data set is not shared.
    """
    import orjson

    from opstui.store.sync_export import (
        REPLICAS_DIR,
        file_lines,
        local_records,
        table_of,
        to_lines,
    )

    replica = replica_of(repo)
    if not replica.exists:
        raise ActionError("this data set is not shared yet: run 'opstui sync setup URL "
                          "--as NAME' first")
    counts = replica.ahead_behind()
    head = replica.head()
    committed = replica.read_tree(head) if head else {}
    last: dict[str, dict[str, bytes]] = {}
    replicas = []
    for path, raw in committed.items():
        name = table_of(path)
        if name is not None:
            last.setdefault(name, {}).update(file_lines(path, raw))
        elif path.startswith(f"{REPLICAS_DIR}/"):
            doc = orjson.loads(raw)
            replicas.append((str(doc.get("id")), str(doc.get("last_sync", ""))))
    replicas.sort(key=lambda r: r[1], reverse=True)
    local = to_lines(local_records(repo))
    unsynced = sum(1 for name in {*local, *last} for i in {*local.get(name, {}),
                                                            *last.get(name, {})}
                   if local.get(name, {}).get(i) != last.get(name, {}).get(i))
    return {"name": replica.name(), "remote": replica.remote_url(), "folder": replica.folder,
            "ahead": counts[0] if counts else None, "behind": counts[1] if counts else None,
            "unsynced": unsynced, "replicas": replicas,
            "conflicts": list(reversed(replica.conflicts()))}
