"""Paper documents read back from a database filled through the real services: scores, tallies,
workflow steps, meeting logs, the year's rubric and targets."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.cli import main
from desktop.errors import BranchdeskError
from desktop.paper.sheets import cell_text
from desktop.rules.scoring import Tally
from desktop.rules.targets import YearTarget
from desktop.services import certificates, documents, rubric, scoring, settings, tallies, targets, workflow
from desktop.services.results import year_results
from desktop.services.tallies import TallyForm
from tests.meeting_helpers import add_branch as add_meeting_branch
from tests.meeting_helpers import add_meeting
from tests.paper_support import font_problems, missing_glyphs, page_texts, squeeze
from tests.services.helpers import add_branch

ISSUER = "中共测试街道工作委员会"
GOOD = Tally(participants=10, excellent=9, qualified=1, basic=0, unqualified=0, satisfied=40, public_basic=0, dissatisfied=0)


def _walk(ws, branch_id, year, *states):
    for state in states:
        outcome = "pass" if state in ("assessed", "accepted") else None
        workflow.record_step(ws, branch_id, year, state, date(year, 7, 1), "党建办", outcome=outcome,
                             reason="经查违纪" if state == "revoked" else None)


def _scored_street(ws, year=2025, issuer=ISSUER):
    """甲 accepted with full marks; 乙 full marks but a 述职 grade of 良好; 丙 nothing entered.
    The street's committee is named (unless `issuer` is None), as 单位设置 does before printing."""
    if issuer is not None:
        settings.save(ws, [settings.Change("issuer_name", issuer, year)])
    a, b, c = (add_branch(ws, name) for name in ("甲社区党支部", "乙社区党支部", "丙社区党支部"))
    session_id = scoring.create_session(ws, year, f"{year}年考评", date(year, 6, 1), [a, b], ["张三", "李四"])
    grid = scoring.load_grid(ws, session_id)
    for scorer_id, _name in grid.scorers:
        for branch_id in (a, b):
            for item in grid.rubric.items:
                scoring.save_score(ws, session_id, (scorer_id, branch_id, item.id), item.max_points)
    tallies.save_tally(ws, a, year, TallyForm(tally=GOOD, review_grade="excellent"))
    tallies.save_tally(ws, b, year, TallyForm(tally=GOOD, review_grade="good"))
    _walk(ws, a, year, "self_assessed", "applied", "assessed", "accepted")
    return (a, b, c), session_id, grid


def _row(text: str, name: str) -> str:
    """The squeezed text of one summary row: from the branch name to the next row's number."""
    start = text.index(name)
    return text[start:start + 80]


def test_summary_shows_computed_composite_bars_state_and_target(ws, tmp_path):
    (a, b, _c), _session_id, _grid = _scored_street(ws)
    printed = documents.print_document(ws, "summary", {"year": 2025}, tmp_path / "s.pdf")
    text = squeeze("".join(page_texts(tmp_path / "s.pdf")))
    by_id = {r.branch_id: r for r in year_results(ws, 2025)}
    first = _row(text, "甲社区党支部")
    assert squeeze(f"甲社区党支部社区{cell_text(by_id[a].org)}{cell_text(by_id[a].member)}{cell_text(by_id[a].public)}"
                   f"{cell_text(by_id[a].social)}{cell_text(by_id[a].composite)}是是区委已验收") in first
    assert by_id[b].strongest_bars == ("review_below_excellent",)
    assert f"{cell_text(by_id[b].composite)}是否②已申请" not in text  # 乙 never applied
    assert f"{cell_text(by_id[b].composite)}是否②未开始" in _row(text, "乙社区党支部")
    assert "丙社区党支部社区——————否未考评未开始" in text  # not scored yet: not 未达到标准
    assert "②述职评议考核等次不是优秀" in text
    assert "标准化规范化党支部1个，占33.3%；年度目标90%，尚差2个" in text
    assert missing_glyphs(text) == set() and font_problems(tmp_path / "s.pdf") == []

    # The year's target is the clerk's: an edit shows on the next print, and the old one is stale.
    targets.save_targets(ws, [YearTarget(2025, 0.30, 0.5, True)])
    assert documents.verify(ws, printed.code).changed is True
    documents.print_document(ws, "summary", {"year": 2025}, tmp_path / "s2.pdf")
    assert "年度目标30%，已达到目标" in squeeze("".join(page_texts(tmp_path / "s2.pdf")))


