"""Cell parsers shared by every import: each turns a raw cell value into a typed value or raises
CellError with a reason in Chinese. Blank cells come back as None; `required` is checked by the caller."""

from __future__ import annotations

import re
from datetime import date, datetime

YES = {"是", "有", "Y", "YES", "TRUE", "1", "√"}
NO = {"否", "无", "N", "NO", "FALSE", "0", "×"}
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class CellError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed as a number
    return str(value).strip()


def integer(value) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"“{value}”不是整数")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"“{value:g}”不是整数")
        number = int(value)
    else:
        raw = str(value).strip()
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise CellError(f"“{raw}”不是整数")
        number = int(raw)
    if number < 0:
        raise CellError(f"不能为负数（{number}）")
    return number


def number(value, low: float, high: float, step: float | None = None) -> float | None:
    if is_blank(value):
        return None
    try:
        result = float(str(value).strip()) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        raise CellError(f"“{value}”不是数字") from None
    if isinstance(value, bool) or not (low <= result <= high):
        raise CellError(f"{result:g} 超出 {low:g}–{high:g} 的范围")
    if step and abs(result / step - round(result / step)) > 1e-9:
        raise CellError(f"{result:g} 须为 {step:g} 的整数倍")
    return result


def yes_no(value) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    raw = str(value).strip().upper()
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(f"“{value}”应填“是”或“否”")


def day(value, *, not_after: date | None = None) -> date | None:
    """Excel date cells or text 2025-03-15, 2025/3/15, 2025年3月15日."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    else:
        match = _DATE_TEXT.match(str(value))
        if not match:
            raise CellError(f"“{value}”不是可识别的日期（例如 2025-03-15）")
        try:
            result = date(*(int(part) for part in match.groups()))
        except ValueError:
            raise CellError(f"“{str(value).strip()}”不是存在的日期") from None
    if not_after is not None and result > not_after:
        raise CellError(f"日期 {result:%Y-%m-%d} 晚于今天")
    return result


def choice(value, options: dict[str, object], what: str):
    if is_blank(value):
        return None
    key = str(value).strip()
    if key not in options:
        raise CellError(f"未知的{what}“{key}”，应为：" + "、".join(options))
    return options[key]
