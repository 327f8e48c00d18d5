"""Meeting minutes: action items typed one a line, the tasks they become, and the action
items of earlier meetings still open."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from opstui.domain.dates import parse_date
from opstui.domain.models import Meeting, Source, SourceKind, Task
from opstui.domain.tracking import TrackingError
from opstui.domain.views import backlog_key


@dataclass(frozen=True)
class ActionItem:
    """One action item as typed in the minutes: what, who, by when."""

    title: str
    owner: str | None
    due: date | None


def parse_action_items(text: str, today: date) -> list[ActionItem]:
    """Read action items, one a line: ``what | owner | due`` (owner and due optional).

    Raises:
        TrackingError: A line has no title, too many parts, or a date that is not one;
            the message names the line.
    """
    from opstui.domain.dates import DateParseError

    items = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) > 3:
            raise TrackingError(f"action item line {number}: use 'what | owner | due'")
        title, owner, due_text = (*parts, "", "")[:3]
        if not title:
            raise TrackingError(f"action item line {number}: says nothing to do")
        try:
            due = parse_date(due_text, today) if due_text else None
        except DateParseError as exc:
            raise TrackingError(f"action item line {number}: {exc}") from None
        items.append(ActionItem(title, owner or None, due))
    return items


def action_item_tasks(meeting: Meeting, items: Iterable[ActionItem], now: datetime
                      ) -> list[Task]:
    """The tasks of ``meeting``'s action items (source: the meeting), created at ``now``."""
    department = meeting.departments[0] if len(meeting.departments) == 1 else None
    return [
        Task(title=item.title, owner=item.owner, due=item.due, department=department,
             source=Source(kind=SourceKind.MEETING, ref=meeting.id, on=meeting.day),
             created_at=now, updated_at=now)
        for item in items
    ]


def carried_over(meeting: Meeting, meetings: Iterable[Meeting],
                 tasks_by_ref: Mapping[str | None, Sequence[Task]]) -> list[Task]:
    """Still-open action items of earlier meetings that share a department with ``meeting``.

    Args:
        meeting: The meeting being opened.
        meetings: Every meeting.
        tasks_by_ref: Tasks grouped by ``source.ref``.

    Returns:
        The open tasks, oldest meeting first, then by priority and due.
    """
    wanted = {d.casefold() for d in meeting.departments}
    if not wanted:
        return []
    earlier = sorted(
        (m for m in meetings if m.id != meeting.id
         and (m.day, m.created_at) < (meeting.day, meeting.created_at)
         and wanted & {d.casefold() for d in m.departments}),
        key=lambda m: (m.day, m.created_at),
    )
    out: list[Task] = []
    for past in earlier:
        items = [t for t in tasks_by_ref.get(past.id, ())
                 if t.is_open and t.source.kind is SourceKind.MEETING]
        out.extend(sorted(items, key=backlog_key))
    return out


def split_names(text: str) -> list[str]:
    """Names typed as a list: separated by commas (also Chinese ones) or semicolons."""
    for sep in ("，", "、", ";", "；"):
        text = text.replace(sep, ",")
    return list(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
