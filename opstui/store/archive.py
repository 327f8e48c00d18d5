"""Yearly archive files: finished tasks and their notes move out of the hot file.

``ArchiveFiles`` is mixed into ``Repository``; it finds, reads and writes the
``<stem>.archive-<year>.json`` files next to the hot file.
"""

from __future__ import annotations

import contextlib
import glob
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from opstui.domain.models import Goal, ProgressNote, Record, Task
from opstui.store.datafile import DataFile
from opstui.store.storage import DataLock

if TYPE_CHECKING:
    from opstui.domain.settings import Settings

R = TypeVar("R", bound=Record)


class ArchiveFiles:
    """The archive side of ``Repository`` (which provides the attributes declared here)."""

    path: Path
    lock: DataLock
    read_only: bool
    _hot: DataFile
    _archives: dict[int, DataFile]

    if TYPE_CHECKING:
        def _check(self, file: DataFile) -> None: ...
        def settings(self) -> Settings: ...
        def transaction(self) -> contextlib.AbstractContextManager[None]: ...
        def all(self, cls: type[R]) -> list[R]: ...

    def archive_paths(self) -> list[Path]:
        """The archive files that exist, oldest year first."""
        # Any number of digits: a task finished in year 999 (typed before years were
        # checked) is archived to "archive-999" and must still be read.
        shape = re.compile(re.escape(f"{self.path.stem}.archive-") + r"(\d{1,4})"
                           + re.escape(self.path.suffix))
        found = self.path.parent.glob(f"{glob.escape(self.path.stem)}.archive-*"
                                      f"{glob.escape(self.path.suffix)}")
        years = sorted((int(m.group(1)), p) for p in found if (m := shape.fullmatch(p.name)))
        return [p for _, p in years]

    def _archive(self, year: int) -> DataFile:
        found = self._archives.get(year)
        if found is None:
            path = self.path.with_name(f"{self.path.stem}.archive-{year}{self.path.suffix}")
            found = self._archives[year] = DataFile(path, self.lock, self.read_only,
                                                    getattr(self, "lenient", False))
        return found

    def _archive_years(self) -> list[int]:
        years = []
        for path in self.archive_paths():
            with contextlib.suppress(ValueError):
                years.append(int(path.stem.rsplit("-", 1)[1]))
        return years

    @contextlib.contextmanager
    def _writing(self, archive: DataFile) -> Iterator[None]:
        """Change an archive file: lock, catch up, check, and save when the block ends."""
        with archive.storage.transaction():
            archive.sync()
            self._check(archive)
            yield

    def _change_archive(
        self, archive: DataFile, put: Iterable[Record] = (), remove: Iterable[Record] = ()
    ) -> None:
        with self._writing(archive):
            for record in remove:
                archive.remove(record)
            for record in put:
                archive.put(record)

    def _stale_archive_copy(self, record: Record) -> DataFile | None:
        """The archive still holding a finished task that is also in the hot file (a crash
        during ``archive_finished`` leaves such copies), so that deleting it there sticks."""
        if not isinstance(record, Task) or record.is_open:
            return None
        year = (record.done_at or record.updated_at).year
        if year not in self._archive_years():
            return None
        archive = self._archive(year)
        archive.storage.reload_if_changed()
        return archive if record.id in archive.table_models(Task.table) else None

    def archived_docs(self, name: str) -> list[dict[str, Any]]:
        """The stored documents of table ``name`` in every archive file, oldest year first,
        as written (not validated; read-only use: the sync export)."""
        docs: list[dict[str, Any]] = []
        for year in self._archive_years():
            archive = self._archive(year)
            archive.storage.reload_if_changed()
            docs.extend(archive.storage.read().get(name, {}).values())
        return docs

    def archived(self, cls: type[R], years: Iterable[int] | None = None) -> list[R]:
        """Archived tasks or notes, from the given years (default: every archive file)."""
        wanted = self._archive_years() if years is None else sorted(set(years))
        hot_ids = self._hot.table_models(cls.table).keys()
        out: list[R] = []
        for year in wanted:
            if year not in self._archive_years():
                continue
            models = self._archive(year).table_models(cls.table)
            out.extend(m for i, m in models.items() if i not in hot_ids)  # type: ignore[misc]
        return out

    def _running_goal_ids(self, today: date) -> set[str]:
        from opstui.domain.dates import DateParseError, parse_period

        running = set()
        for goal in self.all(Goal):
            try:
                ends = parse_period(goal.period).end
            except DateParseError:
                continue
            if not goal.closed and ends >= today:
                running.add(goal.id)
        return running

    def archive_finished(self, today: date, minimum: int = 1) -> int:
        """Move tasks finished more than ``archive_after_days`` ago, with their notes, to the
        yearly archive files. Does nothing unless at least ``minimum`` tasks qualify. Tasks
        of goals still running stay: goal progress is counted from them.

        The archive is written before the hot file, so a crash in between leaves a task in
        both places, never in neither; the hot copy wins when reading.

        Returns:
            How many tasks were moved.
        """
        if not self.path.exists():
            return 0  # nothing saved yet: create no folder, no lock file
        keep_days = self.settings().archive_after_days
        with self.transaction():
            tasks = self._hot.table_models(Task.table)
            running = self._running_goal_ids(today)
            due: dict[int, list[Task]] = {}
            for task in tasks.values():
                assert isinstance(task, Task)
                finished = task.done_at or task.updated_at
                if task.goal_id in running:
                    continue  # its goal's progress is still counted from it
                if not task.is_open and (today - finished.date()).days > keep_days:
                    due.setdefault(finished.year, []).append(task)
            count = sum(len(v) for v in due.values())
            if count < minimum or count == 0:
                return 0
            notes_by_task: dict[str, list[Record]] = {}
            for note in self._hot.table_models(ProgressNote.table).values():
                notes_by_task.setdefault(note.task_id, []).append(note)  # type: ignore[attr-defined]
            for year, moving in due.items():
                archive = self._archive(year)
                with self._writing(archive):
                    notes = [n for t in moving for n in notes_by_task.get(t.id, [])]
                    batches: list[tuple[str, list[Record]]] = [
                        (Task.table, list(moving)), (ProgressNote.table, notes)]
                    for table, items in batches:
                        present = archive.table_models(table)
                        archive.remove_many(table, [i.id for i in items if i.id in present])
                        archive.put_many(items)
            moved = [t for batch in due.values() for t in batch]
            self._hot.remove_many(
                ProgressNote.table, (n.id for t in moved for n in notes_by_task.get(t.id, []))
            )
            self._hot.remove_many(Task.table, (t.id for t in moved))
            return count
