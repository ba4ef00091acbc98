"""Read and write Excel tables described by a list of Column specs.

Every import (branches, meetings, evaluations) declares its columns once; this module turns a file
into parsed rows plus rejections naming the sheet row, the column and the reason, and writes
exports and empty templates from the same declaration, so the round trip cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sized
from dataclasses import dataclass, field
from datetime import date, datetime
from numbers import Real
from pathlib import Path
from typing import Any

from desktop.errors import Cancelled, ImportFileError
from desktop.excel.cells import CellError, clean, excel_error, is_blank
from desktop.excel.workbook import MAX_COLUMNS, MAX_DATA_ROWS, guarded_rows, open_sheets, quiet_openpyxl
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
    # The columns whose cells were refused (their keys are absent from `values`): such a row is
    # handed out only to a caller that asks for it, to check the rest of the row as well.
    refused: frozenset[str] = frozenset()


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
    if problems:
        by_header = {c.header: c.key for c, _ in present}
        row.refused = frozenset(by_header[p.column] for p in problems)
    return row, problems


# How many sheets a refusal names with their missing columns; the rest are only counted.
NAMED_SHEETS = 5


def _header_of(sheet, file_name: str) -> tuple:
    return next((values for _, values in guarded_rows(
        sheet.iter_rows(min_row=1, max_row=1, values_only=True), file_name, 1)), ())


def _missing(header: tuple, columns: list[Column]) -> list[str]:
    names = {str(cell).strip() for cell in header if not is_blank(cell)}
    return [c.header for c in columns if c.required and c.header not in names]


def _data_sheet(sheets: list, columns: list[Column], file_name: str) -> tuple[Any, tuple]:
    """The first sheet whose header row (row 1) has every required column, and that header.

    A workbook often opens with a sheet of notes (说明) or keeps last year's sheet first; taking the
    first sheet blindly told the clerk that columns were missing which the next sheet had. When no
    sheet has them, the refusal names every sheet read and what each lacks."""
    lacking: list[tuple[str, tuple, list[str]]] = []
    for sheet in sheets:
        header = _header_of(sheet, file_name)
        missing = _missing(header, columns)
        if not missing and not all(is_blank(cell) for cell in header):
            return sheet, header
        lacking.append((sheet.title, header, missing))
    if len(sheets) == 1:
        _title, header, missing = lacking[0]
        if not header or all(is_blank(cell) for cell in header):
            raise ImportFileError(f"“{file_name}”的工作表是空的，第 1 行应为表头。")
        raise ImportFileError("缺少必需的列：" + "、".join(missing) + "。请使用软件导出的模板。")
    said = [f"“{title}”" + ("是空的" if not header or all(is_blank(c) for c in header) else "缺少" + "、".join(missing))
            for title, header, missing in lacking[:NAMED_SHEETS]]
    more = f"；另有 {len(lacking) - NAMED_SHEETS} 个工作表也没有" if len(lacking) > NAMED_SHEETS else ""
    required = "、".join(c.header for c in columns if c.required)
    raise ImportFileError(f"“{file_name}”的 {len(sheets)} 个工作表中没有一个的第 1 行含有必需的列（{required}）："
                          + "；".join(said) + more + "。请使用软件导出的模板。")


def read_rows(path: Path | str, columns: list[Column], *,
              keep_refused: bool = False) -> tuple[list[ParsedRow], list[Rejection]]:
    """Parse the data sheet: the first whose row 1 holds every required column (a sheet of notes
    before it is passed over). Blank rows are skipped; unknown columns ignored. A file that cannot be
    read whole is refused (ImportFileError) before anything is returned.

    A row with a refused cell is in `rejected` and, only with keep_refused, also in the rows
    returned (with `refused` naming its bad columns), so that the caller's checks across columns
    report the row's other problems in the same preview rather than at the next import."""
    path = Path(path)
    with quiet_openpyxl(), open_sheets(path) as sheets:
        sheet, header = _data_sheet(sheets, columns, path.name)
        positions = _header_positions(header, columns, path.name)
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
            rejected.extend(problems)
            if not problems or keep_refused:
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


