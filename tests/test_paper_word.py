"""The summary sheets as Word documents: the PDF's rows, page and table look, read back with python-docx."""

from __future__ import annotations

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from desktop.cli import main
from desktop.errors import BranchdeskError
from desktop.paper.layout import GBT9704, GBT9704_LANDSCAPE
from desktop.services import documents
from tests.paper_support import add_branches


def table_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_registry_sheet_as_word_has_the_printed_rows_page_and_header(ws, tmp_path):
    add_branches(ws, 12)
    params = {"year": 2025, "as_of": "2025-12-31"}
    path = documents.export_word(ws, "registry", params, tmp_path / "支部基本情况表")
    assert path.suffix == ".docx" and path.exists()
    sheet = documents.document("registry").build(ws, documents.document("registry").normalize(params)).sheet
    word = Document(str(path))
    (table,) = word.tables
    rows = table_texts(table)
    assert rows[0] == [c.header for c in sheet.columns]
    assert rows[1:] == [list(r) for r in sheet.text_rows(sheet.records) + sheet.text_rows(sheet.totals, "")]
    assert word.paragraphs[0].text == sheet.title
    section = word.sections[0]
    assert round(section.page_width.pt) == round(GBT9704.size[0]) and round(section.left_margin.pt) == round(GBT9704.left)
    # The header row repeats on every page and is shaded like the PDF's; the Chinese font is named for Chinese text.
    first_row = table.rows[0]._tr
    assert first_row.trPr.find(qn("w:tblHeader")) is not None
    assert first_row.tc_lst[0].tcPr.find(qn("w:shd")).get(qn("w:fill")) == "EEEEEE"
    run = table.cell(1, 1).paragraphs[0].runs[0]
    assert run.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体" and run.font.size == Pt(sheet.size)
    assert "不作为验证凭据" in word.paragraphs[-1].text


def test_a_wide_ledger_is_landscape_and_forms_are_refused(ws, tmp_path):
    add_branches(ws, 2)
    path = documents.export_word(ws, "weak_cases", {"year": 2025}, tmp_path / "台账.docx")
    section = Document(str(path)).sections[0]
    assert section.page_width > section.page_height
    assert round(section.page_width.pt) == round(GBT9704_LANDSCAPE.size[0])
    for kind in ("ballots", "score_sheets", "certificate"):
        with pytest.raises(BranchdeskError, match="不能导出为 Word"):
            documents.export_word(ws, kind, {"year": 2025}, tmp_path / f"{kind}.docx")
        assert not (tmp_path / f"{kind}.docx").exists()


def test_report_command_writes_word_for_sheets_only(db, tmp_path, capsys):
    add_branches(db.workspace, 3)
    target = str(db.file)
    out = tmp_path / "进度.docx"
    assert main(["--db", target, "report", "progress", "--year", "2025", "-o", str(out)]) == 0
    assert "已导出" in capsys.readouterr().out
    assert table_texts(Document(str(out)).tables[0])[0][0] == "支部类型"
    assert main(["--db", target, "report", "ballots", "--year", "2025", "-o", str(tmp_path / "b.docx")]) == 2
    assert ".docx" in capsys.readouterr().err and not (tmp_path / "b.docx").exists()
