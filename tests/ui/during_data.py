"""Helpers for the During pane's Pilot tests: a data set with metrics, and form filling."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea
from ui_data import CREATED, TODAY, fixed_id, sample_records, wait_for, wait_until_loaded

from opstui.domain.models import Incident, Meeting, Metric, Reading, Record, Severity
from opstui.store.repository import Repository
from opstui.ui.app import OpsApp
from opstui.ui.panes.during import DuringPane
from opstui.ui.screens.field_form import FieldForm

RETENTION = fixed_id(0xD101)
CPA = fixed_id(0xD102)
SEVERE = fixed_id(0xE101)


def during_records() -> list[Record]:
    """The UI sample tasks plus two metrics with 20 calm readings, a meeting, an S1."""
    records: list[Record] = list(sample_records())
    records += [
        Metric(id=RETENTION, key="d7_retention", name="D7 留存 [b]retention[/]", unit="%",
               target=31.0, created_at=CREATED, updated_at=CREATED),
        Metric(id=CPA, key="cpa", name="Cost per acquisition", unit="CNY", target=18.0,
               direction="down", created_at=CREATED, updated_at=CREATED),
    ]
    for i in range(20):
        day = TODAY - timedelta(days=20 - i)
        records.append(Reading(metric_id=RETENTION, day=day, value=31.0 + (i % 2) * 0.4,
                               created_at=CREATED, updated_at=CREATED))
        records.append(Reading(metric_id=CPA, day=day, value=18.0 - (i % 2) * 0.2,
                               created_at=CREATED, updated_at=CREATED))
    records.append(Meeting(id=fixed_id(0xF101), day=TODAY - timedelta(days=7),
                           title="技术部 weekly [i]sync[/]", departments=["技术部"],
                           created_at=CREATED, updated_at=CREATED))
    records.append(Incident(id=SEVERE, title="Payments down [red]now[/]", severity=Severity.S1,
                            owner="Bob", opened_at=datetime(2026, 11, 23, 9, 0),
                            created_at=CREATED, updated_at=CREATED))
    return records


def write_during_file(path: Path) -> Path:
    """Write the During data set to ``path``."""
    Repository(path).save_many(during_records())
    return path


async def open_during(pilot: Pilot[None]) -> DuringPane:
    """Wait for the data, show the During pane and return it."""
    await wait_until_loaded(pilot)
    await pilot.press("2")
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, OpsApp)
    return app.query_one(DuringPane)


async def form_open(pilot: Pilot[None]) -> FieldForm[object]:
    """The form on screen (waits for it)."""
    assert await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldForm))
    screen = pilot.app.screen
    assert isinstance(screen, FieldForm)
    await pilot.pause()
    return screen


async def fill(pilot: Pilot[None], **values: str) -> FieldForm[object]:
    """Set form fields by name (inputs, text areas, selects) as if typed."""
    form = await form_open(pilot)
    for name, value in values.items():
        widget = form.query_one(f"#field-{name}")
        if isinstance(widget, TextArea):
            widget.load_text(value)
        elif isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value
    await pilot.pause()
    return form


async def save_form(pilot: Pilot[None]) -> None:
    """Press ctrl+s and let the save reach the pane."""
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.pause()


def fresh(path: Path) -> Repository:
    """A new repository on ``path``: what is really on disk."""
    return Repository(path)
