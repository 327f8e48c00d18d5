"""The base of every refusal a domain rule makes."""

from __future__ import annotations


class RuleError(ValueError):
    """A rule refused a change or an input; the message says why in one line."""
