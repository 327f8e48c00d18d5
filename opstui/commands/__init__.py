"""What the subcommands share: the clock, the data file and the error they report.

Kept light (stdlib only at import time): ``opstui.cli`` imports it for every command.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opstui.actions.errors import Outcome
    from opstui.domain.clock import Clock
    from opstui.domain.settings import Settings
    from opstui.settings_file import Loaded
    from opstui.store.repository import Repository

TODAY_ENV = "OPSTUI_TODAY"

PRIORITIES = ("P0", "P1", "P2", "P3")
"""``Priority`` values, spelled out so ``--help`` need not import the models (a test compares)."""
STATUSES = ("todo", "doing", "waiting", "blocked", "done", "cancelled")
"""``TaskStatus`` values, spelled out for the same reason."""


def _priority(text: str) -> str:
    value = text.strip().upper()
    if value not in PRIORITIES:
        raise argparse.ArgumentTypeError(f"not a priority: {text!r} (use P0, P1, P2 or P3)")
    return value


def _percent(text: str) -> int:
    try:
        value = int(text.strip().rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a percentage: {text!r} (use 0 to 100)") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"percent must be 0 to 100, not {value}")
    return value


class CommandError(Exception):
    """A command cannot do what was asked; the message says why in one line.

    Args:
        message: What is wrong, fit to show as is.
        code: The exit code (2 for bad input, 1 when the data is at fault).
    """

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


served_now: datetime | None = None
"""The wall clock of the ``opstui`` process that sent this command to a command server
(``opstui.server`` sets it for each command it runs); None: read this process's clock."""


def _wall_clock() -> datetime:
    return served_now if served_now is not None else datetime.now()


def today() -> date:
    """The day commands work on: ``$OPSTUI_TODAY`` if set (tests, benchmarks), else today.

    Raises:
        CommandError: ``$OPSTUI_TODAY`` is not an ISO date (or date and time).
    """
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if not pinned:
        return _wall_clock().date()
    try:
        return datetime.fromisoformat(pinned).date()
    except ValueError:
        raise CommandError(f"{TODAY_ENV}={pinned!r} is not a date like 2026-11-23") from None


def now() -> datetime:
    """The current time of day on ``today()``; the time too when ``$OPSTUI_TODAY`` pins one
    (``2026-11-23T09:30``)."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if "T" in pinned or " " in pinned:
        try:
            return datetime.fromisoformat(pinned)
        except ValueError:
            pass
    return datetime.combine(today(), _wall_clock().time())


def clock() -> Clock:
    """The moment a command runs (``today()`` at the wall clock's time of day)."""
    from opstui.domain.clock import Clock

    return Clock(now())


def run_action(action: Callable[..., Outcome], args: argparse.Namespace, *params: Any,
               named: Mapping[str, str] | None = None, **options: Any) -> Outcome:
    """Run an action on the data file of ``args`` with the command's clock.

    Args:
        named: Action field -> the option that sets it (``{"capacity": "--capacity"}``): a
            refusal about that field is said with the option (``--capacity: must be ...``).

    Raises:
        CommandError: The action refused (exit 2, its one-line reason).
    """
    from opstui.actions.errors import ActionError

    repo = open_repository(args)
    try:
        return action(repo, clock(), *params, source="cli", **options)
    except ActionError as exc:
        reason = exc.reason
        option = (named or {}).get(exc.field or "")
        if option:
            reason = f"{option}: {reason.removeprefix(f'{exc.field}:').strip()}"
        raise CommandError(reason) from None


def open_repository(args: argparse.Namespace, *, read_only: bool = False) -> Repository:
    """The repository on the data file chosen by ``--db`` / ``$OPSTUI_DB`` / the default,
    with the user's settings (``--config`` / ``$OPSTUI_CONFIG`` / the default)."""
    from opstui.paths import resolve_data_file
    from opstui.store.repository import Repository

    loaded = load_user_settings(getattr(args, "config", None))
    for problem in loaded.problems:
        warn(problem)
    path = resolve_data_file(getattr(args, "db", None))
    settings = loaded.settings if loaded.exists else None
    key = (str(path), str(loaded.path))
    if kept_repositories is not None and key in kept_repositories:
        kept, kept_settings = kept_repositories[key]
        # A writable repository serves a read-only command too (it only reads).
        if kept_settings == settings and (read_only or not kept.read_only):
            try:
                kept.refresh()  # what other processes wrote since the last command
            except Exception:
                del kept_repositories[key]
                raise
            return kept
    repo = Repository(path, read_only=read_only, settings=settings,
                      write_settings=loaded.writer())
    if kept_repositories is not None:
        kept_repositories[key] = (repo, settings)
    return repo


kept_repositories: dict[tuple[str, str], tuple[Repository, Settings | None]] | None = None
"""The repositories kept open between commands by the command server (``opstui.server``
sets a dict; each is refreshed from disk before a command uses it, as the TUI does); None in
a process of its own."""


def load_user_settings(cli_value: str | None) -> Loaded:
    """The settings file chosen by ``--config`` / ``$OPSTUI_CONFIG`` / the default, read."""
    from opstui.settings_file import load_settings, resolve_config_file

    return load_settings(resolve_config_file(cli_value))


def warn(message: str) -> None:
    """Say ``message`` on stderr in one line, prefixed ``opstui: `` (the command goes on)."""
    import sys

    print(f"opstui: {' '.join(message.split())}", file=sys.stderr)


def parse_day(option: str, text: str | None, base: date | None = None) -> date:
    """The day typed for ``option`` (``fri``, ``+3d``, ``2026-11-30``), read relative to
    ``base`` (default ``today()``); ``base`` itself when ``text`` is None.

    Raises:
        CommandError: ``text`` is not a date, with ``option`` named.
    """
    from opstui.domain.dates import DateParseError, parse_date

    day = base if base is not None else today()
    if text is None:
        return day
    try:
        return parse_date(text, day)
    except DateParseError as exc:
        raise CommandError(f"{option}: {exc}") from None


def subcommand_adder(subparsers: Any, module: str
                     ) -> Callable[[str, str, str], argparse.ArgumentParser]:
    """A function adding one subcommand (with ``--db``) whose handler is ``module:handler``.

    Args:
        subparsers: What ``add_subparsers`` returned.
        module: The handlers' module, e.g. ``opstui.commands.metrics``.
    """

    def subcommand(name: str, handler: str, summary: str) -> argparse.ArgumentParser:
        found: argparse.ArgumentParser = subparsers.add_parser(name, help=summary,
                                                                description=summary)
        found.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                           help="the data file")
        found.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS,
                           help="the settings file")
        found.set_defaults(handler=f"{module}:{handler}")
        return found

    return subcommand
