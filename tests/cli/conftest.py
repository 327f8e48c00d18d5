"""Fixtures for the command line: in-process runs with captured output, and real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from opstui.cli import main

TODAY = "2026-11-23"
"""The pinned day (a Monday) every CLI test runs on."""


@dataclass
class Result:
    """What a command did: its exit code and output."""

    code: int
    out: str
    err: str


Runner = Callable[..., Result]


@pytest.fixture
def cli(data_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> Runner:
    """Run ``opstui ARGS`` in this process on ``data_file`` with today pinned."""
    monkeypatch.setenv("OPSTUI_DB", str(data_file))
    monkeypatch.setenv("OPSTUI_TODAY", TODAY)
    monkeypatch.delenv("OPSTUI_DEBUG", raising=False)

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def proc_env(data_file: Path) -> dict[str, str]:
    """The environment of a real ``opstui`` process on ``data_file``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("OPSTUI_") or k == "OPSTUI_SERVER"}
    env.update(OPSTUI_DB=str(data_file), OPSTUI_TODAY=TODAY)
    return env


@pytest.fixture
def env_for() -> Callable[[Path], dict[str, str]]:
    """Build the environment of a real ``opstui`` process on a data file."""
    return proc_env


@pytest.fixture
def proc(data_file: Path) -> Runner:
    """Run ``python -m opstui ARGS`` as a real process on ``data_file``."""

    def run(*args: str, python_flags: tuple[str, ...] = (), stdin: str | None = None) -> Result:
        done = subprocess.run(
            [sys.executable, *python_flags, "-m", "opstui", *args],
            env=proc_env(data_file), capture_output=True, text=True, input=stdin,
            timeout=120, check=False,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run
