"""How much a team's sync repository grows over a simulated year of daily syncs.

    python bench/sync_growth.py                 # 3 replicas, 365 days (several minutes)
    python bench/sync_growth.py --days 30       # a quick look

Each working day the team adds the 1y benchmark set's daily share of work (40 tasks, 120
progress notes, 40 tasks finished, a plan), spread over the replicas; every replica then
syncs once (the real sync, in-process, against a bare repository in a temporary folder).
Finished tasks are archived weekly, as the TUI does. Printed: the remote's size on disk
each month (as pushed, and after ``git gc``, which GitLab's housekeeping runs), its commits,
and the growth per day.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from opstui.actions.sync import setup, sync
from opstui.domain.clock import Clock
from opstui.domain.models import DayPlan, ProgressNote, Task, TaskStatus
from opstui.store.repository import Repository

START = date(2026, 1, 1)
NAMES = ["林晓", "陈静", "Marco", "王磊", "Priya"]


def size(path: Path) -> int:
    """Bytes git stores in the repository ``path`` (loose objects and packs)."""
    report = subprocess.run(["git", "count-objects", "-v"], cwd=path, capture_output=True,
                            text=True, check=True).stdout
    fields = dict(line.split(": ") for line in report.splitlines())
    return 1024 * (int(fields["size"]) + int(fields["size-pack"]) + int(fields["size-garbage"]))


def work_day(repo: Repository, who: str, day: date, rng: random.Random, share: float) -> None:
    """One replica's share of a day's work, saved as the actions would leave it."""
    at = datetime.combine(day, time(10))
    tasks = [t for t in repo.all(Task) if t.is_open]
    new = [Task(title=f"{rng.choice(['整理', 'Draft', '复盘', 'Review'])} #{rng.randrange(10**6)}",
                owner=who, priority=rng.choice(["P0", "P1", "P2", "P3"]),
                due=day + timedelta(days=rng.randrange(1, 10)), created_at=at, updated_at=at)
           for _ in range(round(40 * share))]
    notes = [ProgressNote(task_id=t.id, at=at, text=f"跟进 {rng.randrange(10**6)}",
                          created_at=at, updated_at=at)
             for t in rng.choices(tasks or new, k=round(120 * share))]
    done = [t.evolve(status=TaskStatus.DONE, percent=100, done_at=at, updated_at=at,
                     reopen_status=t.status, reopen_percent=t.percent)
            for t in rng.sample(tasks, min(len(tasks), round(40 * share)))]
    records: list = [*new, *notes, *done]
    if who == NAMES[0]:
        records.append(DayPlan(day=day, task_ids=[t.id for t in new[:6]], created_at=at,
                               updated_at=at))
    repo.save_many(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--replicas", type=int, default=3, choices=range(1, 6))
    args = parser.parse_args(argv)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="opstui-growth-") as folder:
        tmp = Path(folder)
        remote = tmp / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
        subprocess.run(["git", "config", "gc.autoDetach", "false"], cwd=remote, check=True)
        repos = {}
        for who in NAMES[:args.replicas]:
            repos[who] = Repository(tmp / who / "opstui.json")
            setup(repos[who], Clock(datetime.combine(START, time(9))), str(remote), who)
        print(f"{args.replicas} replicas, {args.days} days; remote size as pushed / after gc")
        syncs = 0
        for offset in range(args.days):
            day = START + timedelta(days=offset)
            if day.weekday() < 5:
                for i, (who, repo) in enumerate(repos.items()):
                    work_day(repo, who, day, rng, 1 / args.replicas)
                    if day.weekday() == 4:
                        repo.archive_finished(day)
                    sync(repo, Clock(datetime.combine(day, time(18, i))))
                    syncs += 1
            last = offset == args.days - 1
            if (day + timedelta(days=1)).day == 1 or last:
                pushed = size(remote)
                subprocess.run(["git", "gc", "-q"], cwd=remote, check=True)
                print(f"{day}  {pushed / 1e6:7.2f} MB / {size(remote) / 1e6:6.2f} MB")
        commits = subprocess.run(["git", "rev-list", "--count", "main"], cwd=remote,
                                 capture_output=True, text=True, check=True).stdout.strip()
        gced = size(remote)
        first = next(iter(repos.values()))
        data = sum(p.stat().st_size for p in first.path.parent.glob("opstui*.json"))
        print(f"{syncs} syncs, {commits} commits; remote after gc {gced / 1e6:.2f} MB = "
              f"{gced / args.days / 1e3:.1f} KB per day; one replica's data files "
              f"{data / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
