"""The ``opstui`` command: open the TUI, or run a scriptable subcommand.

``opstui [--db PATH]`` opens the TUI on the data file (``--db``, else ``$OPSTUI_DB``, else
``opstui.json`` in the user data folder). Subcommands (``add``, ``tasks``, ``done``, ``note``,
``export``, ``import``, ``check``, ``demo``) are for scripts and quick captures.

Exit codes: 0 success; 1 the data file is unusable, ``check`` found problems, or something
unexpected went wrong; 2 bad input; 130 interrupted. Errors are one line on stderr, prefixed
``opstui: ``, never a traceback.

Start-up cost matters (``opstui add`` on a 10k-task file is benchmarked), so this module
imports only argparse: each subcommand imports what it needs inside its function, ``--help``
loads neither pydantic nor the store, and only the TUI commands load textual.

The clock boundary: commands take "today" from the environment variable ``OPSTUI_TODAY`` (an
ISO date, for tests and benchmarks; not shown in ``--help``) when it is set, else from the
system clock. ``OPSTUI_DEBUG=1`` lets an unexpected error show its traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO, cast

from opstui.cli_words import command_word
from opstui.commands import PRIORITIES, STATUSES, _percent, _priority

__all__ = ["PRIORITIES", "STATUSES", "build_parser", "command_word", "describe_error", "main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

COMMAND_MODULES: dict[str, str] = {
    "metric": "opstui.commands.metrics",
    "meeting": "opstui.commands.meetings",
    "incident": "opstui.commands.incidents",
    "goal": "opstui.commands.goals",
    "plan": "opstui.commands.plan",
    "report": "opstui.commands.reports",
    "retro": "opstui.commands.retros",
    "reopen": "opstui.commands.task_changes",
    "status": "opstui.commands.task_changes",
    "assign": "opstui.commands.task_changes",
    "edit": "opstui.commands.task_changes",
    "review": "opstui.commands.reviews",
    "undo": "opstui.commands.undo",
    "redo": "opstui.commands.undo",
    "support": "opstui.commands.support",
    "log": "opstui.commands.worklog",
    "shutdown": "opstui.commands.worklog",
    "recur": "opstui.commands.recurring",
    "restore": "opstui.commands.restore",
    "config": "opstui.commands.config",
    "highlight": "opstui.commands.people",
    "feedback": "opstui.commands.people",
    "finding": "opstui.commands.people",
    "sync": "opstui.commands.sync",
}
"""The subcommand each module adds: it has ``register(command)``, where ``command`` is the
``command(name, handler, summary, **kwargs)`` helper of ``build_parser``. At import time such a
module may load only argparse and this module, to keep ``--help`` and start-up fast."""


class UsageError(Exception):
    """Bad command-line syntax, reported by argparse."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, not the usage block."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        """Raise instead of printing usage and exiting; ``main`` reports it in one line."""
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser(word: str | None = None) -> argparse.ArgumentParser:
    """The argument parser for ``opstui`` and every subcommand.

    Args:
        word: The subcommand about to be run: then only its module's subcommands are added
            to the built-in ones (importing and building all of them costs each command
            about 7 ms). None, or a word that is no subcommand, builds them all.
    """
    from opstui import __version__

    db_help = "the data file (default: $OPSTUI_DB, else opstui.json in the user data folder)"
    parser = _Parser(
        prog="opstui",
        description="The operations manager's day: plan before, follow through during, "
        "review after. Without a command, opens the TUI.",
    )
    config_help = ("the settings file (default: $OPSTUI_CONFIG, else settings.toml in the "
                   "user config folder)")
    parser.add_argument("--db", metavar="PATH", default=None, help=db_help)
    parser.add_argument("--config", metavar="PATH", default=None, help=config_help)
    parser.add_argument("--version", action="version", version=f"opstui {__version__}")
    # --db is accepted after the subcommand too; SUPPRESS keeps it from undoing the first.
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    common.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS,
                        help=config_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, handler: str, summary: str, *, data: bool = True,
                **kwargs: Any) -> argparse.ArgumentParser:
        found = sub.add_parser(name, help=summary, description=summary,
                               parents=[common] if data else [], **kwargs)
        found.set_defaults(handler=handler)
        return found

    demo = command("demo", "opstui.cli:run_demo", "Open the TUI on a fresh, temporary copy "
                   "of the demo data, moved by whole weeks into this week and shown as it stood "
                   "now (your data is not touched).",
                   data=False)
    demo.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS,
                      help=config_help)

    add = command("add", "opstui.commands.tasks:add",
                  "Add a task; prints its short id first (for scripts), then the parsed dates.")
    add.add_argument("title", nargs="+", metavar="TITLE",
                     help="title and quick-add tokens: !P1 @owner due:fri ~2h #tag plan:today")
    add.add_argument("-p", "--priority", type=_priority, help="P0 (most urgent) to P3")
    add.add_argument("-o", "--owner", metavar="NAME", help="who does it")
    add.add_argument("-d", "--due", metavar="DATE",
                     help="deadline: today, tomorrow, fri, next mon, +3d, 2026-11-30, 11-30")
    add.add_argument("-e", "--estimate", metavar="DURATION", help="e.g. 30m, 1.5h, 2h30m")
    add.add_argument("-g", "--goal", metavar="GOAL_ID", help="short id of the goal it serves")
    add.add_argument("--plan", metavar="DATE", help="also put it on that day's plan")
    add.add_argument("-t", "--tag", dest="tags", action="extend", nargs="+", default=[],
                     metavar="TAG", help="tags (repeat, or separate with commas)")

    tasks = command("tasks", "opstui.commands.tasks:list_tasks",
                    "List tasks: open ones first, by priority then due date.", aliases=["ls"])
    tasks.add_argument("-s", "--status", choices=(*STATUSES, "open"),
                       help="only tasks with this status ('open': every unfinished one)")
    tasks.add_argument("-o", "--owner", metavar="NAME", help="only this owner's tasks")
    tasks.add_argument("-m", "--mine", action="store_true",
                       help="only my tasks (the name given to 'opstui sync setup --as')")
    tasks.add_argument("-a", "--all", action="store_true",
                       help="include archived tasks (finished long ago)")
    tasks.add_argument("--json", action="store_true", help="print full records as JSON")

    done = command("done", "opstui.commands.tasks:done",
                   "Mark tasks done (status done, finished now, 100%%).")
    done.add_argument("ids", nargs="+", metavar="ID", help="task id prefix (4+ hex digits)")

    note = command("note", "opstui.commands.tasks:note",
                   "Add a progress note to a task, optionally with percent done.")
    note.add_argument("id", metavar="ID", help="task id prefix (4+ hex digits)")
    note.add_argument("text", nargs="+", metavar="TEXT", help="the note (words are joined)")
    note.add_argument("--percent", type=_percent, metavar="N",
                      help="percent done (0-100); also updates the task")

    export = command("export", "opstui.commands.interchange:export",
                     "Write every record (archives and settings too) as versioned JSON, or "
                     "tasks as CSV, todo.txt or a calendar (--format).")
    export.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    export.add_argument("-f", "--force", action="store_true",
                        help="let --out replace an existing file")

    imp = command("import", "opstui.commands.interchange:import_",
                  "Merge an export file: same ids are updated, new ones added; nothing is "
                  "written unless every record is valid.")
    imp.add_argument("file", metavar="FILE", help="an 'opstui export' file, a Taskwarrior "
                     "'task export' or a todo.txt ('-' for stdin)")
    imp.add_argument("--keep-settings", action="store_true",
                     help="keep this data file's settings instead of the file's")
    from opstui.commands import interchange

    interchange.add_export_options(export)
    interchange.add_import_options(imp)

    command("archive", "opstui.commands.tasks:archive",
            "Move tasks finished more than archive_after_days (default 21) days ago, with "
            "their notes, to the yearly archive files beside the data file. Tasks of goals "
            "still running stay. The TUI does this by itself once 50 have gathered.")
    command("check", "opstui.commands.check:check",
            "Verify the data file and its archives: every record valid, no dangling "
            "references. Exit 1 if anything is wrong.")
    from importlib import import_module

    if word in COMMAND_MODULES:
        import_module(COMMAND_MODULES[word]).register(command)
    elif word not in sub.choices:
        for module_name in dict.fromkeys(COMMAND_MODULES.values()):
            import_module(module_name).register(command)
    return parser


