"""Reading a number a clerk typed (a score cell, a form field, a setting, an Excel cell, a command
argument): the one parser behind every entry point, so that all of them refuse the same things with
the same words.

Python's float() accepts far more than a clerk means: "nan", "inf", "infinity", "1_000", and
"1e400" (which becomes inf). A NaN then passes every range check (all comparisons are false) and
breaks whatever rounds it later, so only plain decimal notation is a number here. Full-width digits,
point and sign (from a Chinese input method) are read as their ASCII forms; "1,5" is refused rather
than guessed (thousands separator or decimal comma). A refusal repeats the value as it was typed,
not as Python prints it back (1e20, not 1e+20; 1e400, not inf).
"""

from __future__ import annotations

import math
import re
import unicodedata

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
MAX_TEXT = 30  # no number a clerk types is longer; longer text is refused unread
SHOWN_CHARS = 20  # how much of a refused value a reason repeats


class NumberError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def number_text(value: float) -> str:
    """A number as a clerk would type it: 3, 2.5, 1e20 (not 1e+20)."""
    return f"{value:g}".replace("e+", "e")


def shown(typed: str | float) -> str:
    """The value as typed, on one line and cut short, for a reason."""
    if isinstance(typed, (int, float)):
        try:
            text = number_text(typed)
        except OverflowError:  # an int beyond any float (10**400 read from a JSON file)
            text = _long_int_text(typed)
    else:  # a hostile cell may hold control characters: they are not repeated
        text = " ".join("".join(c for c in str(typed) if unicodedata.category(c)[0] != "C" or c.isspace()).split())
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _long_int_text(value: float) -> str:
    try:
        return str(value)
    except ValueError:  # more digits than Python converts to text
        return "位数过多的整数"


def is_number_text(text: str) -> bool:
    """Plain decimal notation (after full-width forms are read as ASCII); never nan or inf."""
    raw = unicodedata.normalize("NFKC", text).strip()
    return len(raw) <= MAX_TEXT and _DECIMAL.fullmatch(raw) is not None


def parse_number(typed: str | float, low: float | None = None, high: float | None = None,
                 span: str | None = None) -> float:
    """A finite number within [low, high], or NumberError with the reason in Chinese.

    `typed` is the text as entered or a number read from a file. `span` says the range in the
    reason (default " low–high ", e.g. "本项 0–3 分"); a number too large for a float is out of
    range, not "inf"."""
    if isinstance(typed, bool):
        raise NumberError(f"“{typed}”不是数字")
    if isinstance(typed, (int, float)):
        try:
            value = float(typed)
        except OverflowError:  # an int too large for a float is out of range, like 1e400 typed
            value = math.inf if typed > 0 else -math.inf
        else:
            if not math.isfinite(value):
                raise NumberError(f"“{shown(typed)}”不是数字")
        text = shown(typed)
    else:
        text = shown(typed)
        if not is_number_text(typed):
            hint = "（小数点请用“.”）" if any(c in str(typed) for c in ",，") else ""
            raise NumberError(f"“{text}”不是数字{hint}")
        value = float(unicodedata.normalize("NFKC", typed).strip())
    if low is not None and value < low:
        if low >= 0 > value:
            raise NumberError(f"{text} 不能为负")
        raise NumberError(f"{text} 超出{_span(low, high, span)}的范围")
    if high is not None and value > high:
        raise NumberError(f"{text} 超出{_span(low, high, span)}的范围")
    if math.isinf(value):  # 1e400 with no bound on its side
        raise NumberError(f"{text} 太大，不是可用的数字")
    return value


def _span(low: float | None, high: float | None, span: str | None) -> str:
    if span is not None:
        return span
    return f" {number_text(low if low is not None else -math.inf)}–{number_text(high if high is not None else math.inf)} "
