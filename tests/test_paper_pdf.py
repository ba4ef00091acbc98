"""PDFs read back: content present, footer on every page, glyphs covered, fonts embedded."""

from __future__ import annotations

from datetime import date, datetime

from desktop.paper.certificates import CertificateSheet, write_certificates
from desktop.paper.forms import ScoreSheetBranch, ballot_pages, score_sheet_pages
from desktop.paper.layout import GBT9704, Stamp, layout_sections, write_pdf
from desktop.paper.numerals import chinese_month
from desktop.paper.sheets import summary_sheet
from tests.paper_support import FOOTER, font_problems, missing_glyphs, page_texts, result, squeeze

STAMP = Stamp("ACDE3467", datetime(2026, 3, 2, 9, 30))


def _results(count: int) -> list:
    kinds = ("community", "village", "government", "private_enterprise", "social_org")
    return [
        result(i, f"和平科技有限公司第{i}党支部", kinds[i % 5], org=80 + i % 20, composite=round(85 + (i % 150) / 10, 2),
                   standardized=i % 3 != 0, meets_standard=i % 3 != 0)
        for i in range(1, count + 1)
    ]


def _check_footer(texts: list[str]) -> None:
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        flat = squeeze(text)
        assert FOOTER.search(flat).groups() == (str(number), str(total)), f"page {number}"
        assert "验证码：ACDE-3467" in flat
        assert "生成时间：2026-03-0209:30" in flat


def test_multi_page_summary_has_every_branch_footer_glyphs_and_embedded_fonts(tmp_path):
    results = _results(150)
    sheet = summary_sheet(2025, results, 0.9)
    path = tmp_path / "summary.pdf"
    pages = write_pdf(path, layout_sections([sheet.section()]), GBT9704, sheet.title, STAMP)
    texts = page_texts(path)
    assert pages == len(texts) > 3
    _check_footer(texts)
    flat = squeeze("".join(texts))
    for r in results:
        assert r.name in flat
    assert "2025年度党支部标准化规范化考评汇总表" in squeeze(texts[0])
    assert "标准化规范化党支部100个，占66.7%；年度目标90%，尚差35个" in flat
    # The header row is repeated on every page.
    assert all("综合得分" in squeeze(t) and "未获资格原因" in squeeze(t) for t in texts)
    assert missing_glyphs("".join(texts)) == set()
    assert font_problems(path) == []


def test_certificates_carry_recipient_honour_number_code_and_chinese_date(tmp_path):
    sheets = [
        CertificateSheet("standardized", 2025, "中共和平社区党支部委员会", "中共和平街道工作委员会", chinese_month(date(2026, 3, 1)),
                         "2025-标-001", "ACDE3467"),
        CertificateSheet("strongest", 2025, "中共光明村党支部", "中共和平街道工作委员会", chinese_month(date(2026, 11, 1)),
                         "2025-强-012", "FGHJ4679"),
    ]
    long_name = "中共和平街道某某某某某某某某某某某某有限责任公司联合党支部委员会"
    sheets.append(CertificateSheet("standardized", 2025, long_name, "中共和平街道工作委员会", "二〇二六年三月", "2025-标-002", "ACDE3467"))
    path = tmp_path / "cert.pdf"
    assert write_certificates(path, sheets) == 3
    assert squeeze(long_name + "：") in squeeze(page_texts(path)[2])
    sheets.pop()
    first, second = (squeeze(t) for t in page_texts(path)[:2])
    for expected in ("荣誉证书", "中共和平社区党支部委员会：", "“2025年度标准化规范化党支部”", "特发此证",
                     "中共和平街道工作委员会", "二〇二六年三月", "证书编号：2025-标-001", "验证码：ACDE-3467"):
        assert squeeze(expected) in first, expected
    assert "“2025年度最强党支部”" in second and "二〇二六年十一月" in second and "2025-强-012" in second
    assert missing_glyphs(first + second) == set()
    assert font_problems(path) == []


def test_score_sheets_show_evidence_beside_items_and_copies(ws, tmp_path):
    from desktop.rules.evidence import Evidence
    from desktop.services.paper_sources import rubric_for_year

    evidence = {
        "setup.term": Evidence("任期已于2024-05-01届满，逾期未换届", 0.0),
        "life.committee_meeting": Evidence("支委会：应开12期，已开10期", 5.0),
    }
    branches = [ScoreSheetBranch("和平社区党支部", "社区", evidence), ScoreSheetBranch("光明村党支部", "村", {})]
    path = tmp_path / "score.pdf"
    write_pdf(path, score_sheet_pages(2025, rubric_for_year(ws, 2025).areas, branches, copies=2), GBT9704, "评分表", STAMP)
    texts = [squeeze(t) for t in page_texts(path)]
    assert len(texts) == 4  # one page per sheet, two copies each
    _check_footer(page_texts(path))
    assert sum("被考评党支部：和平社区党支部" in t for t in texts) == 2
    assert "按期换届3任期已于2024-05-01届满，逾期未换届0" in texts[0]
    assert "支委会6支委会：应开12期，已开10期5" in texts[0]
    assert "合计100" in texts[0] and "评分人（签字）" in texts[0]
    assert missing_glyphs("".join(texts)) == set()
    assert font_problems(path) == []


def test_ballots_are_anonymous_with_all_choices_and_n_copies(tmp_path):
    path = tmp_path / "ballots.pdf"
    pages = (ballot_pages("member", 2025, ["和平社区党支部", "光明村党支部"], copies=3)
             + ballot_pages("public", 2025, ["和平社区党支部"], copies=2))
    write_pdf(path, pages, GBT9704, "评议票", STAMP)
    texts = [squeeze(t) for t in page_texts(path)]
    assert len(texts) == 3 + 1  # six member slips two to a page, then two public slips
    _check_footer(page_texts(path))
    member = "".join(texts[:3])
    assert member.count("2025年度党员评议党支部评议票") == 6
    assert member.count("被评议党支部：和平社区党支部") == 3 and member.count("被评议党支部：光明村党支部") == 3
    assert member.count("优秀合格基本合格不合格") == 6 and member.count("本票不记名") == 6
    assert texts[3].count("满意基本满意不满意") == 2 and "请写明具体事项" in texts[3]
    assert "姓名" not in "".join(texts)
    assert missing_glyphs("".join(texts)) == set()
    assert font_problems(path) == []


def test_cancel_leaves_no_file(tmp_path):
    import pytest

    from desktop.paper.layout import Cancelled

    path = tmp_path / "c.pdf"
    seen = []
    with pytest.raises(Cancelled):
        write_pdf(path, ballot_pages("member", 2025, ["甲"], 10), GBT9704, "x", STAMP,
                  progress=lambda done, total: seen.append(done), cancel=lambda: len(seen) >= 2)
    assert seen == [1, 2] and not path.exists() and list(tmp_path.iterdir()) == []
