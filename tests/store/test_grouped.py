"""The cached indexes behind notes_for and readings_for follow every change."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from opstui.domain.models import Metric, ProgressNote, Reading, Task
from opstui.store.repository import Repository


def _note(task: Task, text: str, hour: int) -> ProgressNote:
    return ProgressNote(task_id=task.id, text=text, at=datetime(2026, 11, 20, hour))


def test_notes_for_follows_adds_and_deletes(repo: Repository) -> None:
    task = repo.add(Task(title="写周报"))
    other = repo.add(Task(title="other"))
    assert repo.notes_for(task.id) == []
    late = repo.add(_note(task, "second", 15))
    early = repo.add(_note(task, "first", 9))
    repo.add(_note(other, "not mine", 10))
    assert [n.text for n in repo.notes_for(task.id)] == ["first", "second"]
    repo.delete(early)
    assert [n.id for n in repo.notes_for(task.id)] == [late.id]


def test_notes_for_sees_another_process_changes(data_file: Path, repo: Repository) -> None:
    task = repo.add(Task(title="follow up"))
    assert repo.notes_for(task.id) == []
    elsewhere = Repository(data_file)
    elsewhere.add(_note(task, "from the other terminal", 11))
    assert repo.refresh() is True
    assert [n.text for n in repo.notes_for(task.id)] == ["from the other terminal"]


def test_readings_for_sorted_by_day_and_per_metric(repo: Repository) -> None:
    dau = repo.add(Metric(key="dau", name="DAU"))
    d7 = repo.add(Metric(key="d7", name="D7 retention", unit="%"))
    repo.save_many([
        Reading(metric_id=dau.id, day=date(2026, 11, 3), value=3.0),
        Reading(metric_id=dau.id, day=date(2026, 11, 1), value=1.0),
        Reading(metric_id=d7.id, day=date(2026, 11, 2), value=30.0),
    ])
    assert [r.value for r in repo.readings_for(dau.id)] == [1.0, 3.0]
    repo.add(Reading(metric_id=dau.id, day=date(2026, 11, 2), value=2.0))
    assert [r.value for r in repo.readings_for(dau.id)] == [1.0, 2.0, 3.0]
    assert [r.value for r in repo.readings_for(d7.id)] == [30.0]


def test_known_good_only_for_files_opstui_wrote(data_file: Path, repo: Repository) -> None:
    repo.validate_all()
    repo.add(Task(title="written by opstui"))
    assert Repository(data_file).known_good is True
    data_file.write_bytes(data_file.read_bytes().replace(b"written by", b"edited by"))
    assert Repository(data_file).known_good is False
