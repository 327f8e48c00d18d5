"""Which subcommand a command line names, read without argparse: the entry point
(``opstui.client``) decides with it whether a command server may run the command, and
``opstui.cli`` builds only that subcommand's parser."""

from __future__ import annotations

from collections.abc import Sequence


def command_word(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv`` (None when there is none or an option comes first)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in ("--db", "--config"):
            skip = True
        elif not token.startswith(("--db=", "--config=")):
            return None if token.startswith("-") else token
    return None
