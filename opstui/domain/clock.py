"""The moment an action happens, handed in from the edge (the CLI or the app).

Nothing below the edge reads the wall clock: the CLI and the TUI build a ``Clock`` once per
action and pass it down, so tests can pin any instant and a report never depends on the day
it is run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Clock:
    """One instant, as the user's day sees it (naive local time)."""

    now: datetime

    @property
    def today(self) -> date:
        """The day of ``now``."""
        return self.now.date()

    @classmethod
    def on(cls, day: date, at: datetime | None = None) -> Clock:
        """``day`` at the time of day of ``at`` (midday when None): a pinned "today"."""
        moment = at.time() if at is not None else datetime.min.time().replace(hour=12)
        return cls(datetime.combine(day, moment))