def test_verify_paper_reports_changed_after_a_score_edit(db, tmp_path, capsys):
    ws = db.workspace
    (a, _b, _c), session_id, grid = _scored_street(ws)
    assert main(["--db", str(db.file), "report", "summary", "--year", "2025", "-o", str(tmp_path / "s.pdf")]) == 0
    code = capsys.readouterr().out.split("验证码：")[1].strip()
    assert main(["--db", str(db.file), "verify-paper", code]) == 0
    assert "打印后数据未变化" in capsys.readouterr().out
    scorer_id, item = grid.scorers[0][0], grid.rubric.items[0]
    before = {r.branch_id: r for r in year_results(ws, 2025)}[a]
    scoring.save_score(ws, session_id, (scorer_id, a, item.id), item.max_points - 1)
    after = {r.branch_id: r for r in year_results(ws, 2025)}[a]
    assert main(["--db", str(db.file), "verify-paper", code]) == 0
    out = capsys.readouterr().out
    assert "打印后数据已有变化" in out
    # Which branch, which figures, old → new: the scorers' mean and the composite of 甲 moved.
    assert f"  甲社区党支部：组织评定 {cell_text(before.org)} → {cell_text(after.org)}" in out
    assert f"  甲社区党支部：综合得分 {cell_text(before.composite)} → {cell_text(after.composite)}" in out
    assert "乙社区党支部：" not in out and "丙社区党支部：" not in out


def test_xlsx_export_has_the_printed_rows(ws, tmp_path):
    from openpyxl import load_workbook

    _scored_street(ws)
    path = documents.export_sheet(ws, "summary", {"year": 2025}, tmp_path / "s.xlsx")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    by_name = {r.name: r for r in year_results(ws, 2025)}
    # In the one order of names: bing, jia, yi.
    assert rows[0][:3] == ("序号", "支部名称", "类型")
    assert [(r[1], r[7]) for r in rows[1:4]] == [(n, by_name[n].composite) for n in ("丙社区党支部", "甲社区党支部", "乙社区党支部")]
    assert rows[4][1] == "合计 3 个"


def _logged_branch(ws) -> int:
    """A branch with a committee and no party groups; its 2025: 支委会 January–October, 主题党日
    every month, 党员大会 in Q1 with a quorum and in Q2 without one."""
    branch = add_meeting_branch(ws, "和平社区党支部", groups=0)
    for month in range(1, 13):
        add_meeting(ws, branch, "theme_day", date(2025, month, 5))
        if month <= 10:
            add_meeting(ws, branch, "committee_meeting", date(2025, month, 8))
    add_meeting(ws, branch, "general_meeting", date(2025, 2, 10), expected=20, attended=15)
    add_meeting(ws, branch, "general_meeting", date(2025, 5, 10), expected=20, attended=6)
    return branch


def test_meetings_sheet_shows_held_over_required_and_names_the_gaps(ws, tmp_path):
    _logged_branch(ws)
    documents.print_document(ws, "meetings", {"year": 2025, "as_of": "2025-12-31"}, tmp_path / "m.pdf")
    text = squeeze("".join(page_texts(tmp_path / "m.pdf")))
    # 党员大会 1/4 (the meeting without a quorum does not count), 支委会 10/12, 党小组会 not required,
    # 党课 0/4, 主题党日 12/12, then the four yearly types 0/1. Periods met 1+10+12 of 4+12+4+12+4 due.
    assert "和平社区党支部1/410/12—0/412/120/10/10/10/163.9%" in text
    assert "支部党员大会Q2、Q3、Q4" in text and "支委会11、12" in text and "党课Q1、Q2、Q3、Q4" in text
    assert "主题党日" not in text.split("63.9%")[1].split("合计")[0]  # no gap named for a type that was met
    assert "有缺项的支部1个" in text


