"""``opstui add`` reads quick-add tokens in its title words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from opstui.domain.models import Task
from opstui.store.repository import Repository

Runner = Callable[..., Any]


def test_add_reads_every_token(cli: Runner, data_file: Path) -> None:
    result = cli("add", "写周报 !P1 @林晓 due:fri ~2h #report plan:today")
    assert result.code == 0, result.err
    short = result.out.split()[0]
    assert result.out.endswith("due Fri 2026-11-27  planned Mon 2026-11-23\n")
    repo = Repository(data_file)
    task = repo.resolve(Task, short)
    assert (task.title, task.priority.value, task.owner, task.due, task.estimate_minutes,
            task.tags) == ("写周报", "P1", "林晓", date(2026, 11, 27), 120, ["report"])
    plan = repo.plan_for(date(2026, 11, 23))
    assert plan is not None and plan.task_ids == [task.id]


def test_tokens_as_separate_words_and_with_options(cli: Runner, data_file: Path) -> None:
    result = cli("add", "Review", "copy", "due:next-mon", "#copy", "--tag", "legal")
    task = Repository(data_file).resolve(Task, result.out.split()[0])
    assert (task.title, task.due, task.tags) == ("Review copy", date(2026, 11, 30),
                                                 ["copy", "legal"])


@pytest.mark.parametrize(("args", "needle"), [
    (("Report due:frday",), "TITLE: col 8: 'due:frday': not a date"),
    (("Report ~-2h",), "TITLE: col 8: '~-2h': an estimate must be more than zero"),
    (("Report @",), "TITLE: col 8: '@': an owner is @ then a name"),
    (("Report !P1", "-p", "P2"), "--priority and a priority token"),
    (("Report plan:today", "--plan", "fri"), "--plan and a plan: token"),
])
def test_bad_tokens_exit_2_and_save_nothing(cli: Runner, data_file: Path,
                                            args: tuple[str, ...], needle: str) -> None:
    result = cli("add", *args)
    assert result.code == 2
    assert needle in result.err and len(result.err.splitlines()) == 1
    assert not data_file.exists() or Repository(data_file).all(Task) == []


def test_add_help_names_the_tokens(cli: Runner) -> None:
    shown = " ".join(cli("add", "--help").out.split())
    assert "quick-add tokens: !P1 @owner due:fri ~2h #tag plan:today" in shown
    assert "words are joined" not in shown
