"""``opstui restore [BACKUP]``: put a backup of the data file back (``--list`` lists them)."""

from __future__ import annotations

import argparse
from typing import Any

from opstui.commands import CommandError, clock


def register(command: Any) -> None:
    """Add ``opstui restore`` (``command`` is ``build_parser``'s helper)."""
    restore = command(
        "restore", "opstui.commands.restore:restore",
        "Put a backup of the data file back (the newest usable one by default), after "
        "backing up the file as it is, so a restore can itself be taken back.")
    restore.add_argument("backup", nargs="?", metavar="BACKUP",
                         help="a backup file, or part of its name such as its time stamp")
    restore.add_argument("--list", action="store_true",
                         help="list the backups, newest first, and whether each is usable")


def restore(args: argparse.Namespace) -> int:
    """``opstui restore [BACKUP] [--list]``."""
    from opstui.actions.errors import ActionError
    from opstui.actions.restore import restore as restore_action
    from opstui.paths import resolve_data_file

    data_file = resolve_data_file(getattr(args, "db", None))
    if args.list:
        if args.backup:
            raise CommandError("--list takes no BACKUP")
        return _list(data_file)
    try:
        outcome = restore_action(data_file, clock(), args.backup, source="cli")
    except ActionError as exc:
        raise CommandError(exc.reason) from None
    print(outcome.message)
    return 0


def _list(data_file: Any) -> int:
    from opstui.actions.restore import list_backups
    from opstui.commands.table import render

    found = list_backups(data_file)
    if not found:
        print(f"no backups of {data_file}")
        return 0
    rows = []
    for info in found:
        what = (f"unusable: {info.problem}" if info.problem else
                ", ".join(f"{n} {name}" for name, n in info.records.items() if n) or "empty")
        rows.append((info.path.name, f"{info.size:,}", what[:100]))
    print("\n".join(render(("BACKUP", "BYTES", "HOLDS"), rows)))
    return 0
