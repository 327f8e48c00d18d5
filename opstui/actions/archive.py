"""Archive: move long-finished tasks, with their notes, to the yearly archive files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from opstui.actions.errors import Outcome
from opstui.actions.unit import work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.store.repository import Repository


def archive(repo: Repository, clock: Clock, *, minimum: int = 1, source: str = "cli"
            ) -> Outcome:
    """Move tasks finished more than ``archive_after_days`` ago (outside goals still
    running), with their notes, to the archive files (``opstui archive``, and the TUI by
    itself once ``minimum`` have gathered). Not journalled: archiving loses nothing and
    archived tasks still show in reports, so there is nothing to undo.

    Returns:
        The outcome; ``extra["moved"]`` counts the tasks moved.
    """
    days = repo.settings().archive_after_days
    if not repo.path.exists():  # nothing saved yet: taking the lock would create the folder
        return Outcome(f"Nothing to archive: no task finished more than {days} days ago "
                       "(outside goals still running).", extra={"moved": 0})
    with work(repo, clock, "archive", source=source) as w:
        w.journal = False
        moved = repo.archive_finished(clock.today, minimum=minimum)
        if not moved:
            w.say(f"Nothing to archive: no task finished more than {days} days ago "
                  "(outside goals still running).", moved=0)
        else:
            noun = "task" if moved == 1 else "tasks"
            w.say(f"Archived {moved} {noun} finished more than {days} days ago, with their "
                  f"notes, into the opstui.archive-YEAR.json files beside {repo.path}.",
                  moved=moved)
    return w.outcome
