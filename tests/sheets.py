"""Helpers that write the Excel files the import tests feed in, as a clerk's spreadsheet would."""

from __future__ import annotations

from pathlib import Path

HEADERS = [
    "支部名称", "支部类型", "上级党组织", "成立日期", "书记", "书记兼任主任", "本届选举日期",
    "任期年限", "正式党员数", "预备党员数", "设支委会", "党小组数", "联系电话",
]


def write_xlsx(path: Path, rows: list[list], number_formats: dict[tuple[int, int], str] | None = None) -> Path:
    """Write `rows` (the first is the header) to the first sheet; cells may be any openpyxl value."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for (row, column), fmt in (number_formats or {}).items():
        sheet.cell(row=row, column=column).number_format = fmt
    workbook.save(path)
    return path


def branch_row(name: str, kind: str = "社区", full=5, **extra) -> list:
    """One data row in HEADERS order; `extra` sets other columns by header."""
    values = {"支部名称": name, "支部类型": kind, "正式党员数": full}
    values.update(extra)
    return [values.get(header) for header in HEADERS]


def write_sheets(path: Path, sheets: list[tuple[str, list[list]]]) -> Path:
    """A workbook of several sheets in this order, each (title, rows): a notes sheet first, say."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path
