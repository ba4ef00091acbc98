"""The one number parser (desktop/rules/numbers.py) on anything a clerk, a cell or a file may give
it: a finite number within its range, or NumberError with a Chinese reason, and nothing else."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.rules.numbers import MAX_TEXT, NumberError, is_number_text, parse_number

PROPERTY = settings(max_examples=400, deadline=None)
# Text that is nearly a number: digits (ASCII and full-width), signs, points, exponents, spaces,
# separators, and the words float() would take.
NEAR = st.lists(st.sampled_from([*"0123456789０１２３４５６７８９+-.．eE _,，\u3000", "nan", "inf", "infinity", "Infinity"]),
                max_size=12).map("".join)
TEXT = st.text(max_size=40) | NEAR


def _outcome(typed, low=None, high=None):
    try:
        return parse_number(typed, low, high)
    except NumberError as error:
        assert error.reason and error.reason == str(error)
        assert "Traceback" not in error.reason and "could not convert" not in error.reason
        return error


@PROPERTY
@given(TEXT)
def test_any_text_is_a_finite_number_or_a_number_error(typed):
    found = _outcome(typed)
    if isinstance(found, float):
        assert math.isfinite(found)
        assert is_number_text(typed)


@PROPERTY
@given(TEXT, st.floats(-1e6, 1e6), st.floats(0, 1e6))
def test_a_number_read_within_a_range_lies_in_it(typed, low, width):
    found = _outcome(typed, low, low + width)
    if isinstance(found, float):
        assert low <= found <= low + width


@PROPERTY
@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers(-10**500, 10**500))
def test_a_number_read_from_a_file_is_finite_or_refused(value):
    found = _outcome(value, 0, 100)
    if isinstance(found, float):
        assert math.isfinite(found) and 0 <= found <= 100 and found == value


@PROPERTY
@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**9, max_value=10**9))
def test_plain_decimal_text_reads_as_float_reads_it(value):
    typed = f"{value:f}"
    assert parse_number(typed) == float(typed)


@pytest.mark.parametrize(("typed", "reason"), [
    ("nan", "“nan”不是数字"),
    ("NaN", "“NaN”不是数字"),
    ("inf", "“inf”不是数字"),
    ("-inf", "“-inf”不是数字"),
    ("Infinity", "“Infinity”不是数字"),
    ("1e400", "1e400 太大，不是可用的数字"),  # float() would make it inf
    ("-1e400", "-1e400 太大，不是可用的数字"),
    ("1,5", "“1,5”不是数字（小数点请用“.”）"),  # a decimal comma or a thousands separator: not guessed
    ("1，5", "“1，5”不是数字（小数点请用“.”）"),
    ("1_000", "“1_000”不是数字"),
    ("", "“”不是数字"),
    ("   ", "“”不是数字"),
    ("1" * (MAX_TEXT + 1), "“11111111111111111111…”不是数字"),  # too long to be read at all
    (float("nan"), "“nan”不是数字"),
    (float("inf"), "“inf”不是数字"),
    (True, "“True”不是数字"),
])
def test_what_is_refused_and_why(typed, reason):
    with pytest.raises(NumberError) as refused:
        parse_number(typed)
    assert refused.value.reason == reason


@pytest.mark.parametrize(("typed", "value"), [
    ("  3 ", 3.0),
    ("３", 3.0),  # full-width, from a Chinese input method
    ("－２．５", -2.5),
    ("\u30007\u3000", 7.0),  # ideographic spaces round it
    ("1e3", 1000.0),
    (".5", 0.5),
    ("5.", 5.0),
    (3, 3.0),
])
def test_what_reads(typed, value):
    assert parse_number(typed) == value


def test_a_range_names_itself_and_repeats_the_value_as_typed():
    with pytest.raises(NumberError, match=r"^1e400 超出本项 0–3 分的范围$"):
        parse_number("1e400", 0, 3, span="本项 0–3 分")
    with pytest.raises(NumberError, match=r"^1e20 超出 0–100 的范围$"):
        parse_number(1e20, 0, 100)
    with pytest.raises(NumberError, match=r"^-1 不能为负$"):
        parse_number("-1", 0, 3)
    with pytest.raises(NumberError, match=r"^1" + "0" * 19 + "… 超出 0–100 的范围$"):
        parse_number(10**400, 0, 100)  # an int no float holds: out of range, not OverflowError
