"""The repository: typed records in, typed records out, short ids, transactions, settings."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from opstui.domain.models import (
    DayPlan,
    Goal,
    Metric,
    ProgressNote,
    Reading,
    Settings,
    Task,
    TaskStatus,
)
from opstui.store import storage
from opstui.store.repository import LookupProblem, Repository
from opstui.store.storage import file_stamp


def task_with_id(prefix: str, title: str) -> Task:
    """A task whose id starts with ``prefix`` (the rest is zeros)."""
    return Task(id=prefix.ljust(32, "0"), title=title)


# -- save / get ---------------------------------------------------------------------------------


def test_saved_records_come_back_from_a_fresh_repository(data_file: Path, repo: Repository) -> None:
    metric = repo.save(Metric(key="dau", name="Daily active users", target=12000))
    reading = repo.save(Reading(metric_id=metric.id, day=date(2026, 11, 22), value=11800))
    goal = repo.save(Goal(title="DAU +20%", period="2026-q4", metric_id=metric.id))
    task = repo.save(Task(title="准备双十二活动", due=date(2026, 12, 1), goal_id=goal.id))

    fresh = Repository(data_file)
    assert fresh.get(Metric, metric.id) == metric
    assert fresh.get(Reading, reading.id) == reading
    assert fresh.get(Goal, goal.id).period == "2026-Q4"
    assert fresh.get(Task, task.id) == task
    assert fresh.metric_by_key("dau") == metric
    assert fresh.readings_for(metric.id) == [reading]
    assert fresh.counts()["tasks"] == 1
    assert fresh.get(Task, "f" * 32) is None


def test_update_keeps_the_id_and_does_not_duplicate(data_file: Path, repo: Repository) -> None:
    task = repo.save(Task(title="draft the newsletter"))
    for percent in (10, 50, 90):
        task = repo.save(task.evolve(percent=percent, status=TaskStatus.DOING))
    done = repo.save(task.evolve(status=TaskStatus.DONE, percent=100))

    for seen_by in (repo, Repository(data_file)):
        tasks = seen_by.tasks()
        assert len(tasks) == 1
        assert tasks[0].id == done.id
        assert tasks[0].status is TaskStatus.DONE
        assert tasks[0].percent == 100


def test_save_stamps_updated_at(repo: Repository) -> None:
    task = Task(title="x")
    stored = repo.save(task)
    assert stored.updated_at >= task.updated_at
    assert stored.created_at == task.created_at


def test_delete_removes_for_good(data_file: Path, repo: Repository) -> None:
    gone = repo.save(Task(title="gone"))
    stays = repo.save(Task(title="stays"))
    repo.delete(gone)
    assert repo.get(Task, gone.id) is None
    assert [t.id for t in Repository(data_file).tasks()] == [stays.id]
    repo.delete(gone)  # deleting twice is harmless
    assert [t.id for t in repo.tasks()] == [stays.id]


def test_save_many_inserts_and_updates_in_one_write(data_file: Path, repo: Repository) -> None:
    existing = repo.save(Task(title="existing"))
    batch = [Task(title=f"bulk {i}") for i in range(50)]
    twice = Task(title="listed twice")
    repo.save_many([*batch, existing.evolve(title="existing, renamed"), twice, twice])
    titles = sorted(t.title for t in Repository(data_file).tasks())
    assert len(titles) == 52
    assert "existing, renamed" in titles
    stored = orjson.loads(data_file.read_bytes())["tasks"]
    assert len(stored) == 52, "a record listed twice must be stored once"
    Repository(data_file).validate_all()


def test_unicode_and_markup_titles_survive_the_file(data_file: Path, repo: Repository) -> None:
    titles = ["[red]x[/]", "[bold]不是标记[/bold]", "周报 📈 复盘", "tab\there", "👩‍💻", "\\n"]
    saved = [repo.save(Task(title=title)) for title in titles]
    fresh = Repository(data_file)
    assert [fresh.get(Task, t.id).title for t in saved] == titles


# -- resolve: short ids like git --------------------------------------------------------------


@pytest.fixture
def prefixed(repo: Repository) -> Repository:
    for prefix, title in [("abcd1", "one"), ("abcd2", "two"), ("beef", "three")]:
        repo.save(task_with_id(prefix, title))
    return repo


@pytest.mark.parametrize(
    ("typed", "title"),
    [("beef", "three"), ("abcd1", "one"), ("ABCD2", "two"), ("  beef00 ", "three")],
)
def test_resolve_unique_prefix(prefixed: Repository, typed: str, title: str) -> None:
    assert prefixed.resolve(Task, typed).title == title


def test_resolve_full_id(prefixed: Repository) -> None:
    full = "beef".ljust(32, "0")
    assert prefixed.resolve(Task, full).id == full


def test_resolve_ambiguous_prefix_lists_the_candidates(prefixed: Repository) -> None:
    with pytest.raises(LookupProblem, match="ambiguous") as caught:
        prefixed.resolve(Task, "abcd")
    assert "abcd10" in str(caught.value)
    assert "abcd20" in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("dead", "no task with id 'dead'"),
        ("abc", "not a task id"),
        ("", "not a task id"),
        ("xyz12", "not a task id"),
        ("[red]", "not a task id"),
    ],
)
def test_resolve_problems_say_what_was_typed(prefixed: Repository, typed: str, says: str) -> None:
    with pytest.raises(LookupProblem) as caught:
        prefixed.resolve(Task, typed)
    assert says in str(caught.value)


def test_resolve_looks_only_in_the_asked_table(prefixed: Repository) -> None:
    with pytest.raises(LookupProblem, match="no goal"):
        prefixed.resolve(Goal, "beef")


# -- transactions -------------------------------------------------------------------------------


def test_transaction_writes_once(
    data_file: Path, repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.save(Task(title="before"))
    stamp = file_stamp(data_file)
    replaced: list[str] = []
    real_replace = storage.os.replace

    def counting_replace(src: str, dst: str) -> None:
        replaced.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", counting_replace)
    with repo.transaction():
        task = repo.save(Task(title="plan item"))
        repo.save(task.evolve(percent=30))
        repo.save(ProgressNote(task_id=task.id, at=datetime(2026, 11, 2, 9), text="started"))
        repo.save(DayPlan(day=date(2026, 11, 23), task_ids=[task.id]))
        assert file_stamp(data_file) == stamp, "nothing is written before the block ends"
    assert len(replaced) == 1
    assert file_stamp(data_file) != stamp
    fresh = Repository(data_file)
    assert fresh.get(Task, task.id).percent == 30
    assert fresh.plan_for(date(2026, 11, 23)).task_ids == [task.id]
    assert [n.text for n in fresh.notes_for(task.id)] == ["started"]


def test_failing_transaction_writes_nothing(data_file: Path, repo: Repository) -> None:
    kept = repo.save(Task(title="kept"))
    before = data_file.read_bytes()
    with pytest.raises(RuntimeError, match="changed my mind"), repo.transaction():
        repo.save(Task(title="half done"))
        repo.delete(kept)
        raise RuntimeError("changed my mind")
    assert data_file.read_bytes() == before
    assert [t.title for t in repo.tasks()] == ["kept"]
    assert repo.save(Task(title="next")).title == "next"
    assert sorted(t.title for t in Repository(data_file).tasks()) == ["kept", "next"]


# -- two repositories on one file (the TUI and `opstui add` in one process) ------------------------


def test_second_instance_sees_changes_after_refresh(data_file: Path, repo: Repository) -> None:
    other = Repository(data_file)
    task = repo.save(Task(title="from the first"))
    assert other.get(Task, task.id) is None
    assert other.refresh() is True
    assert other.get(Task, task.id) == task
    assert other.refresh() is False


def test_second_instance_does_not_lose_the_first_ones_records(
    data_file: Path, repo: Repository
) -> None:
    other = Repository(data_file)
    assert other.tasks() == []
    mine = repo.save(Task(title="first instance"))
    shared = repo.save(Task(title="shared"))
    # `other` never refreshed: its save must still catch up before writing.
    theirs = other.save(Task(title="second instance"))
    repo.save(shared.evolve(percent=40))
    other.save(Task(title="second instance again"))

    titles = sorted(t.title for t in Repository(data_file).tasks())
    assert titles == ["first instance", "second instance", "second instance again", "shared"]
    assert Repository(data_file).get(Task, shared.id).percent == 40
    # `repo` caught up when it saved after `other`.
    assert repo.get(Task, theirs.id) == theirs
    assert repo.get(Task, mine.id) == mine


def test_every_same_size_change_is_noticed(data_file: Path, repo: Repository) -> None:
    """Two quick rewrites that end at the reader's size must still be seen by the reader.

    The reader compares (inode, size, mtime); with a coarse clock only the inode tells the
    versions apart, so a new version must never get the inode of the one the reader holds.
    """
    other = Repository(data_file)
    task = repo.save(Task(title="toggle", percent=10))
    for round_no in range(50):
        other.refresh()
        held = file_stamp(data_file)
        task = repo.save(task.evolve(percent=20))
        task = repo.save(task.evolve(percent=10 + round_no % 9))
        now = file_stamp(data_file)
        assert now[0] != held[0], f"round {round_no}: the new file reused the reader's inode"
        assert other.refresh() is True, f"round {round_no}: the change went unnoticed"
        assert other.get(Task, task.id).percent == 10 + round_no % 9


# -- settings -------------------------------------------------------------------------------------


def test_settings_default_then_persist(data_file: Path, repo: Repository) -> None:
    assert repo.settings() == Settings()
    repo.save_settings(Settings(lang="zh", capacity_hours=6, archive_after_days=7))
    assert repo.settings().lang == "zh"
    fresh = Repository(data_file)
    assert fresh.settings().capacity.mon == 6
    assert fresh.settings().archive_after_days == 7


def test_settings_changed_elsewhere_are_seen_after_a_save(
    data_file: Path, repo: Repository
) -> None:
    assert repo.settings().lang == "en"
    Repository(data_file).save_settings(Settings(lang="zh"))
    repo.save(Task(title="a save catches up with the file"))
    assert repo.settings().lang == "zh"


def test_validate_all_passes_on_good_data(repo: Repository) -> None:
    repo.save(Task(title="ok"))
    repo.save_settings(Settings(stale_days=5))
    repo.validate_all()
    assert repo.counts()["tasks"] == 1


def test_a_lookup_and_a_save_validate_only_the_record_concerned(data_file: Path) -> None:
    tasks = [Task(title=f"任务 {n}") for n in range(300)]
    Repository(data_file).save_many(tasks)
    target = tasks[123]

    repo = Repository(data_file)                 # a fresh process on a known-good file
    assert repo.known_good
    found = repo.resolve(Task, target.short_id)
    assert found == target
    assert repo.get(Task, tasks[7].id) == tasks[7]
    repo.save(found.evolve(status=TaskStatus.DONE, percent=100))
    repo.delete(tasks[5])
    assert "tasks" not in repo._hot.models       # the other 299 were never validated

    fresh = Repository(data_file)
    stored = {t.id: t for t in fresh.tasks()}
    assert len(stored) == 299 and tasks[5].id not in stored
    assert stored[target.id].status is TaskStatus.DONE
    assert all(stored[t.id] == t for t in tasks if t.id not in (target.id, tasks[5].id))
    assert Repository(data_file).known_good     # still certified after those writes
