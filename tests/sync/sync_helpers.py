"""Helpers of the sync tests: replicas with their own data files, a shared pinned clock."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from opstui.actions.sync import replica_of, sync
from opstui.domain.clock import Clock
from opstui.store.repository import Repository
from opstui.store.sync_export import local_records


@dataclass
class Ticker:
    """A pinned clock that moves on a few minutes for every action (shared by replicas)."""

    now: datetime = datetime(2026, 11, 2, 9, 0)
    step: timedelta = timedelta(minutes=7)

    def __call__(self) -> Clock:
        self.now += self.step
        return Clock(self.now)


@dataclass
class Replica:
    """One team member's machine."""

    name: str
    repo: Repository
    ticker: Ticker
    synced: list[str] = field(default_factory=list)

    def sync(self) -> str:
        outcome = sync(self.repo, self.ticker(), source="sync")
        return outcome.message

    def shared(self) -> dict[str, dict[str, dict[str, object]]]:
        """The records this replica shares (hot and archived)."""
        self.repo.refresh()
        return local_records(self.repo)

    def conflicts(self) -> list[dict[str, object]]:
        return replica_of(self.repo).conflicts()



def remote_history(remote: Path) -> str:
    """Everything the remote ever held: every commit's patch on every ref."""
    return subprocess.run(["git", "log", "-p", "--all", "--format=%H %an %s"], cwd=remote,
                          capture_output=True, check=True).stdout.decode()
