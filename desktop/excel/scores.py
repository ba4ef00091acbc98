"""The score sheet (评分录入): one row per cell, as scorers fill in the printed score sheets by hand.

评委, 支部名称 and 考评项目 (the item as the rubric shows it, 一级指标·二级指标) name the cell; 得分
is only checked to be a number here and read against the item's own range by the service, as the
grid reads it, so that a refusal names that range and the value as typed. 满分 is written into
the template for the typist and not read back.
"""

from __future__ import annotations

from functools import partial

from desktop.excel import cells
from desktop.excel.branches import NAME_CHARS
from desktop.excel.sheet import Column

SCORER_CHARS = 60
ITEM_CHARS = 130
MAX_POINTS = 100.0  # no rubric item is worth more: the item's own maximum is checked afterwards


def columns() -> list[Column]:
    return [
        Column("评委", "scorer", cells.limited(SCORER_CHARS), required=True, width=12),
        Column("支部名称", "branch", cells.limited(NAME_CHARS), required=True, width=30),
        Column("考评项目", "item", cells.limited(ITEM_CHARS), required=True, width=40),
        Column("得分", "points", cells.number_as_typed, required=True, width=8),
        Column("满分", "max_points", partial(cells.number, low=0, high=MAX_POINTS), width=8),
    ]
