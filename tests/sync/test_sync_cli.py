"""``opstui sync``, ``sync setup``, ``sync status`` and ``tasks --mine`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opstui.cli import main


class Cli:
    """Runs ``opstui --db FILE ...`` in-process and keeps what it printed."""

    def __init__(self, data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data_file = data_file
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = main(["--db", str(self.data_file), *args])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture(autouse=True)
def pinned_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPSTUI_TODAY", "2026-11-30")
    monkeypatch.delenv("OPSTUI_DB", raising=False)
    monkeypatch.delenv("OPSTUI_DEBUG", raising=False)


def test_sync_before_setup_says_what_to_do(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    opstui = Cli(tmp_path / "opstui.json", capsys)
    code, _, err = opstui("sync")
    assert code == 1
    assert "opstui sync setup URL --as NAME" in err and "Traceback" not in err
    code, _, err = opstui("sync", "status")
    assert code == 2 and "not shared yet" in err


def test_setup_refuses_a_remote_it_cannot_read_and_leaves_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opstui = Cli(tmp_path / "opstui.json", capsys)
    code, _, err = opstui("sync", "setup", str(tmp_path / "nowhere.git"), "--as", "林晓")
    assert code == 2
    assert "nowhere.git" in err and "Traceback" not in err
    assert not (tmp_path / "opstui.sync").exists()
    code, _, err = opstui("sync", "setup", str(tmp_path / "x.git"))
    assert code == 2 and "--as NAME" in err
    code, _, err = opstui("sync", "setup", str(tmp_path / "x.git"), "--as", "../x")
    assert code == 2 and "cannot name a replica" in err


def test_a_team_of_two_syncs_and_sees_the_conflict_with_both_values(
        tmp_path: Path, remote: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lin = Cli(tmp_path / "lin" / "opstui.json", capsys)
    chen = Cli(tmp_path / "chen" / "opstui.json", capsys)
    assert lin("sync", "setup", str(remote), "--as", "林晓")[0] == 0
    assert chen("sync", "setup", str(remote), "--as", "陈静")[0] == 0
    task_id = lin("add", "Draft copy", "-o", "林晓")[1].split()[0]
    lin("add", "Chen's report", "-o", "陈静")
    assert lin("sync")[0] == 0
    code, out, _ = chen("sync")
    assert code == 0 and "2 records changed here" in out

    chen("edit", task_id, "--title", "Chen's title")
    lin("edit", task_id, "--title", "Lin's title")  # the later change
    chen("sync")
    code, out, _ = lin("sync")
    assert "1 conflict decided" in out
    assert "kept \"Lin's title\"" in out and "over \"Chen's title\"" in out
    chen("sync")
    assert "Lin's title" in chen("tasks")[1]

    code, out, _ = lin("sync", "status")
    assert code == 0
    assert "林晓" in out and "陈静" in out and "No local changes" in out
    assert "0 commit(s) ahead" in out
    assert "Lin's title" in out and "Chen's title" in out
    code, out, _ = lin("sync", "status", "--json")
    found = json.loads(out)
    assert [c["lost"] for c in found["conflicts"]] == ["Chen's title"]
    assert {name for name, _ in found["replicas"]} == {"林晓", "陈静"}

    lin("note", task_id, "follow up")
    assert "1 record changed here since the last sync" in lin("sync", "status")[1]

    code, out, _ = chen("tasks", "--mine")
    assert "Chen's report" in out and "Lin's title" not in out


def test_sync_help_loads_neither_pydantic_nor_git(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if not k.startswith("OPSTUI_") or k == "OPSTUI_SERVER"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "opstui", "sync",
                           "--help"], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "usage: opstui sync" in done.stdout
    loaded = {line.split("|")[-1].strip() for line in done.stderr.splitlines()}
    assert not {"pydantic", "orjson", "opstui.store.git_replica"} & loaded
