"""The demo data set, moved in time so that its story's last week is this week.

``opstui/data/demo.json`` (shipped in the package; built by ``sample_data/make_demo.py``)
holds five weeks of an operations team's work ending on its *anchor* day, a Friday.
Loading it does three things:

1. **Moves it by whole weeks.** Every date and datetime (found by walking the validated
   records' values by type, nested models and lists included) moves by
   ``week_start(today) - week_start(anchor)``: the anchor's week becomes today's week and
   every record keeps its weekday (work logs stay on working days, the weekly sync on
   its Monday, a Friday recurrence on Fridays).
2. **Writes the story's dates into its text.** Text that names a story day or a story
   week holds a placeholder, resolved from the moved date (one syntax, in any text field
   of any record):

   - ``{d:MM-DD}`` -> the moved day as ``MM-DD`` (``{d:11-17}`` -> ``11-24`` a week on);
   - ``{w:MM-DD}`` -> the ISO week label ``Wnn`` of the moved day (``{w:11-16}`` -> ``W48``).

   ``MM-DD`` is a day of the anchor's year. Festival names and dates (双11, 双12, 12-12,
   Double 12) are not story days: they are plain text and never move.
3. **Cuts the story at now** (``opstui.demo_cut.as_of``): on Monday to Thursday the end of
   the anchor week still lies ahead, and nothing that happens after ``now`` is shown (a
   task done later is still open, a later note is not written, today's work log is the
   user's to write at the shutdown). ``now`` defaults to the end of ``today``; ``opstui
   demo`` passes the wall clock, read at the edge (``opstui.cli.run_demo``).

Goal periods are labels (``2026-Q4``, ``2026-11``, ``2026-W47``, ``2026``), not dates, and
cannot move by a number of days. The rule: **a period keeps its distance, counted in
periods of its own kind, from the period of that kind holding the anchor.** A goal for
the anchor's quarter becomes a goal for today's quarter; a goal for the month before the
anchor's month becomes one for the month before today's month. Current goals stay
current, past ones stay past, and the order of periods is kept.

The demo file is only ever read.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
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


def _map_leaves(value: Any, kind: type, change: Callable[[Any], Any]) -> Any:
    """``value`` with ``change`` applied to every ``kind`` in it (a date or a str), at any
    depth: fields of models, items of lists, values of dicts.

    Returns the same object when nothing changed, so untouched records are not copied.
    """
    if isinstance(value, kind):  # for date: a datetime is a date too
        new = change(value)
        return value if new == value else new
    if isinstance(value, BaseModel):
        changes = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _map_leaves(old, kind, change)
            if new is not old:
                changes[name] = new
        return value.model_copy(update=changes) if changes else value
    if isinstance(value, list):
        moved = [_map_leaves(item, kind, change) for item in value]
        return moved if any(a is not b for a, b in zip(moved, value, strict=True)) else value
    if isinstance(value, dict):
        mapped = {key: _map_leaves(item, kind, change) for key, item in value.items()}
        return mapped if any(mapped[k] is not value[k] for k in value) else value
    return value


def _shifted(value: Any, delta: timedelta) -> Any:
    """``value`` with every date and datetime in it moved by ``delta`` (whole weeks)."""
    return _map_leaves(value, date, lambda when: when + delta)


def _clamped(value: Any, now: datetime) -> Any:
    """``value`` with every datetime later than ``now`` set to ``now``.

    After the cut (``demo_cut.as_of``) only the last change of a record still under way
    (a meeting that started at 10:00 and ends at 11:15, seen at 10:30) can be later.
    Clamping keeps the order of any two moments (never reverses it), so the records' own
    checks (created before updated, started before done) still hold.
    """
    return _map_leaves(
        value, date, lambda when: now if isinstance(when, datetime) and when > now else when)


PLACEHOLDER = re.compile(r"\{([dw]):(\d\d)-(\d\d)\}")
"""``{d:11-17}`` (a story day, written ``MM-DD``) and ``{w:11-16}`` (the week of a story
day, written ``Wnn``): how the story names its own days and weeks in text."""


def resolve_dates(text: str, anchor: date, delta: timedelta) -> str:
    """``text`` with its placeholders replaced by the story days they name, moved by ``delta``.

    Args:
        text: Any text of a demo record.
        anchor: The demo's anchor day (``MM-DD`` is a day of its year).
        delta: How far the demo moves (whole weeks).

    Raises:
        DemoDataError: A placeholder names a day that does not exist (``{d:02-30}``).
    """
    def moved(match: re.Match[str]) -> str:
        kind, month, dom = match.group(1), int(match.group(2)), int(match.group(3))
        try:
            day = date(anchor.year, month, dom) + delta
        except ValueError:
            raise DemoDataError(f"{match.group(0)} in {text!r} is not a day") from None
        return day.strftime("%m-%d") if kind == "d" else f"W{day.isocalendar().week:02d}"

    return PLACEHOLDER.sub(moved, text)


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
    """The demo records moved into ``today``'s week and cut at ``now``, and the settings.

    Args:
        today: The day the demo is seen on: the anchor's week becomes its week.
        path: The export to read (default: the packaged ``data/demo.json``).
        now: The moment on ``today`` the story is cut at (what happens later is not
            shown). None: the end of ``today`` (the whole day has happened, except the
            evening's work log).

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
    delta = week_start(today) - week_start(anchor)
    moved: list[Record] = []
    for record in records:
        record = _map_leaves(record, str, lambda text: resolve_dates(text, anchor, delta))
        if delta:
            record = _shifted(record, delta)
            if isinstance(record, Goal | Assessment):
                record = record.model_copy(
                    update={"period": shift_period(record.period, anchor, today)}
                )
        moved.append(record)
    from opstui.demo_cut import as_of

    cut = now if now is not None else datetime.combine(today, time.max)
    return [_clamped(record, cut) for record in as_of(moved, cut)], settings


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err["loc"]) or "record"
        return f"{exc.title} {where}: {err['msg']}"
    if isinstance(exc, KeyError):
        return f"missing {exc.args[0]!r}"
    return str(exc)


def load_demo_records(today: date) -> list[Record]:
    """Every demo record, moved into ``today``'s week, as it stood at the end of ``today``.

    Raises:
        DemoDataError: The packaged ``data/demo.json`` is missing or unreadable.
    """
    return load_demo(today)[0]


def make_demo_copy(today: date, folder: Path | None = None, *, now: datetime | None = None
                   ) -> Path:
    """Write the demo, moved into ``today``'s week and cut at ``now``, into a fresh data file
    and return its path.

    The records and settings go through the real ``Repository`` in one transaction; the
    demo file itself is only read.

    Args:
        today: The day the demo is seen on.
        folder: Where to create the data file (default: a new temporary folder).
        now: The moment on ``today`` the story is cut at (nothing in the copy happens
            later); None: the end of ``today``.

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
