"""MetricBoard: one row per metric with latest, target, change, sparkline and status."""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from opstui.domain.metrics import (
    SPARK_BLOCKS,
    SPARK_LENGTH,
    BoardRow,
    MetricStatus,
    format_number,
)
from opstui.ui.widgets.scrolling import QuietScrollbars

STATUS_STYLE = {
    MetricStatus.OK: "bold green",
    MetricStatus.WARN: "bold yellow",
    MetricStatus.ALERT: "bold red",
    MetricStatus.NONE: "dim",
}
COLUMNS = ("Metric", "Latest", "Target", "Status", "±prev", "±week", "Anomaly", "Last 30")
"""Headings in order: names and values first, the sparkline last (it shrinks when narrow)."""
FIXED = {"Status": 10, "±prev": 7, "±week": 7, "Anomaly": 7}
"""Widths of the columns whose content has a known size (``alert 104%``, ``+12.5%``)."""
PADDING = 2
"""Cells of padding DataTable draws around every column."""
MIN_NAME = 12
"""Names keep at least this many cells (when longer) before other columns give way."""
MIN_SPARK = 4
"""A sparkline narrower than this is left out."""


def layout(width: int, names: Sequence[int], latest: Sequence[int], targets: Sequence[int]
           ) -> dict[str, int]:
    """The columns to show and their widths, for a board ``width`` cells wide.

    Names, latest values and targets get what their longest content needs; the sparkline
    gets what is left (up to 30 readings). When narrow, the sparkline goes first, then the
    week-on-week change, so that names (at least 12 cells), values, Target, status and the
    day-on-day change stay on screen at 80 columns; names give way last.

    Args:
        width: Cells available to the table.
        names: Cell widths of the metric names.
        latest: Cell widths of the latest values.
        targets: Cell widths of the targets.

    Returns:
        Width by heading, in ``COLUMNS`` order, for the columns shown.
    """
    widths = dict(FIXED)
    widths["Latest"] = max([6, *latest])
    widths["Target"] = max([6, *targets])
    want = max([8, *names])
    # Cells left for the name and the sparkline, both shown.
    room = width - sum(widths.values()) - PADDING * (len(widths) + 2) - 1
    name = min(want, room - MIN_SPARK)
    if name >= min(want, MIN_NAME):
        widths["Metric"] = name
        widths["Last 30"] = min(SPARK_LENGTH, room - name)
    else:
        room += PADDING  # no sparkline
        if room < min(want, MIN_NAME):
            room += widths.pop("±week") + PADDING
        widths["Metric"] = max(1, min(want, room))
    return {label: widths[label] for label in COLUMNS if label in widths}


def spark_text(row: BoardRow, width: int | None = None) -> Text:
    """The sparkline of the last readings (the newest ``width`` when given); anomalies red."""
    values = row.spark
    flags = row.spark_flags
    if width is not None and len(values) > width:
        values, flags = values[-width:], flags[-width:]
    text = Text(no_wrap=True)
    if not values:
        return text
    low, high = min(values), max(values)
    top = len(SPARK_BLOCKS) - 1
    for value, flagged in zip(values, flags, strict=False):
        level = 3 if high == low else round((value - low) / (high - low) * top)
        text.append(SPARK_BLOCKS[level], style="bold red" if flagged else "cyan")
    return text


def anomaly_text(row: BoardRow) -> Text:
    """The newest anomaly among the shown readings: its day, and ! until someone looks."""
    if row.verdict.anomalous:
        return Text("NOW !", style="bold red")
    if not row.anomalies:
        if row.latest is not None and not row.verdict.judged:
            return Text("too few", style="dim")
        return Text("")
    anomaly = row.anomalies[0]
    if anomaly.investigated:
        return Text(f"{anomaly.reading.day:%m-%d} ✓", style="yellow")
    return Text(f"{anomaly.reading.day:%m-%d} !", style="bold red")


def short_change(delta: float | None, pct: float | None) -> str:
    """``+1.5%`` (or the absolute change when there is no percent); ``-`` for none."""
    if delta is None:
        return "-"
    return f"{pct:+.1f}%" if pct is not None else f"{delta:+.3g}"


def pct_shown(pct: float) -> str:
    """``94%``: rounded away from 100, so 94.99% short of a 5% warn band never reads 95%."""
    whole = math.floor(pct) if pct < 100 else math.ceil(pct)
    return f"{whole}%"


def status_text(row: BoardRow) -> Text:
    """``alert 89%``: the status with the latest value as a percentage of the target."""
    pct = f" {pct_shown(row.pct_of_target)}" if row.pct_of_target is not None else ""
    return Text(f"{row.status.value}{pct}", style=STATUS_STYLE[row.status], no_wrap=True)


