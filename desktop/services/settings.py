"""Settings declared once, with type, label and default. Values live in the database (they belong to
the data: the issuer's name must travel with the ledgers it signs).

Names printed on paper are kept **per year**: a value set for a year holds from that year on until
it is set again, so a 2024 certificate reprinted in 2027 still names the issuer of 2024 after the
committee was renamed in 2026. The first value ever set also holds for the years before it: before
it there was no name at all, and the 2025 certificates are printed in early 2026. 街道名称 is the
unit's current name (window, multi-year trends report) and is not kept per year.

There is no default issuer: a database that has never been told its committee's name refuses to
print what names it (`require`), instead of signing for a committee that does not exist.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError
from desktop.models import Setting, SettingYear
from desktop.rules.numbers import NumberError, is_number_text, parse_number
from desktop.rules.rewards import SETTING_LABELS
from desktop.store.workspace import Workspace

YEAR_MIN, YEAR_MAX = 2000, 2100
WHERE_TO_SET = "请在“文件 → 单位设置…”中填写，或在命令行运行：branchdesk settings set {key} 名称"


@dataclass(frozen=True)
class Declared:
    key: str
    label: str
    type: type  # str: a line of text (parse strips it); float: an amount or a percentage
    default: Any  # None: no default, the clerk must set it before it is printed
    per_year: bool
    required: bool  # may not be cleared once set (an optional name may be blank: a line to sign on)
    max_length: int = 60
    hint: str = ""
    maximum: float = 0  # a number's upper bound

    def parse(self, value: Any) -> Any:
        """The value to store, or BranchdeskError saying what is wrong with it."""
        if self.type is float:
            return self._number(value)
        if not isinstance(value, str):
            raise BranchdeskError(f"“{self.label}”应为文字。")
        text = value.strip()
        if any(unicodedata.category(ch)[0] == "C" for ch in text):
            raise BranchdeskError(f"“{self.label}”应为一行文字，不能含换行或控制字符。")
        if len(text) > self.max_length:
            raise BranchdeskError(f"“{self.label}”最多 {self.max_length} 个字，现有 {len(text)} 个。")
        if not text and self.required:
            raise BranchdeskError(f"“{self.label}”不能为空。")
        return text

    def _number(self, value: Any) -> float:
        typed = value.strip() if isinstance(value, str) else value
        bad = isinstance(typed, bool) or not isinstance(typed, (str, int, float))
        if isinstance(typed, str):
            bad = not is_number_text(typed)  # "nan", "inf", "1_000" among them
        elif isinstance(typed, float):
            bad = not math.isfinite(typed)
        if bad:
            raise BranchdeskError(f"“{self.label}”应为数字，如 {self.default:g}。")
        try:
            number = parse_number(typed, 0, self.maximum)
        except NumberError:  # out of range; 1e400 among them, never read as inf
            raise BranchdeskError(f"“{self.label}”应在 0–{self.maximum:g} 之间。") from None
        if round(number, 2) != number:
            raise BranchdeskError(f"“{self.label}”最多保留两位小数。")
        return number


DECLARED: dict[str, Declared] = {
    d.key: d
    for d in (
        Declared("subdistrict_name", "街道名称", str, None, per_year=False, required=True, max_length=30,
                 hint="如：和平街道；趋势分析报告等处使用"),
        Declared("issuer_name", "党工委全称", str, None, per_year=True, required=True,
                 hint="证书落款和汇总表的填报单位，如：中共和平街道工作委员会"),
        Declared("district_department_name", "区委组织部名称", str, None, per_year=True, required=False,
                 hint="汇总表的报送单位，如：中共和平区委组织部"),
        Declared("preparer_name", "制表人", str, None, per_year=True, required=False, max_length=20,
                 hint="汇总表签字栏的默认制表人；留空则打印空白横线"),
        Declared("reviewer_name", "审核人", str, None, per_year=True, required=False, max_length=20,
                 hint="汇总表签字栏的默认审核人；留空则打印空白横线"),
    )
}


# The rewards calculator's amounts (desktop.rules.rewards), kept per year like the names: a 2024
# bonus is computed with the 2024 rates. Set from the command line; not names, so not in the dialog.
AMOUNTS: dict[str, Declared] = {
    d.key: d
    for d in (
        Declared("standardized_bonus", SETTING_LABELS["standardized_bonus"], float, 0.0, per_year=True, required=True,
                 maximum=1_000_000),
        Declared("standardized_funding_uplift_percent", SETTING_LABELS["standardized_funding_uplift_percent"], float, 0.0, per_year=True,
                 required=True, maximum=100),
        Declared("strongest_bonus_percent", SETTING_LABELS["strongest_bonus_percent"], float, 10.0, per_year=True,
                 required=True, maximum=100),
        Declared("strongest_district_funding_uplift_percent", SETTING_LABELS["strongest_district_funding_uplift_percent"], float, 30.0,
                 per_year=True, required=True, maximum=100),
    )
}
ALL = {**DECLARED, **AMOUNTS}


def declared(key: str) -> Declared:
    if key not in ALL:
        raise BranchdeskError(f"没有名为“{key}”的设置。可用的设置：{'、'.join(ALL)}。")
    return ALL[key]


def check_year(item: Declared, year: int | None) -> None:
    if year is None:
        return
    if not item.per_year:
        raise BranchdeskError(f"“{item.label}”（{item.key}）不按年度保存，不能指定年度。")
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise BranchdeskError(f"年度应在 {YEAR_MIN}–{YEAR_MAX} 之间。")


def _decode(item: Declared, raw: str | None) -> Any:
    """A stored JSON value of the declared type, else the default (a hand-edited file stays readable)."""
    if raw is None:
        return item.default
    try:
        value = json.loads(raw)
    except ValueError:
        return item.default
    if item.type is float:  # json reads NaN and Infinity: a stored one counts as not set
        try:
            return item.parse(value) if isinstance(value, (int, float)) else item.default
        except BranchdeskError:
            return item.default
    return value if isinstance(value, item.type) else item.default


def in_force(history: Sequence[tuple[int, Any]], year: int, backwards: bool = True) -> Any:
    """The value of a per-year history [(from_year, value)] that holds in `year`: the latest one from
    that year or before, else (`backwards`) the first one, which holds for the years before it too.
    None if empty, or (not `backwards`) before the first value."""
    ordered = sorted(history, key=lambda entry: entry[0])
    value = ordered[0][1] if ordered and backwards else None
    for from_year, entry in ordered:
        if from_year <= year:
            value = entry
    return value


def _history(session: Session, key: str) -> list[tuple[int, str]]:
    rows = session.execute(select(SettingYear.from_year, SettingYear.value).where(SettingYear.key == key)
                           .order_by(SettingYear.from_year)).all()
    return [(y, v) for y, v in rows]


def _read(session: Session, item: Declared, year: int) -> tuple[Any, tuple[tuple[int, Any], ...]]:
    """(the value holding in `year` or None, the per-year history) of one setting."""
    if item.per_year:
        history = tuple((y, _decode(item, raw)) for y, raw in _history(session, item.key))
        # A name holds backwards (there was no name before it); an amount does not: a 2026 rate
        # leaves the 2025 figures at the default they were computed with.
        value = in_force(history, year, backwards=item.type is str)
    else:
        history = ()
        value = _decode(item, session.scalar(select(Setting.value).where(Setting.key == item.key)))
    value = item.default if value is None else value
    if item.type is float:
        return value, history
    return value or None, history  # a blank optional name: None


def get(ws: Workspace, key: str, year: int | None = None) -> Any:
    """The value of a setting (for a per-year one, the value holding in `year`, default this year);
    None when it was never set and has no default. An empty optional name reads as None."""
    item = declared(key)
    with ws.read() as session:
        return _read(session, item, date.today().year if year is None else year)[0]


def require(ws: Workspace, key: str, year: int | None = None) -> Any:
    """Like `get`, but a missing value refuses the print that needs it, saying where to set it."""
    value = get(ws, key, year)
    if value is None:
        item = ALL[key]
        raise BranchdeskError(f"尚未设置“{item.label}”，不能打印。{WHERE_TO_SET.format(key=key)}")
    return value


@dataclass(frozen=True)
class Change:
    key: str
    value: Any
    year: int | None = None  # per-year settings: holds from this year on; None = from this year


@dataclass(frozen=True)
class SettingView:
    key: str
    label: str
    per_year: bool
    value: Any  # holding in the year asked for (None: not set)
    history: tuple[tuple[int, Any], ...]  # per-year settings: (from_year, value), oldest first
    number: bool = False

    def as_json(self) -> dict:
        return {"key": self.key, "label": self.label, "type": "number" if self.number else "text", "per_year": self.per_year,
                "value": self.value, "history": [{"from_year": y, "value": v} for y, v in self.history]}


def listing(ws: Workspace, year: int | None = None, amounts: bool = False) -> list[SettingView]:
    """Every declared name (with `amounts`, also the rewards amounts) with its value (in `year`,
    default this year) and its history."""
    year = date.today().year if year is None else year
    items = ALL if amounts else DECLARED
    with ws.read() as session:
        return [SettingView(item.key, item.label, item.per_year, *_read(session, item, year), item.type is float)
                for item in items.values()]


def amounts(ws: Workspace, year: int) -> dict[str, float]:
    """The rewards amounts holding in `year` (defaults where never set)."""
    with ws.read() as session:
        return {key: _read(session, item, year)[0] for key, item in AMOUNTS.items()}


def validate(changes: Sequence[Change]) -> list[Change]:
    """Every change checked and normalised before anything is written (one bad value: nothing written)."""
    checked = []
    for change in changes:
        item = declared(change.key)
        check_year(item, change.year)
        year = change.year if change.year is not None or not item.per_year else date.today().year
        checked.append(Change(item.key, item.parse(change.value), year))
    return checked


def is_set(session: Session, key: str) -> bool:
    """Whether a setting was ever given a value (for any year), inside the caller's unit."""
    column = SettingYear.key if declared(key).per_year else Setting.key
    return session.scalar(select(column).where(column == key).limit(1)) is not None


def store(session: Session, changes: Sequence[Change]) -> None:
    """Write validated changes inside the caller's unit of work (the demo sets its names this way)."""
    for change in validate(changes):
        raw = json.dumps(change.value, ensure_ascii=False)
        if ALL[change.key].per_year:
            existing = session.scalar(select(SettingYear).where(
                SettingYear.key == change.key, SettingYear.from_year == change.year))
            if existing is None:
                session.add(SettingYear(key=change.key, from_year=change.year, value=raw))
            elif existing.value != raw:
                existing.value = raw
        else:
            session.merge(Setting(key=change.key, value=raw))
    session.flush()


def save(ws: Workspace, changes: Sequence[Change]) -> None:
    """The 单位设置 use case: all changes in one transaction, or none when any is refused."""
    validate(changes)  # refuse before opening a transaction
    with ws.write() as session:
        store(session, changes)

