"""Running an action from a command whose refusals name the option at fault.

Kept light (stdlib only at import time), like ``opstui.commands``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from opstui.commands import CommandError, clock, open_repository

if TYPE_CHECKING:
    from opstui.actions.errors import Outcome


def run_named(action: Callable[..., Outcome], args: argparse.Namespace, *params: Any,
              options: Mapping[str, str], **kwargs: Any) -> Outcome:
    """Like ``run_action``, but a refusal about a field is said with the option that set it:
    ``capacity: must be ...`` becomes ``--capacity: must be ...``.

    Args:
        options: Action field name -> the option that sets it (``{"capacity": "--capacity"}``).

    Raises:
        CommandError: The action refused (exit 2, its one-line reason).
    """
    from opstui.actions.errors import ActionError

    repo = open_repository(args)
    try:
        return action(repo, clock(), *params, source="cli", **kwargs)
    except ActionError as exc:
        reason = exc.reason
        option = options.get(exc.field or "")
        if option:
            reason = f"{option}: {reason.removeprefix(f'{exc.field}:').strip()}"
        raise CommandError(reason) from None
