"""Recurring work: expansion, stable instance ids, idempotent materialising (also across
two real processes)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest

from opstui.domain.models import Recurrence, SourceKind, Task
from opstui.domain.recurrence import (
    RecurrenceError,
    check_rrule,
    instance_id,
    materialise,
    next_occurrence,
    occurrences,
)
from opstui.store.repository import Repository

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 8, 0)
CREATED = datetime(2026, 9, 1, 9, 0)


def template(rrule: str = "FREQ=WEEKLY;BYDAY=FR", **fields: object) -> Recurrence:
    return Recurrence(title="竞品周报", rrule=rrule, dtstart=date(2026, 9, 4), created_at=CREATED,
                      **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("rrule", "start", "end", "days"), [
    ("FREQ=WEEKLY;BYDAY=FR", date(2026, 11, 23), date(2026, 11, 29), [date(2026, 11, 27)]),
    ("RRULE:FREQ=WEEKLY;BYDAY=MO,WE", date(2026, 11, 23), date(2026, 11, 29),
     [date(2026, 11, 23), date(2026, 11, 25)]),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", date(2026, 11, 1), date(2026, 12, 31),
     [date(2026, 11, 30), date(2026, 12, 31)]),
    ("FREQ=DAILY;COUNT=3", date(2026, 9, 1), date(2026, 9, 30),
     [date(2026, 9, 4), date(2026, 9, 5), date(2026, 9, 6)]),
    ("FREQ=WEEKLY;BYDAY=FR", date(2026, 11, 29), date(2026, 11, 23), []),
])
def test_occurrences(rrule: str, start: date, end: date, days: list[date]) -> None:
    assert occurrences(template(rrule), start, end) == days


@pytest.mark.parametrize("rrule", ["FREQ=SOMETIMES", "BYDAY=XX", "", "DTSTART=20260101;FREQ=DAILY"])
def test_bad_rules_are_refused(rrule: str) -> None:
    with pytest.raises(RecurrenceError):
        check_rrule(rrule, TODAY)


def test_next_occurrence() -> None:
    assert next_occurrence(template(), TODAY) == date(2026, 11, 27)


def test_instance_ids_are_stable_and_distinct() -> None:
    assert instance_id("a" * 32, TODAY) == instance_id("a" * 32, TODAY)
    assert instance_id("a" * 32, TODAY) != instance_id("b" * 32, TODAY)
    assert len(instance_id("a" * 32, TODAY)) == 32


def test_materialise_creates_each_instance_once(repo: Repository) -> None:
    weekly = repo.add(template(owner="陈静", estimate_minutes=90, tags=["竞品"]))
    repo.add(template("FREQ=DAILY", active=False))
    created = materialise(repo, date(2026, 11, 16), date(2026, 11, 29), NOW)
    assert [t.due for t in created] == [date(2026, 11, 20), date(2026, 11, 27)]
    again = materialise(repo, date(2026, 11, 16), date(2026, 11, 29), NOW)
    assert again == []
    fresh = Repository(repo.path)
    tasks = fresh.all(Task)
    assert len(tasks) == 2
    first = min(tasks, key=lambda t: t.due or date.max)
    assert first.source.kind is SourceKind.RECURRENCE and first.source.ref == weekly.id
    assert first.source.on == date(2026, 11, 20) and first.owner == "陈静"
    assert first.estimate_minutes == 90 and first.tags == ["竞品"]


def test_a_finished_instance_is_not_made_again(repo: Repository) -> None:
    repo.add(template())
    [task] = materialise(repo, TODAY, date(2026, 11, 29), NOW)
    repo.save(task.evolve(status="done", done_at=NOW))
    assert materialise(repo, TODAY, date(2026, 11, 29), NOW) == []
    assert materialise(repo, TODAY, date(2026, 11, 29), NOW, not_before=date(2026, 12, 1)) == []


SCRIPT = textwrap.dedent("""
    import sys
    from datetime import date, datetime
    from opstui.store.repository import Repository
    from opstui.domain.recurrence import materialise
    repo = Repository(sys.argv[1])
    sys.stdin.readline()  # start together
    for _ in range(5):
        materialise(repo, date(2026, 9, 1), date(2026, 12, 31), datetime(2026, 11, 23, 8))
    print("ok")
