"""``opstui import --from taskwarrior|todotxt`` and ``opstui export --format csv|todotxt|ics``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from icalendar import Calendar

from opstui.domain.interchange.tables import COLUMNS
from opstui.domain.models import Meeting, Task
from opstui.store.repository import Repository

FIXTURE = Path(__file__).parent.parent / "fixtures" / "taskwarrior" / "task-2.6-export.json"
Runner = Any


def test_a_taskwarrior_export_is_found_and_imported_once(cli: Runner, data_file: Path) -> None:
    first = cli("import", str(FIXTURE))
    assert first.code == 0, first.err
    assert "(taskwarrior): recurrences: 2 added; tasks: 14 added; notes: 3 added" in first.out
    assert "project not kept" in first.err  # the weekly template's project: said, not hidden
    before = data_file.read_bytes()
    again = cli("import", str(FIXTURE), "--from", "taskwarrior")
    assert again.code == 0 and "tasks: 14 unchanged" in again.out
    assert data_file.read_bytes() == before


def test_a_dry_run_lists_the_changes_and_writes_nothing(cli: Runner, data_file: Path) -> None:
    done = cli("import", str(FIXTURE), "--dry-run")
    assert done.code == 0, done.err
    assert "would add task 237bcfd0 准备双十一活动方案 🎉" in done.out
    assert "would add note" in done.out and "nothing written" in done.out
    assert not data_file.exists()


def test_a_bad_file_is_one_line_exit_2_and_nothing_written(cli: Runner, data_file: Path,
                                                           tmp_path: Path) -> None:
    cli("import", str(FIXTURE))
    before = data_file.read_bytes()
    broken = tmp_path / "broken.json"
    items = json.loads(FIXTURE.read_text(encoding="utf-8"))
    items[-1]["due"] = "someday"
    broken.write_text(json.dumps(items), encoding="utf-8")
    done = cli("import", str(broken))
    assert done.code == 2
    assert done.err.count("\n") == 1 and "due 'someday' is not a time" in done.err
    assert "nothing was imported" in done.err
    binary = tmp_path / "tasks.txt"
    binary.write_bytes(b"\xff\xfe\x00junk")
    assert cli("import", str(binary)).code == 2
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    refused = cli("import", str(other))
    assert refused.code == 2 and "not an opstui export" in refused.err
    assert data_file.read_bytes() == before


def test_todotxt_goes_out_and_back_in_unchanged(cli: Runner, data_file: Path,
                                                tmp_path: Path) -> None:
    assert cli("import", str(FIXTURE)).code == 0
    out = tmp_path / "todo.txt"
    done = cli("export", "--format", "todotxt", "--out", str(out))
    assert done.code == 0 and "exported 14 tasks" in done.err
    assert "准备双十一活动方案 🎉 +活动.双十一 @campaign @中文 due:2026-12-05" in out.read_text()
    before = data_file.read_bytes()
    back = cli("import", str(out))
    assert back.code == 0 and "(todotxt): tasks: 14 unchanged" in back.out
    assert data_file.read_bytes() == before


def test_a_todotxt_file_comes_in(cli: Runner, data_file: Path, tmp_path: Path) -> None:
    todo = tmp_path / "todo.txt"
    todo.write_text("(A) 2026-11-01 写周报 +周报 @办公室 due:2026-11-30\n"
                    "x 2026-11-20 2026-11-02 call 老王 +launch\n", encoding="utf-8")
    assert cli("import", str(todo)).out.startswith(f"imported {todo} (todotxt): tasks: 2 added")
    tasks = {t.title: t for t in Repository(data_file).all(Task)}
    assert tasks["写周报"].priority.value == "P0" and tasks["call 老王"].status.value == "done"


def test_csv_export_opens_with_chinese_and_filters(cli: Runner, tmp_path: Path) -> None:
    cli("import", str(FIXTURE))
    out = tmp_path / "tasks.csv"
    done = cli("export", "--format", "csv", "--status", "open", "--from", "2026-12-01",
               "--to", "2026-12-05", "--out", str(out))
    assert done.code == 0, done.err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(COLUMNS) and {len(r) for r in rows} == {len(COLUMNS)}
    titles = sorted(r[1] for r in rows[1:])
    assert titles == ["Daily standup notes", "Daily standup notes", "Review landing page copy",
                      "Send weekly report to 老板", "准备双十一活动方案 🎉"]


def test_ics_export_has_tasks_and_meetings(cli: Runner, data_file: Path,
                                           tmp_path: Path) -> None:
    cli("import", str(FIXTURE))
    Repository(data_file).save(Meeting(day=date(2026, 12, 1), title="部门例会"))
    out = tmp_path / "opstui.ics"
    done = cli("export", "--format", "ics", "--out", str(out))
    assert done.code == 0 and "exported 14 tasks, 1 meeting" in done.err
    calendar = Calendar.from_ical(out.read_bytes())
    assert len(calendar.walk("VTODO")) == 14
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["部门例会"]


def test_export_refuses_what_it_cannot_do(cli: Runner, tmp_path: Path) -> None:
    refused = cli("export", "--format", "json", "--owner", "王芳")
    assert refused.code == 2 and "filters are for csv, todotxt and ics" in refused.err
    assert cli("export", "--format", "csv", "--from", "2026-12-05", "--to", "2026-12-01"
               ).code == 2
    existing = tmp_path / "x.csv"
    existing.write_text("mine")
    assert cli("export", "--format", "csv", "--out", str(existing)).code == 2
    assert existing.read_text() == "mine"


def test_json_export_and_import_still_go_through_opstuis_own_format(
        cli: Runner, data_file: Path, tmp_path: Path, env_for: Any) -> None:
    cli("import", str(FIXTURE))
    out = tmp_path / "all.json"
    assert cli("export", "--out", str(out)).code == 0
    assert json.loads(out.read_text())["format"] == "opstui-export"
    other = tmp_path / "other.json"
    env = env_for(other)
    done = subprocess.run([sys.executable, "-m", "opstui", "import", "-"], env=env,
                          input=out.read_bytes(), capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert b"imported stdin:" in done.stdout
    assert len(Repository(other).all(Task)) == 14
    before = other.read_bytes()
    dry = cli("import", str(out), "--dry-run", "--db", str(other))
    assert dry.code == 0 and "would add 0, update 0, leave" in dry.out
    assert other.read_bytes() == before
    fresh = tmp_path / "fresh.json"
    dry = cli("import", str(out), "--dry-run", "--db", str(fresh))
    assert "would add task " in dry.out and not fresh.exists()


def test_stdin_taskwarrior_in_a_real_process(tmp_path: Path, env_for: Any) -> None:
    data = tmp_path / "db.json"
    done = subprocess.run([sys.executable, "-m", "opstui", "import", "-", "--from",
                           "taskwarrior"], env=env_for(data), input=FIXTURE.read_bytes(),
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert len(Repository(data).all(Task)) == 14
