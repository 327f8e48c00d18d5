"""UI test data: a small data set with fixed ids and times, and a helper to wait for the app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from opstui.domain.models import DayPlan, LogEntry, Task
from opstui.ui.app import OpsApp

TODAY = date(2026, 11, 23)
"""The pinned today of every UI test (a Monday)."""
DEMO_DAY = date(2026, 11, 20)
"""The day UI tests open the demo on: its anchor Friday, so the whole story is there. (The
demo moves by whole weeks and shows its last week as it stood at the time: on a Monday
only that Monday morning of it.)"""
CREATED = datetime(2026, 11, 16, 9, 0)


def fixed_id(n: int) -> str:
    """A deterministic record id: ``n`` (below 65536) as four hex digits, eight times over.

    ``fixed_id(0xA101)`` is ``a101a101…``: its short id ``a101a101`` is as distinct as ``n``.
    """
    return f"{n:04x}" * 8


def task(n: int, title: str, **fields: object) -> Task:
    """A task with a fixed id and fixed timestamps."""
    return Task(id=fixed_id(n), title=title, created_at=CREATED + timedelta(minutes=n),
                updated_at=CREATED, **fields)  # type: ignore[arg-type]


def sample_records() -> list[Task | DayPlan | LogEntry]:
    """A handful of tasks (Chinese titles among them), today's plan, a done task, a log."""
    tasks = [
        task(0xA101, "准备双十二活动方案", priority="P0", owner="王芳", due=TODAY,
             status="doing", percent=40, estimate_minutes=120),
        task(0xA102, "复盘上周拉新渠道 ROI", priority="P1", owner="李雷",
             due=TODAY + timedelta(days=2)),
        task(0xA103, "[b]x[/] keeps its brackets", priority="P2", owner="Ann"),
        task(0xA104, "等待法务审核文案", priority="P1", owner="韩梅梅", status="blocked",
             status_reason="法务 legal review", due=TODAY - timedelta(days=1)),
        task(0xA105, "Fix the DAU dashboard", priority="P3", owner="Bob", status="done",
             percent=100, done_at=datetime(2026, 11, 23, 15, 30)),
        task(0xA106, "明天的竞品调研 competitor watch", priority="P2", owner="张伟",
             due=TODAY + timedelta(days=1)),
    ]
    return [
        *tasks,
        DayPlan(id=fixed_id(0xB101), day=TODAY, task_ids=[fixed_id(0xA101), fixed_id(0xA102),
                fixed_id(0xA105)], created_at=CREATED, updated_at=CREATED),
        DayPlan(id=fixed_id(0xB102), day=TODAY + timedelta(days=1), task_ids=[fixed_id(0xA106)],
                created_at=CREATED, updated_at=CREATED),
        LogEntry(id=fixed_id(0xC101), day=TODAY, summary="Dashboard fixed; plan half done.",
                 problems="法务审核慢 [red]slow[/]", tomorrow=["活动方案定稿"],
                 created_at=CREATED, updated_at=CREATED),
    ]



async def wait_until_loaded(pilot: Pilot[None]) -> None:
    """Wait for the app to open its data file (it does so after the first frame)."""
    app = pilot.app
    assert isinstance(app, OpsApp)
    for _ in range(1000):
        if app.loaded:
            break
        await pilot.pause(0.01)
    assert app.loaded, "the data file was not opened in 10 seconds"
    await pilot.pause()


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Let the app run until ``condition()`` holds (True) or ``seconds`` pass (False)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


async def open_after(pilot: object) -> None:
    """Wait for the data, then show the After pane."""
    await wait_until_loaded(pilot)  # type: ignore[arg-type]
    await pilot.press("3")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def type_into(pilot: object, widget: Input | TextArea, text: str) -> None:
    """Focus ``widget`` and type ``text`` key by key."""
    widget.focus()
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press(*[{" ": "space"}.get(c, c) for c in text])  # type: ignore[attr-defined]
