"""User text made safe to print: no terminal control sequences."""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters except tab and line feed: ESC (``\\x1bc`` resets a
terminal), BEL, carriage return (overwrites a line), backspace, NUL, CSI..."""


def strip_controls(text: str) -> str:
    """``text`` without control characters, keeping tabs and line breaks.

    Every CLI output passes through it (``opstui.cli`` wraps stdout and stderr), and report
    files written with ``--out`` are cleaned the same way, so a title typed with an escape
    sequence prints as plain text and cannot drive the terminal.
    """
    if text.isascii() and text.isprintable():
        return text
    return _CONTROLS.sub("", text)
