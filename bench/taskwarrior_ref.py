"""The Taskwarrior reference rows: ``task add``, ``task list``, ``task <id> modify`` on the
same 10,750 tasks, imported.

Only run when ``task`` is installed (Debian/Ubuntu: ``apt-get install taskwarrior``; the
rows in the README are Taskwarrior 2.6). The tasks of the ``1y`` set (hot file and archives) are
converted to Taskwarrior's JSON (done -> completed, cancelled -> deleted, the rest pending)
and imported into a throw-away TASKDATA folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).parent / "data" / "1y" / "opstui.json"
_STATUS = {"done": "completed", "cancelled": "deleted"}
_PRIORITY = {"P0": "H", "P1": "H", "P2": "M", "P3": "L"}


def _tw_time(iso: str) -> str:
    return iso.replace("-", "").replace(":", "").split(".")[0].ljust(15, "0")[:15] + "Z"


def _convert(task: dict[str, object]) -> dict[str, object]:
    created = str(task["created_at"])
    hexid = str(task["id"])
    out: dict[str, object] = {
        "uuid": f"{hexid[:8]}-{hexid[8:12]}-{hexid[12:16]}-{hexid[16:20]}-{hexid[20:]}",
        "description": task["title"],
        "status": _STATUS.get(str(task.get("status", "todo")), "pending"),
        "entry": _tw_time(created),
        "priority": _PRIORITY[str(task.get("priority", "P2"))],
    }
    if task.get("due"):
        out["due"] = _tw_time(f"{task['due']}T12:00:00")
    if out["status"] != "pending":
        out["end"] = _tw_time(str(task.get("done_at") or task.get("updated_at") or created))
    return out


def _all_tasks(data_dir: Path = DATA.parent) -> list[dict[str, object]]:
    docs: list[dict[str, object]] = []
    for path in sorted(data_dir.glob("opstui*.json")):
        docs += json.loads(path.read_text(encoding="utf-8")).get("tasks", {}).values()
    return docs


def prepare_taskwarrior(data_dir: Path = DATA.parent) -> dict[str, str]:
    """Import the tasks of ``data_dir`` into a fresh TASKDATA; return the environment to use."""
    folder = Path(tempfile.mkdtemp(prefix="opstui-bench-tw-"))
    rc = folder / "taskrc"
    rc.write_text(f"data.location={folder / 'data'}\nconfirmation=off\nverbose=nothing\n"
                  "recurrence=off\n")
    env = dict(os.environ, TASKRC=str(rc), TASKDATA=str(folder / "data"))
    (folder / "data").mkdir()
    payload = folder / "tasks.json"
    payload.write_text(json.dumps([_convert(t) for t in _all_tasks(data_dir)],
                                  ensure_ascii=False))
    subprocess.run(["task", "import", str(payload)], env=env, check=True, capture_output=True)
    return env


def measure_taskwarrior(task_bin: str, rounds: int) -> list[float]:
    """Import the 1y tasks into a fresh Taskwarrior and time ``task N modify`` ``rounds`` times."""
    env = prepare_taskwarrior()
    samples = []
    try:
        for n in range(1, rounds + 1):
            started = time.perf_counter()
            subprocess.run([task_bin, str(n), "modify", "+bench"], env=env, check=True,
                           capture_output=True)
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        shutil.rmtree(Path(env["TASKRC"]).parent, ignore_errors=True)
    return samples
