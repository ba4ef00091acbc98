"""Pure pieces of the paper layer: Chinese numerals, recipients, targets, wrapping, sheet rows."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from desktop.paper.layout import wrap
from desktop.paper.numerals import chinese_date, chinese_day_number, chinese_month, chinese_year, recipient_name
from desktop.paper.sheets import BAR_LEGEND, cell_text, period_label, progress_sheet, summary_sheet
from tests.paper_support import result


@pytest.mark.parametrize(("day", "text"), [
    (date(2026, 3, 5), "二〇二六年三月"),
    (date(2026, 11, 28), "二〇二六年十一月"),
    (date(2030, 12, 1), "二〇三〇年十二月"),
    (date(2000, 1, 1), "二〇〇〇年一月"),
    (date(2019, 10, 1), "二〇一九年十月"),
])
def test_chinese_month(day, text):
    assert chinese_month(day) == text


def test_chinese_day_numbers_and_full_date():
    assert [chinese_day_number(d) for d in (1, 10, 11, 20, 21, 30, 31)] == ["一", "十", "十一", "二十", "二十一", "三十", "三十一"]
    assert chinese_date(date(2026, 11, 28)) == "二〇二六年十一月二十八日"
    assert chinese_year(2008) == "二〇〇八"
    with pytest.raises(ValueError):
        chinese_day_number(0)


def test_recipient_is_the_committee_only_when_there_is_one():
    assert recipient_name("和平社区党支部", True) == "中共和平社区党支部委员会"
    assert recipient_name("和平社区党支部", False) == "中共和平社区党支部"
    assert recipient_name("中共光明村党支部", True) == "中共光明村党支部委员会"
    assert recipient_name("育才小学联合支部", True) == "中共育才小学联合支部"


def test_wrap_breaks_cjk_and_keeps_punctuation_off_line_starts():
    from desktop.paper import fonts

    name = fonts.font_name("body")
    lines = wrap("一二三四五六七八九十，。", name, 10, 100)
    assert "".join(lines) == "一二三四五六七八九十，。"
    assert all(line[0] not in "，。" for line in lines)
    assert wrap("甲\n乙", name, 10, 500) == ["甲", "乙"]
    # A closing quote followed by a full stop at the break: both move down with the word before them.
    text = "请在方框内划“√”。只能选一项"
    for width in range(40, 140, 3):
        lines = wrap(text, name, 10, width)
        assert "".join(lines) == text
        assert all(line[0] not in "”。，" and line[-1] != "“" for line in lines), (width, lines)
    # Numbers are not split across lines, even when the break falls on the punctuation after them.
    for width in range(30, 90, 2):
        lines = wrap("支委会 04、07、09、10、11、12；Q1、Q3", name, 8.5, width)
        assert all(not (a[-1:].isdigit() and b[:1].isalnum()) for a, b in pairwise(lines)), (width, lines)


def test_period_labels_and_cells():
    assert [period_label(p, 2025) for p in ("2025-03", "2025-Q2", "2025", "2024-12")] == ["03", "Q2", "全年", "2024-12"]
    # Every score in one format, two decimals: a column of 100.00 / 95.50 / 91.25 reads evenly.
    assert ([cell_text(v) for v in (None, True, False, 95.5, 100.0, 91.25, 0.0, 3)]
            == ["—", "是", "否", "95.50", "100.00", "91.25", "0.00", "3"])


def test_summary_and_progress_rows_from_results():
    results = [
        result(1, "乙社区党支部", "community"),
        result(2, "甲村党支部", "village", composite=80.0, meets_standard=False, standardized=False,
                   strongest_bars=("not_standardized", "review_below_excellent"), state="assessed"),
        result(3, "丙村党支部", "village", strongest_eligible=True, strongest_bars=(), state="rated_district", strongest_level="district"),
    ]
    sheet = summary_sheet(2025, results, 0.9)
    assert [r["name"] for r in sheet.records] == ["丙村党支部", "甲村党支部", "乙社区党支部"]  # the one order: bing, jia, yi
    row = next(r for r in sheet.text_rows(sheet.records) if r[1] == "甲村党支部")
    assert row[7:] == ("80.00", "否", "否", "①②", "街道已考评")
    assert "①未达到标准化规范化标准" in BAR_LEGEND and BAR_LEGEND in sheet.notes
    assert "尚差 1 个" in sheet.notes[0]  # 2 of 3 standardized; 90% of 3 needs 3
    progress = progress_sheet(2025, results, 0.9)
    assert [(r["kind"], r["branches"], r["standardized"], r["shortfall"]) for r in progress.records] == [("村", 2, 1, 1), ("社区", 1, 1, 0)]
    assert progress.totals[0]["shortfall"] == 1
