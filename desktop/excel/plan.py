"""The 创建计划 sheets: the yearly plan (dataset plan) and the pay totals and base funding (dataset
pay), headers as the committee writes them; amounts in yuan with at most two decimals."""

from __future__ import annotations

from desktop.excel import cells
from desktop.excel.branches import NAME_CHARS, NOTES_CHARS, PERSON_CHARS
from desktop.excel.cells import CellError
from desktop.excel.sheet import Column
from desktop.rules.plan import CLASSIFICATION_BY_LABEL, CLASSIFICATIONS

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_YUAN = 1_000_000_000
AMOUNT_FORMAT = "0.00"


def _year(value):
    return cells.integer(value, FIRST_YEAR, LAST_YEAR)


def _classification(value):
    return cells.choice(value, CLASSIFICATION_BY_LABEL, "类别")


def _classification_cell(code):
    return CLASSIFICATIONS.get(code, code) if code else None


def _planned(value):
    return bool(cells.yes_no(value))


def _yes_no_cell(value):
    return "是" if value else "否"


def fen(value) -> int | None:
    """Yuan as typed (12345.6) → fen (1234560); more than two decimals is refused."""
    yuan = cells.number(value, 0, MAX_YUAN)
    if yuan is None:
        return None
    result = round(yuan * 100)
    if abs(yuan * 100 - result) > 1e-6:
        raise CellError(f"{yuan:g} 元最多保留两位小数")
    return result


def yuan_cell(value: int | None):
    return None if value is None else round(value / 100, 2)


def plan_columns() -> list[Column]:
    text = cells.limited(NOTES_CHARS, multiline=True)
    return [
        Column("支部名称", "name", cells.limited(NAME_CHARS), required=True, width=30),
        Column("年度", "year", _year, required=True, width=8),
        Column("类别", "classification", _classification, required=True, to_cell=_classification_cell,
               choices=tuple(CLASSIFICATIONS.values()), width=8),
        Column("本年度计划达标", "planned", _planned, to_cell=_yes_no_cell, choices=("是", "否"), width=14),
        Column("措施", "measures", text, width=40),
        Column("责任人", "responsible", cells.limited(PERSON_CHARS), width=12),
        Column("备注", "notes", text, width=30),
    ]


def pay_columns() -> list[Column]:
    return [
        Column("支部名称", "name", cells.limited(NAME_CHARS), required=True, width=30),
        Column("年度", "year", _year, required=True, width=8),
        Column("班子年待遇报酬总额", "pay_total_fen", fen, to_cell=yuan_cell, number_format=AMOUNT_FORMAT, width=20),
        Column("一般保障标准", "base_funding_fen", fen, to_cell=yuan_cell, number_format=AMOUNT_FORMAT, width=16),
    ]
