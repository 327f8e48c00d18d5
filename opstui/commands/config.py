"""``opstui config show|path|set``: the settings file, from the command line."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from opstui.commands import CommandError, load_user_settings, warn

CONFIG_HELP = "the settings file (default: $OPSTUI_CONFIG, else settings.toml in the user " \
              "config folder)"


def register(command: Any) -> None:
    """Add ``config`` and its subcommands (``command`` is ``build_parser``'s helper)."""
    config = command("config", "opstui.commands.config:show",
                     "Show, locate or change the settings (a TOML file; see the README).",
                     data=False)
    config.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS,
                        help=CONFIG_HELP)
    sub = config.add_subparsers(dest="config_command", metavar="ACTION")

    def action(name: str, handler: str, summary: str) -> argparse.ArgumentParser:
        found = sub.add_parser(name, help=summary, description=summary)
        found.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS,
                           help=CONFIG_HELP)
        found.set_defaults(handler=f"opstui.commands.config:{handler}")
        return found

    action("show", "show", "Print the settings in use, every key, as TOML.")
    action("path", "path", "Print where the settings file is (or would be created).")
    change = action("set", "set_key", "Set one key and write the file, e.g. "
                    "'capacity.mon 6', 'working_days mon,tue,wed,thu', "
                    "'team \"王芳:运营经理, Lin:运营专员\"', 'keys.before.task_add ctrl+n'.")
    change.add_argument("key", metavar="KEY", help="a dotted key, as in 'config show'")
    change.add_argument("value", metavar="VALUE", help="the new value (lists: commas)")


def show(args: argparse.Namespace) -> int:
    """``opstui config show``: the settings in use (the defaults where the file is silent)."""
    from opstui.settings_file import to_toml

    loaded = load_user_settings(getattr(args, "config", None))
    for problem in loaded.problems:
        warn(problem)
    if not loaded.exists:
        warn(f"no settings file at {loaded.path} yet: these are the defaults")
    sys.stdout.write(to_toml(loaded.settings))
    return 0


def path(args: argparse.Namespace) -> int:
    """``opstui config path``: the settings file's path."""
    loaded = load_user_settings(getattr(args, "config", None))
    print(loaded.path)
    if not loaded.exists:
        warn("it does not exist yet: 'opstui config set' or a change in the app creates it")
    return 0


def set_key(args: argparse.Namespace) -> int:
    """``opstui config set KEY VALUE``: change one key and write the file."""
    from opstui.settings_file import SettingsError, set_value

    loaded = load_user_settings(getattr(args, "config", None))
    try:
        changed = set_value(loaded.settings, args.key, args.value)
        loaded.write(changed, fixing=args.key)
    except SettingsError as exc:
        raise CommandError(str(exc)) from None
    print(f"{args.key} set in {loaded.path}")
    return 0
