"""The quick-add syntax: ``Title words !P1 @owner due:fri ~2h #tag plan:today``.

Tokens are separated by spaces and each is optional; every other word is the title.

- ``!P0`` .. ``!P3`` (or ``!0`` .. ``!3``): priority.
- ``@name``: owner; a name is letters (any script), digits, ``.``, ``_`` or ``-``.
- ``due:DATE`` and ``plan:DATE``: any date ``parse_date`` reads. A token cannot hold a
  space, so multi-word dates are written with ``-`` or ``_`` for the space:
  ``due:next-mon``, ``due:next_fri``, ``due:30_Nov``; ISO dates keep their dashes.
- ``~DURATION``: estimate (``~30m``, ``~1.5h``, ``~2h30m``).
- ``#tag``: a tag (repeatable).
- A word starting with ``\\`` is title text as typed without the backslash: ``\\#1``.

Errors carry the 1-based line and column of the bad token and the token itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from opstui.domain.dates import DateParseError, parse_date, parse_duration
from opstui.domain.errors import RuleError

_PRIORITY_RE = re.compile(r"^!(?:[pP])?([0-3])$")
_OWNER_RE = re.compile(r"^[\w.\-]{1,80}$")
_TAG_RE = re.compile(r"^[^\s#@!~]{1,80}$")
_TOKEN_RE = re.compile(r"\S+")


class QuickAddError(RuleError):
    """A bad token, with where it is: ``line 2, col 14: 'due:frday': not a date``."""

    def __init__(self, message: str, *, line: int | None = None, column: int = 1,
                 token: str = "") -> None:
        """Create the error.

        Args:
            message: What is wrong.
            line: The line of a text of several lines; None for a single line (a form
                field, the command line), whose message then names the token only: a
                ``line 1, col 1`` says nothing there.
            column: Where the token starts (1-based).
            token: The bad token ("" when the line as a whole is wrong).
        """
        self.message = message
        self.line = line
        self.column = column
        self.token = token
        parts = [f"line {line}, col {column}"] if line is not None else []
        if token:
            parts.append(repr(token))
        super().__init__(": ".join([*parts, message]))


@dataclass(frozen=True)
class QuickAdd:
    """What one quick-add line says."""

    title: str
    priority: str | None = None
    owner: str | None = None
    due: date | None = None
    estimate_minutes: int | None = None
    tags: tuple[str, ...] = field(default=())
    plan_day: date | None = None

    def task_fields(self) -> dict[str, Any]:
        """The Task fields set by the line (``plan_day`` is not a task field)."""
        fields: dict[str, Any] = {"title": self.title}
        for name in ("priority", "owner", "due", "estimate_minutes"):
            value = getattr(self, name)
            if value is not None:
                fields[name] = value
        if self.tags:
            fields["tags"] = list(self.tags)
        return fields

    def describe(self) -> str:
        """The tokens read, as a manager reads them: ``P1 · @林晓 · due Fri 11-27 · ~2h ·
        #report · plan Mon 11-23`` (empty when the line has no tokens)."""
        from opstui.domain.dates import format_duration

        parts = [self.priority or "", f"@{self.owner}" if self.owner else "",
                 f"due {self.due:%a %m-%d}" if self.due else "",
                 f"~{format_duration(self.estimate_minutes)}" if self.estimate_minutes else "",
                 " ".join(f"#{t}" for t in self.tags),
                 f"plan {self.plan_day:%a %m-%d}" if self.plan_day else ""]
        return " · ".join(p for p in parts if p)


def _date_value(text: str, today: date) -> date:
    """The date of a ``due:``/``plan:`` value (``next_mon`` and ``next-mon`` read as
    ``next mon``); a problem says what was wrong with the value as typed."""
    try:
        return parse_date(text, today)
    except DateParseError as first:
        spaced = text.replace("_", " ")
        if spaced == text and "-" in text:
            spaced = text.replace("-", " ")
        if spaced == text:
            raise
        try:
            return parse_date(spaced, today)
        except DateParseError:
            raise first from None  # not the respelled '2026 02 30' the user never typed


