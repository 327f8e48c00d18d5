"""``cli.main`` driven with generated arguments: never an "unexpected error", never a traceback.

Arguments are built from the real parser (every subcommand, sub-subcommand and option) and
filled with values that have broken opstui before: edge dates, control characters, bytes
that are not UTF-8, NULs, huge numbers, paths to folders. Every call must end in exit 0, 1
or 2 with at most one line on stderr. ``OPSTUI_FUZZ_EXAMPLES`` raises the count (default 250,
a few seconds).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opstui.cli import build_parser, main
from opstui.domain.models import Task

EXAMPLES = int(os.environ.get("OPSTUI_FUZZ_EXAMPLES", "250"))
TOP_SKIPPED = {"demo"}  # opens the TUI


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _commands() -> list[tuple[tuple[str, ...], list[str]]]:
    """Every runnable command path, with its option strings."""
    found = []

    def walk(path: tuple[str, ...], parser: argparse.ArgumentParser) -> None:
        options = [s for a in parser._actions for s in a.option_strings
                   if s not in ("-h", "--help", "--db")]
        found.append((path, options))
        for word, sub in _subparsers(parser).items():
            walk((*path, word), sub)

    for word, sub in _subparsers(build_parser()).items():
        if word not in TOP_SKIPPED:
            walk((word,), sub)
    return found


COMMANDS = _commands()

NASTY = [
    "", " ", "0", "-1", "101", "1e309", "nan", "inf", "99999999999999999999", "P0", "P9",
    "today", "tomorrow", "fri", "next mon", "+3d", "-99999d", "+9999y", "0001-01-01",
    "9999-12-31", "2199-12-31", "1900-01-01", "1899-12-31", "2026-02-30", "02-30", "11-30",
    "2026-W53", "9999-W52", "0001-W01", "2026-Q5", "2026-13", "0001-01", "2026", "30m",
    "1.5h", "0h", "99999999h", "abcd", "0000", "ffffffff", "zz", "dau", "DAU", "%", "50%",
    "\x1bc", "a\x07b", "[red]x[/]", "任务", "\u202e", "a\u0000b", "\udcff", "--", "-",
    ".", "..", "/", "/dev/null", "~", "out.md", "out.json", "@owner", "#tag", "due:fri",
    "!P1", "~2h", "plan:today", "en", "zh", "--force", "--json", "--all",
]

VALUES = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))


@st.composite
def argv(draw: st.DrawFn) -> list[str]:
    path, options = draw(st.sampled_from(COMMANDS))
    words: list[str] = list(path)
    for _ in range(draw(st.integers(0, 5))):
        with_option: bool = draw(st.booleans())
        if options and with_option:
            words.append(draw(st.sampled_from(options)))
        words.append(draw(VALUES))
    return words


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data_file = tmp_path / "data" / "opstui.json"
    data_file.parent.mkdir()
    from opstui.store.repository import Repository

    Repository(data_file).add(Task(title="seed task", id="abcd" + "0" * 28))
    monkeypatch.setenv("OPSTUI_DB", str(data_file))
    monkeypatch.setenv("OPSTUI_TODAY", "2026-11-23")
    monkeypatch.delenv("OPSTUI_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)  # --out files land here
    (tmp_path / "folder").mkdir()
    return data_file


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(words=argv())
def test_no_arguments_end_in_an_unexpected_error(
        words: list[str], seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = main(words)
    captured = capsys.readouterr()
    assert code in (0, 1, 2), (words, code, captured.err)
    assert "unexpected error" not in captured.err, (words, captured.err)
    assert "Traceback" not in captured.err, (words, captured.err)
    assert captured.err.count("\n") <= 1 or code == 0, (words, captured.err)
