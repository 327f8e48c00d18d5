"""``opstui undo`` and ``opstui redo``: take back the last action, from either front end."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from opstui.commands import open_repository, run_action

WORDS = ("undo", "redo")


def register(command: Any) -> None:
    """Add the subcommands to the parser (``command`` is ``build_parser``'s helper)."""
    undo = command("undo", "opstui.commands.undo:undo",
                   "Take back the last action (from the CLI or the TUI); --list shows them.")
    undo.add_argument("--list", action="store_true", help="list the recent actions instead")
    undo.add_argument("--json", action="store_true", help="with --list: print JSON")
    undo.add_argument("--force", action="store_true",
                      help="undo even though a later change built on the same record")
    redo = command("redo", "opstui.commands.undo:redo", "Take back the last undo.")
    redo.add_argument("--force", action="store_true",
                      help="redo even though the records changed since the undo")


def undo(args: argparse.Namespace) -> int:
    """``opstui undo [--list] [--force]``."""
    from opstui.actions.undo import undo as undo_action

    if args.list:
        return _list(args)
    print(run_action(undo_action, args, force=args.force).message)
    return 0


def redo(args: argparse.Namespace) -> int:
    """``opstui redo [--force]``."""
    from opstui.actions.undo import redo as redo_action

    print(run_action(redo_action, args, force=args.force).message)
    return 0


def _list(args: argparse.Namespace) -> int:
    from opstui.actions.undo import history

    entries = history(open_repository(args, read_only=True))
    if args.json:
        import orjson

        payload = [e.model_dump(mode="json", exclude={"changes"}) |
                   {"records": [f"{c.table}:{c.id}" for c in e.changes]} for e in entries]
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not entries:
        print("nothing done yet")
        return 0
    from opstui.commands.table import render

    rows = [(e.at.strftime("%Y-%m-%d %H:%M"), e.source, e.action,
             "undone" if e.undone else "", " ".join(e.message.split())[:120])
            for e in entries[:50]]
    print("\n".join(render(("WHEN", "FROM", "ACTION", "", "WHAT"), rows)))
    return 0