""")


def test_two_processes_materialising_together_make_no_duplicates(data_file: Path) -> None:
    repo = Repository(data_file)
    repo.add(template("FREQ=DAILY"))
    repo.add(template("FREQ=WEEKLY;BYDAY=MO,TH"))
    procs = [subprocess.Popen([sys.executable, "-c", SCRIPT, str(data_file)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outs = [proc.communicate(timeout=120)[0] for proc in procs]
    assert outs == ["ok\n", "ok\n"]
    tasks = Repository(data_file).all(Task)
    daily = (date(2026, 12, 31) - date(2026, 9, 4)).days + 1
    weekly = len(occurrences(template("FREQ=WEEKLY;BYDAY=MO,TH"), date(2026, 9, 1),
                             date(2026, 12, 31)))
    assert len(tasks) == daily + weekly
    assert len({t.id for t in tasks}) == len(tasks)
    assert len({(t.source.ref, t.source.on) for t in tasks}) == len(tasks)


def test_an_instance_made_elsewhere_with_another_id_counts(repo: Repository) -> None:
    weekly = repo.add(template())
    repo.add(Task(title="imported", due=date(2026, 11, 27),
                  source={"kind": "recurrence", "ref": weekly.id, "on": date(2026, 11, 27)}))
    assert materialise(repo, TODAY, date(2026, 12, 6), NOW)[0].due == date(2026, 12, 4)
    assert len(repo.all(Task)) == 2


def test_nothing_is_written_when_every_instance_exists(repo: Repository) -> None:
    weekly = repo.add(template())
    repo.add(Task(title="imported", due=date(2026, 11, 27),
                  source={"kind": "recurrence", "ref": weekly.id, "on": date(2026, 11, 27)}))
    stamp = repo.path.stat().st_mtime_ns
    assert materialise(repo, TODAY, date(2026, 11, 29), NOW) == []
    assert repo.path.stat().st_mtime_ns == stamp


@pytest.mark.parametrize(("rrule", "says"), [
    ("FREQ=MINUTELY", "FREQ=MINUTELY recurs within a day"),
    ("FREQ=HOURLY;INTERVAL=2", "FREQ=HOURLY recurs within a day"),
    ("FREQ=SECONDLY", "at most once a day"),
    ("FREQ=DAILY;BYHOUR=9,17", "BYHOUR sets times of day"),
    ("FREQ=WEEKLY;BYDAY=MO;BYMINUTE=30", "leave BYMINUTE out"),
    ("FREQ=WEEKLY;BYDAY", "'BYDAY' is not NAME=value"),
    ("BYDAY=FR", "needs a FREQ"),
    ("FREQ=SOMETIMES", "write it like FREQ=WEEKLY;BYDAY=FR"),
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "never occurs"),
])
def test_rules_finer_than_a_day_or_malformed_are_refused_in_words(rrule: str, says: str) -> None:
    with pytest.raises(RecurrenceError) as caught:
        check_rrule(rrule, TODAY)
    message = str(caught.value)
    assert says in message and "FREQ=" in message
    assert "unpack" not in message and "Error" not in message


@pytest.mark.parametrize("rrule", ["FREQ=DAILY;BYHOUR=9,17", "FREQ=MINUTELY",
                                   "FREQ=HOURLY;INTERVAL=5"])
def test_stored_sub_daily_rules_recur_once_a_day(rrule: str) -> None:
    days = occurrences(template(rrule), date(2026, 11, 23), date(2026, 11, 25))
    assert days == [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)]


def test_the_next_occurrence_of_any_rule_is_found_quickly() -> None:
    import time as clock

    for rrule in ("FREQ=MINUTELY", "FREQ=SECONDLY", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"):
        started = clock.perf_counter()
        with contextlib.suppress(RecurrenceError):
            next_occurrence(template(rrule), TODAY)
        assert clock.perf_counter() - started < 0.5, rrule


def test_materialise_makes_one_instance_per_day_and_skips_existing(repo: Repository) -> None:
    twice = repo.add(template("FREQ=DAILY;BYHOUR=9,17"))
    repo.add(template("FREQ=MINUTELY"))
    created = materialise(repo, TODAY, date(2026, 11, 25), NOW)
    assert len(created) == 6   # two templates, three days, once each
    assert sorted(t.due for t in created if t.source.ref == twice.id) == [
        date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)]
    assert materialise(repo, TODAY, date(2026, 11, 29), NOW) != []   # later days only
    assert len({(t.source.ref, t.source.on) for t in Repository(repo.path).all(Task)}) == len(
        Repository(repo.path).all(Task))
