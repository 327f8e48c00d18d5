"""Fixtures for the actions: a data file, a pinned clock that moves on by a minute per use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from action_data import Ticking, raw_records

from opstui.store.repository import Repository


@pytest.fixture
def clock() -> Ticking:
    """A fresh ticking clock from Monday 2026-11-30 09:00."""
    return Ticking()


@pytest.fixture
def records() -> Callable[[Path], dict[str, Any]]:
    """Read the data file's records as stored (see ``raw_records``)."""
    return raw_records


@pytest.fixture
def fresh() -> Callable[[Path], Repository]:
    """A new repository on the file: what another process would read."""
    return Repository
