"""Real processes on one data file: killed mid-write, writing at once, changing behind our back."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from opstui.domain.models import ProgressNote, Task, TaskStatus
from opstui.store.repository import Repository
from opstui.store.storage import backups_of, parse_tables

CRASHING_WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date, datetime
    from opstui.domain.models import ProgressNote, Task, TaskStatus
    from opstui.store import storage
    from opstui.store.repository import Repository

    storage.BACKUP_EVERY_SECONDS = -1  # every session backs up: kills land in backups too
    path, round_no = sys.argv[1], sys.argv[2]
    long_ago = datetime(2025, 6, 1)
    repo = Repository(path)
    n = 0
    while True:
        n += 1
        with repo.transaction():
            task = repo.save(Task(title=f"round {round_no} task {n} 任务", percent=n % 101))
            note = repo.save(ProgressNote(task_id=task.id, at=datetime(2026, 11, 2, 9),
                                          text=f"note {n}"))
        print(task.id, note.id, sep="\\n", flush=True)
        # Finish it long ago, archive it, reopen it (back to the hot file), finish it again.
        repo.save(task.evolve(status=TaskStatus.DONE, done_at=long_ago))
        repo.archive_finished(date(2026, 11, 23))
        archived = repo.get(Task, task.id)
        back = repo.save(archived.evolve(status=TaskStatus.DOING, done_at=None))
        repo.save(back.evolve(status=TaskStatus.DONE, done_at=long_ago, percent=100))
        if n == 1:
            print("ready", flush=True)  # warmed up: from now on every moment is a write
        if n % 7 == 0:
            repo = Repository(path)
    """
)


def spawn(script: str, *args: object) -> subprocess.Popen[str]:
    """Run ``script`` in a fresh Python process with line-buffered text output."""
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_killed_writer_never_leaves_a_broken_file_or_loses_a_saved_record(
    data_file: Path,
) -> None:
    rng = random.Random()
    saved: set[str] = set()
    saved_while_killable = 0
    for round_no in range(30):
        child = spawn(CRASHING_WRITER, data_file, round_no)
        assert child.stdout is not None
        first = [child.stdout.readline() for _ in range(3)]
        assert first[2] == "ready\n", child.stderr.read() if child.stderr else first
        saved.update(line.strip() for line in first[:2])
        delay = rng.uniform(0.005, 0.080)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate()
        assert child.returncode == -signal.SIGKILL, err
        ids = [line for line in out.splitlines() if len(line) == 32]
        saved.update(ids)
        saved_while_killable += len(ids)

        repo = Repository(data_file)
        repo.validate_all()
        present = {r.id for r in (*repo.tasks(), *repo.all(ProgressNote))}
        present |= {r.id for r in (*repo.archived(Task), *repo.archived(ProgressNote))}
        lost = saved - present
        assert not lost, f"round {round_no}: killed after {delay * 1000:.0f} ms, lost {lost}"
        titles = [t.title for t in repo.tasks()] + [t.title for t in repo.archived(Task)]
        assert len(titles) == len(set(titles)), "a task is listed twice"
        for backup in backups_of(data_file):
            parse_tables(backup, backup.read_bytes())  # every backup is a whole, good copy
    assert saved_while_killable >= 30, "most kills should land while the writer is busy"


CONCURRENT_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from opstui.domain.models import Task
    from opstui.store.repository import Repository

    path, name, go = sys.argv[1], sys.argv[2], sys.argv[3]
    repo = Repository(path)
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.001)
    for i in range(200):
        repo.save(Task(title=f"{name} {i}"))
    """
)


def test_two_processes_adding_at_once_lose_nothing(data_file: Path) -> None:
    go = data_file.with_name("go")
    writers = [spawn(CONCURRENT_WRITER, data_file, name, go) for name in ("alice", "bob")]
    for writer in writers:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "ready\n"
    go.touch()
    for writer in writers:
        _, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err

    titles = [t.title for t in Repository(data_file).tasks()]
    assert len(titles) == 400
    expected = {f"{name} {i}" for name in ("alice", "bob") for i in range(200)}
    assert set(titles) == expected


OUTSIDE_CHANGE = textwrap.dedent(
    """
    import sys
    from opstui.domain.models import Task
    from opstui.store.repository import Repository

    path, shared_id = sys.argv[1], sys.argv[2]
    repo = Repository(path)
    repo.save(Task(title="added by opstui add"))
    shared = repo.get(Task, shared_id)
    repo.save(shared.evolve(title="renamed elsewhere", percent=60))
    """
)


def run_outside_change(data_file: Path, shared_id: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", OUTSIDE_CHANGE, str(data_file), shared_id],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_save_after_another_process_changed_the_file_keeps_both_changes(
    data_file: Path, repo: Repository
) -> None:
    shared = repo.save(Task(title="shared"))
    mine = repo.save(Task(title="mine, before"))

    run_outside_change(data_file, shared.id)
    # No refresh: the next save itself must catch up before writing.
    repo.save(mine.evolve(status=TaskStatus.DONE))
    repo.save(Task(title="mine, after"))

    for seen_by in (repo, Repository(data_file)):
        by_title = {t.title: t for t in seen_by.tasks()}
        assert set(by_title) == {
            "renamed elsewhere",
            "added by opstui add",
            "mine, before",
            "mine, after",
        }
        assert by_title["renamed elsewhere"].percent == 60
        assert by_title["mine, before"].status is TaskStatus.DONE


def test_refresh_notices_another_process(data_file: Path, repo: Repository) -> None:
    shared = repo.save(Task(title="shared"))
    assert repo.refresh() is False
    run_outside_change(data_file, shared.id)
    assert repo.refresh() is True
    assert repo.get(Task, shared.id).title == "renamed elsewhere"
    assert len(repo.tasks()) == 2
    assert repo.refresh() is False