def _without_pydantic_plugins() -> None:
    """Tell pydantic there are no plugins, without its loader importing ``importlib.metadata``.

    pydantic looks for third-party plugins through every installed package's metadata on
    first use (~25 ms of each command); opstui uses none. ``PYDANTIC_DISABLE_PLUGINS`` stops
    the search, but the loader module still imports ``importlib.metadata`` (~12 ms CPU), so
    the loader is stood in for by one that has none, unless it was imported already.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    name = "pydantic.plugin._loader"
    if name not in sys.modules and os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__":
        from types import ModuleType

        loader = ModuleType(name, "opstui: pydantic plugins are disabled")
        loader.get_plugins = tuple  # type: ignore[attr-defined]  # get_plugins() -> ()
        sys.modules[name] = loader


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``opstui`` with ``argv`` (default: the process arguments); returns the exit code."""
    _without_pydantic_plugins()
    real_out, real_err = sys.stdout, sys.stderr
    data_file: Any = None
    try:
        words = list(sys.argv[1:] if argv is None else argv)
        _check_words(words)
        args = build_parser(command_word(words)).parse_args(words)
        handler = getattr(args, "handler", "opstui.cli:run_tui")
        module_name, _, func_name = handler.partition(":")
        from importlib import import_module

        if module_name != __name__:
            from opstui.paths import resolve_data_file

            data_file = resolve_data_file(getattr(args, "db", None))
            # Every subcommand's output is user text: no terminal control sequences.
            sys.stdout = cast(TextIO, _CleanStream(real_out))
            sys.stderr = cast(TextIO, _CleanStream(real_err))
        return int(getattr(import_module(module_name), func_name)(args) or 0)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``opstui tasks | head``): stop quietly.
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("OPSTUI_DEBUG") and not isinstance(exc, UsageError):
            raise
        code, message = describe_error(exc, data_file)
        _say(message)
        return code
    finally:
        sys.stdout, sys.stderr = real_out, real_err


