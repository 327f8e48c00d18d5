"""What every action returns, and the one error type it raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

E = TypeVar("E", bound=StrEnum)


class ActionError(Exception):
    """An action refused: the message says why in one line, fit to show as is.

    Args:
        reason: What is wrong and, where it helps, what to do instead.
        field: The input at fault (a form field or option name), when there is one.
    """

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


@dataclass(frozen=True)
class Outcome:
    """What an action did.

    Attributes:
        message: One line for the user ("3f2a1b4c is done").
        records: The records created or changed, the main one first.
        entry_id: The journal entry written (None when nothing changed).
        conflicts: Fields the user changed that another process had also changed since the
            form opened (the user's value was kept); empty when there were none.
        extra: Action-specific results (counts, lists) for the front end to show.
    """

    message: str
    records: tuple[Any, ...] = ()
    entry_id: str | None = None
    conflicts: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def record(self) -> Any:
        """The main record created or changed (None when there is none)."""
        return self.records[0] if self.records else None


def choice(kind: type[E], text: str, what: str, field: str) -> E:
    """The member of ``kind`` named by ``text`` (case and spaces ignored).

    Raises:
        ActionError: ``not a {what}: 'x' (use a, b, c)``, naming ``field``.
    """
    try:
        return kind(text.strip().lower())
    except ValueError:
        names = ", ".join(member.value for member in kind)
        raise ActionError(f"not a {what}: {text!r} (use {names})", field) from None
