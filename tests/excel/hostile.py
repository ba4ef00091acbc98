"""Builders of hostile .xlsx files: valid workbooks with one member replaced or damaged. Shared by
the hostile-file tests, the fuzz suite and scripts/fuzz_imports.py."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def workbook_bytes(rows: list[list]) -> bytes:
    """A real workbook (first row the header) as openpyxl writes it."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    parts = members(data)
    parts[name] = content
    return rezip(parts)


def inline_cell(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def sheet_xml(rows_xml: str, dimension: str | None = None, prolog: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {NS}>{dim}'
            f"<sheetData>{rows_xml}</sheetData></worksheet>").encode()


def header_row(headers: list[str]) -> str:
    from openpyxl.utils import get_column_letter

    cells = "".join(inline_cell(f"{get_column_letter(i)}1", h) for i, h in enumerate(headers, start=1))
    return f'<row r="1">{cells}</row>'


def dimension_bomb(headers: list[str]) -> bytes:
    """~2 KB: a claimed size of A1:XFD1048576 and one cell in the very last row and column."""
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return with_member(workbook_bytes([headers]), SHEET,
                       sheet_xml(header_row(headers) + far, dimension="A1:XFD1048576"))


def billion_laughs(headers: list[str]) -> bytes:
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    prolog = f"<!DOCTYPE worksheet [{entities}]>"
    row = f'<row r="2">{inline_cell("A2", "&a9;")}</row>'
    return with_member(workbook_bytes([headers]), SHEET, sheet_xml(header_row(headers) + row, prolog=prolog))


def external_entity(headers: list[str]) -> bytes:
    prolog = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    row = f'<row r="2">{inline_cell("A2", "&xxe;")}</row>'
    return with_member(workbook_bytes([headers]), SHEET, sheet_xml(header_row(headers) + row, prolog=prolog))


def truncated_sheet(data: bytes) -> bytes:
    sheet = members(data)[SHEET]
    return with_member(data, SHEET, sheet[: len(sheet) // 2])


def flipped(data: bytes, position: int, mask: int = 0x5A) -> bytes:
    """One byte of the file changed (position taken modulo the length)."""
    damaged = bytearray(data)
    damaged[position % len(damaged)] ^= mask or 1
    return bytes(damaged)


def flipped_in_member(data: bytes, name: str = SHEET) -> bytes:
    """A byte in the middle of one member's compressed data changed: zlib or CRC errors on reading."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    name_length = int.from_bytes(data[info.header_offset + 26: info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28: info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    return flipped(data, start + info.compress_size // 2)


def chart_sheet_only() -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart

    book = Workbook()
    chart_sheet = book.create_chartsheet("图表")
    chart_sheet.add_chart(BarChart())
    book.remove(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def huge_member(headers: list[str], megabytes: int) -> bytes:
    """A zip bomb in miniature: a sheet padded with whitespace that inflates to `megabytes`."""
    padding = " " * (megabytes * 2**20)
    return with_member(workbook_bytes([headers]), SHEET, sheet_xml(header_row(headers) + padding))


def shared_strings(headers: list[str], count: int) -> bytes:
    """A tiny file whose string table holds `count` one-letter strings, all loaded by openpyxl."""
    parts = members(workbook_bytes([headers]))
    parts["xl/sharedStrings.xml"] = (f"<?xml version=\"1.0\"?><sst {NS}>".encode() + b"<si><t>a</t></si>" * count
                                     + b"</sst>")
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/></Types>'.encode())
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rId99" Type="{relation}" Target="sharedStrings.xml"/></Relationships>'.encode())
    return rezip(parts)


def many_cells(headers: list[str], count: int, per_row: int = 25) -> bytes:
    """`count` numeric cells, `per_row` to a row: every row is read, and every one rejected."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(i) for i in range(1, per_row + 1)]
    rows = "".join(f'<row r="{n}">' + "".join(f'<c r="{c}{n}"><v>1</v></c>' for c in letters) + "</row>"
                   for n in range(2, count // per_row + 1))
    return with_member(workbook_bytes([headers]), SHEET, sheet_xml(header_row(headers) + rows))


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
