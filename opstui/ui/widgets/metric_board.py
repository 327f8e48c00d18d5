"""MetricBoard: one row per metric with latest, target, change, sparkline and status."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from opstui.domain.metrics import (
    SPARK_BLOCKS,
    BoardRow,
    MetricStatus,
    format_number,
)

STATUS_STYLE = {
    MetricStatus.OK: "bold green",
    MetricStatus.WARN: "bold yellow",
    MetricStatus.ALERT: "bold red",
    MetricStatus.NONE: "dim",
}
COLUMNS = (("Metric", 16), ("Latest", 12), ("%tgt", 5), ("Status", 6), ("Last 30", 30),
           ("Anomaly", 8), ("±prev", 6), ("±week", 6), ("Target", 10))
"""(heading, width in cells): the sparkline fits in 80 columns, everything in 120."""


def spark_text(row: BoardRow) -> Text:
    """The sparkline of the last readings; anomalous readings in red."""
    values = row.spark
    text = Text(no_wrap=True)
    if not values:
        return text
    low, high = min(values), max(values)
    top = len(SPARK_BLOCKS) - 1
    for value, flagged in zip(values, row.spark_flags, strict=False):
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


def row_cells(row: BoardRow) -> list[Text]:
    """The cells of one board row, all literal text (names are never markup)."""
    unit = row.metric.unit
    metric = row.metric
    latest = format_number(row.latest.value, unit) if row.latest else "-"
    target = format_number(metric.target, "%" if unit == "%" else "") \
        if metric.target is not None else "-"
    arrow = "↑" if metric.direction == "up" else "↓"
    pct = f"{row.pct_of_target:.0f}%" if row.pct_of_target is not None else "-"
    return [
        Text(f"{metric.name}", no_wrap=True, overflow="ellipsis"),
        Text(latest, justify="right", no_wrap=True, overflow="ellipsis"),
        Text(pct, justify="right"),
        Text(row.status.value, style=STATUS_STYLE[row.status]),
        spark_text(row),
        anomaly_text(row),
        Text(short_change(row.change, row.change_pct), justify="right"),
        Text(short_change(row.week_change, row.week_change_pct), justify="right"),
        Text(f"{arrow} {target}", justify="right", no_wrap=True),
    ]


class MetricBoard(DataTable[Text]):
    """The metric board; row keys are metric ids. It only shows rows, never writes."""

    def __init__(self, *, id: str | None = None) -> None:
        """Create an empty board with its columns."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_shown: list[BoardRow] = []
        for label, width in COLUMNS:
            self.add_column(label, key=label, width=width)

    def show(self, rows: Sequence[BoardRow]) -> None:
        """Show ``rows``, keeping the cursor on the same metric (unchanged rows: no redraw)."""
        if list(rows) == self.rows_shown and self.row_count:
            return
        current = self.highlighted_id
        self.rows_shown = list(rows)
        self.clear()
        for row in rows:
            self.add_row(*row_cells(row), key=row.metric.id)
        ids = [r.metric.id for r in rows]
        if current in ids:
            self.move_cursor(row=ids.index(current))

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
