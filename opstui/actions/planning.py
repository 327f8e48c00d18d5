"""Planning actions: put tasks on a day's plan, take them off, reorder, roll over, capacity."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from opstui.actions.unit import Work

if TYPE_CHECKING:
    from opstui.domain.models import DayPlan


def plan_of(w: Work, day: date) -> DayPlan:
    """``day``'s plan as it is on disk now, or a new one with the day's capacity (unsaved)."""
    from opstui.domain.planning import new_plan

    return w.repo.plan_for(day) or new_plan(day, w.repo.settings())


def put_on_plan(w: Work, day: date, task_ids: Sequence[str]) -> DayPlan:
    """Append tasks to ``day``'s plan (creating it if needed); returns the stored plan."""
    from opstui.domain.planning import plan_with

    return w.put(plan_with(plan_of(w, day), task_ids))
