"""Sync is safe: private records never reach the remote, an invalid remote is refused, a push
race is retried, and kill -9 at any moment loses nothing."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sync_helpers import Replica, remote_history

from opstui.actions.errors import ActionError
from opstui.actions.tasks import add_note, add_task, update_task
from opstui.actions.undo import history
from opstui.domain.models import TABLES, ProgressNote, Task
from opstui.domain.sharing import PRIVATE_TABLES
from opstui.store.repository import Repository

ROOT = Path(__file__).resolve().parents[2]


def test_private_records_never_reach_the_remote(make_replica: Callable[[str], Replica],
                                                remote: Path) -> None:
    lin = make_replica("林晓")
    # The first title was a slip: it was renamed before anything was shared. The undo
    # journal still holds the old title; the remote must never see it.
    task = add_task(lin.repo, lin.ticker(), {"title": "裁员名单 secret-draft"}).record
    update_task(lin.repo, lin.ticker(), task.id, {"title": "Team plan"})
    add_note(lin.repo, lin.ticker(), task.id, "shared note")
    assert any("secret-draft" in e.message for e in history(lin.repo))
    lin.sync()
    chen = make_replica("陈静")
    chen.sync()
    lin.sync()

    everything = remote_history(remote)
    assert "Team plan" in everything and "shared note" in everything
    assert "secret-draft" not in everything
    for name in PRIVATE_TABLES:
        assert f"records/{name}/" not in everything
    assert set(TABLES) & PRIVATE_TABLES, "no private table to check"
    # The other replica got the task, and no journal of ours.
    chen.repo.refresh()
    assert [t.title for t in chen.repo.all(Task)] == ["Team plan"]
    assert not any("secret-draft" in e.message for e in history(chen.repo))


def _push_from_clone(remote: Path, tmp_path: Path, edit: Callable[[Path], None]) -> None:
    clone = tmp_path / "hand-edit"
    subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True)
    edit(clone)
    for args in (["add", "-A"], ["-c", "user.name=x", "-c", "user.email=x@y", "commit", "-qm",
                                 "hand edit"], ["push", "-q", "origin", "HEAD:main"]):
        subprocess.run(["git", *args], cwd=clone, check=True)


@pytest.mark.parametrize(("breakage", "reason"), [
    (lambda text: text.replace('"title":"Team plan"', '"priority":"P9","title":"Team plan"'),
     "priority"),
    (lambda text: text + "{not json\n", "not valid JSON"),
])
def test_an_invalid_remote_export_is_refused_and_nothing_is_merged(
        make_replica: Callable[[str], Replica], remote: Path, tmp_path: Path,
        breakage: Callable[[str], str], reason: str) -> None:
    lin = make_replica("林晓")
    add_task(lin.repo, lin.ticker(), {"title": "Team plan"})
    lin.sync()
    chen = make_replica("陈静")
    add_task(chen.repo, chen.ticker(), {"title": "Chen's own"})
    before = chen.repo.path.read_bytes()

    def edit(clone: Path) -> None:
        (tasks,) = (clone / "records" / "tasks").glob("*.jsonl")
        tasks.write_text(breakage(tasks.read_text()))

    _push_from_clone(remote, tmp_path, edit)
    with pytest.raises(ActionError, match=reason) as refused:
        chen.sync()
    assert "records/tasks/" in refused.value.reason
    assert chen.repo.path.read_bytes() == before


def test_a_remote_with_a_private_table_is_refused(make_replica: Callable[[str], Replica],
                                                  remote: Path, tmp_path: Path) -> None:
    lin = make_replica("林晓")
    lin.sync()
    def edit(clone: Path) -> None:
        (clone / "records" / "journal").mkdir(parents=True)
        (clone / "records" / "journal" / "ab.jsonl").write_text('{"id":"ab"}\n')

    _push_from_clone(remote, tmp_path, edit)
    with pytest.raises(ActionError, match="private table"):
        lin.sync()


def _env(data_file: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("OPSTUI_") or k == "OPSTUI_SERVER"}
    env.update(OPSTUI_DB=str(data_file), OPSTUI_TODAY="2026-11-30", PYTHONPATH=str(ROOT))
    return env


def test_a_push_race_is_merged_again_and_retried(make_replica: Callable[[str], Replica],
                                                 remote: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    lin, chen = make_replica("林晓"), make_replica("陈静")
    add_task(lin.repo, lin.ticker(), {"title": "Lin's"})
    lin.sync()
    chen.sync()
    add_task(chen.repo, chen.ticker(), {"title": "Chen's"})
    # Just before 林晓's push, 陈静 syncs (a real process), so the push is rejected once.
    hook = lin.repo.path.parent / "opstui.sync" / ".git" / "hooks" / "pre-push"
    flag = hook.with_name("ran")
    hook.write_text(f"#!/bin/sh\n[ -e {flag} ] && exit 0\ntouch {flag}\n"
                    f"{sys.executable} -m opstui sync >/dev/null\n")
    hook.chmod(0o755)
    env = _env(chen.repo.path)
    for name in ("OPSTUI_DB", "PYTHONPATH"):  # for the hook's process; put back after
        monkeypatch.setenv(name, env[name])
    add_task(lin.repo, lin.ticker(), {"title": "Lin's second"})
    lin.sync()
    monkeypatch.undo()
    assert flag.exists()
    chen.sync()
    titles = {t.title for t in lin.repo.all(Task)}
    assert titles == {"Lin's", "Chen's", "Lin's second"}
    assert lin.shared() == chen.shared()


def _run_sync(data_file: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "opstui", "sync"], env=_env(data_file),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_kill_9_during_sync_loses_nothing(make_replica: Callable[[str], Replica]) -> None:
    rng = random.Random(9)
    lin, chen = make_replica("林晓"), make_replica("陈静")
    shared = add_task(lin.repo, lin.ticker(), {"title": "Shared"}).record
    lin.sync()
    chen.sync()
    titles, notes = {"Shared"}, set()
    killed = 0
    for round_ in range(10):
        for who in (lin, chen):
            who.repo.refresh()
            titles.add(add_task(who.repo, who.ticker(), {"title": f"{who.name} {round_}"})
                       .record.title)
            text = f"{who.name} note {round_}"
            add_note(who.repo, who.ticker(), shared.id, text)
            notes.add(text)
        # Both sync at once (so pushes race too); one of them is killed at a random moment.
        victim, other = rng.sample([lin, chen], 2)
        running = _run_sync(victim.repo.path), _run_sync(other.repo.path)
        try:
            running[0].wait(timeout=rng.uniform(0.05, 0.6))
        except subprocess.TimeoutExpired:
            running[0].kill()
            killed += 1
        running[0].wait()
        running[1].wait()
        # Whatever happened, the killed replica's data file is valid and has its work.
        check = Repository(victim.repo.path)
        check.validate_all()
        assert {f"{victim.name} {round_}"} <= {t.title for t in check.all(Task)}
    assert killed >= 3, "the kills all came too late to test anything"
    for who in (lin, chen, lin, chen):
        who.sync()
    assert lin.shared() == chen.shared()
    lin.repo.refresh()
    assert {t.title for t in lin.repo.all(Task)} == titles
    assert {n.text for n in lin.repo.all(ProgressNote)} == notes


KILL_HOOK = """#!/bin/sh
# Kill git and the opstui above it at the Nth step of a ref update: each update is prepared
# (the ref is locked) then committed (the ref has moved).
[ "$1" = aborted ] && exit 0
count="$(dirname "$0")/count"
n=$(( $(cat "$count" 2>/dev/null || echo 0) + 1 ))
echo $n > "$count"
[ $n -eq $(cat "$(dirname "$0")/target") ] || exit 0
opstui=$(awk '{print $4}' /proc/$PPID/stat)
kill -9 $PPID $opstui
"""


def test_kill_9_at_every_ref_update_of_a_sync_loses_nothing(
        make_replica: Callable[[str], Replica]) -> None:
    """Deterministic kills: before and after each ref update in turn (the fetch, the local
    commit, the merge commit after the data file was written, the push), git and opstui die
    together."""
    lin, chen = make_replica("林晓"), make_replica("陈静")
    shared = add_task(lin.repo, lin.ticker(), {"title": "Shared"}).record
    lin.sync()
    chen.sync()
    hooks = lin.repo.path.parent / "opstui.sync" / ".git" / "hooks"
    (hooks / "reference-transaction").write_text(KILL_HOOK)
    (hooks / "reference-transaction").chmod(0o755)
    titles, notes = {"Shared"}, set()
    for target in range(1, 11):
        for who in (lin, chen):
            who.repo.refresh()
            titles.add(add_task(who.repo, who.ticker(), {"title": f"{who.name} {target}"})
                       .record.title)
            text = f"{who.name} note {target}"
            add_note(who.repo, who.ticker(), shared.id, text)
            notes.add(text)
            update_task(who.repo, who.ticker(), shared.id, {"description": text})
        chen.sync()
        (hooks / "count").write_text("0")
        (hooks / "target").write_text(str(target))
        done = _run_sync(lin.repo.path)
        assert done.wait() == -9, f"ref update step {target} never came"
        check = Repository(lin.repo.path)
        check.validate_all()
        assert f"林晓 {target}" in {t.title for t in check.all(Task)}
    (hooks / "target").write_text("0")
    for who in (lin, chen, lin, chen):
        who.sync()
    assert lin.shared() == chen.shared()
    lin.repo.refresh()
    assert {t.title for t in lin.repo.all(Task)} == titles
    assert {n.text for n in lin.repo.all(ProgressNote)} == notes
    assert lin.repo.get(Task, shared.id).description == "陈静 note 10"
