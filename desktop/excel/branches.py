"""The branch ledger sheet (支部台账): import columns, export columns, template."""

from __future__ import annotations

import re
from datetime import date
from functools import partial

from desktop.excel import cells
from desktop.excel.cells import CellError
from desktop.excel.sheet import Column
from desktop.glossary import BRANCH_KIND_BY_LABEL, BRANCH_KIND_LABELS, YES_NO, branch_kind_label
from desktop.rules.setup import TERM_YEARS_ALLOWED

DATE_FORMAT = "yyyy-mm-dd"


def _kind(value):
    return cells.choice(value, BRANCH_KIND_BY_LABEL, "支部类型")


def _term(value):
    years = cells.integer(value)
    if years is not None and years not in TERM_YEARS_ALLOWED:
        raise CellError(f"任期年限应为 3 或 5，而不是 {years}")
    return years


# Length limits of the text columns (README "Excel 导入格式"); the form enforces the same ones.
NAME_CHARS, PERSON_CHARS, PHONE_CHARS, NOTES_CHARS = 120, 30, 40, 2000
YEARS_TEXT_CHARS = 200  # room for every year of a century, separated


def _years(value) -> frozenset[int]:
    if cells.is_blank(value):
        return frozenset()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = cells.integer(value, 1900, 2099)  # one year typed as a number
    raw = cells.text(value) or ""
    parts = [p for p in re.split(r"[\s,，、;；]+", raw) if p]
    if len(raw) > YEARS_TEXT_CHARS or not all(re.fullmatch(r"(19|20)\d\d", p, re.ASCII) for p in parts):
        raise CellError(f"“{cells.quote(raw)}”应为年份，多个年份用顿号分隔，例如 2024、2025")
    return frozenset(int(p) for p in parts)


def _kind_cell(kind):
    return branch_kind_label(kind) if kind else None


def _yes_no_cell(value):
    return None if value is None else YES_NO[value]


def _years_cell(years):
    return "、".join(str(y) for y in sorted(years)) if years else None


def columns(today: date | None = None) -> list[Column]:
    past = partial(cells.day, not_after=today or date.today())
    yes_no = partial(Column, parse=cells.yes_no, to_cell=_yes_no_cell, choices=("是", "否"), width=12)
    return [
        Column("支部名称", "name", cells.limited(NAME_CHARS), required=True, width=30),
        Column("支部类型", "branch_kind", _kind, required=True, to_cell=_kind_cell, choices=tuple(BRANCH_KIND_LABELS.values())),
        Column("上级党组织", "parent_org", cells.limited(NAME_CHARS), width=24),
        Column("成立日期", "established_on", past, number_format=DATE_FORMAT),
        Column("书记", "secretary", cells.limited(PERSON_CHARS), width=10),
        yes_no("书记兼任主任", "secretary_is_director"),
        Column("本届选举日期", "elected_on", past, number_format=DATE_FORMAT),
        Column("任期年限", "term_years", _term, choices=("3", "5"), width=10),
        Column("正式党员数", "full_members", cells.integer, required=True, width=12),
        Column("预备党员数", "probationary_members", cells.integer, width=12),
        yes_no("设支委会", "has_committee"),
        Column("党小组数", "party_groups", cells.integer, width=10),
        Column("联系电话", "phone", cells.limited(PHONE_CHARS), width=16),
        # Not in the clerk's original ledger; exported so that a round trip loses nothing.
        yes_no("大专以上干部", "has_college_cadre"),
        yes_no("党群服务中心", "has_service_center"),
        Column("书记培训年度", "trained_years", _years, to_cell=_years_cell, width=16),
        # Blank while the post is filled; since when it is vacant otherwise (软弱涣散 screening).
        Column("书记空缺起始日期", "secretary_vacant_since", past, number_format=DATE_FORMAT, width=16),
        Column("备注", "notes", cells.limited(NOTES_CHARS, multiline=True), width=30),
    ]
