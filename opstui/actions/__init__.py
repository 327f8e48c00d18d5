"""The use cases: every change a user makes to the data, defined once for every front end.

Each action is a plain function ``action(repo, clock, ..., source=...) -> Outcome`` that runs
as one unit of work (:func:`opstui.actions.unit.work`): it takes the store's lock, re-reads
the records it changes, applies the change to them as they are on disk now, writes once and
journals what changed, so that ``undo`` can take it back. Refusals raise
:class:`ActionError` with a one-line reason. The CLI (``opstui.commands``) and the TUI
(``opstui.ui``) only parse input, call an action and show its outcome.

Kept light: importing this package loads no models (the CLI's start-up is benchmarked).
"""

from __future__ import annotations

from opstui.actions.errors import ActionError, Outcome

__all__ = ["ActionError", "Outcome"]
