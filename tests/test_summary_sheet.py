"""年度考评汇总表 fit to file, read back from the printed PDF: one number format, the veto spelled
out, 未考评 for branches not yet scored, and the signature and seal block."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from reportlab.lib.units import mm

from desktop.paper.layout import GBT9704, Stamp, layout_sections, write_pdf
from desktop.paper.sheets import Signing, summary_sheet
from desktop.paper.signature import SEAL_RADIUS
from desktop.services import documents, settings, tallies
from desktop.services.results import year_results
from desktop.services.tallies import TallyForm
from tests.paper_support import font_problems, missing_glyphs, page_texts, result, squeeze
from tests.test_paper_real import GOOD, ISSUER, _row, _scored_street


@pytest.fixture
def street(ws):
    """甲 accepted (full marks); 乙 full marks but vetoed; 丙 nothing entered; names for 2025 set."""
    (_a, b, _c), _session, _grid = _scored_street(ws)
    tallies.save_tally(ws, b, 2025, TallyForm(tally=GOOD, review_grade="good", veto="重大违纪违法"))
    settings.save(ws, [settings.Change("preparer_name", "赵六", 2025), settings.Change("reviewer_name", "钱七", 2025),
                           settings.Change("district_department_name", "中共测试区委组织部", 2025)])
    return ws


def _printed(ws, tmp_path) -> list[str]:
    documents.print_document(ws, "summary", {"year": 2025}, tmp_path / "s.pdf")
    return [squeeze(t) for t in page_texts(tmp_path / "s.pdf")]


def test_every_score_has_two_decimals_and_a_veto_is_spelled_out(street, tmp_path):
    text = "".join(_printed(street, tmp_path))
    by_name = {r.name: r for r in year_results(street, 2025)}
    vetoed = by_name["乙社区党支部"]
    assert vetoed.composite >= 85 and vetoed.meets_standard is False  # a pass mark that fails: the veto says why
    row = _row(text, "乙社区党支部")
    assert "100.00100.00100.00100.00100.00否否一票否决：重大违纪违法；②未开始" in row
    assert "100.00100.00100.00100.00100.00是是区委已验收" in _row(text, "甲社区党支部")
    # The totals row's mean has the same format as the scores above it; the veto keeps 乙 out of 达标.
    assert "合计3个100.0011" in text


def test_a_branch_not_scored_reads_not_scored(street, tmp_path):
    text = "".join(_printed(street, tmp_path))
    assert "丙社区党支部社区——————否未考评未开始" in text
    assert "①未达到标准化规范化标准" in text  # the legend still explains the mark where it is used
    assert "“未考评”：尚无完整的评分" in text


def test_signature_and_seal_block_closes_the_last_page(street, tmp_path):
    pages = _printed(street, tmp_path)
    today = date.today()
    last = pages[-1]
    assert f"制表人：赵六审核人：钱七日期：{today.year}年{today.month}月{today.day}日" in last
    assert "盖章处" in last and ISSUER in last
    assert "报送：中共测试区委组织部" in pages[0]
    assert all("盖章处" not in p for p in pages[:-1])
    assert missing_glyphs("".join(pages)) == set() and font_problems(tmp_path / "s.pdf") == []


def test_signature_names_follow_the_years_settings_and_blank_ones_leave_a_line(street, tmp_path):
    settings.save(street, [settings.Change("preparer_name", "", 2026)])  # a later year: 2025 keeps 赵六
    assert "制表人：赵六" in _printed(street, tmp_path)[-1]
    settings.save(street, [settings.Change("preparer_name", "", 2025)])
    assert "制表人：审核人：钱七" in _printed(street, tmp_path)[-1]


def _positions(path) -> list[tuple[int, str, float]]:
    """(page, text, y in points) of every text run of the PDF."""
    from pypdf import PdfReader

    found = []
    for number, page in enumerate(PdfReader(str(path)).pages):
        def visit(text, _cm, tm, _font, _size, number=number):
            if text.strip():
                found.append((number, text.strip(), tm[5]))

        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("count", [5, 11, 12, 20, 21, 26])  # either side of each page break
def test_the_signature_block_never_runs_into_the_footer(tmp_path, count):
    """Around the point where the table fills the first page, the block (with the notes) moves to a
    new page instead of being drawn over the bottom margin."""
    results = [result(i, f"测试社区第{i}党支部", "community", composite=90.0 + i / 10) for i in range(count)]
    sheet = summary_sheet(2025, results, 0.9, signing=Signing("中共测试街道工作委员会", date(2026, 1, 5), "赵六"))
    path = tmp_path / "s.pdf"
    write_pdf(path, layout_sections([sheet.section()]), GBT9704, sheet.title, Stamp("ACDE3467", datetime(2026, 1, 5, 9, 0)))
    runs = _positions(path)
    last_page = max(page for page, _text, _y in runs)
    units = [(page, y) for page, text, y in runs if text == "中共测试街道工作委员会"]
    assert [page for page, _y in units] == [last_page]
    seal_bottom = units[0][1] + 3 * mm - SEAL_RADIUS  # the circle is centred 3 mm above the name
    assert seal_bottom >= GBT9704.bottom - 1
    assert all(page < last_page or y > units[0][1] for page, text, y in runs if "测试社区第" in text)


def test_sheet_without_signing_has_no_signature_block():
    sheet = summary_sheet(2025, [result(1, "甲社区党支部", "community")], 0.9)
    assert sheet.section().signature is None
    assert sheet.text_rows(sheet.records)[0][3:8] == ("92.00", "96.50", "90.00", "100.00", "93.40")


def test_a_revoked_standardization_is_marked_and_explained(ws, tmp_path):
    """甲 meets the standard and was accepted, then its standardization was revoked: 考评达标 still
    reads 是, marked, and a note under the table says when and why, in the PDF and the .docx."""
    from docx import Document

    from desktop.services import workflow

    (a, _b, _c), _session, _grid = _scored_street(ws)
    workflow.record_step(ws, a, 2025, "revoked", date(2025, 9, 3), "党建办", reason="发生违纪问题")
    revoked = {r.name: r for r in year_results(ws, 2025)}["甲社区党支部"]
    assert (revoked.meets_standard, revoked.standardized, revoked.revoked_on) == (True, False, date(2025, 9, 3))
    text = "".join(_printed(ws, tmp_path))
    note = ("※甲社区党支部：考评达标，但其标准化规范化党支部评定已于2025-09-03撤销（发生违纪问题），"
            "取消评定及相关待遇保障，不计入标准化规范化党支部。")
    assert "100.00是※" in _row(text, "甲社区党支部") and "标准化已撤销" in _row(text, "甲社区党支部")
    assert note in text and text.count("※") == 2  # the mark on the row, the note: no one else's
    assert "乙社区党支部" not in note and "※" not in _row(text, "乙社区党支部")
    assert not missing_glyphs(note)
    out = documents.export_word(ws, "summary", {"year": 2025}, tmp_path / "s.docx")
    word = Document(str(out))
    assert note in [squeeze(p.text) for p in word.paragraphs]
    cells = [[c.text for c in row.cells] for row in word.tables[0].rows]
    assert any(row[1] == "甲社区党支部" and row[8] == "是※" for row in cells)
