"""Fixtures for the actions: a data file, a pinned clock that moves on by a minute per use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from opstui.domain.clock import Clock
from opstui.store.repository import Repository

START = datetime(2026, 11, 30, 9, 0)  # a Monday


class Ticking:
    """A clock source: each call gives the next minute (actions never read the wall clock)."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> Clock:
        self.now += timedelta(minutes=1)
        return Clock(self.now)


@pytest.fixture
def clock() -> Ticking:
    """A fresh ticking clock from Monday 2026-11-30 09:00."""
    return Ticking()


def raw_records(path: Path) -> dict[str, Any]:
    """The data file's records as stored, by table and id, without the journal."""
    import orjson

    data = orjson.loads(path.read_bytes())
    return {name: {doc["id"]: doc for doc in table.values()}
            for name, table in data.items() if name not in ("journal", "_meta") and table}


@pytest.fixture
def records() -> Callable[[Path], dict[str, Any]]:
    """Read the data file's records as stored (see ``raw_records``)."""
    return raw_records


@pytest.fixture
def fresh() -> Callable[[Path], Repository]:
    """A new repository on the file: what another process would read."""
    return Repository
