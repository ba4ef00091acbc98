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


@pytest.mark.parametrize("value, reason", [
    ("3.5", "不是整数"), (3.5, "不是整数"), ("abc", "不是整数"), (-1, "负数"), ("-1", "负数"), (True, "不是整数"),
])
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


@pytest.mark.parametrize("value, reason", [
    ("2025-02-30", "不是存在的日期"), ("2025年13月1日", "不是存在的日期"), ("明年", "不是可识别的日期"), ("15/03/2025", "不是可识别的日期"),
])
def test_day_rejects_impossible_and_unreadable_dates(value, reason):
    with pytest.raises(CellError) as error:
        cells.day(value)
    assert reason in error.value.reason


def test_day_not_after_refuses_the_future_but_accepts_the_day_itself():
    assert cells.day("2025-03-15", not_after=date(2025, 3, 15)) == date(2025, 3, 15)
    with pytest.raises(CellError, match="晚于今天"):
        cells.day("2025-03-16", not_after=date(2025, 3, 15))


@pytest.mark.parametrize("value, expected", [("是", True), ("否", False), (" 是 ", True)])
def test_yes_no(value, expected):
    assert cells.yes_no(value) is expected


@pytest.mark.parametrize("value", ["也许", "Y", "y", "N", "YES", "no", "TRUE", "FALSE", "1", "0", 1, 0, "√", "×",
                                   "有", "无", True, False])
def test_yes_no_takes_only_shi_or_fou(value):
    # README: a yes/no column takes 是 or 否; anything else is refused with its reason, never guessed.
    with pytest.raises(CellError, match="“是”或“否”"):
        cells.yes_no(value)


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


# --- hostile values: every one a CellError with a short reason, never another exception -----------


@pytest.mark.parametrize("value", [
    1e20, "1E+20", "1" * 4301, "1E999", float("inf"), float("-inf"), float("nan"), "2099；2100", "_x0009_",
    True, False, date(2025, 1, 1), datetime(2025, 1, 1, 8, 30), 100_001, "100001", -1, "-0001", 3.5, "１２.５",
])
def test_integer_refuses_hostile_values_with_a_short_reason(value):
    with pytest.raises(CellError) as error:
        cells.integer(value)
    assert len(error.value.reason) < 80


@pytest.mark.parametrize("value, expected", [(100_000, 100_000), ("100000", 100_000), (0, 0), ("+7", 7), ("１２", 12)])
def test_integer_bounds_are_inclusive(value, expected):
    assert cells.integer(value) == expected


def test_integer_with_its_own_range_names_it():
    assert cells.integer(2000, 2000, 2100) == 2000 and cells.integer("2100", 2000, 2100) == 2100
    for outside in (1999, 2101):
        with pytest.raises(CellError, match="2000–2100"):
            cells.integer(outside, 2000, 2100)


@pytest.mark.parametrize("value", ["1E999", float("nan"), float("inf"), "nan", True, date(2025, 1, 1), "9" * 400])
def test_number_refuses_non_finite_logical_and_date_values(value):
    with pytest.raises(CellError):
        cells.number(value, 0, 100)


def test_text_limit_is_inclusive_and_the_reason_is_short():
    assert cells.text("字" * 30, 30) == "字" * 30
    with pytest.raises(CellError) as error:
        cells.text("字" * 30_000, 30)
    assert error.value.reason == "超过 30 个字（共 30000 个字）"


@pytest.mark.parametrize("raw, single, multi", [
    ("第一行\x0b第二行", "第一行 第二行", "第一行\n第二行"),
    ("a\r\nb\rc", "a b c", "a\nb\nc"),
    ("a\tb", "a b", "a b"),
    ("a\x00b\x1fc\x7fd\x9fe\ufffff", "abcdef", "abcdef"),
    ("\x0b\x01", None, None),
])
def test_control_characters_are_normalised_or_dropped(raw, single, multi):
    assert cells.text(raw) == single
    assert cells.text(raw, multiline=True) == multi


def test_text_of_other_cell_types_is_what_excel_shows():
    assert cells.text(True) == "TRUE"
    assert cells.text(datetime(2025, 3, 1)) == "2025-03-01"
    assert cells.text(1e20) == "100000000000000000000"
    with pytest.raises(CellError):
        cells.text(float("inf"))


def test_quote_cuts_a_long_value_to_a_prefix():
    shown = cells.quote("长" * 10_000)
    assert shown.startswith("长" * cells.QUOTE_CHARS) and "共 10000 个字" in shown and len(shown) < 40
    with pytest.raises(CellError) as error:
        cells.choice("街" * 10_000, {"村": 1}, "支部类型")
    assert len(error.value.reason) < 80


@pytest.mark.parametrize("value", ["#VALUE!", "#REF!", " #n/a ", "#DIV/0!"])
def test_excel_error_values_are_recognised(value):
    assert "Excel 错误值" in cells.excel_error(value)


@pytest.mark.parametrize("value", ["#1 党支部", "N/A", None, 3])
def test_ordinary_values_are_not_excel_errors(value):
    assert cells.excel_error(value) is None


def test_day_refuses_dates_excel_cannot_store_and_long_text():
    assert cells.day("1901-01-01") == date(1901, 1, 1)
    with pytest.raises(CellError, match="太早"):
        cells.day(date(1899, 12, 31))
    with pytest.raises(CellError, match="不是可识别的日期"):
        cells.day("2025-03-15" + " " * 10_000 + "x")


def test_text_that_looks_like_an_ooxml_escape_survives_an_export(tmp_path):
    from desktop.excel.sheet import Column, write_rows
    from desktop.excel.workbook import guarded_rows

    path = write_rows(tmp_path / "x.xlsx", [Column("会议记录", "notes", str)], [{"notes": "_x0000_"}, {"notes": "a_x0041_b"}], "记录")
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True).active
    assert [values[0] for _n, values in guarded_rows(sheet.iter_rows(min_row=2, values_only=True), "x.xlsx", 2)] == [
        "_x0000_", "a_x0041_b"]


def test_a_gap_of_missing_rows_passes_through_as_the_one_shared_tuple():
    # openpyxl fills missing rows with one shared tuple and the reader skips it by identity; a
    # forged far cell (XFD1048576) makes a million of them, and rebuilding each one cost seconds.
    from desktop.excel.workbook import guarded_rows

    gap = (None, None)
    rows = [("甲", None), gap, gap, gap, ("_x005F_x0041_", None), gap]
    out = list(guarded_rows(iter(rows), "x.xlsx", 2))
    assert [n for n, _ in out] == [2, 3, 4, 5, 6, 7]
    assert all(values is gap for n, values in out if n in (3, 4, 5, 7))
    assert out[4][1] == ("_x0041_", None)
