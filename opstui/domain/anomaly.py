"""Anomaly detection on a metric's readings: a rolling z-score and a percent change, both
direction-aware (a higher-is-better metric is flagged when it falls)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from opstui.domain.base import Direction
from opstui.domain.records import AnomalyRule


def change(new: float, old: float | None) -> tuple[float | None, float | None]:
    """The change from ``old`` to ``new``: (absolute, percent); percent is None from zero."""
    if old is None:
        return None, None
    delta = new - old
    return delta, (delta / abs(old) * 100 if old != 0 else None)


@dataclass(frozen=True)
class Verdict:
    """Whether one reading is an anomaly, and by which rule.

    ``judged`` is False when there were fewer earlier readings than the rule's window: no
    verdict, rather than a false alarm.
    """

    judged: bool
    anomalous: bool = False
    z: float | None = None
    """Distance from the window's mean, in its standard deviations (inf off a flat line)."""
    pct: float | None = None
    """Percent change against the previous reading."""
    reasons: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """``z -5.2 · -22.6% vs previous`` for the rules that fired, "" when none did."""
        return " · ".join(self.reasons)


NO_VERDICT = Verdict(judged=False)


def judge(before: Sequence[float], value: float, direction: Direction,
          rule: AnomalyRule) -> Verdict:
    """Judge ``value`` against the readings ``before`` it (oldest first).

    Two rules, both direction-aware (a higher-is-better metric is flagged when it falls, a
    lower-is-better one when it rises):

    - rolling z-score: ``value`` is ``rule.z_threshold`` or more standard deviations (of the
      last ``rule.window`` readings) away from their mean, on the bad side;
    - % change: ``value`` moved more than ``rule.pct_change`` percent from the previous
      reading, on the bad side (skipped when the rule has no percent or the previous is 0).

    Args:
        before: Earlier values, oldest first.
        value: The value judged.
        direction: Which way is better.
        rule: Window and thresholds.

    Returns:
        The verdict; not judged when fewer than ``rule.window`` readings came before.
    """
    if len(before) < rule.window:
        return NO_VERDICT
    window = before[-rule.window:]
    mean = math.fsum(window) / len(window)
    spread = statistics.stdev(window)
    sign = 1 if direction is Direction.DOWN else -1
    """+1: rises are bad; -1: falls are bad."""
    if spread > 0:
        z = (value - mean) / spread
    else:
        z = 0.0 if math.isclose(value, mean) else math.copysign(math.inf, value - mean)
    reasons: list[str] = []
    if z * sign >= rule.z_threshold:
        reasons.append("off a flat line" if math.isinf(z) else f"z {z:+.1f}")
    _, pct = change(value, before[-1])
    if rule.pct_change is not None and pct is not None and pct * sign > rule.pct_change:
        reasons.append(f"{pct:+.1f}% vs previous")
    return Verdict(True, bool(reasons), z, pct, tuple(reasons))


def verdicts(values: Sequence[float], direction: Direction, rule: AnomalyRule,
             last: int | None = None) -> list[Verdict]:
    """The verdict of every value (or of the ``last`` ones) against those before it."""
    start = 0 if last is None else max(0, len(values) - last)
    return [judge(values[:i], values[i], direction, rule) for i in range(start, len(values))]
