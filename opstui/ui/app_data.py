"""DataLifecycle: the data file's life in the app: opened in a worker thread after the first
frame, watched for changes by other processes, tried again when it was unusable, long-finished
work archived, and the records read kept out of the cyclic garbage collector's scans."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from opstui.domain.clock import Clock
    from opstui.store.repository import Repository
    from opstui.ui.keymap import SettingsHook

PANES = ("before", "during", "after")
ARCHIVE_AFTER_SECONDS = 2.0
"""How long after the data is on screen finished work is archived."""
ARCHIVE_BATCH = 50
"""Archive only when at least this many tasks qualify: each pass rewrites a yearly file."""
REFRESH_SECONDS = 1.0
"""How often the data file is checked for changes made by other processes."""


def open_repository(path: Path, hook: SettingsHook | None = None
                    ) -> tuple[Repository | None, str]:
    """Open the data at ``path`` and validate it; fall back to read-only on a bad file.

    A file with invalid records opens read-only with every valid record shown and the bad
    ones named; a file that cannot be saved (read-only, a symbolic link) opens read-only and
    says why. Opening never creates anything (no folder, no lock file).

    ``hook`` gives the repository the user's settings and writes them back; with none (or
    no settings file given to the app) the older per-data-file preferences are used (tests).

    Returns:
        The repository (None if nothing could be opened) and the problem to show ("" when
        the file is fine).
    """
    from opstui.store.problems import check_writable
    from opstui.store.repository import Repository
    from opstui.store.storage import DataFileError

    given: dict[str, Any] = {}
    if hook is not None and hook.loaded is not None:
        given = {"settings": hook.settings if hook.loaded.exists else None,
                 "write_settings": hook.write}
    try:
        repo = Repository(path, **given)
        if not repo.known_good:
            repo.validate_all()
        check_writable(path)
        return repo, ""
    except DataFileError as exc:
        problem = str(exc)
    except OSError as exc:
        return None, f"Nothing could be opened: {path}: {exc.strerror or exc}."
    try:
        repo = Repository(path, read_only=True, lenient=True, **given)
        repo.validate_all()
    except (DataFileError, OSError):
        return None, f"Nothing could be opened: {problem}"
    skipped = repo.skipped()
    if skipped:
        more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
        return repo, (f"Opened read-only, without the invalid records: {skipped[0]}{more}. "
                      f"{problem}")
    return repo, f"Opened read-only. {problem}"


class DataLifecycle:
    """Mixed into ``OpsApp`` (a Textual App, which provides timers, workers and notify)."""

    data_file: Path
    repo: Repository | None
    problem: str
    loaded: bool
    _bad_stamp: object
    _stale: set[str]
    _unfrozen: set[str]
    """Panes not filled since the data was last read (see ``_freeze_read_data``)."""
    if TYPE_CHECKING:
        today: Any
        screen_stack: Any
        def set_interval(self, *args: Any, **kwargs: Any) -> Any: ...
        def set_timer(self, *args: Any, **kwargs: Any) -> Any: ...
        def notify(self, *args: Any, **kwargs: Any) -> None: ...
        def clock(self) -> Clock: ...
        def reload_panes(self) -> None: ...
        def _reload_active(self) -> None: ...
        def _focus_first_list(self) -> None: ...
        def _show_problem(self) -> None: ...
        def drop_picture(self) -> None: ...
        def shared(self) -> bool: ...
        def show_sync_line(self) -> None: ...
        def start_sync_timer(self) -> None: ...
        sync_line: str
        settings_hook: SettingsHook

    def _open_in_thread(self) -> tuple[Repository | None, str, object]:
        """Open the data file (in a worker thread: parsing and validating take a while)."""
        from opstui.store.storage import file_stamp

        stamp = file_stamp(self.data_file)
        return (*open_repository(self.data_file, self.settings_hook), stamp)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Take the opened data from the worker thread."""
        if event.worker.group != "data":
            return
        if event.state is WorkerState.SUCCESS:
            opened = event.worker.result
            if opened is not None:
                self._data_opened(*opened)
        elif event.state is WorkerState.ERROR:
            error = event.worker.error
            self._data_opened(None, f"Cannot open {self.data_file}: {error}", None)

    def _data_opened(self, repo: Repository | None, problem: str, stamp: object) -> None:
        self.repo, self.problem, self.loaded = repo, problem, True
        self.drop_picture()  # before the fill: all on the one frame that follows
        self._bad_stamp = stamp
        self._show_problem()
        self._stale = set(PANES)
        self._unfrozen = set(PANES)
        self._reload_active()
        self._focus_first_list()
        self.set_interval(REFRESH_SECONDS, self._check_outside_changes, name="data refresh")
        if repo is not None and not problem:
            self.set_timer(ARCHIVE_AFTER_SECONDS, self._archive_old_work, name="archive")
            if self.shared():
                self.sync_line = "shared"
                self.show_sync_line()
                self.start_sync_timer()

    def _archive_old_work(self) -> None:
        """Move long-finished tasks to the archive files once enough have gathered.

        Runs on the main thread (the repository is not shared across threads), a moment
        after the data is on screen, and only in batches of ``ARCHIVE_BATCH`` or more.
        """
        from opstui.actions.archive import archive
        from opstui.actions.errors import ActionError
        from opstui.store.storage import DataFileError, ReadOnlyError

        if self.repo is None or self.problem or self.repo.read_only:
            return
        try:  # quiet unless something moved: not through act(), which always reloads
            outcome = archive(self.repo, self.clock(), minimum=ARCHIVE_BATCH, source="tui")
        except (ActionError, DataFileError, ReadOnlyError, OSError) as exc:
            self.notify(f"Could not archive finished tasks: {exc}", severity="warning")
            return
        if outcome.extra.get("moved"):
            self.reload_panes()

    def _check_outside_changes(self) -> None:
        """Reload the panes when another process changed the data file."""
        from opstui.store.storage import DataFileError, file_stamp

        if self.repo is None or self.problem:
            self._retry_bad_file()
            return
        try:
            changed = self.repo.refresh()
        except DataFileError:
            self._bad_stamp = file_stamp(self.data_file)
            self.repo, self.problem = open_repository(self.data_file)
            self._show_problem()
            changed = True
        if changed:
            self._unfrozen = set(PANES)
            self.reload_panes()

    def _retry_bad_file(self) -> None:
        """When a file that could not be used changes on disk, try it again."""
        from opstui.store.storage import file_stamp

        stamp = file_stamp(self.data_file)
        if stamp == self._bad_stamp:
            return
        self._bad_stamp = stamp
        repo, problem = open_repository(self.data_file, self.settings_hook)
        if not problem:
            self.notify("The data file is readable again.", title="opstui")
        self.repo, self.problem = repo, problem
        self._show_problem()
        self._unfrozen = set(PANES)
        self.reload_panes()

    def _freeze_read_data(self, pane: str) -> None:
        """Take the records just read out of the cyclic garbage collector's scans.

        A year of data is about 170k objects, and a full collection over them took up to
        100 ms, landing on whichever key press triggered it. Records are read lazily, table
        by table, as panes are first filled; so the first fill of each pane after the file
        was read freezes what is alive (``gc.freeze``). Frozen objects are still freed by
        reference counting. Not while a form is open: its widgets hold reference cycles and
        would never be collected once closed.
        """
        if pane in self._unfrozen and len(self.screen_stack) == 1:
            self._unfrozen.discard(pane)
            gc.freeze()
