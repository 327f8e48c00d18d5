"""Real ``opstui add/note/done/archive`` processes killed at random moments lose nothing.

Each round starts one writer process and sends it SIGKILL after a random delay (or lets it
finish). A writer that exited 0 had committed its change: it must be in the data afterwards,
whatever was killed later. At the end ``opstui check`` must pass.

The suite runs ``OPSTUI_CRASH_ROUNDS`` rounds (default 20, a few seconds); the README says how
to run 1,000 (``OPSTUI_CRASH_ROUNDS=1000``; ``OPSTUI_CRASH_SEED`` picks another sequence).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from opstui.domain.models import ProgressNote, Task, TaskStatus
from opstui.store.repository import Repository

ROUNDS = int(os.environ.get("OPSTUI_CRASH_ROUNDS", "20"))
SEED = int(os.environ.get("OPSTUI_CRASH_SEED", "11"))
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Committed:
    """What writers that finished (exit 0) said they did."""

    added: dict[str, str] = field(default_factory=dict)
    """Short id -> title."""
    notes: dict[str, list[str]] = field(default_factory=dict)
    """Short id -> note texts."""
    done: set[str] = field(default_factory=set)


def start(data_file: Path, today: str, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("OPSTUI_") or k == "OPSTUI_SERVER"}
    env.update(OPSTUI_DB=str(data_file), OPSTUI_TODAY=today,
               PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]))
    return subprocess.Popen([sys.executable, "-m", "opstui", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run_round(data_file: Path, rng: random.Random, number: int, seen: Committed) -> None:
    known = list(seen.added)
    kind = rng.choice(["add", "add", "note", "done", "archive"] if known else ["add"])
    if kind == "add":
        title = f"task {number} 任务"
        proc = start(data_file, "2025-01-06", "add", title)
    elif kind == "note":
        target = rng.choice(known)
        text = f"note {number}"
        proc = start(data_file, "2025-01-06", "note", target, text)
    elif kind == "done":
        target = rng.choice(known)
        proc = start(data_file, "2025-01-06", "done", target)
    else:
        proc = start(data_file, "2026-11-23", "archive")
    if rng.random() < 0.8:  # most rounds are killed, at any moment of the run
        try:
            proc.wait(timeout=rng.uniform(0.0, 0.6))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    if proc.returncode != 0:
        assert proc.returncode == -signal.SIGKILL, (kind, proc.returncode, err)
        return
    if kind == "add":
        seen.added[out.split()[0]] = title
    elif kind == "note":
        seen.notes.setdefault(target, []).append(text)
    elif kind == "done":
        seen.done.add(target)


def test_killed_writers_lose_no_committed_change(tmp_path: Path) -> None:
    data_file = tmp_path / "opstui.json"
    rng = random.Random(SEED)
    seen = Committed()
    for number in range(ROUNDS):
        run_round(data_file, rng, number, seen)

    repo = Repository(data_file, read_only=True)
    tasks = {t.id: t for t in [*repo.tasks(), *repo.archived(Task)]}
    by_short = {short: next(t for i, t in tasks.items() if i.startswith(short))
                for short in seen.added}
    assert {s: t.title for s, t in by_short.items()} == seen.added
    for short in seen.done:
        assert by_short[short].status is TaskStatus.DONE
    for short, texts in seen.notes.items():
        stored = {n.text for n in repo.notes_for(by_short[short].id)}
        assert set(texts) <= stored, short
    assert all(isinstance(n, ProgressNote) for n in repo.archived(ProgressNote))

    check = start(data_file, "2026-11-23", "check")
    out, err = check.communicate()
    assert check.returncode == 0, out + err