def test_meetings_rate_counts_only_periods_already_due(ws, tmp_path):
    _logged_branch(ws)
    documents.print_document(ws, "meetings", {"year": 2025, "as_of": "2025-07-15"}, tmp_path / "m.pdf")
    text = squeeze("".join(page_texts(tmp_path / "m.pdf")))
    # Due by 15 July: 6 months, 2 quarters, no yearly period. Met: 支委会 6, 主题党日 6, 党员大会 1 of 2,
    # 党课 0 of 2: 13 of 16.
    assert "和平社区党支部1/410/12—0/412/120/10/10/10/181.2%" in text
    assert "支委会11、12" not in text and "支部党员大会Q2" in text


def test_score_sheet_prints_the_years_rubric_and_ledger_evidence(ws, tmp_path):
    branch = _logged_branch(ws)
    first = documents.print_document(ws, "score_sheets", {"year": 2025, "as_of": "2025-12-31"}, tmp_path / "a.pdf")
    text = squeeze("".join(page_texts(tmp_path / "a.pdf")))
    assert first.pages == 1
    # 支委会 held in 10 of 12 months: 6 points × 10/12 = 5; 主题党日 every month: full 6.
    assert "支委会6支委会：应开12期，已开10期5" in text
    assert "主题党日6主题党日：应开12期，已开12期6" in text
    assert "正式党员20人，已设支委会4" in text and "2025年未登记书记参加培训0" in text
    assert "党课4党课：应开4期，已开0期0" in text
    assert "一票否决事项（有则划√）：□重大违纪违法□逾期未换届" in text

    view = rubric.rubric_for_year(ws, 2025)
    items = [replace(i, item_name="党课（书记讲党课）") if i.item_code == "life.party_lecture" else i for i in view.items]
    rubric.update_rubric(ws, 2025, pass_line=view.pass_line, weights=view.weights, drop_extremes=view.drop_extremes,
                         items=items, vetoes=[*view.vetoes, "党费收缴严重违规"])
    assert documents.verify(ws, first.code).changed is True
    documents.print_document(ws, "score_sheets", {"year": 2025, "as_of": "2025-12-31", "branch_ids": [branch]}, tmp_path / "b.pdf")
    edited = squeeze("".join(page_texts(tmp_path / "b.pdf")))
    assert "党课（书记讲党课）4党课：应开4期，已开0期0" in edited and "□党费收缴严重违规" in edited


def test_certificates_only_for_accepted_and_rated_branches_and_never_revoked(ws, tmp_path):
    _branches, _session_id, _grid = _scored_street(ws)
    d = add_branch(ws, "丁社区党支部")
    tallies.save_tally(ws, d, 2025, TallyForm(tally=GOOD, review_grade="excellent", org_score_override=100))
    _walk(ws, d, 2025, "self_assessed", "applied", "assessed", "accepted", "recommended", "rated_district")
    standardized = certificates.print_certificates(ws, 2025, "standardized", tmp_path / "std.pdf", issued_on=date(2026, 3, 2))
    texts = [squeeze(t) for t in page_texts(tmp_path / "std.pdf")]
    assert standardized.pages == 2
    assert ["中共丁社区党支部：" in texts[0], "中共甲社区党支部：" in texts[1]] == [True, True]  # name order
    assert all(ISSUER in t for t in texts)
    assert not any("乙社区" in t or "丙社区" in t for t in texts)
    strongest = certificates.print_certificates(ws, 2025, "strongest", tmp_path / "str.pdf", issued_on=date(2026, 3, 2))
    text = squeeze(page_texts(tmp_path / "str.pdf")[0])
    assert strongest.pages == 1 and "丁社区党支部" in text and "“2025年度最强党支部”" in text and "2025-强-001" in text

    _walk(ws, d, 2025, "revoked")
    with pytest.raises(BranchdeskError, match="已撤销"):
        certificates.print_certificates(ws, 2025, "strongest", tmp_path / "again.pdf")
    assert not (tmp_path / "again.pdf").exists()
    (line,) = certificates.list_certificates(ws, 2025, "strongest")
    assert line.status == "已撤销" and line.number == "2025-强-001"
    revoked = documents.verify(ws, strongest.codes[0])
    assert revoked.changed is True and revoked.lines() == ["丁社区党支部：状态 有效 → 已撤销"]
    # Revoking the 最强 rating leaves the standardized certificate standing.
    assert documents.verify(ws, standardized.codes[0]).changed is False