def _without_echo(problem: str, value: str) -> str:
    """``not a date: '2026-02-30' (…)`` → ``not a date (…)``: the token is named already."""
    return problem.replace(f": {value!r}", "", 1)


def parse_quick_add(text: str, today: date, *, line: int | None = None) -> QuickAdd:
    """Read one quick-add line.

    Args:
        text: The line as typed.
        today: The day relative dates count from.
        line: The line number used in errors (None: the text is a single line).

    Raises:
        QuickAddError: A token is bad, given twice, or the title is empty.
    """
    title: list[str] = []
    found: dict[str, Any] = {}
    tags: list[str] = []

    def once(name: str, value: Any, match: re.Match[str]) -> None:
        if name in found:
            raise QuickAddError(f"{name.replace('_', ' ')} given twice", line=line,
                                column=match.start() + 1, token=match.group())
        found[name] = value

    for match in _TOKEN_RE.finditer(text):
        token = match.group()
        column = match.start() + 1

        def bad(message: str, token: str = token, column: int = column) -> QuickAddError:
            return QuickAddError(message, line=line, column=column, token=token)

        low = token.lower()
        if token.startswith("\\") and len(token) > 1:
            title.append(token[1:])
        elif token.startswith("!"):
            prio = _PRIORITY_RE.match(token)
            if prio is None:
                raise bad("not a priority (use !P0, !P1, !P2 or !P3)")
            once("priority", f"P{prio.group(1)}", match)
        elif token.startswith("@"):
            name = token[1:]
            if not _OWNER_RE.match(name):
                raise bad("an owner is @ then a name of letters, digits, '.', '_' or '-'")
            once("owner", name, match)
        elif token.startswith("#"):
            tag = token[1:]
            if not _TAG_RE.match(tag):
                raise bad("a tag is # then a name (no spaces, #, @, ! or ~)")
            if tag not in tags:
                tags.append(tag)
        elif token.startswith("~"):
            if token[1:].startswith("-"):
                raise bad("an estimate must be more than zero")
            try:
                once("estimate_minutes", parse_duration(token[1:] or " "), match)
            except DateParseError as exc:
                raise bad(str(exc)) from None
        elif low.startswith(("due:", "plan:")):
            key, _, value = token.partition(":")
            name = "due" if key.lower() == "due" else "plan_day"
            if not value:
                raise bad(f"{key.lower()}: needs a date (e.g. {key.lower()}:fri)")
            try:
                once(name, _date_value(value, today), match)
            except DateParseError as exc:
                raise bad(_without_echo(str(exc), value)) from None
        else:
            title.append(token)
    if not title:
        raise QuickAddError("a task needs a title (words that are not tokens)", line=line,
                            column=1)
    joined = " ".join(title)
    if len(joined) > 500:
        raise QuickAddError("the title is longer than 500 characters", line=line, column=1)
    return QuickAdd(title=joined, tags=tuple(tags), **found)


def parse_lines(text: str, today: date) -> tuple[list[QuickAdd], list[QuickAddError]]:
    """Read several quick-add lines (blank lines are skipped).

    Returns:
        The parsed lines, and an error for each bad line (line numbers count every line,
        blank ones too). Callers save nothing unless the error list is empty.
    """
    parsed: list[QuickAdd] = []
    errors: list[QuickAddError] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            parsed.append(parse_quick_add(raw, today, line=number))
        except QuickAddError as exc:
            errors.append(exc)
    return parsed, errors


_FORM_OWNER_RE = re.compile(r"^[\w.\-·' ]{1,80}$")


def owner_problem(text: str) -> str | None:
    """Why ``text`` is not an owner name (None when it is fine; empty means no owner).

    Forms allow what quick-add allows plus spaces and ``·`` / ``'`` (``Anne-Marie O'Neil``).
    """
    name = text.strip().removeprefix("@")
    if not name:
        return None
    if not _FORM_OWNER_RE.match(name) or not any(c.isalnum() for c in name):
        return "a name is letters, digits, spaces, '.', '_', '-', '·' or \"'\" (at most 80)"
    return None
