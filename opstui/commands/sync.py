"""``opstui sync``: share this data set with the team through a git remote.

``opstui sync setup URL --as NAME`` makes the replica, ``opstui sync`` shares and takes
changes, ``opstui sync status`` shows where this replica stands.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from opstui.commands import CommandError, open_repository, run_action

WORDS = ("sync",)


def register(command: Any) -> None:
    """Add ``sync`` to the parser (``command`` is ``build_parser``'s helper)."""
    found = command("sync", "opstui.commands.sync:sync",
                    "Share this data set with the team through git: commit local changes, "
                    "fetch, merge by record and field, push. 'sync setup URL --as NAME' "
                    "first; 'sync status' shows where it stands.")
    found.add_argument("what", nargs="*", metavar="setup URL | status",
                       help="'setup URL' to make this data set a replica of the git remote "
                       "URL; 'status' to show ahead/behind, last syncs and conflicts")
    found.add_argument("--as", dest="name", metavar="NAME",
                       help="with setup: who this replica belongs to (a roster name)")
    found.add_argument("--json", action="store_true", help="with status: print JSON")


def sync(args: argparse.Namespace) -> int:
    """``opstui sync [setup URL --as NAME | status]``."""
    words = list(args.what)
    if not words:
        from opstui.actions.errors import ActionError
        from opstui.actions.sync import sync as sync_action
        from opstui.commands import clock
        from opstui.domain import merge

        try:
            outcome = sync_action(open_repository(args), clock(), source="sync")
        except ActionError as exc:
            raise CommandError(exc.reason, code=1) from None
        print(outcome.message)
        for conflict in outcome.extra.get("conflicts", []):
            print("  " + merge.describe_conflict(conflict))
        return 0
    if words[0] == "setup":
        if len(words) != 2:
            raise CommandError("usage: opstui sync setup URL --as NAME")
        from opstui.actions.sync import setup

        print(run_action(setup, args, words[1], args.name).message)
        return 0
    if words == ["status"]:
        return status(args)
    raise CommandError(f"unknown sync command {' '.join(words)!r} (use 'setup URL' or "
                       "'status', or nothing to sync)")


def status(args: argparse.Namespace) -> int:
    """``opstui sync status``: the replica, ahead/behind, each replica's last sync, conflicts."""
    from opstui.actions.sync import sync_status

    repo = open_repository(args, read_only=True)
    from opstui.actions.errors import ActionError

    try:
        found = sync_status(repo)
    except ActionError as exc:
        raise CommandError(exc.reason) from None
    if args.json:
        import orjson

        sys.stdout.write(orjson.dumps(found, option=orjson.OPT_INDENT_2, default=str)
                         .decode() + "\n")
        return 0
    print(f"Replica {found['name']} of {found['remote']} ({found['folder']})")
    if found["ahead"] is None:
        print("Not synced yet.")
    else:
        print(f"{found['ahead']} commit(s) ahead, {found['behind']} behind the remote "
              "(as of the last sync)")
    pending = found["unsynced"]
    print(f"{pending} record{'s' * (pending != 1)} changed here since the last sync"
          if pending else "No local changes since the last sync.")
    if found["replicas"]:
        print("Last syncs:")
        for who, when in found["replicas"]:
            print(f"  {who}  {str(when).replace('T', ' ')}")
    conflicts = found["conflicts"]
    from opstui.domain import merge

    if conflicts:
        print("Conflicts decided (newest first; the later change was kept):")
        for conflict in conflicts[:20]:
            print("  " + merge.describe_conflict(conflict))
    else:
        print("No conflicts decided.")
    return 0
