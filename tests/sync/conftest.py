"""Replicas for sync tests: separate data files and sync folders, one bare git remote."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sync_helpers import Replica, Ticker

from opstui.actions.sync import setup
from opstui.store.repository import Repository


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """A bare git repository standing for the team's GitLab project."""
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(path)], check=True)
    return path


@pytest.fixture
def ticker() -> Ticker:
    return Ticker()


@pytest.fixture
def make_replica(tmp_path: Path, remote: Path, ticker: Ticker) -> Callable[[str], Replica]:
    """Set up a replica called ``name`` in its own folder, sharing ``remote``."""

    def make(name: str) -> Replica:
        repo = Repository(tmp_path / name / "opstui.json")
        setup(repo, ticker(), str(remote), name)
        return Replica(name, repo, ticker)

    return make