def _check_words(words: Sequence[str]) -> None:
    """Refuse arguments no command can use: a NUL, or bytes that are not UTF-8.

    Raises:
        UsageError: Naming the argument (its printable part).
    """
    for number, word in enumerate(words, start=1):
        if "\0" in word:
            raise UsageError(f"argument {number} contains a NUL character, which no text or "
                             "file name may hold")
        try:
            word.encode("utf-8")
        except UnicodeEncodeError:
            raw = word.encode("utf-8", "surrogateescape")
            shown = raw.decode("utf-8", "backslashreplace")
            raise UsageError(f"argument {number} is not valid UTF-8: '{shown}' (use UTF-8 "
                             "text)") from None


class _CleanStream:
    """A text stream that drops control characters (see ``domain.text.strip_controls``)."""

    def __init__(self, stream: Any) -> None:
        from opstui.domain.text import strip_controls

        self._stream = stream
        self._clean = strip_controls

    def write(self, text: str) -> int:
        """Write ``text`` without control characters."""
        self._stream.write(self._clean(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def describe_error(exc: BaseException, data_file: Any = None) -> tuple[int, str]:
    """The exit code and one-line message for an error a command raised.

    Args:
        exc: The error.
        data_file: The data file the command used, named when an OSError names no file.
    """
    if isinstance(exc, UsageError):
        return EXIT_USAGE, str(exc)
    from opstui.commands import CommandError

    if isinstance(exc, CommandError):
        return exc.code, str(exc)
    # Only modules already loaded can have raised their errors: look there, import nothing.
    checks = (
        ("opstui.actions.errors", "ActionError", EXIT_USAGE),
        ("opstui.store.storage", "DataFileError", EXIT_FAILED),
        ("opstui.store.storage", "ReadOnlyError", EXIT_FAILED),
        ("opstui.store.repository", "LookupProblem", EXIT_USAGE),
        ("opstui.domain.dates", "DateParseError", EXIT_USAGE),
        ("opstui.store.transfer", "TransferError", EXIT_USAGE),
        ("opstui.demo", "DemoDataError", EXIT_FAILED),
        ("opstui.settings_file", "SettingsError", EXIT_USAGE),
    )
    for module_name, class_name, code in checks:
        cls = getattr(sys.modules.get(module_name), class_name, None)
        if cls is not None and isinstance(exc, cls):
            return code, str(exc)
    pydantic_core = sys.modules.get("pydantic_core")
    if pydantic_core is not None and isinstance(exc, pydantic_core.ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        import re

        kind = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", exc.title).lower()  # ProgressNote: progress note
        return EXIT_USAGE, f"invalid {kind}: {where}: {err['msg']}{more}"
    if isinstance(exc, OSError):
        from pathlib import Path

        from opstui.store.problems import os_problem

        named = Path(exc.filename) if isinstance(exc.filename, str) and exc.filename else None
        target = named or (Path(data_file) if data_file else Path("the data file"))
        problem, advice = os_problem(exc, target)
        said = problem if str(target) in problem else f"{target}: {problem}"
        return EXIT_FAILED, f"{said}. {advice}."
    return EXIT_FAILED, f"unexpected error: {type(exc).__name__}: {exc} (OPSTUI_DEBUG=1 shows more)"


def _say(message: str) -> None:
    from opstui.domain.text import strip_controls

    print(f"opstui: {' '.join(strip_controls(message).split())}", file=sys.stderr)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def run_tui(args: argparse.Namespace) -> int:
    """Open the TUI on the chosen data file."""
    from opstui.commands import today
    from opstui.paths import resolve_data_file
    from opstui.ui.launch import run_app

    return run_app(resolve_data_file(args.db), today=today(), title_suffix="",
                   config=getattr(args, "config", None))


def run_demo(args: argparse.Namespace) -> int:
    """Open the TUI on a fresh copy of the demo data moved into this week (never the originals).

    The wall clock is read here, at the edge: the copy shows the demo's story as it stood at
    this moment (``opstui.demo``). The copy lives in a temporary folder that is removed when
    the TUI closes.
    """
    import tempfile
    from pathlib import Path

    from opstui.commands import now, today
    from opstui.demo import make_demo_copy
    from opstui.ui.launch import run_app

    day = today()
    with tempfile.TemporaryDirectory(prefix="opstui-demo-") as folder:
        # The story as it stood now: nothing later (a task "done at 17:50") is shown.
        data_file = make_demo_copy(day, folder=Path(folder), now=now())
        return run_app(data_file, today=day, title_suffix=" (demo)",
                       config=getattr(args, "config", None), pictures=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
