"""The evaluation tallies sheet (考评汇总): import columns per issue 4, export, template; and the
results sheet written from the results table."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from desktop.excel import cells
from desktop.excel.branches import NAME_CHARS
from desktop.excel.sheet import Column, write_rows
from desktop.glossary import YES_NO
from desktop.rules.eligibility import BAR_LABELS, GRADE_BY_LABEL, GRADES

VETO_CHARS = 200  # README "Excel 导入格式"
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years every command accepts


def _year(value):
    return cells.integer(value, FIRST_YEAR, LAST_YEAR)


def _grade(value):
    return cells.choice(value, GRADE_BY_LABEL, "述职评议等次")


def _yes_no_cell(value):
    return None if value is None else YES_NO[value]


def columns() -> list[Column]:
    count = partial(Column, parse=cells.integer, width=12)
    yes_no = partial(Column, parse=cells.yes_no, to_cell=_yes_no_cell, choices=("是", "否"), width=16)
    return [
        Column("支部名称", "name", cells.limited(NAME_CHARS), required=True, width=30),
        Column("年度", "year", _year, required=True, width=8),
        Column("组织评定得分", "org_score_override", partial(cells.number, low=0, high=100), width=14),
        Column("述职评议等次", "review_grade", _grade, to_cell=lambda g: GRADES.get(g) if g else None,
               choices=tuple(GRADES.values())),
        count("参评党员数", "participants"),
        count("评议优秀", "excellent"),
        count("评议合格", "qualified"),
        count("评议基本合格", "basic"),
        count("评议不合格", "unqualified"),
        count("群众满意", "satisfied"),
        count("群众基本满意", "public_basic"),
        count("群众不满意", "dissatisfied"),
        yes_no("不满意经查证属实", "verified_dissatisfaction"),
        yes_no("部门反馈不符合", "department_noncompliance"),
        Column("否决事项", "veto", cells.limited(VETO_CHARS), width=24),
    ]


def _score(value):
    return None if value is None else round(value, 2)


def write_results(path: Path | str, year: int, results) -> Path:
    yes_no = {True: "是", False: "否", None: None}
    result_columns = [
        Column("支部名称", "name", cells.text, width=30),
        Column("组织评定", "org", cells.text, to_cell=_score, width=10),
        Column("党员评议", "member", cells.text, to_cell=_score, width=10),
        Column("群众评判", "public", cells.text, to_cell=_score, width=10),
        Column("社会评价", "social", cells.text, to_cell=_score, width=10),
        Column("综合得分", "composite", cells.text, to_cell=_score, width=10),
        Column("是否达标", "meets_standard", cells.text, to_cell=yes_no.get, width=10),
        Column("可评最强", "strongest_eligible", cells.text, to_cell=yes_no.get, width=10),
        Column("不可评最强的原因", "strongest_bars", cells.text,
               to_cell=lambda bars: "；".join(BAR_LABELS[b] for b in bars) or None, width=50),
        Column("流程环节", "state_label", cells.text, width=14),
    ]
    records = [vars(r) for r in results]
    return write_rows(path, result_columns, records, f"{year}年考评结果")
