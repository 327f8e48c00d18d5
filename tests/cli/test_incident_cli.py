"""``opstui incident add / escalate / resolve / list``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from opstui.domain.models import Incident
from opstui.store.repository import Repository

Runner = Callable[..., Any]


def test_add_escalate_resolve(cli: Runner, data_file: Path) -> None:
    cli("metric", "define", "dau")
    done = cli("incident", "add", "Payments", "down", "--severity", "s1", "--owner", "Bob",
               "--metric", "dau")
    assert done.code == 0 and "needs escalation" in done.out
    short = done.out.split()[0]
    assert "NOT ESCALATED" in cli("incident", "list").out
    up = cli("incident", "escalate", short, "--to", "赵明远", "--note", "call me",
             "--inform", "技术部")
    assert up.code == 0 and "escalated to 赵明远" in up.out
    incident = Repository(data_file).all(Incident)[0]
    assert [(e.to, e.note) for e in incident.escalations] == [("赵明远", "call me")]
    assert incident.departments_informed == ["技术部"] and not incident.needs_escalation
    assert incident.escalations[0].at.date().isoformat() == "2026-11-23"
    assert "escalated to 赵明远" in cli("incident", "list").out
    assert cli("incident", "resolve", short, "--cause", "cert", "--resolution", "").code == 2
    assert cli("incident", "resolve", short, "--cause", "cert",
               "--resolution", "renewed").code == 0
    assert cli("incident", "list").out.strip() == "no open incidents"
    listed = json.loads(cli("incident", "list", "--all", "--json").out)
    assert listed[0]["cause"] == "cert"
    again = cli("incident", "escalate", short, "--to", "Boss")
    assert again.code == 2 and "resolved" in again.err


def test_bad_input_is_one_line(cli: Runner) -> None:
    done = cli("incident", "add", "x", "--severity", "S5")
    assert done.code == 2 and "not a severity" in done.err
    assert cli("incident", "add", "x").code == 2  # severity is required
    done = cli("incident", "add", "x", "-s", "S2", "--metric", "nope")
    assert done.code == 2 and "known keys" in done.err
    done = cli("incident", "escalate", "beef", "--to", "A")
    assert done.code == 2 and "no incident" in done.err
