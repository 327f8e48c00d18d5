"""Team sync from the TUI: a key and the palette, a status line, an optional timer.

The sync runs in a worker thread on a repository of its own (git waits on the network; the
UI never does); the file lock keeps it apart from the app's own writes, and the app picks up
the merged records the way it picks up any outside change.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opstui.actions.errors import Outcome
    from opstui.domain.clock import Clock
    from opstui.store.repository import Repository
    from opstui.ui.keymap import SettingsHook


class Syncing:
    """Mixed into ``OpsApp`` (a Textual App: workers, timers, notify)."""

    repo: Repository | None
    data_file: Path
    loaded: bool
    settings_hook: SettingsHook
    sync_line: str = ""
    """What the day bar says about the last sync ("" when the data set is not shared)."""
    _syncing: bool = False
    if TYPE_CHECKING:
        def clock(self) -> Clock: ...
        def notify(self, *args: Any, **kwargs: Any) -> None: ...
        def run_worker(self, *args: Any, **kwargs: Any) -> Any: ...
        def call_from_thread(self, *args: Any, **kwargs: Any) -> Any: ...
        def set_interval(self, *args: Any, **kwargs: Any) -> Any: ...
        def reload_panes(self) -> None: ...
        def show_sync_line(self) -> None: ...

    def shared(self) -> bool:
        """True when this data set is a replica of a team's git remote."""
        from opstui.actions.sync import replica_of

        return self.repo is not None and replica_of(self.repo).exists

    def start_sync_timer(self) -> None:
        """Sync every ``sync_interval_minutes`` (settings; 0 = only on request)."""
        minutes = self.settings_hook.settings.sync_interval_minutes
        if minutes > 0:
            self.set_interval(minutes * 60, lambda: self.action_sync(quiet=True), name="sync")

    def action_sync(self, quiet: bool = False) -> None:
        """Sync with the team: commit, fetch, merge by field, push (in the background)."""
        if not self.loaded or self.repo is None or self.repo.read_only:
            if not quiet:
                self.notify("Nothing to sync: the data file is not open for changes.",
                            severity="warning")
            return
        if not self.shared():
            if not quiet:
                self.notify("This data set is not shared yet: run 'opstui sync setup URL "
                            "--as NAME' once in a terminal (README: Working as a team).",
                            severity="warning", markup=False)
            return
        if self._syncing:
            if not quiet:
                self.notify("A sync is already running.")
            return
        self._syncing = True
        self.sync_line = "syncing…"
        self.show_sync_line()
        self.run_worker(lambda: self._sync_in_thread(self.clock(), quiet), name="sync",
                        group="sync", thread=True, exit_on_error=False)

    def _sync_in_thread(self, clock: Clock, quiet: bool) -> None:
        from opstui.actions.errors import ActionError
        from opstui.actions.sync import sync
        from opstui.store.disk import DataFileError, ReadOnlyError
        from opstui.ui.app_data import open_repository

        outcome: Outcome | None = None
        problem = ""
        try:
            repo, opened_problem = open_repository(self.data_file, self.settings_hook)
            if repo is None or opened_problem:
                problem = opened_problem or "the data file could not be opened"
            else:
                outcome = sync(repo, clock, source="sync")
        except (ActionError, DataFileError, ReadOnlyError, OSError) as exc:
            problem = str(exc)
        self.call_from_thread(self._synced, outcome, problem, clock.now, quiet)

    def _synced(self, outcome: Outcome | None, problem: str, at: datetime,
                quiet: bool) -> None:
        self._syncing = False
        if outcome is None:
            self.sync_line = f"sync failed {at:%H:%M}"
            self.notify(f"Not synced: {problem}", severity="error", markup=False)
        else:
            conflicts = len(outcome.extra.get("conflicts", ()))
            received = len(outcome.extra.get("received", ()))
            self.sync_line = f"synced {at:%H:%M}" + (f" · {conflicts} conflict"
                                                      f"{'s' * (conflicts != 1)}"
                                                      if conflicts else "")
            if not quiet or received or conflicts:
                from opstui.domain.merge import describe_conflict

                lines = [describe_conflict(c) for c in outcome.extra.get("conflicts", ())[:3]]
                more = conflicts - len(lines)
                said = "\n".join([outcome.message, *lines, *([f"… and {more} more "
                                                             "(opstui sync status)"]
                                                           if more > 0 else [])])
                self.notify(said, markup=False, timeout=12 if conflicts else 5,
                            severity="warning" if conflicts else "information")
        self.show_sync_line()
        if self.repo is not None:
            self.repo.refresh()
        self.reload_panes()
