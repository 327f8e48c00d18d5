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
    env.update({"OPSTUI_DB": str(db), "OPSTUI_TODAY": BENCH_TODAY, "PYTHONDONTWRITEBYTECODE": "0"})
    return env


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

    opstui paints its first frame before it opens the data file (in a worker thread); the
    frame that first shows the day's tasks is measured too, and reported beside it.
    """
    probe = [sys.executable, str(HERE / "probe_tui.py")]
    ops_frame, bare_frame, ops_wall, bare_wall, ratios, rss = [], [], [], [], [], []
    data_frame, data_ratios = [], []
    for _ in range(rounds):
        wall_b, bare = _timed([*probe, "bare"], _env(db))
        wall_o, ops = _timed([*probe, "opstui", str(db)], _env(db))
        b, o = json.loads(bare.stdout.splitlines()[-1]), json.loads(ops.stdout.splitlines()[-1])
        bare_frame.append(b["first_frame_ms"])
        ops_frame.append(o["first_frame_ms"])
        bare_wall.append(wall_b)
        ops_wall.append(wall_o)
        ratios.append(o["first_frame_ms"] / b["first_frame_ms"])
        data_frame.append(o["data_frame_ms"])
        data_ratios.append(o["data_frame_ms"] / b["first_frame_ms"])
        rss.append(o["rss_kb"] / 1024)
    frame_target = {"1y": None, "10y": 2500.0}[name]
    return [
        Row(name, "TUI first frame: bare Textual app", "ms", bare_frame),
        Row(name, "TUI first frame: opstui", "ms", ops_frame, frame_target),
        Row(name, "TUI first frame: opstui / bare (pairwise)", "x", ratios,
            1.3 if name == "1y" else None),
        Row(name, "TUI first frame showing the day's data: opstui", "ms", data_frame),
        Row(name, "TUI first frame with data / bare (pairwise)", "x", data_ratios),
        Row(name, "TUI start to exit, headless: bare", "ms", bare_wall),
        Row(name, "TUI start to exit, headless: opstui", "ms", ops_wall),
        Row(name, "TUI peak memory (RSS)", "MiB", rss),
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


def cli_commands(name: str, db: Path, rounds: int) -> list[Row]:
    """Whole-process `opstui add` and `opstui done`, paired with `python -c "import opstui"`."""
    env = _env(db)
    imports, adds, dones = [], [], []
    target = 250.0 if name == "1y" else None
    for i in range(rounds):
        imports.append(_timed([sys.executable, "-c", "import opstui"], env)[0])
        elapsed, done = _timed([*OPSTUI, "add", f"bench 任务 {i}", "--priority", "P1",
                                "--due", "fri", "--estimate", "30m"], env)
        adds.append(elapsed)
        short_id = done.stdout.split()[0]
        dones.append(_timed([*OPSTUI, "done", short_id], env)[0])
    return [
        Row(name, 'python -c "import opstui" (reference)', "ms", imports),
        Row(name, "opstui add, whole process", "ms", adds, target),
        Row(name, "opstui done, whole process", "ms", dones, target),
    ]


def report_week(name: str, db: Path, rounds: int) -> list[Row]:
    """Whole-process `opstui report week`."""
    env = _env(db)
    check = subprocess.run([*OPSTUI, "report", "--help"], env=env, capture_output=True,
                           check=False)
    if check.returncode != 0:
        return [Row(name, "opstui report week, whole process", "ms", [],
                    note="not measured: this build has no `report` command")]
    samples = [_timed([*OPSTUI, "report", "week"], env)[0] for _ in range(rounds)]
    return [Row(name, "opstui report week, whole process", "ms", samples,
                400.0 if name == "1y" else None)]


def key_presses(name: str, db: Path, rounds: int) -> list[Row]:
    """Key press to updated screen in the running TUI (Pilot, in-process)."""
    from keys import measure_keys  # bench/keys.py: what each key does depends on the panes

    results: dict[str, list[float]] = asyncio.run(measure_keys(db, rounds))
    return [Row(name, f"key: {label}", "ms", samples,
                50.0 if name == "1y" and "reference" not in label else None,
                note="" if samples else "not measured: no such action in this build")
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
    first_frame, edit_saved, cli_commands, report_week, key_presses,
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
    started = time.perf_counter()
    per_pass = -(-args.rounds // min(args.passes, args.rounds))
    passes = -(-args.rounds // per_pass)
    rows = _merged(_run_passes(name, passes, per_pass) for name in sets)
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
