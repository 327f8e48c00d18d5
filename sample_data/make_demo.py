"""Build the demo data set, ``opstui/data/demo.json``, from the story in ``demo_story/``.

Run ``python sample_data/make_demo.py`` after changing the story, and commit both. The
output is deterministic: ids come from a seeded generator, every timestamp is fixed, so a
second run gives the same bytes. ``--check`` exits 1 if ``demo.json`` is out of date.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from demo_story import backlog, campaign, journal, minutes, numbers, people  # noqa: E402
from demo_story.builder import ANCHOR, Story, day  # noqa: E402

from opstui.domain.models import (  # noqa: E402
    RECORD_TABLES,
    SCHEMA_VERSION,
    Incident,
    Reading,
    Record,
    Retrospective,
    Settings,
    Task,
)

OUTPUT = HERE.parent / "opstui" / "data" / "demo.json"
"""Inside the package, so a wheel carries it (``opstui demo`` works when installed)."""
EXPORTED_AT = datetime(2026, 11, 20, 20, 0)
EXPORT_FORMAT = "opstui-export"


def _values(story: Story, key: str) -> list[Reading]:
    metric_id = story.id(key)
    readings = [r for r in story.records[Reading.table] if r.metric_id == metric_id]  # type: ignore[attr-defined]
    return sorted(readings, key=lambda r: r.day)  # type: ignore[arg-type]


def _story() -> Story:
    story = Story()
    numbers.add_metrics(story)
    numbers.add_goals(story)
    minutes.add_recurrences(story)
    minutes.add_meetings(story)
    campaign.add_campaign_tasks(story)
    campaign.add_incident_tasks(story)
    campaign.add_retro_actions(story)
    backlog.add_goal_tasks(story)
    backlog.add_segmentation(story)
    backlog.add_manager_tasks(story)
    backlog.add_recurring_instances(story)
    minutes.add_resources_and_reviews(story)
    retention = _values(story, "d7_retention")
    drop = next(i for i, r in enumerate(retention) if r.day == day("11-11"))
    minutes.add_incidents(story, statistics.mean(r.value for r in retention[drop - 14:drop]))
    campaign_days = [r for r in _values(story, "conversion_rate")
                     if day("11-01") <= r.day <= day("11-11")]
    on_d11 = campaign_days[-1].value
    minutes.add_retros(story, statistics.mean(r.value for r in campaign_days), on_d11)
    journal.add_journal(story, on_d11)
    people.add_people(story)
    story.check()
    _check_times(story)
    _check_births(story)
    return story


def _moments(record: Record) -> list[datetime]:
    found = [record.created_at, record.updated_at]
    if isinstance(record, Task) and record.done_at:
        found.append(record.done_at)
    if isinstance(record, Incident):
        found += [record.opened_at, *(e.at for e in record.escalations)]
        found += [record.resolved_at] if record.resolved_at else []
    return found


def _check_times(story: Story) -> None:
    """Nothing happens after the export, and nothing is updated before it is created."""
    for records in story.records.values():
        for record in records:
            late = [m for m in _moments(record) if m > EXPORTED_AT]
            if late or record.updated_at < record.created_at:
                raise ValueError(f"{record.table} {record.id}: times out of order {late}")


def _born(record: Record) -> datetime:
    return record.opened_at if isinstance(record, Incident) else record.created_at


def _check_births(story: Story) -> None:
    """Nothing is created before what it comes from: a task from a meeting is created at or
    after that meeting, a note after its task, a task after its goal. ``opstui demo`` cuts
    the story at the time it is opened, by these stamps: an honest order keeps the cut
    story whole."""
    by_id = {r.id: r for records in story.records.values() for r in records}
    wrong: list[str] = []
    for records in story.records.values():
        for record in records:
            refs = [getattr(record, name, None) for name in ("task_id", "goal_id")]
            if isinstance(record, Task):
                refs.append(record.source.ref)
            if isinstance(record, Retrospective):
                refs += [*record.goal_ids, *record.metric_ids]
            if isinstance(record, Incident):
                refs = []  # opened first; its follow-up task comes after
            for ref in refs:
                origin = by_id.get(ref) if ref else None
                if origin is not None and _born(origin) > _born(record):
                    wrong.append(f"{record.table} {record.id[:8]} before {origin.table} "
                                 f"{origin.id[:8]}")
    if wrong:
        raise ValueError("created before what it comes from: " + "; ".join(wrong))


def build() -> dict[str, Any]:
    """The demo data set in opstui's export format (validated: built from the models)."""
    story = _story()
    return {
        "format": EXPORT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "anchor": ANCHOR.isoformat(),
        "exported_at": EXPORTED_AT.isoformat(),
        "settings": Settings().model_dump(mode="json"),
        "records": {
            name: [r.model_dump(mode="json", exclude_none=True) for r in story.records[name]]
            for name in RECORD_TABLES
        },
    }


def render(data: dict[str, Any]) -> str:
    """The export as committed: pretty, UTF-8 text, one trailing newline."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write ``demo.json`` (or, with ``--check``, say whether it is up to date)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    data = build()
    text = render(data)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run python {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{OUTPUT} is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    counts = ", ".join(f"{name} {len(docs)}" for name, docs in data["records"].items())
    print(f"wrote {OUTPUT} ({len(text.encode()):,} bytes): {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
