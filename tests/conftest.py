"""Shared fixtures: a data file in a fresh folder and a repository on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from opstui.store.repository import Repository


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
    """Keep every test (and the processes it starts) away from the user's settings file."""
    folder = tmp_path_factory.mktemp("config-home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.delenv("OPSTUI_CONFIG", raising=False)
