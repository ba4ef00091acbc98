"""Cell parsers shared by every import and by the forms: each turns a raw value into a typed value or
raises CellError with a reason in Chinese. Blank cells come back as None; `required` is checked by the
caller. A value from a file can be anything openpyxl produces (text of any length, huge or non-finite
numbers, logical values, dates, Excel error values), so every parser bounds what it accepts and quotes
at most a short prefix of a bad value: one hostile cell must not turn into megabytes of messages."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from desktop.rules.numbers import NumberError, is_number_text, parse_number, shown

# A yes/no column takes 是 or 否 and nothing else (README "Excel 导入格式"; the template's dropdown
# offers the two): Y, TRUE, 1, √ or 有 were once read as 是 without a word, and a clerk who typed
# "Y" for "not yet decided" had it stored as a fact.
YES, NO = "是", "否"
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")

MAX_COUNT = 100_000  # people, ballots, groups: far above any branch, far below SQLite's integer range
EARLIEST_DAY = date(1901, 1, 1)  # Excel stores no date before 1900; nothing here is older anyway
QUOTE_CHARS = 20  # how much of a bad value a reason repeats
MAX_NUMBER_TEXT = 30  # a number typed as text is never longer; longer text is refused unparsed
# What Excel shows in a cell whose formula failed; openpyxl reads these as plain text.
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"})

# Line breaks from Word (\x0b), old Macs (\r) and Unicode separators become "\n"; tabs become spaces;
# every other character that an .xlsx cannot hold (C0/C1 controls, lone surrogates, U+FFFE/U+FFFF)
# is dropped, so that what is stored can always be exported.
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_UNWRITABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


class CellError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def quote(value) -> str:
    """A bad value as a reason shows it: cleaned, on one line, cut to a short prefix."""
    shown = clean(_as_text(value), multiline=False).strip()
    return shown if len(shown) <= QUOTE_CHARS else shown[:QUOTE_CHARS] + f"…（共 {len(shown)} 个字）"


def clean(value: str, multiline: bool = True) -> str:
    """Normalise control characters: the one rule for every entry point and for every export."""
    value = _UNWRITABLE.sub("", _LINE_BREAK.sub("\n", value).replace("\t", " "))
    return value if multiline else value.replace("\n", " ")


def excel_error(value) -> str | None:
    """The reason to refuse a cell holding an Excel error value (#VALUE!, #REF!, ...), else None."""
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return f"单元格是 Excel 错误值 {value.strip()}（公式出错），请改为实际内容"
    return None


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as Excel shows a logical value
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))  # a phone number typed as a number
    return str(value)


def text(value, limit: int | None = None, multiline: bool = False) -> str | None:
    """Text of at most `limit` characters. Single-line fields get line breaks as spaces."""
    if is_blank(value):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError(f"“{quote(value)}”不是有效的内容")
    result = clean(_as_text(value), multiline).strip()
    if not result:
        return None
    if limit is not None and len(result) > limit:
        raise CellError(f"超过 {limit} 个字（共 {len(result)} 个字）")
    return result


def limited(limit: int, multiline: bool = False):
    """A text parser with a length limit, for a column declaration."""

    def parse(value):
        return text(value, limit, multiline)

    return parse


def _refuse_non_number(value, what: str) -> None:
    if isinstance(value, bool):
        raise CellError(f"逻辑值 {quote(value)} {what}")
    if isinstance(value, (date, time, timedelta)):
        raise CellError(f"日期或时间 {quote(value)} {what}")


def integer(value, low: int = 0, high: int = MAX_COUNT) -> int | None:
    """A whole number from `low` to `high` (counts by default: 0 to MAX_COUNT)."""
    if is_blank(value):
        return None
    _refuse_non_number(value, "不是整数")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not (math.isfinite(value) and value.is_integer()):
            raise CellError(f"“{quote(value)}”不是整数")
        number = int(value)
    else:
        raw = str(value).strip()
        # Length first: int() of thousands of digits is slow, and past 4,300 digits it raises.
        if len(raw) > MAX_NUMBER_TEXT or not re.fullmatch(r"[+-]?\d+", raw):
            raise CellError(f"“{quote(raw)}”不是整数")
        number = int(raw)
    if number < 0 <= low:
        raise CellError(f"不能为负数（{quote(number)}）")
    if not low <= number <= high:
        raise CellError(f"{quote(number)} 超出 {low}–{high} 的范围")
    return number


def number(value, low: float, high: float, step: float | None = None) -> float | None:
    if is_blank(value):
        return None
    _refuse_non_number(value, "不是数字")
    try:
        result = parse_number(value if isinstance(value, (int, float)) else str(value).strip(), low, high)
    except NumberError as error:
        raise CellError(error.reason) from None
    if step and abs(result / step - round(result / step)) > 1e-9:
        raise CellError(f"{shown(value)} 须为 {step:g} 的整数倍")
    return result


def number_as_typed(value) -> float | str | None:
    """A number left as it was typed (text stays text), for a range that only the caller knows, as a
    score's item: it is checked to be a number here and read with that range afterwards."""
    if is_blank(value):
        return None
    _refuse_non_number(value, "不是数字")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise CellError(f"“{quote(value)}”不是数字")
        return value
    raw = str(value).strip()
    if not is_number_text(raw):
        raise CellError(f"“{quote(raw)}”不是数字")
    return raw


def yes_no(value) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):  # an Excel logical cell: TRUE/FALSE, not the 是/否 the column asks for
        raise CellError(f"逻辑值 {str(value).upper()} 不是“是”或“否”，请改填“是”或“否”")
    raw = _as_text(value).strip()
    if raw == YES:
        return True
    if raw == NO:
        return False
    raise CellError(f"“{quote(value)}”应填“是”或“否”（只认这两个字）")


def day(value, *, not_after: date | None = None) -> date | None:
    """Excel date cells or text 2025-03-15, 2025/3/15, 2025年3月15日."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    else:
        raw = _as_text(value)
        match = _DATE_TEXT.match(raw) if len(raw) <= MAX_NUMBER_TEXT else None
        if not match:
            raise CellError(f"“{quote(value)}”不是可识别的日期（例如 2025-03-15）")
        try:
            result = date(*(int(part) for part in match.groups()))
        except ValueError:
            raise CellError(f"“{quote(value)}”不是存在的日期") from None
    if result < EARLIEST_DAY:
        raise CellError(f"日期 {result.isoformat()} 太早（应不早于 {EARLIEST_DAY.year} 年）")
    if not_after is not None and result > not_after:
        raise CellError(f"日期 {result:%Y-%m-%d} 晚于今天")
    return result


def choice(value, options: Mapping[str, object], what: str):
    if is_blank(value):
        return None
    key = _as_text(value).strip()
    if key not in options:
        raise CellError(f"未知的{what}“{quote(key)}”，应为：" + "、".join(options))
    return options[key]
