"""The meeting log sheet (组织生活记录): import columns, export columns, template."""

from __future__ import annotations

from datetime import date
from functools import partial

from desktop.excel import cells
from desktop.excel.branches import NAME_CHARS, PERSON_CHARS
from desktop.excel.sheet import Column
from desktop.glossary import MEETING_TYPE_BY_LABEL, MEETING_TYPE_LABELS, meeting_type_label

DATE_FORMAT = "yyyy-mm-dd"
TYPE_CHOICES = tuple(MEETING_TYPE_LABELS.values())
# Length limits of the text columns (README "Excel 导入格式"); the form enforces the same ones.
TOPIC_CHARS, MINUTES_CHARS = 200, 20_000


def _meeting_type(value):
    return cells.choice(value, MEETING_TYPE_BY_LABEL, "会议类型")


def _type_cell(meeting_type):
    return meeting_type_label(meeting_type) if meeting_type else None


def columns(today: date | None = None) -> list[Column]:
    return [
        Column("支部名称", "branch_name", cells.limited(NAME_CHARS), required=True, width=30),
        Column("会议类型", "meeting_type", _meeting_type, required=True, to_cell=_type_cell, choices=TYPE_CHOICES, width=14),
        Column("日期", "held_on", partial(cells.day, not_after=today or date.today()), required=True, number_format=DATE_FORMAT, width=12),
        Column("应到人数", "expected", cells.integer, width=10),
        Column("实到人数", "attended", cells.integer, width=10),
        Column("主题", "topic", cells.limited(TOPIC_CHARS), width=36),
        Column("主持人", "host", cells.limited(PERSON_CHARS), width=10),
        Column("记录人", "recorder", cells.limited(PERSON_CHARS), width=10),
        # Not in the clerk's usual sheet; exported so that a round trip loses nothing.
        Column("会议记录", "minutes", cells.limited(MINUTES_CHARS, multiline=True), width=40),
    ]
