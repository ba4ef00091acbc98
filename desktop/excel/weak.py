"""The 软弱涣散 sheets: the rectification ledger (整顿台账, dataset weak-cases) and the inspection log
(督查检查记录, dataset inspections): import columns, export columns, templates.

The weak-cases headers are the committee's ledger columns as the issue fixes them; 认定情形 takes
several grounds from the fixed list (desktop.rules.weak.GROUND_LABELS) separated by 、 ， or ;.
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial

from desktop.excel import cells
from desktop.excel.branches import NAME_CHARS, PERSON_CHARS
from desktop.excel.cells import CellError
from desktop.excel.sheet import Column
from desktop.rules.inspections import KIND_BY_LABEL, KIND_LABELS
from desktop.rules.weak import GROUND_BY_LABEL, GROUND_LABELS
from desktop.rules.weak_cases import ACCEPTANCE_BY_LABEL, ACCEPTANCE_LABELS, FIRST_YEAR, LAST_YEAR

DATE_FORMAT = "yyyy-mm-dd"
TEXT_CHARS = 2000  # 具体问题, 整顿措施, 发现问题, 整改要求
TOPIC_CHARS, INSPECTORS_CHARS = 200, 200
GROUNDS_TEXT_CHARS = 400  # every ground of the list, separated, fits well within this
_SEPARATORS = re.compile(r"\s*[、，,;；]\s*")


def _year(value):
    return cells.integer(value, FIRST_YEAR, LAST_YEAR)


def _grounds(value) -> tuple[str, ...] | None:
    raw = cells.text(value)
    if raw is None:
        return None
    if len(raw) > GROUNDS_TEXT_CHARS:
        raise CellError(f"超过 {GROUNDS_TEXT_CHARS} 个字（共 {len(raw)} 个字）")
    parts = [p for p in _SEPARATORS.split(raw) if p]
    unknown = [p for p in parts if p not in GROUND_BY_LABEL]
    if unknown:
        raise CellError(f"未知的认定情形“{cells.quote(unknown[0])}”，应为：" + "、".join(GROUND_LABELS.values()))
    order = {code: i for i, code in enumerate(GROUND_LABELS)}
    return tuple(sorted({GROUND_BY_LABEL[p] for p in parts}, key=order.__getitem__)) or None


def _grounds_cell(grounds) -> str | None:
    return "、".join(GROUND_LABELS.get(g, g) for g in grounds) if grounds else None


def _acceptance(value):
    return cells.choice(value, ACCEPTANCE_BY_LABEL, "验收结论")


def _acceptance_cell(value):
    return ACCEPTANCE_LABELS.get(value, value) if value else None


def case_columns(today: date | None = None) -> list[Column]:
    past = partial(cells.day, not_after=today or date.today())
    text = cells.limited(TEXT_CHARS, multiline=True)
    return [
        Column("支部名称", "name", cells.limited(NAME_CHARS), required=True, width=30),
        Column("认定年度", "year", _year, required=True, width=10),
        Column("认定情形", "grounds", _grounds, required=True, to_cell=_grounds_cell, width=36),
        Column("具体问题", "problems", text, width=40),
        Column("整顿措施", "measures", text, width=40),
        Column("联系领导", "contact_leader", cells.limited(PERSON_CHARS), width=12),
        Column("第一书记", "first_secretary", cells.limited(PERSON_CHARS), width=12),
        Column("责任人", "responsible", cells.limited(PERSON_CHARS), width=12),
        Column("整改时限", "deadline", cells.day, number_format=DATE_FORMAT, width=12),
        Column("验收日期", "accepted_on", past, number_format=DATE_FORMAT, width=12),
        Column("验收结论", "acceptance", _acceptance, to_cell=_acceptance_cell, choices=tuple(ACCEPTANCE_LABELS.values()),
               width=10),
        Column("销号日期", "closed_on", past, number_format=DATE_FORMAT, width=12),
    ]


def _kind(value):
    return cells.choice(value, KIND_BY_LABEL, "检查方式")


def _kind_cell(kind):
    return KIND_LABELS.get(kind, kind) if kind else None


def inspection_columns(today: date | None = None) -> list[Column]:
    """One row per inspected branch: the rows of one inspection share its 方式, 日期 and 主题."""
    past = partial(cells.day, not_after=today or date.today())
    text = cells.limited(TEXT_CHARS, multiline=True)
    return [
        Column("检查方式", "kind", _kind, required=True, to_cell=_kind_cell, choices=tuple(KIND_LABELS.values()), width=12),
        Column("检查日期", "held_on", past, required=True, number_format=DATE_FORMAT, width=12),
        Column("检查主题", "topic", cells.limited(TOPIC_CHARS), width=30),
        Column("检查人员", "inspectors", cells.limited(INSPECTORS_CHARS), required=True, width=20),
        Column("支部名称", "name", cells.limited(NAME_CHARS), required=True, width=30),
        Column("发现问题", "findings", text, width=40),
        Column("整改要求", "follow_up", text, width=40),
        Column("整改时限", "deadline", cells.day, number_format=DATE_FORMAT, width=12),
        Column("整改完成日期", "closed_on", past, number_format=DATE_FORMAT, width=14),
    ]
