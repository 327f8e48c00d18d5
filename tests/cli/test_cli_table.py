"""Display widths and aligned tables for mixed Chinese and Latin text."""

from __future__ import annotations

import pytest

from opstui.commands.table import display_width, render, truncate


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("运营", 4), ("双11活动", 8), ("ｆｕｌｌ", 8), ("e\u0301", 1), ("", 0)],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [("weekly report", 8, "weekly …"), ("上线活动页面", 7, "上线活…"), ("短", 4, "短"),
     ("上线活动", 8, "上线活动")],
)
def test_truncate_fits_the_cells_and_marks_the_cut(text: str, width: int, expected: str) -> None:
    assert truncate(text, width) == expected
    assert display_width(truncate(text, width)) <= width


def test_render_aligns_columns_by_display_width() -> None:
    lines = render(("OWNER", "TITLE"), [("王磊", "a"), ("Priya", "b"), ("刘洋洋洋", "c")])
    assert lines == ["OWNER     TITLE", "王磊      a", "Priya     b", "刘洋洋洋  c"]


def test_render_cuts_the_last_column_to_the_total_width_and_flattens_lines() -> None:
    lines = render(("ID", "TITLE"), [("a1", "第一行\n第二行 and more text")], total_width=14)
    assert lines[1] == "a1  第一行 第…"
    assert all(display_width(line) <= 14 for line in lines)


def test_render_limits_a_column() -> None:
    lines = render(("OWNER", "T"), [("Alexandria Ocasio", "x")], max_widths=(8, None))
    assert lines[1] == "Alexand…  x"
