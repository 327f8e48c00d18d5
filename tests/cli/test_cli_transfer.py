"""``export`` and ``import``: a versioned document of every record, merged back safely."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from opstui.domain.models import (
    RECORD_TABLES,
    SCHEMA_VERSION,
    DayPlan,
    Goal,
    Metric,
    ProgressNote,
    Reading,
    Record,
    Settings,
    Task,
)
from opstui.store.repository import Repository
from opstui.store.transfer import (
    EXPORT_FORMAT,
    ImportResult,
    TransferError,
    export_data,
    import_data,
)

Runner = Callable[..., Any]


def _every_record(path: Path) -> dict[str, dict[str, Record]]:
    repo = Repository(path)
    out: dict[str, dict[str, Record]] = {}
    for name, cls in RECORD_TABLES.items():
        found = repo.all(cls)
        if cls in (Task, ProgressNote):
            found += repo.archived(cls)
        out[name] = {r.id: r for r in found}
    return out


def _fill(path: Path) -> None:
    repo = Repository(path)
    metric = Metric(key="dau", name="日活 DAU", unit="k", target=120)
    goal = Goal(title="DAU +20%", period="2026-Q4", metric_id=metric.id)
    task = Task(title="双11 活动复盘", goal_id=goal.id, due=date(2026, 11, 30), tags=["活动"])
    old = Task(title="old report", status="done", done_at=datetime(2026, 8, 3, 18))
    note = ProgressNote(task_id=old.id, at=old.created_at, text="sent", percent=100)
    repo.save_many([metric, goal, task, old, note,
                    Reading(metric_id=metric.id, day=date(2026, 11, 22), value=101.5),
                    DayPlan(day=date(2026, 11, 23), task_ids=[task.id])])
    repo.save_settings(Settings(lang="zh", capacity_hours=7))
    assert repo.archive_finished(date(2026, 11, 23)) == 1


def test_export_writes_every_table_archives_and_settings(cli: Runner, data_file: Path) -> None:
    _fill(data_file)
    result = cli("export")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["format"] == EXPORT_FORMAT
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["exported_at"].startswith("2026-11-23T")
    assert doc["settings"]["lang"] == "zh"
    assert set(doc["records"]) == set(RECORD_TABLES)
    assert sorted(t["title"] for t in doc["records"]["tasks"]) == ["old report", "双11 活动复盘"]
    assert [n["text"] for n in doc["records"]["notes"]] == ["sent"]
    assert "双11" in result.out  # Chinese is kept readable, not \u-escaped


def test_export_out_never_overwrites_without_force(
    cli: Runner, data_file: Path, tmp_path: Path
) -> None:
    _fill(data_file)
    out = tmp_path / "backup.json"
    out.write_text("precious")
    refused = cli("export", "--out", str(out))
    assert refused.code == 2
    assert refused.err == f"opstui: {out} already exists; use --force to overwrite it\n"
    assert out.read_text() == "precious"
    forced = cli("export", "--out", str(out), "--force")
    assert forced.code == 0
    assert json.loads(out.read_text())["format"] == EXPORT_FORMAT
    assert forced.out == ""
    assert "exported 2 tasks, 1 notes" in forced.err


def test_export_into_a_missing_folder_exits_2(cli: Runner, tmp_path: Path) -> None:
    result = cli("export", "--out", str(tmp_path / "nope" / "x.json"))
    assert result.code == 2
    assert "is not a folder" in result.err


def test_export_then_import_into_a_fresh_file_gives_identical_records_in_real_processes(
    proc: Runner, data_file: Path, tmp_path: Path
) -> None:
    _fill(data_file)
    out = tmp_path / "export.json"
    assert proc("export", "--out", str(out)).code == 0
    fresh = tmp_path / "fresh" / "opstui.json"
    result = proc("--db", str(fresh), "import", str(out))
    assert result.code == 0, result.err
    assert result.out == f"imported {out}: 7 added, 0 updated, 0 unchanged; settings updated\n"
    assert _every_record(fresh) == _every_record(data_file)
    # Settings live in the user's settings file now: the import wrote the exported ones there.
    from opstui.settings_file import default_config_file, load_settings

    assert load_settings(default_config_file()).settings == Repository(data_file).settings()


def test_import_twice_does_not_duplicate_in_a_real_process(
    proc: Runner, data_file: Path, tmp_path: Path
) -> None:
    _fill(data_file)
    out = tmp_path / "export.json"
    assert proc("export", "--out", str(out)).code == 0
    target = tmp_path / "target.json"
    assert proc("--db", str(target), "import", str(out)).code == 0
    again = proc("--db", str(target), "import", str(out))
    assert again.code == 0
    assert again.out == f"imported {out}: 0 added, 0 updated, 7 unchanged\n"
    records = _every_record(target)
    assert sum(len(v) for v in records.values()) == 7
    assert len(Repository(target).all(Task)) == 2  # the archived one came back hot, once


def test_import_with_an_invalid_record_writes_nothing_in_a_real_process(
    proc: Runner, data_file: Path, tmp_path: Path
) -> None:
    existing = Task(title="keep me")
    Repository(data_file).save(existing)
    before = data_file.read_bytes()
    good = Task(title="fine").model_dump(mode="json")
    bad = Task(title="bad").model_dump(mode="json") | {"priority": "P7"}
    doc = {"format": EXPORT_FORMAT, "schema_version": SCHEMA_VERSION,
           "records": {"tasks": [good, bad]}}
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    result = proc("import", str(path))
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert f"tasks record '{bad['id']}' is invalid: priority:" in result.err
    assert "nothing was imported" in result.err
    assert data_file.read_bytes() == before


@pytest.mark.parametrize(
    ("doc", "needle"),
    [
        ({"format": "taskwarrior", "schema_version": 1, "records": {}}, "not an opstui export"),
        ({"format": EXPORT_FORMAT, "schema_version": SCHEMA_VERSION + 1, "records": {}},
         "newer opstui"),
        ({"format": EXPORT_FORMAT, "schema_version": "one", "records": {}},
         "not a version number"),
        ({"format": EXPORT_FORMAT, "schema_version": 1, "records": {"todos": []}},
         "unknown table 'todos'"),
        ({"format": EXPORT_FORMAT, "schema_version": 1}, "no 'records'"),
        ([1, 2], "top level is not an object"),
    ],
)
def test_import_refuses_documents_it_cannot_read(
    cli: Runner, data_file: Path, tmp_path: Path, doc: Any, needle: str
) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    result = cli("import", str(path))
    assert result.code == 2
    assert needle in result.err
    assert result.err.count("\n") == 1
    assert not data_file.exists()


def test_import_of_a_missing_or_non_json_file_exits_2(cli: Runner, tmp_path: Path) -> None:
    missing = cli("import", str(tmp_path / "none.json"))
    assert missing.code == 2
    assert "no such file" in missing.err
    junk = tmp_path / "junk.json"
    junk.write_text("not json")
    result = cli("import", str(junk))
    assert result.code == 2
    assert f"{junk}: not valid JSON" in result.err


def test_import_reads_stdin(proc: Runner, data_file: Path) -> None:
    task = Task(title="from a pipe")
    doc = {"format": EXPORT_FORMAT, "schema_version": 1,
           "records": {"tasks": [task.model_dump(mode="json")]}}
    result = proc("import", "-", stdin=json.dumps(doc))
    assert result.code == 0, result.err
    assert Repository(data_file).get(Task, task.id) == task


def test_import_updates_changed_records_and_adds_new_ones(data_file: Path) -> None:
    repo = Repository(data_file)
    kept = repo.save(Task(title="kept"))
    changed = repo.save(Task(title="before"))
    doc = export_data(repo, now=datetime(2026, 11, 30, 9))
    new = Task(title="new")
    for record in doc["records"]["tasks"]:
        if record["id"] == changed.id:
            record["title"] = "after"
    doc["records"]["tasks"].append(new.model_dump(mode="json"))
    result = import_data(Repository(data_file), doc)
    assert result == ImportResult(added=1, updated=1, unchanged=1)
    after = {t.id: t.title for t in Repository(data_file).all(Task)}
    assert after == {kept.id: "kept", changed.id: "after", new.id: "new"}


def test_import_keeps_settings_when_asked(data_file: Path, tmp_path: Path) -> None:
    source = Repository(tmp_path / "source.json")
    source.save_settings(Settings(buffer_pct=40))
    doc = export_data(source, now=datetime(2026, 11, 30, 9))
    target = Repository(data_file)
    assert import_data(target, doc, keep_settings=True).settings_changed is False
    assert Repository(data_file).settings().buffer.mon == 20
    assert import_data(Repository(data_file), doc).settings_changed is True
    assert Repository(data_file).settings().buffer.mon == 40


def test_import_refuses_the_same_id_twice(data_file: Path) -> None:
    record = Task(title="twin").model_dump(mode="json")
    doc = {"format": EXPORT_FORMAT, "schema_version": 1, "records": {"tasks": [record, record]}}
    with pytest.raises(TransferError, match="appears twice"):
        import_data(Repository(data_file), doc)


def test_import_migrates_documents_from_older_schema_versions(data_file: Path) -> None:
    # Schema 0 records already have version-1 shape: the migration chain runs and keeps them.
    task = Task(title="from schema 0")
    doc = {"format": EXPORT_FORMAT, "schema_version": 0,
           "records": {"tasks": [task.model_dump(mode="json")]}}
    assert import_data(Repository(data_file), doc).added == 1
    assert Repository(data_file).get(Task, task.id) == task


def test_importing_and_updating_ten_thousand_tasks_is_fast(data_file: Path) -> None:
    import time

    tasks = [Task(title=f"任务 {i}", tags=["bulk"]) for i in range(10_000)]
    doc = {"format": EXPORT_FORMAT, "schema_version": 1,
           "records": {"tasks": [t.model_dump(mode="json") for t in tasks]}}
    started = time.perf_counter()
    assert import_data(Repository(data_file), doc).added == 10_000
    # Again, with every record changed: the update path must not be quadratic either.
    for record in doc["records"]["tasks"]:
        record["percent"] = 50
    assert import_data(Repository(data_file), doc).updated == 10_000
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"10k-task import took {elapsed:.1f}s"
    stored = Repository(data_file).all(Task)
    assert len(stored) == 10_000
    assert {t.percent for t in stored} == {50}
