"""Cell parsers shared by every import."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.excel import cells
from desktop.excel.cells import CellError


@pytest.mark.parametrize("value", [None, "", "   "])
def test_blank_cells_are_none(value):
    assert cells.text(value) is None
    assert cells.integer(value) is None
    assert cells.day(value) is None
    assert cells.yes_no(value) is None


def test_text_strips_and_keeps_phone_numbers_typed_as_numbers():
    assert cells.text("  和平社区党支部 ") == "和平社区党支部"
    assert cells.text(13912345678.0) == "13912345678"


@pytest.mark.parametrize("value, expected", [(3, 3), (3.0, 3), ("3", 3), (" 12 ", 12), (0, 0), ("0", 0)])
def test_integer_accepts_whole_numbers(value, expected):
    assert cells.integer(value) == expected


@pytest.mark.parametrize("value, reason", [("3.5", "不是整数"), (3.5, "不是整数"), ("abc", "不是整数"), (-1, "负数"), ("-1", "负数"), (True, "不是整数")])
def test_integer_rejects_with_a_reason(value, reason):
    with pytest.raises(CellError) as error:
        cells.integer(value)
    assert reason in error.value.reason


@pytest.mark.parametrize(
    "value",
    ["2025-03-15", "2025/3/15", "2025年3月15日", " 2025-3-15 ", "2025.03.15", datetime(2025, 3, 15, 0, 0), date(2025, 3, 15)],
)
def test_day_accepts_excel_dates_and_the_usual_text_forms(value):
    assert cells.day(value) == date(2025, 3, 15)


@pytest.mark.parametrize("value, reason", [("2025-02-30", "不是存在的日期"), ("2025年13月1日", "不是存在的日期"), ("明年", "不是可识别的日期"), ("15/03/2025", "不是可识别的日期")])
def test_day_rejects_impossible_and_unreadable_dates(value, reason):
    with pytest.raises(CellError) as error:
        cells.day(value)
    assert reason in error.value.reason


def test_day_not_after_refuses_the_future_but_accepts_the_day_itself():
    assert cells.day("2025-03-15", not_after=date(2025, 3, 15)) == date(2025, 3, 15)
    with pytest.raises(CellError, match="晚于今天"):
        cells.day("2025-03-16", not_after=date(2025, 3, 15))


@pytest.mark.parametrize("value, expected", [("是", True), ("否", False), ("有", True), ("无", False), (True, True), (False, False), (1, True), (0, False)])
def test_yes_no(value, expected):
    assert cells.yes_no(value) is expected


def test_yes_no_rejects_anything_else():
    with pytest.raises(CellError, match="是"):
        cells.yes_no("也许")


def test_choice_names_the_options():
    options = {"村": "village", "社区": "community"}
    assert cells.choice(" 社区 ", options, "支部类型") == "community"
    with pytest.raises(CellError) as error:
        cells.choice("街道", options, "支部类型")
    assert "街道" in error.value.reason and "村、社区" in error.value.reason


def test_number_range_and_step():
    assert cells.number("4.5", 0, 10, 0.5) == 4.5
    with pytest.raises(CellError, match="范围"):
        cells.number(11, 0, 10)
    with pytest.raises(CellError, match="整数倍"):
        cells.number(4.3, 0, 10, 0.5)
    with pytest.raises(CellError, match="不是数字"):
        cells.number("x", 0, 10)
