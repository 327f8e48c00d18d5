"""Key press to updated screen in the running TUI, measured with Pilot in-process.

Pilot's ``press`` sends the key, then waits until the app is idle (it sleeps in 20 ms steps),
so timing ``press`` itself would measure Pilot. Instead every screen update the app makes is
time-stamped (the app's ``_display`` hook, which receives each compositor update), and a
sample is the time from sending the key to the last screen update it caused. A key that
changes nothing on screen counts until ``press`` returns.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

BENCH_TODAY = date(2026, 11, 20)
SIZE = (120, 36)


class _Updates:
    """Time-stamps the screen updates of one app."""

    def __init__(self, app: Any) -> None:
        self.last = 0.0
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            if renderable is not None:
                self.last = time.perf_counter()
            original(screen, renderable)

        app._display = display


_UPDATES: dict[int, _Updates] = {}


async def _settle(pilot: Any, updates: _Updates) -> None:
    """Clear the messages (toasts) earlier keys left, and wait until the screen is still.

    A toast disappearing a few seconds after the key that showed it would otherwise be
    counted against whichever key is timed at that moment.
    """
    pilot.app.clear_notifications()
    while True:
        seen = updates.last
        await pilot.pause(0.05)
        if updates.last == seen:
            return


async def _timed(pilot: Any, *keys: str) -> float:
    updates = _UPDATES.setdefault(id(pilot.app), _Updates(pilot.app))
    await _settle(pilot, updates)
    started = time.perf_counter()
    await pilot.press(*keys)
    returned = time.perf_counter()
    end = updates.last if updates.last > started else returned
    return (end - started) * 1000


def _binding_key(app: Any, binding_id: str) -> str | None:
    """The key bound under ``binding_id`` in the visible pane or the app, if any."""
    from textual.binding import Binding

    pane = app._visible_pane()
    for node in (pane, app):
        if node is None:
            continue
        for binding in type(node).BINDINGS:
            if isinstance(binding, Binding) and binding.id == binding_id:
                return binding.key.split(",")[0]
    return None


async def _close_modal(app: Any, pilot: Any) -> None:
    while len(app.screen_stack) > 1:
        await pilot.press("escape")


async def measure_keys(db: Path, rounds: int) -> dict[str, list[float]]:
    """Time the keys the benchmark names, ``rounds`` times each, on data file ``db``."""
    from opstui.ui.app import OpsApp

    app = OpsApp(db, today=BENCH_TODAY)
    results: dict[str, list[float]] = {
        "unbound key (reference)": [],
        "switch pane (2, then 1)": [],
        "cursor down in the backlog": [],
        "mark a task done": [],
        "open the add-task form": [],
    }
    async with app.run_test(size=SIZE) as pilot:
        while not app.loaded:
            await pilot.pause(0.05)
        await pilot.pause()
        steps: list[tuple[str, Callable[[], Awaitable[float | None]]]] = [
            ("unbound key (reference)", lambda: _timed(pilot, "f12")),
            ("switch pane (2, then 1)", lambda: _switch(pilot)),
            ("cursor down in the backlog", lambda: _backlog_down(app, pilot)),
            ("mark a task done", lambda: _mark_done(app, pilot)),
            ("open the add-task form", lambda: _open_add(app, pilot)),
        ]
        for _ in range(rounds):
            for label, step in steps:
                sample = await step()
                if sample is not None:
                    results[label].append(sample)
    return results


async def _switch(pilot: Any) -> float:
    there = await _timed(pilot, "2")
    back = await _timed(pilot, "1")
    return (there + back) / 2


async def _backlog_down(app: Any, pilot: Any) -> float | None:
    from opstui.ui.widgets.task_table import TaskTable

    tables = [t for t in app.query(TaskTable) if t.id and "backlog" in t.id]
    if not tables:
        return None
    tables[0].focus()
    await pilot.pause()
    return await _timed(pilot, "down")


async def _mark_done(app: Any, pilot: Any) -> float | None:
    await _timed(pilot, "2")
    key = _binding_key(app, "during.done")
    if key is None:
        await _timed(pilot, "1")
        return None
    sample = await _timed(pilot, key)
    await _close_modal(app, pilot)
    await _timed(pilot, "1")
    return sample


async def _open_add(app: Any, pilot: Any) -> float | None:
    key = _binding_key(app, "before.task_add")
    if key is None:
        return None
    sample = await _timed(pilot, key)
    await _close_modal(app, pilot)
    return sample
