"""Shared fixtures: a data file in a fresh folder and a repository on it.

``OPSTUI_TEST_NOW=2026-12-31T23:59:30`` runs the whole suite with the wall clock moved to that
instant (and ticking on from it), to prove no test and no rule depends on the day it runs:
CI runs the suite at the real date and at such an instant.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from opstui.store.repository import Repository

_travel: Any = None


def pytest_configure(config: pytest.Config) -> None:
    """Move the wall clock to ``$OPSTUI_TEST_NOW`` for the whole run, if set."""
    global _travel
    moment = os.environ.get("OPSTUI_TEST_NOW", "").strip()
    if moment:
        import time_machine

        _travel = time_machine.travel(moment, tick=True)
        _travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    """Put the wall clock back."""
    if _travel is not None:
        _travel.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    """Say when the clock is moved."""
    moment = os.environ.get("OPSTUI_TEST_NOW", "").strip()
    return f"wall clock moved to {moment} (OPSTUI_TEST_NOW)" if moment else None



@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    """Where a test's data set lives (not created yet)."""
    return tmp_path / "opstui.json"


@pytest.fixture
def repo(data_file: Path) -> Repository:
    """A repository on an empty data set in ``tmp_path``."""
    return Repository(data_file)


@pytest.fixture(autouse=True)
def _no_user_settings(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test (and the processes it starts) away from the user's settings file
    and cache folder."""
    folder = tmp_path_factory.mktemp("config-home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder / "cache"))  # opening pictures
    monkeypatch.delenv("OPSTUI_PICTURES", raising=False)
    monkeypatch.delenv("OPSTUI_CONFIG", raising=False)
    # Every command in its own process, no command server left behind: the server's own
    # tests (tests/cli/test_server.py) turn it on, each with a folder of its own.
    monkeypatch.setenv("OPSTUI_SERVER", "0")