def write_rows(path: Path | str, columns: list[Column], records: Iterable[Mapping[str, Any]], title: str, *,
               total: int | None = None, progress: Progress | None = None, cancel: CancelFlag | None = None) -> Path:
    """Write a sheet atomically: a failure or a cancel never leaves a half-written file at `path`.

    Rows stream to disk as they come (XlsxWriter's constant_memory mode), so `records` may be a
    generator over a whole database table: memory stays flat whatever the row count. `progress(done,
    total)` is told every PROGRESS_ROWS rows (total: `total`, or len(records) for a list); `cancel()`
    is polled as often and a true answer stops with Cancelled."""
    import xlsxwriter

    path = xlsx_path(path)
    if total is None and isinstance(records, Sized):
        total = len(records)
    with atomic_path(path) as temp:
        workbook = xlsxwriter.Workbook(temp, {"constant_memory": True})
        try:
            sheet = workbook.add_worksheet(title)
            cells = _CellWriter(workbook, sheet, columns)
            count = 0
            for record in records:
                count += 1
                cells.row(count, [column.to_cell(record.get(column.key)) for column in columns])
                if count % PROGRESS_ROWS == 0:
                    if cancel is not None and cancel():
                        raise Cancelled()
                    if progress is not None:
                        progress(count, max(total or 0, count))
        except BaseException:
            _abandon(workbook)
            raise
        workbook.close()
    if progress is not None:
        progress(count, count)
    return path


# Whole columns, as Excel's own "apply to the entire column" writes them: a dropdown covers every row.
LAST_ROW = 1_048_575  # zero-based: row 1,048,576, the last an .xlsx has
PROGRESS_ROWS = 2_000
Progress = Callable[[int, int], None]  # (done, total)
CancelFlag = Callable[[], bool]


class _CellWriter:
    """One sheet's formats and its typed cell writes. XlsxWriter's generic write() guesses each
    value's kind by trying conversions; the typed calls here take ~40% less time per cell, and
    text is always written as text (never a formula, a number or a URL)."""

    def __init__(self, workbook, sheet, columns: list[Column]):
        bold = workbook.add_format({"bold": True})
        required = workbook.add_format({"bold": True, "pattern": 1, "bg_color": "#FDE9E7"})
        self.sheet = sheet
        self.formats = [workbook.add_format({"num_format": c.number_format}) if c.number_format else None for c in columns]
        self.quoted = [workbook.add_format({"quote_prefix": True, **({"num_format": c.number_format} if c.number_format else {})})
                       for c in columns]
        self.days = [f or workbook.add_format({"num_format": DEFAULT_DATE_FORMAT}) for f in self.formats]
        self.times = [f or workbook.add_format({"num_format": DEFAULT_DATETIME_FORMAT}) for f in self.formats]
        for index, column in enumerate(columns):
            sheet.write_string(0, index, column.header, required if column.required else bold)
            sheet.set_column(index, index, column.width)
            if column.choices:
                sheet.data_validation(1, index, LAST_ROW, index, {
                    "validate": "list", "source": list(column.choices), "ignore_blank": True,
                    "show_input": False, "show_error": False,
                })
        sheet.freeze_panes(1, 0)

    def row(self, number: int, values: list) -> None:
        sheet, formats = self.sheet, self.formats
        for index, value in enumerate(values):
            kind = type(value)
            if value is None:
                continue
            if kind is str:
                if not value.isprintable():  # every character clean() changes is unprintable
                    value = clean(value)
                if value.startswith(FORMULA_START):
                    sheet.write_string(number, index, value, self.quoted[index])
                elif value:
                    sheet.write_string(number, index, value, formats[index])
            elif kind is int or kind is float:
                sheet.write_number(number, index, value, formats[index])
            elif kind is bool:
                sheet.write_boolean(number, index, value, formats[index])
            elif kind is datetime:
                sheet.write_datetime(number, index, value, self.times[index])
            elif kind is date:
                sheet.write_datetime(number, index, value, self.days[index])
            elif isinstance(value, Real):  # a Decimal or another number kind: a number, as openpyxl wrote it
                sheet.write_number(number, index, float(value), formats[index])
            else:
                sheet.write_string(number, index, _safe(str(value)), formats[index])


# What openpyxl gave a date or time cell that no column formats: the look of earlier exports.
DEFAULT_DATE_FORMAT, DEFAULT_DATETIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd h:mm:ss"


def _abandon(workbook) -> None:
    """Drop a workbook that will not be saved: close its rows' temporary files (constant_memory
    keeps one per sheet), and mark it closed so that it does not try to save itself when collected."""
    for sheet in workbook.worksheets():
        handle = getattr(sheet, "row_data_fh", None)
        if handle is not None:
            handle.close()
            Path(sheet.row_data_filename).unlink(missing_ok=True)
    workbook.fileclosed = True


def _safe(value):
    """Stored text may predate the entry checks (a control character saved by an older version):
    cleaned on the way out, so that one bad value never makes a whole export fail."""
    return clean(value) if isinstance(value, str) else value


def xlsx_path(path: Path | str) -> Path:
    """The file a sheet is actually written to: any other suffix becomes .xlsx."""
    path = Path(path)
    return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")
