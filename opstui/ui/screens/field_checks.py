"""The field checks forms share: required text, a date, a number (each shows what it read)."""

from __future__ import annotations

from datetime import date

from opstui.domain.dates import DateParseError, parse_date
from opstui.domain.metrics import NotANumber, parse_value
from opstui.ui.screens.field_form import Check, FormProblem


def required(what: str) -> Check:
    """Non-empty text; ``what`` names it in the problem (``a title is required``)."""
    return lambda text: (bool(text.strip()), "" if text.strip() else f"{what} is required")


def date_check(today: date, *, required: bool = False) -> Check:
    """A date as people type it (``fri``, ``+3d``, ``2026-11-30``); the date is shown back."""

    def check(text: str) -> tuple[bool, str]:
        if not text.strip():
            return (False, "a date is required") if required else (True, "")
        try:
            day = parse_date(text, today)
        except DateParseError as exc:
            return False, in_field(str(exc), text)
        return True, f"= {day:%a %Y-%m-%d}"

    return check


def in_field(message: str, typed: str) -> str:
    """A problem as said beside the field it is about: the user sees what they typed, so
    the echo (``not a date: '2026 02 30' (try …)``) goes (``not a date (try …)``)."""
    return message.replace(f": {typed.strip()!r}", "", 1)


def clip(text: str, cells: int = 70) -> str:
    """``text`` cut to ``cells`` terminal cells (Chinese counts two), ending in ``…`` when cut."""
    from rich.text import Text

    line = Text(text)
    line.truncate(cells, overflow="ellipsis")
    return line.plain


def number_check(*, required: bool = False) -> Check:
    """A finite number as typed (``117,600``, ``4.5%``); the number is shown back."""

    def check(text: str) -> tuple[bool, str]:
        if not text.strip():
            return (False, "a number is required") if required else (True, "")
        try:
            return True, f"= {parse_value(text):g}"
        except NotANumber as exc:
            return False, in_field(str(exc), text)

    return check


def form_date(text: str, today: date) -> date:
    """The date typed in a form field; a problem the form shows if it is not one."""
    try:
        return parse_date(text, today)
    except DateParseError as exc:
        raise FormProblem(str(exc)) from None
