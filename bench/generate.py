"""Generate the benchmark data sets (``1y``, ``10y``) deterministically, through the real store.

    python bench/generate.py            # both sets into bench/data/
    python bench/generate.py 1y --out /tmp/b

A year is 10k tasks, 30k progress notes, 20 metrics x 365 daily readings, 250 meetings with
750 action items, 250 work logs, 50 retrospectives and a plan per working day; ``10y`` has
ten times the tasks and notes over ten years. The last day of the data is ``END``; the
benchmark pins "today" to it.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from opstui.domain.models import (
    DayPlan,
    Escalation,
    Goal,
    Incident,
    LogEntry,
    Meeting,
    Metric,
    ProgressNote,
    Reading,
    Record,
    ResourceRequest,
    Retrospective,
    Source,
    SourceKind,
    Task,
)
from opstui.store.repository import Repository

END = date(2026, 11, 20)
SETS = {"1y": 1, "10y": 10}
DATA_DIR = Path(__file__).parent / "data"
OWNERS = ["林晓", "陈静", "Marco", "王磊", "Priya", "张伟", "Sofia", "刘洋"]
TAGS = ["campaign", "content", "growth", "retention", "report", "research", "活动", "内容", "数据"]
DEPTS = ["技术部", "市场部", "法务", "设计部", "Sales", "Finance"]
VERBS = ["整理", "复盘", "上线", "Review", "Draft", "Analyse", "优化", "跟进", "Prepare", "对接"]
THINGS = ["双11活动方案", "用户留存报告", "push copy", "KOL名单", "landing page", "新手引导",
          "weekly KPI deck", "会员权益", "competitor scan", "内容排期", "A/B test plan", "社群运营"]
STATUS_OLD = ["done"] * 92 + ["cancelled"] * 5 + ["todo", "waiting", "blocked"]
STATUS_NEW = ["done"] * 40 + ["todo"] * 25 + ["doing"] * 20 + ["waiting"] * 8 + ["blocked"] * 7


def _id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, dtime(9 + rng.randrange(10), rng.randrange(60)))


def _task(rng: random.Random, day: date, end: date, **extra: object) -> Task:
    status = rng.choice(STATUS_OLD if (end - day).days > 30 else STATUS_NEW)
    created = _at(day, rng)
    due = day + timedelta(days=rng.randrange(0, 10)) if rng.random() < 0.8 else None
    done_at = created + timedelta(hours=rng.randrange(1, 96)) if status == "done" else None
    if done_at and done_at.date() > end:
        done_at = datetime.combine(end, dtime(18, 0))
    fields: dict[str, object] = {
        "id": _id(rng),
        "created_at": created,
        "updated_at": done_at or created,
        "title": f"{rng.choice(VERBS)} {rng.choice(THINGS)} #{rng.randrange(1000)}",
        "status": status,
        "status_reason": "等技术部排期" if status in ("waiting", "blocked") else "",
        "priority": rng.choice(["P0", "P1", "P1", "P2", "P2", "P2", "P3"]),
        "owner": rng.choice(OWNERS),
        "due": due,
        "estimate_minutes": rng.choice([None, 30, 60, 90, 120, 240]),
        "percent": 100 if status == "done" else rng.choice([0, 10, 30, 50, 80]),
        "tags": rng.sample(TAGS, rng.randrange(0, 3)),
        "done_at": done_at,
    }
    fields.update(extra)
    return Task.model_validate(fields)


def build(years: int, end: date = END, seed: int = 47) -> dict[str, list[Record]]:
    """Build the records of a data set covering ``years`` years up to ``end``."""
    rng = random.Random(seed + years)
    start = end - timedelta(days=365 * years - 1)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    out: dict[str, list[Record]] = {t: [] for t in ("tasks", "notes", "metrics", "readings",
                                                     "meetings", "logs", "retros", "plans",
                                                     "goals", "incidents", "resources")}
    metrics = [
        Metric(id=_id(rng), key=f"m{i:02d}", name=f"指标 {i}", unit="%" if i % 3 else "users",
               target=100.0 + i, direction="up" if i % 4 else "down")
        for i in range(20)
    ]
    out["metrics"] = list(metrics)
    for metric in metrics:
        level = 100.0 + metric.target if metric.target else 100.0
        for day in days[-365:]:
            level += rng.gauss(0, 1.5)
            out["readings"].append(Reading(id=_id(rng), metric_id=metric.id, day=day,
                                           value=round(level, 2), created_at=_at(day, rng)))
    goals = [Goal(id=_id(rng), title=f"Q{q} 目标 {i}", period=f"{end.year}-Q{q}",
                  owner=rng.choice(OWNERS), metric_id=metrics[i].id, baseline=100.0,
                  target=120.0) for q in range(1, 5) for i in range(3)]
    out["goals"] = goals
    tasks_total = 10_000 * years
    for i in range(tasks_total):
        day = days[min(len(days) - 1, int(i * len(days) / tasks_total))]
        goal = rng.choice(goals).id if rng.random() < 0.2 else None
        out["tasks"].append(_task(rng, day, end, goal_id=goal))
    tasks = out["tasks"]
    for i in range(3 * tasks_total):
        task = tasks[rng.randrange(len(tasks))]
        at = task.created_at + timedelta(hours=rng.randrange(1, 72))
        out["notes"].append(ProgressNote(id=_id(rng), task_id=task.id, created_at=at,
                                         updated_at=at, at=at, text=f"跟进: progress {i}",
                                         percent=rng.choice([None, 20, 50, 80])))
    working = [d for d in days[-365:] if d.weekday() < 5]
    for n, day in enumerate(working[-250:]):
        meeting_id = _id(rng)
        out["meetings"].append(Meeting(id=meeting_id, day=day, title=f"周会 / sync {n}",
                                       departments=rng.sample(DEPTS, 2), minutes="讨论进度\n" * 5,
                                       decisions=["推进方案 A", "Ship on Friday"]))
        for _ in range(3):
            tasks.append(_task(rng, day, end, source=Source(kind=SourceKind.MEETING,
                                                            ref=meeting_id)))
        out["logs"].append(LogEntry(
            id=_id(rng), day=day, summary=f"完成 {n} 项", highlights="上线",
            problems="接口延迟", solutions="与技术部对齐", tomorrow=["写周报", "复盘", "1:1"]))
    for n in range(50):
        day = working[-1 - n * 5]
        out["retros"].append(Retrospective(
            id=_id(rng), title=f"活动复盘 {n}", project=f"p{n % 7}", day=day,
            sections={"goal": "DAU +20%", "result": "+14%"}))
    open_tasks = [t for t in tasks if t.is_open]
    for day in working[-30:]:
        chosen = rng.sample(open_tasks, min(8, len(open_tasks)))
        out["plans"].append(DayPlan(id=_id(rng), day=day, task_ids=[t.id for t in chosen]))
    for task in rng.sample(open_tasks, min(40, len(open_tasks))):
        out["resources"].append(ResourceRequest(id=_id(rng), task_id=task.id,
                                                department=rng.choice(DEPTS), what="接口支持"))
    for n in range(30):
        opened = _at(days[-1 - n * 7], rng)
        out["incidents"].append(Incident(
            id=_id(rng), title=f"故障 {n}", severity=rng.choice(["S1", "S2", "S3", "S4"]),
            opened_at=opened, escalations=[Escalation(to="VP Ops", at=opened)] if n % 2 else [],
            resolved_at=opened + timedelta(hours=5) if n > 2 else None))
    _pin_stamps(out, start)
    return out


def _pin_stamps(out: dict[str, list[Record]], start: date) -> None:
    """Give records built without explicit timestamps fixed ones, so sets are reproducible."""
    for table, records in out.items():
        if table in ("tasks", "notes"):
            continue
        for record in records:
            when = getattr(record, "opened_at", None) or getattr(record, "day", None) or start
            if not isinstance(when, datetime):
                when = datetime.combine(when, dtime(9, 0))
            # Plain attribute writes: the values are valid datetimes and this skips validation.
            record.__dict__["created_at"] = record.__dict__["updated_at"] = when


def write(name: str, out_dir: Path) -> Path:
    """Write data set ``name`` into ``out_dir/name/opstui.json`` (replacing it) and archive."""
    target_dir = out_dir / name
    shutil.rmtree(target_dir, ignore_errors=True)
    target_dir.mkdir(parents=True)
    path = target_dir / "opstui.json"
    records = build(SETS[name])
    repo = Repository(path)
    everything = [r for batch in records.values() for r in batch]
    repo.save_many(everything)
    repo.archive_finished(END)
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: which sets to build and where."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", metavar="SET", help="1y and/or 10y (default: both)")
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    unknown = [s for s in args.sets if s not in SETS]
    if unknown:
        parser.error(f"unknown data set {unknown[0]!r}; choose from {', '.join(SETS)}")
    for name in args.sets or list(SETS):
        started = time.perf_counter()
        path = write(name, args.out)
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB"
                          for p in sorted(path.parent.glob("*.json")))
        print(f"{name}: {sizes} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
