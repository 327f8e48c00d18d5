"""The app's one write path: every change a key makes runs an action through ``act``.

Panes and forms never write. A key opens a form (or not), then calls ``app.act(action,
...)``: the app builds the clock (the edge: the only place the TUI reads the wall clock),
runs the action, shows its message or its refusal, and reloads the panes. Undo and redo
(``u``, ``ctrl+r``) are actions like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opstui.actions.errors import Outcome
    from opstui.domain.clock import Clock
    from opstui.store.repository import Repository


class Acting:
    """Mixed into ``OpsApp`` (a Textual App, which provides ``notify``)."""

    repo: Repository | None
    if TYPE_CHECKING:
        @property
        def today(self) -> date: ...
        def notify(self, *args: Any, **kwargs: Any) -> None: ...
        def reload_panes(self) -> None: ...

    def clock(self) -> Clock:
        """The moment of an action: the app's (pinnable) today at the wall clock's time."""
        from opstui.domain.clock import Clock

        return Clock(datetime.combine(self.today, datetime.now().time()))

    def writable_repo(self) -> Repository | None:
        """The repository when changes can be saved; else say why and return None."""
        if self.repo is None:
            self.notify("No data file is open: nothing can be changed.", severity="error")
            return None
        if self.repo.read_only:
            self.notify("The data file is read-only: nothing can be changed.",
                        severity="warning")
            return None
        return self.repo

    def act(self, action: Callable[..., Outcome], *args: Any, quiet: bool = False,
            **kwargs: Any) -> Outcome | None:
        """Run ``action(repo, clock, *args, source="tui", **kwargs)``; never crash.

        Shows the outcome's message (unless ``quiet``) or the refusal, and reloads the panes
        after a change.

        Returns:
            The outcome, or None when nothing was saved (the user has been told why).
        """
        from opstui.actions.errors import ActionError
        from opstui.store.disk import DataFileError, ReadOnlyError

        repo = self.writable_repo()
        if repo is None:
            return None
        try:
            outcome = action(repo, self.clock(), *args, source="tui", **kwargs)
        except ActionError as exc:
            self.notify(exc.reason, title="Not saved", severity="warning", markup=False)
            return None
        except ReadOnlyError:
            self.notify("The data file is read-only: nothing was saved.", severity="error")
            return None
        except DataFileError as exc:
            self.notify(f"Not saved: {exc}", severity="error", markup=False)
            return None
        except OSError as exc:
            where = exc.filename or repo.path
            self.notify(f"Not saved: {where}: {exc.strerror or exc}. Your data file is as it "
                        "was; free space or fix the permissions, then try again.",
                        severity="error", markup=False)
            return None
        if outcome.message and not quiet:
            self.notify(outcome.message, markup=False)
        if outcome.conflicts:
            self.notify(f"Also changed elsewhere since you opened it: "
                        f"{', '.join(outcome.conflicts)} (your values kept)",
                        severity="warning", markup=False)
        self.reload_panes()
        return outcome

    def action_undo(self) -> None:
        """Take back the last change (made here or from the command line)."""
        from opstui.actions.undo import undo

        self.act(undo)

    def action_redo(self) -> None:
        """Take back the last undo."""
        from opstui.actions.undo import redo

        self.act(redo)
