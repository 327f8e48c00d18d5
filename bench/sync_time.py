"""How long ``opstui sync`` takes for one change on the 1y data set (a real CLI process).

    python bench/generate.py 1y --out /tmp/b      # the data set (about 2 s)
    python bench/sync_time.py /tmp/b/1y            # copies it; never touches the original

Two replicas share a bare repository in a temporary folder: A starts with the 1y data, B
starts empty. Measured (median of ``--rounds``): A's first sync (pushes the year), B's first
sync (pulls it), then rounds of "one note added on A, ``opstui sync`` on A" (nothing to
merge) and "one note added on B, ``opstui sync`` on B" (merges A's change).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


CPU: list[float] = []
"""CPU seconds (user + system, the git processes included) of each ``run``: on a shared,
loaded machine the wall time mostly measures the others' load."""


def run(data_file: Path, *args: str) -> float:
    """Seconds one ``opstui`` command takes (a fresh process, as a user runs it)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), OPSTUI_DB=str(data_file))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "opstui", *args], env=env,
                          capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"opstui {' '.join(args)} failed: {done.stderr.strip()}")
    return took


def timed(data_file: Path, *args: str) -> tuple[float, float]:
    """Wall and CPU seconds of one ``opstui`` command."""
    wall = run(data_file, *args)
    return wall, CPU[-1]


def show(label: str, samples: list[tuple[float, float]]) -> None:
    wall = statistics.median(s[0] for s in samples)
    cpu = statistics.median(s[1] for s in samples)
    many = f" (median of {len(samples)})" if len(samples) > 1 else ""
    print(f"{label:36} {wall:6.2f} s wall {cpu:6.2f} s CPU{many}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="a folder made by bench/generate.py (1y)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="opstui-sync-bench-") as folder:
        tmp = Path(folder)
        remote = tmp / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
        shutil.copytree(args.data, tmp / "a", ignore=shutil.ignore_patterns("*.lock"))
        a, b = tmp / "a" / "opstui.json", tmp / "b" / "opstui.json"
        run(a, "sync", "setup", str(remote), "--as", "A")
        run(b, "sync", "setup", str(remote), "--as", "B")
        first_push = [timed(a, "sync")]
        first_pull = [timed(b, "sync")]
        task = subprocess.run(
            [sys.executable, "-m", "opstui", "--db", str(a), "tasks", "-s", "open", "--json"],
            env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True,
            check=True).stdout.split('"id": "', 1)[1][:8]
        quiet, merging, note = [], [], []
        for i in range(args.rounds):
            note.append(timed(a, "note", task, f"bench note A{i}"))
            quiet.append(timed(a, "sync"))
            run(b, "note", task, f"bench note B{i}")
            merging.append(timed(b, "sync"))
        records = tmp / "a" / "opstui.sync" / "records"
        size = sum(f.stat().st_size for f in records.rglob("*.jsonl"))
        data_mb = sum(f.stat().st_size for f in args.data.glob("*.json")) / 1e6
        print(f"data: {args.data} ({data_mb:.1f} MB in the data files; shared export "
              f"{size / 1e6:.1f} MB)")
        show("first sync, pushing the year", first_push)
        show("first sync of a new replica", first_pull)
        show("one note (opstui note), for scale", note)
        show("sync of one change, no merge", quiet)
        show("sync of one change + merging one", merging)
    return 0


if __name__ == "__main__":
    sys.exit(main())
