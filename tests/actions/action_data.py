"""Helpers for the action tests: a pinned clock that moves on, the records as stored."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from opstui.domain.clock import Clock

START = datetime(2026, 11, 30, 9, 0)  # a Monday


class Ticking:
    """A clock source: each call gives the next minute (actions never read the wall clock)."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> Clock:
        self.now += timedelta(minutes=1)
        return Clock(self.now)


def raw_records(path: Path) -> dict[str, Any]:
    """The data file's records as stored, by table and id, without the journal."""
    import orjson

    data = orjson.loads(path.read_bytes())
    return {name: {doc["id"]: doc for doc in table.values()}
            for name, table in data.items() if name not in ("journal", "_meta") and table}
