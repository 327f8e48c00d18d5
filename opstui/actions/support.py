"""Support actions (资源协调): ask a department for support on a task, and record the answer."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from opstui.actions.errors import ActionError, Outcome
from opstui.actions.unit import work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.store.repository import Repository

ANSWERS = ("confirmed", "refused")
"""What a department can answer."""


def request_support(repo: Repository, clock: Clock, task: str, department: str, what: str, *,
                    needed_by: date | None = None, contact: str | None = None,
                    source: str = "cli") -> Outcome:
    """Ask ``department`` for ``what`` on a task (``s``, ``opstui support request``).

    Args:
        task: The task's id or prefix.
        needed_by: When the support is needed (default: none given).
        contact: The person to ask.

    Raises:
        ActionError: The task is not found, or the department or what is empty.
    """
    from opstui.domain.models import ResourceRequest, Task

    if not department.strip():
        raise ActionError("say which department is asked", "department")
    if not what.strip():
        raise ActionError("say what is needed", "what")
    with work(repo, clock, "support request", source=source) as w:
        found = w.resolve(Task, task)
        request = w.add(ResourceRequest(
            task_id=found.id, department=department.strip(), what=what.strip(),
            needed_by=needed_by, contact=(contact or "").strip().removeprefix("@") or None))
        by = f" by {needed_by:%m-%d}" if needed_by else ""
        w.say(f"{request.short_id}  support requested from {request.department}: "
              f"{request.what}{by}  for {found.title}", request)
    return w.outcome


def answer_support(repo: Repository, clock: Clock, prefix: str, answer: str,
                   reason: str = "", *, source: str = "cli") -> Outcome:
    """Record a department's answer: ``confirmed``, or ``refused`` with the reason
    (``y`` / ``n``, ``opstui support confirm|refuse``).

    Raises:
        ActionError: Not found, an unknown answer, or a refusal without a reason.
    """
    from opstui.domain.models import ResourceRequest

    if answer not in ANSWERS:
        raise ActionError(f"answer confirmed or refused, not {answer!r}", "status")
    why = reason.strip()
    if answer == "refused" and not why:
        raise ActionError("say why it was refused", "reason")
    with work(repo, clock, f"support {answer}", source=source) as w:
        found = w.resolve(ResourceRequest, prefix)
        changes: dict[str, str] = {"status": answer}
        if why:
            changes["note"] = why
        request = w.update(ResourceRequest, found.id, **changes)
        said = f" ({why})" if why else ""
        w.say(f"{request.department}: {request.what} {answer}{said}", request)
    return w.outcome
