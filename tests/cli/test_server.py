"""The command server: quick commands answered by a warm opstui, exactly as a process of
their own would answer them (real processes, a real socket, the real data file)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from opstui import client
from opstui.demo import make_demo_copy
from opstui.domain.models import Task
from opstui.store.repository import Repository
from tests.cli.conftest import TODAY, Result

Run = Callable[..., Result]


@pytest.fixture
def server_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A socket folder of this test's own (short: a socket's name has at most 107 bytes)."""
    folder = tempfile.mkdtemp(prefix="ops", dir="/tmp")
    os.chmod(folder, 0o700)
    monkeypatch.setenv(client.DIR_ENV, folder)
    monkeypatch.delenv(client.SERVER_ENV)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _env(data_file: Path, server_dir: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSTUI_")}
    env.update(OPSTUI_DB=str(data_file), OPSTUI_TODAY=TODAY, OPSTUI_SERVER_DIR=server_dir)
    env.update(extra)
    return env


def _opstui(env: dict[str, str], *args: str, cwd: Path | None = None,
            flags: tuple[str, ...] = (), stdin: str | None = None, umask: int = -1) -> Result:
    done = subprocess.run([sys.executable, *flags, "-m", "opstui", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, input=stdin, timeout=120,
                          check=False, umask=umask)
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def server(data_file: Path, server_dir: str) -> Iterator[subprocess.Popen[bytes]]:
    """A running command server (started with an environment the commands do not use)."""
    env = _env(data_file.with_name("not-this.json"), server_dir, OPSTUI_TODAY="2030-01-01")
    started = subprocess.Popen([sys.executable, "-m", "opstui.server"], env=env)
    ready = subprocess.run([sys.executable, "-m", "opstui.server", "--wait", "60"], env=env,
                           capture_output=True, text=True, timeout=120, check=False)
    assert ready.returncode == 0, ready.stderr
    try:
        yield started
        subprocess.run([sys.executable, "-m", "opstui.server", "--stop"], env=env,
                       timeout=120, check=False)
        assert started.wait(timeout=60) == 0
        assert not list(Path(server_dir).glob("*.sock"))  # the socket went with it
    finally:
        if started.poll() is None:  # never leave a server behind, even when a test failed
            started.kill()
            started.wait()


def _modules(importtime_log: str) -> set[str]:
    return {line.split("|")[-1].strip() for line in importtime_log.splitlines()
            if line.startswith("import time:")}


def test_a_served_command_does_its_work_without_loading_opstui_here(
        data_file: Path, server_dir: str, server: subprocess.Popen[bytes]) -> None:
    env = _env(data_file, server_dir)
    added = _opstui(env, "add", "周报 to 赵总", "--due", "fri", flags=("-X", "importtime"))
    assert added.code == 0
    assert added.out.endswith("due Fri 2026-11-27\n")
    loaded = _modules(added.err)
    assert "opstui.client" in loaded                      # the log is real
    assert not {"pydantic", "opstui.cli", "opstui.domain.models"} & loaded
    stored = Repository(data_file).tasks()
    assert [(t.title, t.short_id) for t in stored] == [("周报 to 赵总", added.out.split()[0])]
    listed = _opstui(env, "tasks")
    assert listed.code == 0 and "周报 to 赵总" in listed.out


def test_the_client_s_day_folder_and_options_are_the_ones_used(
        tmp_path: Path, data_file: Path, server_dir: str,
        server: subprocess.Popen[bytes]) -> None:
    # The server was started on another day and another file: neither may leak in.
    folder = tmp_path / "team"
    folder.mkdir()
    env = _env(data_file, server_dir, OPSTUI_TODAY="2026-12-01")
    env.pop("OPSTUI_DB")
    added = _opstui(env, "--db", "ops.json", "add", "发布冻结 due:tomorrow", cwd=folder)
    assert added.code == 0, added.err
    assert added.out.endswith("due Wed 2026-12-02\n")
    assert [t.due.isoformat() for t in Repository(folder / "ops.json").tasks()
            if t.due] == ["2026-12-02"]
    assert not data_file.exists()


def test_folders_are_made_with_the_client_s_umask(
        tmp_path: Path, data_file: Path, server_dir: str,
        server: subprocess.Popen[bytes]) -> None:
    env = _env(data_file, server_dir)
    for umask, folder in ((0o077, "private"), (0o022, "shared")):
        added = _opstui(env, "--db", str(tmp_path / folder / "ops.json"), "add", "x",
                        umask=umask)
        assert added.code == 0, added.err
        assert (tmp_path / folder).stat().st_mode & 0o777 == 0o777 & ~umask


def test_bad_input_through_the_server_says_why_and_changes_nothing(
        data_file: Path, server_dir: str, server: subprocess.Popen[bytes]) -> None:
    env = _env(data_file, server_dir)
    assert _opstui(env, "add", "keep me").code == 0
    before = data_file.read_bytes()
    for args in (("add", ""), ("done", "zzzz"), ("add", "x", "--due", "2026-02-30"),
                 ("report", "week", "--week", "0001-W01")):
        refused = _opstui(env, *args)
        assert refused.code == 2, args
        assert refused.err.startswith("opstui: ") and refused.err.count("\n") == 1, args
        assert "Traceback" not in refused.err
    assert data_file.read_bytes() == before


def test_changes_by_other_processes_are_seen_and_kept(
        data_file: Path, server_dir: str, server: subprocess.Popen[bytes]) -> None:
    served = _env(data_file, server_dir)
    own = {**served, "OPSTUI_SERVER": "0"}
    task = _opstui(served, "add", "DAU 复盘").out.split()[0]
    assert "DAU 复盘" in _opstui(served, "tasks").out      # the server has the file open now
    assert _opstui(own, "note", task, "数据已拉", "--percent", "40").code == 0
    row = next(line for line in _opstui(served, "tasks").out.splitlines() if "DAU 复盘" in line)
    assert "doing" in row                                # the other process's change is seen
    # Many writers at once, served and not: every one of them lands.
    procs = [subprocess.Popen([sys.executable, "-m", "opstui", "add", f"并发 {n}"],
                              env=served if n % 2 else own, stdout=subprocess.DEVNULL)
             for n in range(8)]
    assert [p.wait(timeout=120) for p in procs] == [0] * 8
    titles = {t.title for t in Repository(data_file).tasks()}
    assert {f"并发 {n}" for n in range(8)} <= titles
    assert _opstui(served, "done", task).code == 0
    final = Repository(data_file).resolve(Task, task)
    assert final.status.value == "done" and final.percent == 100
    assert [n.text for n in Repository(data_file).notes_for(final.id)] == ["数据已拉"]


def test_served_reports_read_exactly_as_a_process_of_their_own_writes_them(
        tmp_path: Path, server_dir: str, server: subprocess.Popen[bytes]) -> None:
    served_copy = make_demo_copy(date.fromisoformat(TODAY), folder=tmp_path)
    own_copy = make_demo_copy(date.fromisoformat(TODAY), folder=tmp_path)
    for args in (("tasks",), ("plan",), ("report", "week", "--lang", "zh"),
                 ("report", "day"), ("goal",), ("metric", "list")):
        served = _opstui(_env(served_copy, server_dir), *args)
        own = _opstui({**_env(own_copy, server_dir), "OPSTUI_SERVER": "0"}, *args)
        assert served.code == own.code == 0, (args, served.err, own.err)
        assert served.out == own.out and served.err == own.err, args


def test_with_no_server_the_command_runs_here_and_starts_one(
        data_file: Path, server_dir: str) -> None:
    env = _env(data_file, server_dir)
    added = _opstui(env, "add", "first of the day")
    assert added.code == 0 and [t.title for t in Repository(data_file).tasks()] == [
        "first of the day"]
    ready = subprocess.run([sys.executable, "-m", "opstui.server", "--wait", "60"], env=env,
                           capture_output=True, text=True, timeout=120, check=False)
    assert ready.returncode == 0, ready.stderr
    assert "first of the day" in _opstui(env, "tasks").out
    subprocess.run([sys.executable, "-m", "opstui.server", "--stop"], env=env, timeout=120,
                   check=True)


def test_a_server_without_commands_exits_and_removes_its_socket(
        data_file: Path, server_dir: str) -> None:
    env = _env(data_file, server_dir, OPSTUI_SERVER_IDLE="0.2")
    started = subprocess.Popen([sys.executable, "-m", "opstui.server"], env=env)
    assert started.wait(timeout=120) == 0
    assert not list(Path(server_dir).glob("*.sock"))


def test_a_server_that_stops_mid_command_is_not_taken_for_no_server(
        data_file: Path, server_dir: str) -> None:
    # The command reached the server, which may have carried it out: running it again here
    # could add the task twice, so the client says so instead.
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    path = client.socket_path()
    assert path is not None
    listener.bind(path)
    listener.listen(1)

    def take_and_drop() -> None:
        conn, _ = listener.accept()
        client.receive_message(conn)
        conn.close()

    dropping = threading.Thread(target=take_and_drop)
    dropping.start()
    try:
        lost = _opstui(_env(data_file, server_dir), "add", "maybe twice")
    finally:
        dropping.join(timeout=120)
        listener.close()
    assert lost.code == 1
    assert "may or may not have been carried out" in lost.err
    assert not data_file.exists()


def test_a_changed_module_names_a_different_server(tmp_path: Path) -> None:
    package = tmp_path / "opstui"
    (package / "domain").mkdir(parents=True)
    (package / "domain" / "models.py").write_text("A = 1\n")
    (package / "cli.py").write_text("B = 2\n")
    before = client.fingerprint(str(package))
    assert client.fingerprint(str(package)) == before
    (package / "domain" / "models.py").write_text("A = 10\n")
    assert client.fingerprint(str(package)) != before


@pytest.mark.parametrize(("argv", "served"), [
    (["add", "x"], True), (["--db", "f.json", "tasks"], True), (["report", "week"], True),
    ([], False), (["demo"], False), (["sync"], False), (["import", "x.json"], False),
    (["meeting", "add", "周会", "--minutes", "-"], False), (["--db", "add", "check"], False),
    (["restore"], False), (["config"], False),
])
def test_what_is_served(argv: list[str], served: bool) -> None:
    assert client.servable(argv) is served


def test_no_server_is_used_from_a_folder_others_can_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    os.chmod(shared, 0o777)
    monkeypatch.setenv(client.DIR_ENV, str(shared))
    assert client.server_dir() is None and client.socket_path() is None


def test_with_no_safe_folder_commands_run_here_and_leave_nothing_there(
        tmp_path: Path, data_file: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    env = _env(data_file, str(shared))
    assert _opstui(env, "add", "no server for this").code == 0
    assert "no server for this" in _opstui(env, "tasks").out
    assert list(shared.iterdir()) == []


def test_the_wire_format_round_trips_what_commands_print() -> None:
    left, right = socket.socketpair()
    with left, right:
        text = {"out": "周报 W48 ✓\n" * 5000, "err": "", "code": 0, "argv": ["\udcff"]}
        client.send_message(left, text)
        assert client.receive_message(right) == text
        left.close()
        assert client.receive_message(right) is None
