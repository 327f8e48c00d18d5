"""Records read from a file share what pydantic would otherwise copy into each of them.

What a user cares about: ten years of tasks fit in the TUI's memory budget (bench/run.py,
10y peak memory), and a record changed after it was read changes alone.
"""

from __future__ import annotations

from pathlib import Path

from opstui.domain.models import Task
from opstui.store.repository import Repository


def test_records_read_alike_share_one_set_of_fields(data_file: Path) -> None:
    writer = Repository(data_file)
    for n in range(3):
        writer.add(Task(title=f"周报素材 {n}", owner="王芳"))
    tasks = Repository(data_file).tasks()
    assert len({id(t.__pydantic_fields_set__) for t in tasks}) == 1
    assert len({id(t.source.__pydantic_fields_set__) for t in tasks}) == 1


def test_a_record_changed_after_reading_changes_alone(data_file: Path) -> None:
    writer = Repository(data_file)
    for n in range(2):
        writer.add(Task(title=f"任务 {n}"))
    repo = Repository(data_file)
    first, second = sorted(repo.tasks(), key=lambda t: t.title)
    repo.save(first.model_copy(update={"owner": "李雷"}))
    repo.save(second.evolve(due=None, percent=40))
    again = {t.title: t for t in Repository(data_file).tasks()}
    assert again["任务 0"].owner == "李雷" and again["任务 0"].percent == 0
    assert again["任务 1"].owner is None and again["任务 1"].percent == 40
    assert "owner" not in second.model_fields_set            # the other record's set is intact
