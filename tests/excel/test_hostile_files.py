"""Hostile files: each is refused whole with a Chinese reason (exit 2 from the CLI, no traceback,
the database untouched), or read within fixed bounds of time."""

from __future__ import annotations

import warnings

import pytest

from desktop.cli import main
from desktop.errors import ImportFileError
from desktop.excel import branches, sheet, workbook
from desktop.excel.sheet import read_rows
from desktop.services import datasets
from tests.excel import hostile
from tests.excel.snapshot import snapshot

HEADERS = [c.header for c in branches.columns()]
GOOD_ROW = ["甲社区党支部", "社区", None, None, "张三", None, None, 3, 5]


def _good() -> bytes:
    return hostile.workbook_bytes([HEADERS, GOOD_ROW])


def _refusal(path) -> str:
    with pytest.raises(ImportFileError) as error:
        read_rows(path, branches.columns())
    return error.value.message


HOSTILE = {
    "billion_laughs": lambda: hostile.billion_laughs(HEADERS),
    "external_entity": lambda: hostile.external_entity(HEADERS),
    "truncated_sheet": lambda: hostile.truncated_sheet(_good()),
    "flipped_bit_in_sheet": lambda: hostile.flipped_in_member(_good()),
    "chart_sheet_only": hostile.chart_sheet_only,
    "text_in_a_number_cell": lambda: hostile.with_member(_good(), hostile.SHEET, hostile.sheet_xml(
        hostile.header_row(HEADERS) + '<row r="2"><c r="I2"><v>abc</v></c></row>')),
    "shared_string_out_of_range": lambda: hostile.with_member(_good(), hostile.SHEET, hostile.sheet_xml(
        hostile.header_row(HEADERS) + '<row r="2"><c r="A2" t="s"><v>99</v></c></row>')),
    "row_of_too_many_cells": lambda: hostile.with_member(_good(), hostile.SHEET, hostile.sheet_xml(
        hostile.header_row(HEADERS) + '<row r="2">' + "<c/>" * (workbook.MAX_ROW_CELLS + 1) + "</row>")),
    "not_a_zip": lambda: b"PK\x03\x04 this is not a workbook",
    "empty_file": lambda: b"",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_are_refused_with_a_reason(tmp_path, case):
    path = hostile.write(tmp_path / f"{case}.xlsx", HOSTILE[case]())
    message = _refusal(path)
    assert path.name in message and ("Excel" in message or "工作表" in message)


@pytest.mark.parametrize("dataset", sorted(datasets.DATASETS))
def test_cli_refuses_a_damaged_file_with_exit_2_and_leaves_the_database_alone(db, tmp_path, capsys, dataset):
    path = hostile.write(tmp_path / "bad.xlsx", hostile.billion_laughs(HEADERS))
    before = snapshot(db.workspace)
    assert main(["--db", str(db.file), "import", dataset, str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("错误：") and "Traceback" not in captured.err and captured.out == ""
    assert snapshot(db.workspace) == before


def test_dimension_bomb_is_read_without_sizing_anything(tmp_path):
    # It once held the worker ~15 minutes; what keeps it quick (claimed dimensions ignored, the
    # million gap rows passed on as one shared tuple) is held structurally in test_cells.py.
    path = hostile.write(tmp_path / "bomb.xlsx", hostile.dimension_bomb(HEADERS))
    assert path.stat().st_size < 8_000
    parsed, rejected = read_rows(path, branches.columns())
    assert (parsed, rejected) == ([], [])  # the one far cell lies outside every known column


def test_a_far_cell_in_a_known_column_is_still_read(tmp_path):
    far = '<row r="1048576">' + hostile.inline_cell("A1048576", "远处党支部") + hostile.inline_cell("B1048576", "村") \
        + '<c r="I1048576"><v>4</v></c></row>'
    data = hostile.with_member(_good(), hostile.SHEET, hostile.sheet_xml(hostile.header_row(HEADERS) + far, "A1:XFD1048576"))
    [row], rejected = read_rows(hostile.write(tmp_path / "far.xlsx", data), branches.columns())
    assert row.row == 1048576 and row.values["name"] == "远处党支部" and rejected == []


def test_a_member_that_inflates_past_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_MEMBER_BYTES", 2**20)
    message = _refusal(hostile.write(tmp_path / "zipbomb.xlsx", hostile.huge_member(HEADERS, 2)))
    assert "解压后超过" in message


def test_more_data_rows_than_the_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet, "MAX_DATA_ROWS", 3)
    rows = [HEADERS] + [[f"第{i}党支部", "村", None, None, None, None, None, None, 3] for i in range(4)]
    message = _refusal(hostile.write(tmp_path / "rows.xlsx", hostile.workbook_bytes(rows)))
    assert "超过 3 行数据" in message
    del rows[-1]  # exactly at the limit: read
    assert len(read_rows(hostile.write(tmp_path / "ok.xlsx", hostile.workbook_bytes(rows)), branches.columns())[0]) == 3


def test_a_known_column_beyond_the_read_width_is_refused(tmp_path):
    header = HEADERS[:1] + [None] * workbook.MAX_COLUMNS + HEADERS[1:]
    message = _refusal(hostile.write(tmp_path / "wide.xlsx", hostile.workbook_bytes([header])))
    assert "超出了读取范围" in message and "支部类型" in message


def test_a_duplicate_known_header_is_refused_naming_both_columns(tmp_path):
    header = [*HEADERS, "正式党员数"]
    message = _refusal(hostile.write(tmp_path / "dup.xlsx", hostile.workbook_bytes([header, GOOD_ROW + [None] * 9 + [9]])))
    assert "“正式党员数”出现了两次" in message and "第 I 列" in message and "第 S 列" in message


def test_duplicate_unknown_headers_are_ignored_like_every_unknown_column(tmp_path):
    path = hostile.write(tmp_path / "extra.xlsx", hostile.workbook_bytes([[*HEADERS, "说明", "说明"], GOOD_ROW]))
    assert len(read_rows(path, branches.columns())[0]) == 1


def test_excel_error_cells_reject_the_row_naming_the_column(tmp_path):
    xml = hostile.header_row(HEADERS) + '<row r="2"><c r="A2" t="e"><v>#VALUE!</v></c>' \
        + hostile.inline_cell("B2", "村") + '<c r="I2"><v>3</v></c></row>' \
        + '<row r="3">' + hostile.inline_cell("A3", "乙党支部") + hostile.inline_cell("B3", "村") \
        + '<c r="I3" t="e"><v>#REF!</v></c></row>'
    data = hostile.with_member(_good(), hostile.SHEET, hostile.sheet_xml(xml))
    parsed, rejected = read_rows(hostile.write(tmp_path / "errors.xlsx", data), branches.columns())
    assert parsed == []
    assert [(r.row, r.column) for r in rejected] == [(2, "支部名称"), (3, "正式党员数")]
    assert all("Excel 错误值" in r.reason for r in rejected)


def test_openpyxl_warnings_do_not_leak_but_stay_on_elsewhere(tmp_path):
    # A workbook without a default style makes openpyxl warn "Workbook contains no default style".
    parts = hostile.members(_good())
    parts["xl/styles.xml"] = (b'<?xml version="1.0" encoding="UTF-8"?><styleSheet '
                              b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
    path = hostile.write(tmp_path / "nostyle.xlsx", hostile.rezip(parts))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert len(read_rows(path, branches.columns())[0]) == 1
        warnings.warn("the app's own warnings still show", UserWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["the app's own warnings still show"]


def test_numbers_excel_itself_cannot_hold_are_rejected_rows(tmp_path):
    # 1E999 in a number cell reads as infinity; 书记培训年度 (P) and 正式党员数 (I) must refuse it.
    rows = "".join(f'<row r="{n}">' + hostile.inline_cell(f"A{n}", f"第{n}党支部") + hostile.inline_cell(f"B{n}", "村")
                   + f'<c r="I{n}"><v>{full}</v></c><c r="P{n}"><v>{years}</v></c></row>'
                   for n, full, years in ((2, "3", "1E999"), (3, "1E999", "2024"), (4, "-1E999", "2024")))
    data = hostile.with_member(_good(), hostile.SHEET, hostile.sheet_xml(hostile.header_row(HEADERS) + rows))
    parsed, rejected = read_rows(hostile.write(tmp_path / "inf.xlsx", data), branches.columns())
    assert parsed == [] and [(r.row, r.column) for r in rejected] == [(2, "书记培训年度"), (3, "正式党员数"), (4, "正式党员数")]


def test_a_file_that_cannot_be_read_says_so_rather_than_damaged(tmp_path, monkeypatch):
    path = hostile.write(tmp_path / "locked.xlsx", _good())

    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(workbook.zipfile, "ZipFile", denied)
    message = _refusal(path)
    assert message.startswith("无法读取“locked.xlsx”") and "损坏" not in message
