"""The one order of names: branch lists on screen, printed sheets, Excel files, command output and
the order new certificate numbers are handed out all sort with `branch_order_key`.

The order is a Chinese dictionary's (音序): character by character by pinyin syllable, then tone
(1–4, neutral last), then the character itself (its code, which follows radical and stroke order
within the Han blocks), so 和街幸 comes before 和幸街 (jie before xing), and every name starting
with 和 stays together before 河. Each character takes its most common reading from pypinyin's
dictionary, as the pinyin sorts of ICU, Excel and Windows do: 长安 files under zhǎng, 重庆 under
zhòng. Reading whole words (pypinyin's phrase dictionary) would get such names right, but it costs
0.6 s of loading and 0.2 ms a name (2 s for a district of 10,000 branches) in every command, and
one reading everywhere matters more than the better reading in some places.

Numbers go by value, before any letter or character: 第2党支部 before 第10党支部, and the Chinese
numerals of an ordinal (第一、第十一) or of a numbered branch (机关一支部、二支部) count as the same
numbers, so 第一党支部, 第二党支部 … 第十党支部 come in the clerk's order instead of pinyin's
(er, san, shi, … yi). Elsewhere a numeral is a word (五星村, 十里铺社区) and sorts by its reading.
Full-width letters and digits count as their ASCII forms. Equal keys mean equal names: the name
itself is the last tie-break, so the order is total and the same on every run.

The key is one string whose code-point order is the order above, so it sorts anywhere a string
sorts: Python, Qt, SQL.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")

# Element classes, below every character a payload can hold (payloads start at U+0020), so that a
# shorter element sorts before a longer one it begins, and a name before a longer name it begins.
_END, _MARK, _NUMBER, _LATIN, _HAN, _OTHER = "\x00", "\x01", "\x02", "\x03", "\x04", "\x05"

_NUMERALS = "〇零一二两三四五六七八九十百千万"
_DIGIT_VALUES = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000, "万": 10000}
# The runs that count as numbers; everything between them sorts character by character.
_NUMBERS = re.compile(rf"(?<=第)[{_NUMERALS}]+|[{_NUMERALS}]+(?=党?(?:总支|支部|小组))|[0-9]+")


def chinese_number(numerals: str) -> int:
    """二十一 → 21, 一百零五 → 105, 十 → 10; a run without units reads digit by digit (二〇二四 → 2024)."""
    if not any(c in _UNIT_VALUES for c in numerals):
        value = 0
        for c in numerals:
            value = value * 10 + _DIGIT_VALUES[c]
        return value
    total, section, digit = 0, 0, None
    for c in numerals:
        if c in _DIGIT_VALUES:
            digit = _DIGIT_VALUES[c]
        elif c == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            section += (1 if digit is None else digit) * _UNIT_VALUES[c]
            digit = None
    return total + section + (digit or 0)


def _number(value: int) -> str:
    digits = str(value)
    return _NUMBER + chr(0x30 + len(digits)) + digits  # the length first: 9 before 10


_elements: dict[str, str] = {}


def _element(char: str) -> str:
    """One character's part of a key: its class, then what orders it within the class."""
    element = _elements.get(char)
    if element is None:
        if char.isascii():
            element = _LATIN + char.lower() if char.isalpha() else _MARK + char
        elif (reading := _reading(char)) is not None:
            element = _HAN + reading + char
        else:
            element = (_OTHER if char.isalpha() else _MARK) + char
        _elements[char] = element
    return element


def _reading(char: str) -> str | None:
    """The character's most common reading as letters and tone ("he2", "lv4", "ma5"), or None."""
    # The phrase dictionary is not used (see above) and is most of pypinyin's loading time.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, lazy_pinyin

    found = lazy_pinyin(char, style=Style.TONE3, neutral_tone_with_five=True, errors="ignore")
    return found[0] if found and found[0][-1:].isdigit() else None


@lru_cache(maxsize=1 << 16)
def branch_order_key(name: str) -> str:
    """The sort key of a branch name (or any Chinese name or label): sort with key=branch_order_key."""
    text = unicodedata.normalize("NFKC", name)
    known = _elements.get
    parts, start = [], 0
    for number in _NUMBERS.finditer(text):
        parts.extend([known(c) or _element(c) for c in text[start:number.start()]])
        run = number.group()
        parts.append(_number(int(run) if run.isascii() else chinese_number(run)))
        start = number.end()
    parts.extend([known(c) or _element(c) for c in text[start:]])
    return "".join(parts) + _END + name


def in_branch_order(items: Iterable[T], name: Callable[[T], str] = attrgetter("name")) -> list[T]:
    """The items sorted by their names in the one order (stable: equal names keep their order)."""
    return sorted(items, key=lambda item: branch_order_key(name(item)))


def order_ranks(texts: list[Any]) -> list[int]:
    """Each text's position in the one order, blanks (None or "") after all others: integers a
    table can sort by without comparing texts again."""
    order = sorted(range(len(texts)), key=lambda i: (not texts[i], branch_order_key(texts[i] or "")))
    ranks = [0] * len(texts)
    for rank, index in enumerate(order):
        ranks[index] = rank
    return ranks
