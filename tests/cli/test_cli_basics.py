"""The command as a whole: help, version, exit codes, one-line errors, lazy imports."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from opstui import __version__
from opstui.cli import PRIORITIES, STATUSES, build_parser, command_word, describe_error
from opstui.domain.models import Priority, TaskStatus

Runner = Callable[..., Any]

SUBCOMMANDS = ("demo", "add", "tasks", "ls", "done", "note", "export", "import", "check",
               "archive")
PANE_SUBCOMMANDS = {"goal", "plan", "metric", "meeting", "incident", "report", "retro",
                    "highlight", "review", "feedback", "finding"}
"""Added by the pane modules (COMMAND_MODULES)."""


def _imported(importtime_log: str) -> set[str]:
    """Module names from ``python -X importtime`` output."""
    return {line.split("|")[-1].strip() for line in importtime_log.splitlines()
            if line.startswith("import time:")}


def test_every_subcommand_is_listed_in_the_parser() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) == set(SUBCOMMANDS) | PANE_SUBCOMMANDS  # type: ignore[arg-type]


@pytest.mark.parametrize("command", [(), *((c,) for c in SUBCOMMANDS)])
def test_help_for_every_subcommand_exits_0(cli: Runner, command: tuple[str, ...]) -> None:
    result = cli(*command, "--help")
    assert result.code == 0
    shown = " ".join("tasks" if c == "ls" else c for c in command)  # ls is an alias
    assert result.out.startswith(f"usage: opstui {shown}".rstrip())
    assert result.err == ""


def test_help_in_a_real_process_loads_neither_pydantic_nor_textual(proc: Runner) -> None:
    for command in (("--help",), ("add", "--help"), ("import", "--help")):
        result = proc(*command, python_flags=("-X", "importtime"))
        assert result.code == 0, result.err
        assert "usage: opstui" in result.out
        loaded = _imported(result.err)
        assert not {"pydantic", "textual", "tinydb"} & loaded, command


def test_add_in_a_real_process_does_not_import_textual(proc: Runner) -> None:
    result = proc("add", "quick capture", "--due", "fri", python_flags=("-X", "importtime"))
    assert result.code == 0
    assert re.fullmatch(r"[0-9a-f]{8}  due Fri 2026-11-27\n", result.out)
    loaded = _imported(result.err)
    assert "opstui.store.repository" in loaded  # the log is real: the store was loaded
    assert not any(name == "textual" or name.startswith("textual.") for name in loaded)
    assert not any(name.startswith("rich") for name in loaded)


def test_version(cli: Runner) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"opstui {__version__}"


def test_choices_spelled_in_the_parser_match_the_models() -> None:
    assert tuple(p.value for p in Priority) == PRIORITIES
    assert tuple(s.value for s in TaskStatus) == STATUSES


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("add",), "the following arguments are required: TITLE"),
        (("add", "x", "--priority", "P9"), "not a priority: 'P9'"),
        (("note", "abcd", "x", "--percent", "150"), "percent must be 0 to 100"),
        (("tasks", "--status", "finished"), "invalid choice: 'finished'"),
        (("done",), "the following arguments are required: ID"),
    ],
)
def test_bad_syntax_is_one_line_on_stderr_and_exit_2(
    cli: Runner, args: tuple[str, ...], needle: str
) -> None:
    result = cli(*args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith("opstui: ")
    assert needle in result.err


@pytest.mark.parametrize(("argv", "word"), [
    ((), None), (("add", "x"), "add"), (("--db", "goal", "goal", "list"), "goal"),
    (("--db=x.json", "plan"), "plan"), (("--version",), None), (("-h", "add"), None),
])
def test_the_command_word_is_found_past_the_db_option(argv: tuple[str, ...],
                                                       word: str | None) -> None:
    assert command_word(argv) == word


def test_an_unknown_command_lists_every_command(cli: Runner) -> None:
    result = cli("--db", "x.json", "frobnicate")
    assert result.code == 2
    for name in ("add", "archive", "goal", "metric", "report", "retro"):
        assert name in result.err


def test_a_pane_command_runs_with_only_its_module_built(cli: Runner) -> None:
    result = cli("goal", "add", "Weekly report on time", "--period", "2026-W48")
    assert result.code == 0, result.err
    assert "Weekly report on time" in cli("goal", "list").out


def test_bad_pinned_today_is_reported(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPSTUI_TODAY", "someday")
    result = cli("add", "x")
    assert result.code == 2
    assert "OPSTUI_TODAY='someday' is not a date" in result.err


def test_db_option_after_the_subcommand_wins_over_the_environment(
    cli: Runner, tmp_path, data_file
) -> None:
    other = tmp_path / "other.json"
    assert cli("add", "here", "--db", str(other)).code == 0
    assert other.exists()
    assert not data_file.exists()
    assert "here" in cli("--db", str(other), "tasks").out


def test_unexpected_errors_are_one_line_not_a_traceback() -> None:
    code, message = describe_error(RuntimeError("boom\nsecond line"))
    assert code == 1
    assert "RuntimeError: boom" in message


def test_interrupt_exits_130(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    import opstui.commands.tasks as tasks

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(tasks, "list_tasks", interrupted)
    result = cli("tasks")
    assert result.code == 130
    assert result.err == "opstui: interrupted\n"
