"""The Record base class, record ids, the shared field types and the metric direction."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SCHEMA_VERSION = 1
"""Version of the stored data layout; bumped with a migration in ``opstui.store.migrations``."""

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Percent = Annotated[int, Field(ge=0, le=100)]
RecordId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]

UNSTAMPED = datetime(2000, 1, 1)
"""The time of a record no action has stamped yet (records never read the wall clock)."""


def new_id() -> str:
    """Return a fresh record id: a UUID4 as 32 lowercase hex digits."""
    return uuid.uuid4().hex


class Direction(StrEnum):
    """Whether a higher or a lower number is better."""

    UP = "up"
    DOWN = "down"


class Record(BaseModel):
    """Fields every stored record has."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)
    table: ClassVar[str] = ""

    id: RecordId = Field(default_factory=new_id)
    created_at: datetime = UNSTAMPED
    """When the record was made; the action that adds it stamps it from its clock."""
    updated_at: datetime = UNSTAMPED
    """When the record last changed; stamped by the action that changes it."""

    @property
    def short_id(self) -> str:
        """The first eight hex digits, as users see and type them."""
        return self.id[:8]

    def evolve(self, **changes: Any) -> Self:
        """A validated copy with ``changes`` applied (``model_copy`` does not validate).

        Raises:
            pydantic.ValidationError: A change is invalid.
        """
        data = self.model_dump()
        data.update(changes)
        return type(self).model_validate(data)
