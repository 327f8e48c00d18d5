"""Measure opstui on the benchmark data sets and check the targets.

    python bench/generate.py          # once: writes bench/data/1y and bench/data/10y
    python bench/run.py               # both sets; table on stdout, JSON in bench/results.json
    python bench/run.py 1y --rounds 6 --passes 2

Each measurement runs several rounds; the table shows the median with min and max. Ratios
are measured pairwise (the two sides alternate within one round), because machines are noisy.
For the same reason the rounds are split into passes over all the measurements: a burst of
load on a shared machine (seen here: every whole-process time up by half for several
seconds) then spoils a few samples of each measurement, not every sample of one.
Data files are copied to a temporary folder first: the generated sets are never changed. Each
copy is saved once through the repository, so that, like a user's data file, it was last
written by opstui (a file changed by anything else is validated in full on its first open).
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).parent
DATA_DIR = HERE / "data"
BENCH_TODAY = "2026-11-20"
OPSTUI = [sys.executable, "-m", "opstui"]


@dataclass
class Row:
    """One measurement: samples in milliseconds (or KiB for memory) and its target."""

    data_set: str
    name: str
    unit: str
    samples: list[float]
    target: float | None = None
    """The median must be at most this (for ratios: the ratio's median)."""
    note: str = ""
    pairs: list[float] = field(default_factory=list)
    headline: bool = False
    """A row of the targets of issue 15: printed first."""

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def ok(self) -> bool | None:
        if self.target is None or not self.samples:
            return None
        return self.median <= self.target


def _copy_set(name: str) -> Path:
    source = DATA_DIR / name
    if not (source / "opstui.json").exists():
        sys.exit(f"bench: no data set {name!r}; run python bench/generate.py {name} first")
    target = Path(tempfile.mkdtemp(prefix=f"opstui-bench-{name}-"))
    for item in source.glob("*.json"):
        shutil.copy2(item, target / item.name)
    # A copy is a file opstui did not write, so its first open would validate every record
    # (as after a hand edit). A user's file was last written by opstui: make the copy so.
    from opstui.store.repository import Repository

    repo = Repository(target / "opstui.json")
    repo.save_settings(repo.settings())
    return target / "opstui.json"


def _env(db: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Any non-empty value (even "0") stops Python writing bytecode; then every run compiles
    # opstui from source (~50 ms), which an installed package never does.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Each command in its own process unless a measurement starts its own server.
    env.update({"OPSTUI_DB": str(db), "OPSTUI_TODAY": BENCH_TODAY, "OPSTUI_SERVER": "0"})
    return env


def _start_server(db: Path) -> dict[str, str]:
    """Start a command server of the benchmark's own; the environment that reaches it."""
    folder = tempfile.mkdtemp(prefix="opsb", dir="/tmp")
    env = {**_env(db), "OPSTUI_SERVER": "1", "OPSTUI_SERVER_DIR": folder}
    subprocess.Popen([sys.executable, "-m", "opstui.server"], env=env,
                     start_new_session=True)
    subprocess.run([sys.executable, "-m", "opstui.server", "--wait", "60"], env=env,
                   check=True)
    return env


def _stop_server(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "opstui.server", "--stop"], env=env, check=False)
    shutil.rmtree(env["OPSTUI_SERVER_DIR"], ignore_errors=True)


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed, done


# -- measurements ---------------------------------------------------------------------------
def first_frame(name: str, db: Path, rounds: int) -> list[Row]:
    """TUI cold start to first frame and whole process, paired with a bare Textual app.

    opstui paints its first frame before it opens the data file (in a worker thread). Each
    round starts it twice: with the opening picture the painter drew when the TUI last
    closed (``opstui.ui.opening_picture``: its first frame shows the day's data), and with
    none (a first start, or a start after another process changed the file), whose first
    frame with data is the one drawn from the data read.
    """
    probe = [sys.executable, str(HERE / "probe_tui.py")]
    pictures = Path(tempfile.mkdtemp(prefix="opstui-bench-pictures-"))
    subprocess.run([sys.executable, "-m", "opstui.ui.picture_painter", str(db), "--size",
                    "120x36", "--today", BENCH_TODAY, "--folder", str(pictures)],
                   env=_env(db), check=True)
    ops_frame, bare_frame, ops_wall, bare_wall, ratios, rss = [], [], [], [], [], []
    data_frame, data_ratios, plain_frame, plain_ratios, read_frame = [], [], [], [], []
    for _ in range(rounds):
        wall_b, bare = _timed([*probe, "bare"], _env(db))
        _, pictured = _timed([*probe, "opstui", str(db), str(pictures)], _env(db))
        wall_o, ops = _timed([*probe, "opstui", str(db)], _env(db))
        b, o = json.loads(bare.stdout.splitlines()[-1]), json.loads(ops.stdout.splitlines()[-1])
        p = json.loads(pictured.stdout.splitlines()[-1])
        if not p["pictured"]:
            raise RuntimeError("bench: the opening picture was not shown")
        bare_frame.append(b["first_frame_ms"])
        ops_frame.append(o["first_frame_ms"])
        bare_wall.append(wall_b)
        ops_wall.append(wall_o)
        ratios.append(o["first_frame_ms"] / b["first_frame_ms"])
        data_frame.append(p["data_frame_ms"])
        data_ratios.append(p["data_frame_ms"] / b["first_frame_ms"])
        read_frame.append(p["read_frame_ms"])
        plain_frame.append(o["data_frame_ms"])
        plain_ratios.append(o["data_frame_ms"] / b["first_frame_ms"])
        rss.append(max(o["rss_kb"], p["rss_kb"]) / 1024)
    shutil.rmtree(pictures, ignore_errors=True)
    frame_target = {"1y": None, "10y": 2500.0}[name]
    return [
        Row(name, "TUI first frame: bare Textual app", "ms", bare_frame),
        Row(name, "TUI first frame: opstui, no opening picture", "ms", ops_frame,
            frame_target),
        Row(name, "TUI first frame: opstui, no picture / bare (pairwise, reference)", "x",
            ratios),
        Row(name, "TUI first frame showing the day's data (opening picture): opstui", "ms",
            data_frame),
        Row(name, "TUI first frame with data (opening picture) / bare (pairwise)", "x",
            data_ratios, 1.5 if name == "1y" else 2.0, headline=True),
        Row(name, "TUI first frame drawn from the data read, after the picture", "ms",
            read_frame),
        Row(name, "TUI first frame showing the day's data, no picture: opstui", "ms",
            plain_frame),
        Row(name, "TUI first frame with data, no picture / bare (pairwise, reference)", "x",
            plain_ratios),
        Row(name, "TUI start to exit, headless: bare", "ms", bare_wall),
        Row(name, "TUI start to exit, headless: opstui, no picture", "ms", ops_wall),
        Row(name, "TUI peak memory (RSS)", "MiB", rss, None if name == "1y" else 100.0,
            headline=name != "1y"),
    ]


def edit_saved(name: str, db: Path, rounds: int) -> list[Row]:
    """Mark a task done through the repository (atomic write + fsync), in-process."""
    from opstui.domain.models import Task
    from opstui.store.repository import Repository

    repo = Repository(db)
    open_tasks = [t for t in repo.all(Task) if t.is_open]
    now = datetime(2026, 11, 20, 17, 0)
    samples = []
    for task in open_tasks[: rounds * 4]:
        started = time.perf_counter()
        repo.save(task.evolve(status="done", done_at=now, percent=100))
        samples.append((time.perf_counter() - started) * 1000)
    return [Row(name, "one edit saved (task done), in-process", "ms", samples,
                15.0 if name == "1y" else 150.0)]


_TASKWARRIOR_ENV: dict[str, dict[str, str]] = {}


def _taskwarrior_env(name: str) -> dict[str, str] | None:
    """A throw-away Taskwarrior holding the tasks of set ``name``, or None without ``task``."""
    if shutil.which("task") is None or name != "1y":
        return None
    if name not in _TASKWARRIOR_ENV:
        from taskwarrior_ref import prepare_taskwarrior

        env = _TASKWARRIOR_ENV[name] = prepare_taskwarrior(DATA_DIR / name)
        atexit.register(shutil.rmtree, Path(env["TASKRC"]).parent, ignore_errors=True)
    return _TASKWARRIOR_ENV[name]


def cli_commands(name: str, db: Path, rounds: int) -> list[Row]:
    """Whole-process commands, each round alternating with its references.

    References: ``python -c pass`` (the floor of any Python program), a 15-line script that
    adds a task to a copy of the hot file with orjson and writes it back atomically
    (``bench/floor_add.py``), and Taskwarrior's ``task add`` and ``task list`` on the same
    tasks when ``task`` is installed. Ratios are taken within a round.

    ``opstui`` runs as a user's shell runs it: with a command server of its own
    (``opstui.server``), started before the first round, as the first command of a session
    starts one. The same commands without a server (``OPSTUI_SERVER=0``: the first command of
    a session, or with the server turned off) are measured beside them, on a copy of their
    own (a file changed by another process is re-read by the server: that is measured by the
    "after another process's change" row).
    """
    cold_db = _copy_set(name)  # a copy of its own: its changes do not reach the server's
    env = _start_server(db)
    try:
        return _cli_rounds(name, db, rounds, env, _env(cold_db))
    finally:
        _stop_server(env)
        shutil.rmtree(cold_db.parent, ignore_errors=True)


def _cli_rounds(name: str, db: Path, rounds: int, env: dict[str, str], cold: dict[str, str]
                ) -> list[Row]:
    floor_db = db.with_name("floor.json")
    shutil.copy2(db, floor_db)
    tw_env = _taskwarrior_env(name)
    s: dict[str, list[float]] = {key: [] for key in (
        "pass", "import", "add", "done", "tasks", "plan", "report", "floor", "tw_add", "tw_list",
        "add_cold", "done_cold", "tasks_cold", "report_cold", "add_after")}
    r: dict[str, list[float]] = {key: [] for key in (
        "add/pass", "done/pass", "report/pass", "add/floor", "add/tw_add", "tasks/tw_list",
        "plan/tw_list")}
    for i in range(rounds):
        s["pass"].append(_timed([sys.executable, "-c", "pass"], env)[0])
        s["import"].append(_timed([sys.executable, "-c", "import opstui"], env)[0])
        elapsed, done = _timed([*OPSTUI, "add", f"bench 任务 {i}", "--priority", "P1",
                                "--due", "fri", "--estimate", "30m"], env)
        s["add"].append(elapsed)
        short_id = done.stdout.split()[0]
        s["done"].append(_timed([*OPSTUI, "done", short_id], env)[0])
        s["tasks"].append(_timed([*OPSTUI, "tasks"], env)[0])
        s["plan"].append(_timed([*OPSTUI, "plan"], env)[0])
        s["report"].append(_timed([*OPSTUI, "report", "week"], env)[0])
        elapsed, done = _timed([*OPSTUI, "add", f"cold 任务 {i}", "--priority", "P1",
                                "--due", "fri", "--estimate", "30m"], cold)
        s["add_cold"].append(elapsed)
        s["done_cold"].append(_timed([*OPSTUI, "done", done.stdout.split()[0]], cold)[0])
        s["tasks_cold"].append(_timed([*OPSTUI, "tasks"], cold)[0])
        s["report_cold"].append(_timed([*OPSTUI, "report", "week"], cold)[0])
        # Another process (the TUI, a sync) changes the server's file; the server re-reads it.
        _timed([*OPSTUI, "add", f"outside {i}"], {**env, "OPSTUI_SERVER": "0"})
        s["add_after"].append(_timed([*OPSTUI, "add", f"after {i}"], env)[0])
        s["floor"].append(_timed([sys.executable, str(HERE / "floor_add.py"), str(floor_db),
                                  f"bench {i}"], env)[0])
        for key in ("add", "done", "report"):
            r[f"{key}/pass"].append(s[key][-1] / s["pass"][-1])
        r["add/floor"].append(s["add"][-1] / s["floor"][-1])
        if tw_env is not None:
            s["tw_add"].append(_timed(["task", "add", f"bench {i}"], tw_env)[0])
            s["tw_list"].append(_timed(["task", "list"], tw_env)[0])
            r["add/tw_add"].append(s["add"][-1] / s["tw_add"][-1])
            r["tasks/tw_list"].append(s["tasks"][-1] / s["tw_list"][-1])
            r["plan/tw_list"].append(s["plan"][-1] / s["tw_list"][-1])
    one_year = name == "1y"
    no_task = "not measured: Taskwarrior (`task`) is not installed" if one_year else ""
    rows = [
        Row(name, "opstui add / python -c pass (pairwise)", "x", r["add/pass"],
            3.0 if one_year else 4.0, headline=True),
        Row(name, "opstui done / python -c pass (pairwise)", "x", r["done/pass"],
            3.0 if one_year else None, headline=True),
        Row(name, "opstui report week / python -c pass (pairwise)", "x", r["report/pass"],
            4.0 if one_year else None, headline=True),
        Row(name, "opstui add / orjson floor script (pairwise)", "x", r["add/floor"],
            headline=True),
    ]
    if one_year:
        rows += [
            Row(name, "opstui add / Taskwarrior `task add` (pairwise)", "x", r["add/tw_add"],
                headline=True, note=no_task),
            Row(name, "opstui tasks / Taskwarrior `task list` (pairwise)", "x",
                r["tasks/tw_list"], 1.0, headline=True, note=no_task),
            Row(name, "opstui plan / Taskwarrior `task list` (pairwise)", "x",
                r["plan/tw_list"], 1.0, headline=True, note=no_task),
            Row(name, "Taskwarrior `task add` (reference)", "ms", s["tw_add"], note=no_task),
            Row(name, "Taskwarrior `task list` (reference)", "ms", s["tw_list"], note=no_task),
        ]
    target = 250.0 if one_year else None
    return [
        *rows,
        Row(name, "python -c pass (reference)", "ms", s["pass"]),
        Row(name, 'python -c "import opstui" (reference)', "ms", s["import"]),
        Row(name, "orjson floor script: load, add, write atomically (reference)", "ms",
            s["floor"]),
        Row(name, "opstui add, whole process", "ms", s["add"], target),
        Row(name, "opstui done, whole process", "ms", s["done"], target),
        Row(name, "opstui tasks, whole process", "ms", s["tasks"]),
        Row(name, "opstui plan, whole process", "ms", s["plan"]),
        Row(name, "opstui report week, whole process", "ms", s["report"],
            400.0 if one_year else None),
        Row(name, "opstui add, no server (OPSTUI_SERVER=0)", "ms", s["add_cold"]),
        Row(name, "opstui done, no server (OPSTUI_SERVER=0)", "ms", s["done_cold"]),
        Row(name, "opstui tasks, no server (OPSTUI_SERVER=0)", "ms", s["tasks_cold"]),
        Row(name, "opstui report week, no server (OPSTUI_SERVER=0)", "ms", s["report_cold"]),
        Row(name, "opstui add, after another process changed the file", "ms",
            s["add_after"]),
    ]


def key_presses(name: str, db: Path, rounds: int) -> list[Row]:
    """Key press to updated screen in the running TUI (Pilot, in-process)."""
    from keys import measure_keys  # bench/keys.py: what each key does depends on the panes

    results: dict[str, list[float]] = asyncio.run(measure_keys(db, rounds))
    return [Row(name, f"key: {label}", "ms", samples,
                50.0 if "reference" not in label and (name == "1y" or "done" in label)
                else None,
                note="" if samples else "not measured: no such action in this build",
                headline=name == "10y" and "done" in label)
            for label, samples in results.items()]


def taskwarrior(name: str, rounds: int) -> list[Row]:
    """`task <id> modify` on 10k imported tasks, as a reference, if Taskwarrior is here."""
    if name != "1y":
        return []
    task = shutil.which("task")
    if task is None:
        return [Row(name, "Taskwarrior `task <id> modify` (reference)", "ms", [],
                    note="skipped: Taskwarrior (`task`) is not installed")]
    from taskwarrior_ref import measure_taskwarrior

    return [Row(name, "Taskwarrior `task <id> modify` (reference)", "ms",
                measure_taskwarrior(task, rounds))]


MEASUREMENTS: list[Callable[[str, Path, int], list[Row]]] = [
    first_frame, edit_saved, cli_commands, key_presses,
]


def print_table(rows: list[Row]) -> None:
    """The results as a Markdown table."""
    print("| set | measurement | median | min | max | target | ok |")
    print("|---|---|---:|---:|---:|---:|:-:|")
    for row in rows:
        if not row.samples:
            print(f"| {row.data_set} | {row.name} | – | – | – | – | {row.note} |")
            continue
        def fmt(value: float, unit: str = row.unit) -> str:
            return f"{value:.2f}{unit}" if unit == "x" else f"{value:.1f} {unit}"

        target = fmt(row.target) if row.target is not None else ""
        ok = {True: "yes", False: "**NO**", None: ""}[row.ok]
        print(f"| {row.data_set} | {row.name} | {fmt(row.median)} | {fmt(min(row.samples))} "
              f"| {fmt(max(row.samples))} | {target} | {ok} |")


def _run_passes(name: str, passes: int, per_pass: int) -> list[Row]:
    """Every measurement of data set ``name``, ``per_pass`` rounds at a time, ``passes`` times.

    The key presses are the exception: all their rounds run in one TUI (in the first pass),
    so that, as in a user's session, only the first opening of a pane or form is cold.
    """
    rows: list[Row] = []
    for number in range(passes):
        for measure in MEASUREMENTS:
            if measure is key_presses and number:
                continue  # one running TUI for all its rounds, as a user's session
            rounds = passes * per_pass if measure is key_presses else per_pass
            db = _copy_set(name)
            try:
                rows += measure(name, db, rounds)
            finally:
                shutil.rmtree(db.parent, ignore_errors=True)
        rows += taskwarrior(name, per_pass)
    return rows


def _merged(batches: Iterable[list[Row]]) -> list[Row]:
    """The rows of all passes, one per measurement (samples joined), in first-seen order."""
    merged: dict[tuple[str, str], Row] = {}
    for batch in batches:
        for row in batch:
            kept = merged.setdefault((row.data_set, row.name), row)
            if kept is not row:
                kept.samples += row.samples
                kept.pairs += row.pairs
    return list(merged.values())


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", metavar="SET", help="1y and/or 10y (default: both)")
    parser.add_argument("--rounds", type=int, default=9, help="samples of each measurement")
    parser.add_argument("--passes", type=int, default=3,
                        help="split the rounds into this many passes over all measurements")
    parser.add_argument("--json", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.passes < 1:
        parser.error("--rounds and --passes must be at least 1")
    sets = args.sets or ["1y", "10y"]
    sys.path.insert(0, str(HERE))
    import compileall

    compileall.compile_dir(HERE.parent / "opstui", quiet=1)  # as an installed package is
    started = time.perf_counter()
    per_pass = -(-args.rounds // min(args.passes, args.rounds))
    passes = -(-args.rounds // per_pass)
    rows = _merged(_run_passes(name, passes, per_pass) for name in sets)
    rows.sort(key=lambda row: not row.headline)  # stable: the targets of issue 15 first
    print_table(rows)
    took = time.perf_counter() - started
    print(f"\n{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{passes * per_pass} rounds in {passes} passes; took {took:.0f} s")
    args.json.write_text(json.dumps({"rounds": passes * per_pass, "passes": passes,
                                     "seconds": took,
                                     "rows": [asdict(r) | {"median": r.median} for r in rows]},
                                    indent=1, ensure_ascii=False))
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
