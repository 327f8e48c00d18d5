"""Bad input at the command line: one line, exit 2, nothing written; restore; safe output."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from opstui.domain.models import SCHEMA_VERSION
from opstui.store.disk import backups_of

Runner = Callable[..., Any]
"""The ``cli`` fixture of tests/cli/conftest.py: run ``opstui ARGS`` in-process."""


def snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


@pytest.mark.parametrize("args", [
    ("metric", "add", "dau", "5", "--date", "0001-01-01"),
    ("report", "week", "--week", "0001-W01"),
    ("report", "week", "--week", "9999-W52"),
    ("report", "week", "--date", "9999-12-31"),
    ("report", "day", "--date", "9999-12-31"),
    ("report", "month", "--month", "0001-01"),
    ("goal", "add", "g", "--period", "9999-W52"),
    ("add", "far", "--due", "2200-01-01"),
    ("add", "early", "--due", "1899-12-31"),
], ids=lambda a: " ".join(a))
def test_dates_outside_the_accepted_years_are_refused_at_input(
        args: tuple[str, ...], cli: Runner, data_file: Path) -> None:
    cli("add", "something")
    before = snapshot(data_file)
    result = cli(*args)
    assert result.code == 2, result.err
    assert result.err.count("\n") == 1
    assert "outside the years opstui accepts (1900 to 2199)" in result.err
    assert snapshot(data_file) == before


def test_the_edges_of_the_accepted_years_work(cli: Runner) -> None:
    assert cli("add", "first", "--due", "1900-01-01").code == 0
    assert cli("add", "last", "--due", "2199-12-31").code == 0
    assert cli("report", "week", "--week", "2199-W52").code == 0
    assert cli("check").code == 0


@pytest.mark.parametrize("args", [
    ("add", "title \udcff bytes"),
    ("note", "abcd", "\udcff"),
    ("export", "--out", "a\0b"),
    ("add", "nul\0inside"),
], ids=["invalid utf-8 title", "invalid utf-8 note", "NUL in --out", "NUL in a title"])
def test_arguments_no_command_can_use_are_refused(args: tuple[str, ...], cli: Runner,
                                                 data_file: Path) -> None:
    cli("add", "something")
    before = snapshot(data_file)
    result = cli(*args)
    assert result.code == 2
    assert result.err.count("\n") == 1 and "unexpected" not in result.err
    assert "UTF-8" in result.err or "NUL" in result.err
    assert snapshot(data_file) == before


# -- import: nothing check would reject ---------------------------------------------------------

def export_doc(**records: list[dict[str, object]]) -> bytes:
    return orjson.dumps({"format": "opstui-export", "schema_version": SCHEMA_VERSION,
                         "records": records})


NOTE = {"id": "c" * 32, "task_id": "d" * 32, "at": "2026-11-20T10:00:00", "text": "orphan",
        "created_at": "2026-11-20T10:00:00", "updated_at": "2026-11-20T10:00:00"}


@pytest.mark.parametrize("records, says", [
    ({"notes": [NOTE]}, "refers to a missing task"),
    ({"readings": [{"id": "e" * 32, "metric_id": "f" * 32, "day": "2026-11-20",
                    "value": 1}]}, "refers to a missing metric"),
    ({"plans": [{"id": "1" * 32, "day": "2026-11-20"}, {"id": "2" * 32, "day": "2026-11-20"}]},
     "same day"),
    ({"metrics": [{"id": "3" * 32, "key": "dau", "name": "DAU"},
                  {"id": "4" * 32, "key": "dau", "name": "DAU 2"}]}, "same key"),
    ({"tasks": [{"title": "no id"}]}, "has no id"),
    ({"tasks": [{"id": "5" * 32, "title": "t", "due": "0001-01-01"}]}, "outside the years"),
], ids=["note of a missing task", "reading of a missing metric", "two plans one day",
        "two metrics one key", "no id", "year out of range"])
def test_import_refuses_what_check_would_reject(records: dict[str, list[dict[str, object]]],
                                                says: str, cli: Runner, data_file: Path,
                                                tmp_path: Path) -> None:
    cli("add", "something")
    before = snapshot(data_file)
    doc = tmp_path / "in.json"
    doc.write_bytes(export_doc(**records))
    result = cli("import", str(doc))
    assert result.code == 2, result.err
    assert says in result.err and "nothing was imported" in result.err
    assert snapshot(data_file) == before
    assert cli("check").code == 0


# -- reports: links, modes, control characters -------------------------------------------------

def test_report_out_never_follows_a_link(cli: Runner, tmp_path: Path) -> None:
    victim = tmp_path / "victim.md"
    victim.write_text("precious")
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    live = tmp_path / "live.md"
    live.symlink_to(victim)
    for target, force in ((dangling, ()), (live, ("--force",))):
        result = cli("report", "day", "--out", str(target), *force)
        assert result.code == 2 and "symbolic link" in result.err
    assert victim.read_text() == "precious"
    assert not (tmp_path / "nowhere.md").exists()


def test_report_files_are_private(cli: Runner, tmp_path: Path) -> None:
    out = tmp_path / "day.md"
    assert cli("report", "day", "--out", str(out)).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_control_characters_never_reach_the_terminal(cli: Runner, tmp_path: Path) -> None:
    evil = "reset\x1bc the \x07 terminal\x9b31m"
    added = cli("add", evil, "--plan", "today")
    assert added.code == 0
    short = added.out.split()[0]
    assert cli("done", short).code == 0
    for args in (("tasks",), ("report", "day"), ("report", "week", "--week", "this"), ("check",),
                 ("note", short, evil)):
        result = cli(*args)
        for char in "\x1b\x07\x9b":
            assert char not in result.out and char not in result.err, args
    out = tmp_path / "week.md"
    assert cli("report", "week", "--week", "this", "--out", str(out)).code == 0
    assert "\x1b" not in out.read_text() and "reset" in out.read_text()


# -- restore ---------------------------------------------------------------------------------


def test_restore_puts_the_newest_good_backup_back_and_can_be_taken_back(
        cli: Runner, data_file: Path) -> None:
    assert cli("add", "saved before the accident").code == 0
    from opstui.store.disk import make_backup

    make_backup(data_file)
    good = data_file.read_bytes()
    data_file.write_bytes(b"")  # the accident
    refused = cli("tasks")
    assert refused.code == 1 and "opstui restore" in refused.err

    listed = cli("restore", "--list")
    assert listed.code == 0 and "1 tasks" in listed.out

    result = cli("restore")
    assert result.code == 0, result.err
    assert data_file.read_bytes() == good
    assert "saved before the accident" in cli("tasks").out
    kept = [p for p in backups_of(data_file) if ".restore." in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == b""  # the emptied file, kept
    assert "unusable" in cli("restore", "--list").out


def test_restore_is_undone_by_restoring_its_own_backup(cli: Runner, data_file: Path) -> None:
    from opstui.store.disk import make_backup

    cli("add", "old state")
    old = make_backup(data_file)
    assert old is not None
    cli("add", "new state")
    newer = data_file.read_bytes()
    result = cli("restore", old.name)
    assert result.code == 0 and "takes this back" in result.out
    assert "new state" not in cli("tasks").out
    undo_name = result.out.split("opstui restore ")[1].split()[0]
    assert cli("restore", undo_name).code == 0
    assert data_file.read_bytes() == newer


def test_restore_without_backups_says_so(cli: Runner, data_file: Path) -> None:
    cli("add", "x")
    result = cli("restore")
    assert result.code == 2 and "has no backups" in result.err
    assert cli("restore", "nope").code == 2


def test_restore_refuses_a_read_only_data_file(cli: Runner, data_file: Path) -> None:
    from opstui.store.disk import make_backup

    cli("add", "x")
    make_backup(data_file)
    before = data_file.read_bytes()
    data_file.chmod(0o444)
    try:
        result = cli("restore")
        assert result.code == 1 and "read-only" in result.err
        assert data_file.read_bytes() == before
    finally:
        os.chmod(data_file, 0o644)


def test_a_tilde_naming_no_user_is_a_plain_path(cli: Runner, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("import", "~2h")
    assert result.code == 2 and "~2h: no such file" in result.err
    assert cli("--db", "~nosuchuser-x/d.json", "tasks").code == 0


def test_an_os_error_is_described_with_the_file_and_what_to_do(tmp_path: Path) -> None:
    import errno

    from opstui.cli import describe_error

    data_file = tmp_path / "opstui.json"
    code, message = describe_error(OSError(errno.ENOSPC, "No space left on device"), data_file)
    assert code == 1 and message.startswith(f"{data_file}: the disk holding")
    assert "Free some space" in message
    code, message = describe_error(
        IsADirectoryError(errno.EISDIR, "Is a directory", str(tmp_path)), data_file)
    assert message == (f"{tmp_path} is a folder, not a file. Name a data file with --db, or "
                       "move the folder away.")
