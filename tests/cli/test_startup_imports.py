"""What a quick command loads: only the record classes and libraries it uses (issue 15).

Each module a command does not need is start-up time on every run (`bench/run.py` times the
whole processes); these tests keep them out without timing anything.
"""

from __future__ import annotations

import re

from tests.cli.conftest import Runner

NOT_FOR_A_TASK = {
    "opstui.domain.records",  # metrics, meetings, incidents, retros... (~10 % of `add`)
    "opstui.domain.people",  # assessments, feedback, findings
    "importlib.metadata",  # pydantic's plugin search (opstui uses no plugins)
}


def _imported(importtime_log: str) -> set[str]:
    """Module names from ``python -X importtime`` output."""
    return {line.split("|")[-1].strip() for line in importtime_log.splitlines()
            if line.startswith("import time:")}


def test_add_and_done_load_only_the_task_records(proc: Runner) -> None:
    added = proc("add", "quick capture", "--due", "fri", python_flags=("-X", "importtime"))
    assert added.code == 0, added.err
    assert re.fullmatch(r"[0-9a-f]{8}  due Fri 2026-11-27\n", added.out)
    loaded = _imported(added.err)
    assert "opstui.domain.models" in loaded  # the log is real: the task model was loaded
    assert not NOT_FOR_A_TASK & loaded

    done = proc("done", added.out.split()[0], python_flags=("-X", "importtime"))
    assert done.code == 0, done.err
    assert not NOT_FOR_A_TASK & _imported(done.err)
    listed = proc("tasks", "--status", "done")
    assert "quick capture" in listed.out


def test_a_command_that_uses_meetings_still_finds_them(proc: Runner) -> None:
    """The lazily imported records are there when a command asks for them."""
    result = proc("export", "--format", "json")
    assert result.code == 0, result.err
    assert '"meetings"' in result.out
