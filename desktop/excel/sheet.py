"""Read and write one-sheet Excel tables described by a list of Column specs.

Every import (branches, meetings, evaluations) declares its columns once; this module turns a file
into parsed rows plus rejections naming the sheet row, the column and the reason, and writes
exports and empty templates from the same declaration, so the round trip cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.errors import ImportFileError
from desktop.excel.cells import CellError, clean, excel_error, is_blank
from desktop.excel.workbook import MAX_COLUMNS, MAX_DATA_ROWS, first_sheet, guarded_rows, quiet_openpyxl
from desktop.store.files import atomic_path

# How a formula (or, in CSV-minded programs, a DDE payload) starts.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _same(value):
    return value


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    parse: Callable[[Any], Any]
    required: bool = False
    to_cell: Callable[[Any], Any] = _same
    width: int = 14
    choices: tuple[str, ...] = ()
    number_format: str | None = None


@dataclass(frozen=True)
class Rejection:
    row: int
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any] = field(default_factory=dict)


def _header_positions(header: tuple, columns: list[Column], file_name: str) -> dict[str, int]:
    """Where each known column is; a known header twice is a refusal, not "the last one wins"."""
    from openpyxl.utils import get_column_letter

    known = {c.header for c in columns}
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = "" if is_blank(cell) else str(cell).strip()
        if name not in known:
            continue
        if name in positions:
            first, again = get_column_letter(positions[name] + 1), get_column_letter(index + 1)
            raise ImportFileError(f"“{file_name}”的表头“{name}”出现了两次（第 {first} 列和第 {again} 列），"
                                  "无法确定以哪一列为准。请删去多余的一列。")
        if index >= MAX_COLUMNS:
            raise ImportFileError(f"“{file_name}”的“{name}”在第 {index + 1} 列，超出了读取范围"
                                  f"（前 {MAX_COLUMNS} 列）。请使用软件导出的模板。")
        positions[name] = index
    return positions


def _parse_cell(column: Column, raw):
    """The parsed value of one cell, or CellError; the checks every column shares come first."""
    error = excel_error(raw)
    if error:
        raise CellError(error)
    if column.required and is_blank(raw):
        raise CellError("必填项为空")
    value = column.parse(raw)
    if column.required and value is None:  # nothing left once unwritable characters are dropped
        raise CellError("必填项为空")
    return value


def _parse_row(number: int, cells: tuple, present: list[tuple[Column, int]]) -> tuple[ParsedRow, list[Rejection]]:
    row, problems = ParsedRow(number), []
    for column, index in present:
        try:
            row.values[column.key] = _parse_cell(column, cells[index] if index < len(cells) else None)
        except CellError as error:
            problems.append(Rejection(number, column.header, error.reason))
    return row, problems


def read_rows(path: Path | str, columns: list[Column]) -> tuple[list[ParsedRow], list[Rejection]]:
    """Parse the first sheet (header in row 1). Blank rows are skipped; unknown columns ignored.
    A file that cannot be read whole is refused (ImportFileError) before anything is returned."""
    path = Path(path)
    with quiet_openpyxl(), first_sheet(path) as sheet:
        header = next((values for _, values in guarded_rows(
            sheet.iter_rows(min_row=1, max_row=1, values_only=True), path.name, 1)), ())
        if not header or all(is_blank(cell) for cell in header):
            raise ImportFileError(f"“{path.name}”的第一个工作表是空的，第 1 行应为表头。")
        positions = _header_positions(header, columns, path.name)
        missing = [c.header for c in columns if c.required and c.header not in positions]
        if missing:
            raise ImportFileError("缺少必需的列：" + "、".join(missing) + "。请使用软件导出的模板。")
        present = [(c, positions[c.header]) for c in columns if c.header in positions]
        width = max(positions.values(), default=0) + 1
        parsed: list[ParsedRow] = []
        rejected: list[Rejection] = []
        data_rows = 0
        rows = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
        blank = None  # openpyxl fills a gap of missing rows with one shared tuple: checked once
        for number, cells in guarded_rows(rows, path.name, 2):
            if cells is blank:
                continue
            if not cells or all(is_blank(cell) for cell in cells):
                blank = cells
                continue
            data_rows += 1
            if data_rows > MAX_DATA_ROWS:
                raise ImportFileError(f"“{path.name}”有超过 {MAX_DATA_ROWS:,} 行数据，一次最多导入 "
                                      f"{MAX_DATA_ROWS:,} 行。请分成几个文件导入；未导入任何数据。")
            row, problems = _parse_row(number, cells, present)
            if problems:
                rejected.extend(problems)
            else:
                parsed.append(row)
        return parsed, rejected


def parse_fields(columns: list[Column], raw: dict[str, Any]) -> tuple[dict, dict[str, str]]:
    """Parse form input with the same column rules as the import: (values, errors by key).
    Only the keys present in `raw` are parsed, so a form may show a subset of the columns."""
    values, errors = {}, {}
    for column in columns:
        if column.key not in raw:
            continue
        value = raw[column.key]
        problem = excel_error(value)
        if problem:
            errors[column.key] = f"{column.header}：{problem}"
            continue
        if column.required and is_blank(value):
            errors[column.key] = f"请填写{column.header}"
            continue
        try:
            values[column.key] = column.parse(value)
        except CellError as error:
            errors[column.key] = f"{column.header}：{error.reason}"
            continue
        if column.required and values[column.key] is None:
            errors[column.key] = f"请填写{column.header}"
    return values, errors


def write_rows(path: Path | str, columns: list[Column], records: Iterable[dict], title: str) -> Path:
    """Write a sheet atomically: a failure never leaves a half-written file at `path`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = xlsx_path(path)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append([c.header for c in columns])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FDE9E7")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        if column.required:
            cell.fill = fill
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.choices:
            validation = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True)
            validation.add(f"{letter}2:{letter}5000")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    count = 0
    for record in records:
        values = [_safe(column.to_cell(record.get(column.key))) for column in columns]
        sheet.append(values)
        count += 1
        for index, value in enumerate(values, start=1):
            if isinstance(value, str) and value.startswith(FORMULA_START):
                _as_text_cell(sheet.cell(row=count + 1, column=index))
    for index, column in enumerate(columns, start=1):
        if column.number_format:
            for (cell,) in sheet.iter_rows(min_row=2, max_row=count + 1, min_col=index, max_col=index):
                cell.number_format = column.number_format
    with atomic_path(path) as temp:
        workbook.save(temp)
    return path


def _safe(value):
    """Stored text may predate the entry checks (a control character saved by an older version):
    cleaned on the way out, so that one bad value never makes a whole export fail."""
    return clean(value) if isinstance(value, str) else value


def _as_text_cell(cell) -> None:
    """Text that Excel or WPS would take for a formula (= + - @, a leading tab or CR) stays text:
    a string cell, marked like a '-prefixed entry, so that editing it there keeps it text too."""
    cell.data_type = "s"
    cell.quotePrefix = True


def xlsx_path(path: Path | str) -> Path:
    """The file a sheet is actually written to: any other suffix becomes .xlsx."""
    path = Path(path)
    return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")
