"""The demo data set, moved in time so that its last day is today.

``opstui/data/demo.json`` (shipped in the package; built by ``sample_data/make_demo.py``)
holds five weeks of an operations team's work ending on its
*anchor* day. Loading it shifts every date and datetime by ``today - anchor`` days, found by
walking the validated records' values by type (dates inside nested models and lists
included). Text is kept, except a meeting title or a work log summary naming its own week
(``Weekly sync W47``): the label follows the record into the week it lands in.

Goal periods are labels (``2026-Q4``, ``2026-11``, ``2026-W47``, ``2026``), not dates, and
cannot move by a number of days. The rule: **a period keeps its distance, counted in
periods of its own kind, from the period of that kind holding the anchor.** A goal for
the anchor's quarter becomes a goal for today's quarter; a goal for the month before the
anchor's month becomes one for the month before today's month. Current goals stay
current, past ones stay past, and the order of periods is kept.

Given the time ``now`` (on ``today``), every moment later than it (a task finished at 17:50
when the clock says 15:52) is moved back to ``now``: the demo never shows the future.

The demo file is only ever read.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from opstui.domain.dates import DateParseError, iso_week_label, parse_period, week_start
from opstui.domain.models import RECORD_TABLES, Assessment, Goal, Record, Settings

DEMO_FILE = "demo.json"
EXPORT_FORMAT = "opstui-export"


class DemoDataError(Exception):
    """The demo data set is missing or unreadable; the message says which file and why."""


def demo_path() -> Path:
    """Where the demo data set lives: ``data/demo.json`` inside the installed package."""
    return Path(__file__).resolve().parent / "data" / DEMO_FILE


def shift_period(label: str, anchor: date, today: date) -> str:
    """Move a goal period so it keeps its distance from the anchor's period, as of today.

    Args:
        label: ``2026``, ``2026-Q4``, ``2026-11`` or ``2026-W47``.
        anchor: The demo's anchor day.
        today: The day the anchor is moved to.

    Returns:
        A label of the same kind: as many periods away from the one holding ``today`` as
        ``label`` is from the one holding ``anchor``.

    Raises:
        DemoDataError: ``label`` is not a period.
    """
    try:
        period = parse_period(label)
    except DateParseError as exc:
        raise DemoDataError(f"goal period {label!r} cannot be moved: {exc}") from None
    kind = _period_kind(period.label)
    if kind == "week":
        weeks = (period.start - week_start(anchor)).days // 7
        return iso_week_label(week_start(today) + timedelta(weeks=weeks))
    size = {"year": 12, "quarter": 3, "month": 1}[kind]
    distance = _month_index(period.start) // size - _month_index(anchor) // size
    index = (_month_index(today) // size + distance) * size
    year, month = divmod(index, 12)
    if kind == "year":
        return f"{year}"
    if kind == "quarter":
        return f"{year}-Q{month // 3 + 1}"
    return f"{year}-{month + 1:02d}"


def _period_kind(label: str) -> str:
    if "-W" in label:
        return "week"
    if "-Q" in label:
        return "quarter"
    return "month" if "-" in label else "year"


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _map_times(value: Any, change: Callable[[date], date]) -> Any:
    """``value`` with ``change`` applied to every date and datetime in it, at any depth.

    Returns the same object when nothing changed, so untouched records are not copied.
    """
    if isinstance(value, date):  # a datetime is a date too
        return change(value)
    if isinstance(value, BaseModel):
        changes = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _map_times(old, change)
            if new is not old:
                changes[name] = new
        return value.model_copy(update=changes) if changes else value
    if isinstance(value, list):
        moved = [_map_times(item, change) for item in value]
        return moved if any(a is not b for a, b in zip(moved, value, strict=True)) else value
    return value


def _shifted(value: Any, delta: timedelta) -> Any:
    """``value`` with every date and datetime in it moved by ``delta`` (whole days)."""
    return _map_times(value, lambda when: when + delta)


def _clamped(value: Any, now: datetime) -> Any:
    """``value`` with every datetime later than ``now`` set to ``now``.

    Clamping keeps the order of any two moments (never reverses it), so the records' own
    checks (created before updated, started before done) still hold.
    """
    return _map_times(
        value, lambda when: now if isinstance(when, datetime) and when > now else when)


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DemoDataError(
            f"the demo data set is missing: {path} (it ships inside the opstui package; "
            f"in a source tree, rebuild it with python sample_data/make_demo.py)"
        ) from None
    except OSError as exc:
        raise DemoDataError(f"cannot read the demo data set {path}: {exc.strerror}") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DemoDataError(f"the demo data set {path} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise DemoDataError(f"{path} is not an opstui export (format {EXPORT_FORMAT!r})")
    return data


def load_demo(today: date, path: Path | None = None, *, now: datetime | None = None
              ) -> tuple[list[Record], Settings]:
    """The demo records moved so their last day is ``today``, and the demo's settings.

    Args:
        today: The day the demo's anchor day becomes.
        path: The export to read (default: the packaged ``data/demo.json``).
        now: The time now on ``today``; moments after it are set to it. None: keep the
            demo's times of day as they are.

    Raises:
        DemoDataError: The file is missing, unreadable, or holds an invalid record.
    """
    source = path or demo_path()
    data = _read(source)
    try:
        anchor = date.fromisoformat(data["anchor"])
        settings = Settings.model_validate(data.get("settings", {}))
        tables = data["records"]
        unknown = sorted(set(tables) - set(RECORD_TABLES))
        if unknown:
            raise DemoDataError(f"{source}: unknown tables {', '.join(unknown)}")
        records: list[Record] = [
            RECORD_TABLES[name].model_validate(doc) for name, docs in tables.items() for doc in docs
        ]
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, DemoDataError):
            raise
        what = _describe(exc)
        raise DemoDataError(f"the demo data set {source} is invalid: {what}") from None
    delta = today - anchor
    moved: list[Record] = []
    for record in records:
        if delta:
            original = record
            record = _shifted(record, delta)
            record = _relabelled(original, record)
            if isinstance(record, Goal | Assessment):
                record = record.model_copy(
                    update={"period": shift_period(record.period, anchor, today)}
                )
        if now is not None:
            record = _clamped(record, now)
        moved.append(record)
    return moved, settings


WEEK_TEXT = {"Meeting": "title", "LogEntry": "summary"}
"""The text field of the records whose words may name their own week (``周会 W47``)."""


def _relabelled(original: Record, record: Record) -> Record:
    """``record`` (moved from ``original``) with the label of its own week in its text
    (``Weekly sync W47``) renamed after the week it is in now; other text is kept."""
    import re

    name = WEEK_TEXT.get(type(record).__name__)
    day = getattr(record, "day", None)
    if name is None or not isinstance(day, date):
        return record
    old_week = original.day.isocalendar().week  # type: ignore[attr-defined]
    new_week = day.isocalendar().week
    text = getattr(record, name)
    if old_week == new_week or not isinstance(text, str):
        return record
    renamed = re.sub(rf"\bW{old_week:02d}\b", f"W{new_week:02d}", text)
    return record.model_copy(update={name: renamed}) if renamed != text else record


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err["loc"]) or "record"
        return f"{exc.title} {where}: {err['msg']}"
    if isinstance(exc, KeyError):
        return f"missing {exc.args[0]!r}"
    return str(exc)


def load_demo_records(today: date) -> list[Record]:
    """Every demo record, moved so the last day of the data is ``today``.

    Raises:
        DemoDataError: The packaged ``data/demo.json`` is missing or unreadable.
    """
    return load_demo(today)[0]


def make_demo_copy(today: date, folder: Path | None = None, *, now: datetime | None = None
                   ) -> Path:
    """Write the demo, moved to ``today``, into a fresh data file and return its path.

    The records and settings go through the real ``Repository`` in one transaction; the
    demo file itself is only read.

    Args:
        today: The day the demo's last day becomes.
        folder: Where to create the data file (default: a new temporary folder).
        now: The time now on ``today`` (nothing in the copy is later); None keeps the demo's
            times of day (tests that pin the day).

    Raises:
        DemoDataError: The demo data set is missing or unreadable.
    """
    from opstui.store.repository import Repository

    records, settings = load_demo(today, now=now)
    target = Path(tempfile.mkdtemp(prefix="opstui-demo-", dir=folder)) / "opstui.json"
    repo = Repository(target)
    with repo.transaction():
        repo.save_many(records)
        repo.save_settings(settings)
    return target
