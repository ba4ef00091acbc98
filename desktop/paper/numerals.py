"""Chinese numerals for dates on certificates (二〇二六年三月) and honour recipients."""

from __future__ import annotations

from datetime import date

DIGITS = "〇一二三四五六七八九"
MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


def chinese_year(year: int) -> str:
    """2026 -> 二〇二六 (digit by digit, with 〇 for zero, as official documents write years)."""
    if year < 0:
        raise ValueError(year)
    return "".join(DIGITS[int(d)] for d in str(year))


def chinese_day_number(day: int) -> str:
    """1..31 -> 一 .. 三十一 (十, 十一, 二十, 二十一 ...)."""
    if not 1 <= day <= 31:
        raise ValueError(day)
    tens, ones = divmod(day, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


def chinese_month(day: date) -> str:
    """date(2026, 3, 5) -> 二〇二六年三月."""
    return f"{chinese_year(day.year)}年{MONTHS[day.month - 1]}月"


def chinese_date(day: date) -> str:
    """date(2026, 11, 28) -> 二〇二六年十一月二十八日."""
    return f"{chinese_month(day)}{chinese_day_number(day.day)}日"


def recipient_name(branch_name: str, has_committee: bool | None) -> str:
    """The recipient line of a certificate: a branch with a committee is addressed as its
    committee (中共××党支部委员会, the issue's wording); otherwise the branch as registered, with the 中共 prefix."""
    name = branch_name.strip()
    stem = name[2:] if name.startswith("中共") else name
    if has_committee and stem.endswith("党支部"):
        return f"中共{stem[:-3]}党支部委员会"
    return f"中共{stem}"