def status_reason(row: BoardRow) -> str:
    """Why the status is what it is, in words (``alert: 89% of target, …``); the rule is
    ``opstui.domain.metrics``'s."""
    metric = row.metric
    if row.latest is None:
        return "no reading yet"
    waiting = row.open_anomaly
    if waiting is not None and row.target_status is not MetricStatus.ALERT:
        return (f"alert: anomaly on {waiting.reading.day:%m-%d} not looked into yet "
                f"({waiting.verdict.summary}; x opens an investigate task)")
    if row.goal is not None and row.goal.progress is not None:
        goal = row.goal
        return (f"{row.target_status.value}: goal {goal.goal.title!r} {goal.status.value} — "
                f"{goal.progress:.0%} of the way with {goal.elapsed:.0%} of {goal.goal.period} "
                "gone")
    if metric.target is None:
        return "no target set (d to define one)"
    pct = f"{pct_shown(row.pct_of_target)} of target" if row.pct_of_target is not None else \
        "against a zero target"
    rule = f"ok at target, warn within {metric.warn_pct:g}% short, alert beyond"
    return f"{row.target_status.value}: {pct} ({rule})"


def latest_cell(row: BoardRow) -> str:
    """The latest value with its unit, or ``-``."""
    return format_number(row.latest.value, row.metric.unit) if row.latest else "-"


def target_cell(row: BoardRow) -> str:
    """The target with the better direction: ``↑ 120,000``."""
    metric = row.metric
    unit = metric.unit
    target = format_number(metric.target, "%" if unit == "%" else "") \
        if metric.target is not None else "-"
    return f"{'↑' if metric.direction == 'up' else '↓'} {target}"


def row_cells(row: BoardRow, spark_width: int = SPARK_LENGTH) -> list[Text]:
    """The cells of one board row, all literal text (names are never markup)."""
    return [
        Text(row.metric.name, no_wrap=True, overflow="ellipsis"),
        Text(latest_cell(row), justify="right", no_wrap=True, overflow="ellipsis"),
        Text(target_cell(row), justify="right", no_wrap=True, overflow="ellipsis"),
        status_text(row),
        Text(short_change(row.change, row.change_pct), justify="right"),
        Text(short_change(row.week_change, row.week_change_pct), justify="right"),
        anomaly_text(row),
        spark_text(row, spark_width),
    ]


class MetricBoard(QuietScrollbars, DataTable[Text]):
    """The metric board; row keys are metric ids. It only shows rows, never writes."""

    def __init__(self, *, id: str | None = None) -> None:
        """Create an empty board with its columns."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_shown: list[BoardRow] = []
        self.widths: dict[str, int] = {}
        self.empty_text = "No metrics yet: press a to define one (DAU, retention, conversion…)"
        """The line shown when there are no rows (set it before ``show``)."""

    def _layout(self) -> dict[str, int]:
        rows = self.rows_shown
        width = self.scrollable_content_region.width or self.size.width or 120
        return layout(width, [Text(r.metric.name).cell_len for r in rows],
                      [Text(latest_cell(r)).cell_len for r in rows],
                      [Text(target_cell(r)).cell_len for r in rows])

    def _draw(self) -> None:
        """Lay the columns out for the current width and fill the rows."""
        current = self.highlighted_id
        row_index = self.cursor_row
        self.widths = self._layout()
        self.clear(columns=True)
        if not self.rows_shown:  # one wide column that says what fills the board
            width = self.scrollable_content_region.width or self.size.width or 80
            self.add_column("Metric", key="Metric", width=max(10, width - 2 * PADDING))
            self.add_row(Text(self.empty_text, style="italic dim", no_wrap=True,
                              overflow="ellipsis"), key="-empty-")
            return
        for label, width in self.widths.items():
            self.add_column(label, key=label, width=width)
        spark = self.widths.get("Last 30", 0)
        for row in self.rows_shown:
            cells = dict(zip(COLUMNS, row_cells(row, spark), strict=True))
            self.add_row(*(cells[label] for label in self.widths), key=row.metric.id)
        ids = [r.metric.id for r in self.rows_shown]
        if current in ids:
            self.move_cursor(row=ids.index(current))
        elif ids:
            self.move_cursor(row=min(row_index, len(ids) - 1))

    def show(self, rows: Sequence[BoardRow]) -> None:
        """Show ``rows``, keeping the cursor on the same metric (unchanged rows: no redraw)."""
        if list(rows) == self.rows_shown and self.columns and rows:
            return
        self.rows_shown = list(rows)
        self._draw()

    def on_resize(self) -> None:
        """Widen names and values (or shrink the sparkline) to the new width."""
        if self.columns and self._layout() != self.widths:
            self._draw()

    def select_key(self, metric_id: str) -> None:
        """Put the cursor on the metric ``metric_id``, if shown."""
        ids = [r.metric.id for r in self.rows_shown]
        if metric_id in ids:
            self.move_cursor(row=ids.index(metric_id))

    @property
    def highlighted_id(self) -> str | None:
        """The id of the metric under the cursor."""
        if not self.rows_shown or self.cursor_row >= len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row].metric.id

    @property
    def highlighted(self) -> BoardRow | None:
        """The board row under the cursor."""
        if not self.rows_shown or self.cursor_row >= len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]
