"""The quick-add syntax: tokens, titles and errors with their position."""

from __future__ import annotations

from datetime import date

import pytest

from opstui.domain.quickadd import QuickAdd, QuickAddError, parse_lines, parse_quick_add

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(("text", "expected"), [
    ("写周报 !P1 @林晓 due:fri ~2h #report plan:today",
     QuickAdd("写周报", "P1", "林晓", date(2026, 11, 27), 120, ("report",), TODAY)),
    ("Call legal", QuickAdd("Call legal")),
    ("!0 urgent fix", QuickAdd("urgent fix", priority="P0")),
    ("Review due:2026-11-30", QuickAdd("Review", due=date(2026, 11, 30))),
    ("Review due:next-mon", QuickAdd("Review", due=date(2026, 11, 30))),
    ("Review due:next_fri", QuickAdd("Review", due=date(2026, 12, 4))),
    ("Review due:+3d plan:tomorrow", QuickAdd("Review", due=date(2026, 11, 26),
                                              plan_day=date(2026, 11, 24))),
    ("Review due:30_Nov", QuickAdd("Review", due=date(2026, 11, 30))),
    ("Ship #a #b #a ~1h30m", QuickAdd("Ship", estimate_minutes=90, tags=("a", "b"))),
    ("Fix \\#1 bug", QuickAdd("Fix #1 bug")),
    ("@Marco.P Plan Q1", QuickAdd("Plan Q1", owner="Marco.P")),
    ("[red]x[/] DUE:fri", QuickAdd("[red]x[/]", due=date(2026, 11, 27))),
])
def test_tokens_and_title(text: str, expected: QuickAdd) -> None:
    assert parse_quick_add(text, TODAY) == expected


@pytest.mark.parametrize(("text", "column", "token", "says"), [
    ("Report due:frday", 8, "due:frday", "not a date"),
    ("Report !P7", 8, "!P7", "not a priority"),
    ("Report @", 8, "@", "owner"),
    ("Report @a/b", 8, "@a/b", "owner"),
    ("Report ~-2h", 8, "~-2h", "more than zero"),
    ("Report ~0m", 8, "~0m", "more than zero"),
    ("Report ~soon", 8, "~soon", "not a duration"),
    ("Report #", 8, "#", "tag"),
    ("Report due:", 8, "due:", "needs a date"),
    ("!P1 Report !P2", 12, "!P2", "given twice"),
    ("!P1 @ann due:fri", 1, "", "needs a title"),
    ("   ", 1, "", "needs a title"),
])
def test_errors_say_where(text: str, column: int, token: str, says: str) -> None:
    with pytest.raises(QuickAddError) as caught:
        parse_quick_add(text, TODAY, line=3)
    error = caught.value
    assert (error.line, error.column, error.token) == (3, column, token)
    assert says in str(error) and f"line 3, col {column}" in str(error)


def test_parse_lines_reports_every_bad_line_and_skips_blank_ones() -> None:
    text = "One !P1\n\nTwo due:someday\nThree ~-1h\nFour"
    parsed, errors = parse_lines(text, TODAY)
    assert [p.title for p in parsed] == ["One", "Four"]
    assert [(e.line, e.column) for e in errors] == [(3, 5), (4, 7)]


def test_task_fields_only_set_what_was_given() -> None:
    fields = parse_quick_add("Ship it @ann ~1h #x", TODAY).task_fields()
    assert fields == {"title": "Ship it", "owner": "ann", "estimate_minutes": 60, "tags": ["x"]}


@pytest.mark.parametrize(("text", "reads"), [
    ("写周报 !P1 @林晓 due:fri ~2h #report", "P1 · @林晓 · due Fri 11-27 · ~2h · #report"),
    ("Call vendor plan:today ~90m", "~1h30m · plan Mon 11-23"),
    ("Just a title", ""),
])
def test_describe_reads_like_a_manager_would(text: str, reads: str) -> None:
    assert parse_quick_add(text, date(2026, 11, 23)).describe() == reads


@pytest.mark.parametrize(("text", "says"), [
    # One line (a form field, the command line): the token is named, no "line 1, col 1".
    ("Report due:2026-02-30", "'due:2026-02-30': not a date (day is out of range for month)"),
    ("Report due:frday", "'due:frday': not a date (try today"),
    ("!P1 @ann", "a task needs a title"),
])
def test_a_single_line_error_names_the_token_only(text: str, says: str) -> None:
    with pytest.raises(QuickAddError) as caught:
        parse_quick_add(text, TODAY)
    message = str(caught.value)
    assert message.startswith(says), message
    assert "line 1" not in message and "2026 02 30" not in message
