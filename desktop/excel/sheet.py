"""Read and write one-sheet Excel tables described by a list of Column specs.

Every import (branches, meetings, evaluations) declares its columns once; this module turns a file
into parsed rows plus rejections naming the sheet row, the column and the reason, and writes
exports and empty templates from the same declaration, so the round trip cannot drift.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.errors import ImportFileError
from desktop.excel.cells import CellError, is_blank
from desktop.store.files import atomic_path

ACCEPTED_SUFFIXES = {".xlsx", ".xlsm"}


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


def _open_first_sheet(path: Path):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if path.suffix.lower() not in ACCEPTED_SUFFIXES:
        raise ImportFileError(f"只能导入 Excel 文件（.xlsx），而“{path.name}”不是。")
    if not path.is_file():
        raise ImportFileError(f"找不到文件：{path}")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(f"“{path.name}”不是有效的 Excel 文件，可能已损坏或是改了扩展名的其他文件。") from exc
    if not workbook.worksheets:
        raise ImportFileError(f"“{path.name}”中没有工作表。")
    return workbook, workbook.worksheets[0]


def read_rows(path: Path | str, columns: list[Column]) -> tuple[list[ParsedRow], list[Rejection]]:
    """Parse the first sheet (header in row 1). Blank rows are skipped; unknown columns ignored."""
    path = Path(path)
    workbook, sheet = _open_first_sheet(path)
    try:
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(is_blank(cell) for cell in header):
            raise ImportFileError(f"“{path.name}”的第一个工作表是空的，第 1 行应为表头。")
        positions = {str(cell).strip(): index for index, cell in enumerate(header) if not is_blank(cell)}
        missing = [c.header for c in columns if c.required and c.header not in positions]
        if missing:
            raise ImportFileError("缺少必需的列：" + "、".join(missing) + "。请使用软件导出的模板。")
        present = [(c, positions[c.header]) for c in columns if c.header in positions]
        parsed: list[ParsedRow] = []
        rejected: list[Rejection] = []
        for number, cells in enumerate(rows, start=2):
            if cells is None or all(is_blank(cell) for cell in cells):
                continue
            row = ParsedRow(number)
            problems = []
            for column, index in present:
                raw = cells[index] if index < len(cells) else None
                if column.required and is_blank(raw):
                    problems.append(Rejection(number, column.header, "必填项为空"))
                    continue
                try:
                    row.values[column.key] = column.parse(raw)
                except CellError as error:
                    problems.append(Rejection(number, column.header, error.reason))
            if problems:
                rejected.extend(problems)
            else:
                parsed.append(row)
        return parsed, rejected
    finally:
        workbook.close()


def parse_fields(columns: list[Column], raw: dict[str, Any]) -> tuple[dict, dict[str, str]]:
    """Parse form input with the same column rules as the import: (values, errors by key).
    Only the keys present in `raw` are parsed, so a form may show a subset of the columns."""
    values, errors = {}, {}
    for column in columns:
        if column.key not in raw:
            continue
        value = raw[column.key]
        if column.required and is_blank(value):
            errors[column.key] = f"请填写{column.header}"
            continue
        try:
            values[column.key] = column.parse(value)
        except CellError as error:
            errors[column.key] = f"{column.header}：{error.reason}"
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
        sheet.append([column.to_cell(record.get(column.key)) for column in columns])
        count += 1
    for index, column in enumerate(columns, start=1):
        if column.number_format:
            for (cell,) in sheet.iter_rows(min_row=2, max_row=count + 1, min_col=index, max_col=index):
                cell.number_format = column.number_format
    with atomic_path(path) as temp:
        workbook.save(temp)
    return path


def xlsx_path(path: Path | str) -> Path:
    """The file a sheet is actually written to: any other suffix becomes .xlsx."""
    path = Path(path)
    return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")
