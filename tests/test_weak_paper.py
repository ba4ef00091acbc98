"""The 整顿提升 documents: the ledger (landscape, with its signature block), the one-case 销号审批表
and the year's inspection summary, read back from the PDF; their verification codes; Excel."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.errors import BranchdeskError
from desktop.services import documents, inspections, settings, weak_cases
from desktop.services.weak_cases import CaseForm
from desktop.store.workspace import Workspace
from tests.paper_support import font_problems, page_texts, squeeze
from tests.services.helpers import add_branch

NOW = datetime(2025, 12, 1, 2, 0)


@pytest.fixture
def ws(db) -> Workspace:
    return Workspace(db.engine, db.workspace.files_root, "党建办", clock=lambda: NOW)


@pytest.fixture
def ledger(ws):
    a, b, c = (add_branch(ws, name) for name in ("甲村党支部", "乙社区党支部", "丙社区党支部"))
    closed = weak_cases.open_case(ws, a, 2025, CaseForm(
        grounds=("no_organizational_life", "team_disunited"), problems="支委会长期未召开", measures="选派第一书记，每月召开支委会",
        contact_leader="王建军", first_secretary="刘晓峰", responsible="张明", deadline=date(2025, 10, 31)))
    weak_cases.add_progress(ws, closed, date(2025, 3, 15), "召开专题组织生活会")
    weak_cases.accept(ws, closed, date(2025, 10, 20), True)
    weak_cases.close(ws, closed, date(2025, 10, 28))
    weak_cases.open_case(ws, b, 2025, CaseForm(grounds=("low_satisfaction",), deadline=date(2025, 11, 30)))
    inspections.record_inspection(ws, "special", date(2025, 5, 10), "王建军、赵丽", [
        inspections.VisitForm(a, "党课记录不全", "补齐记录", date(2025, 6, 10), date(2025, 6, 1)),
        inspections.VisitForm(c, "党费收缴不及时", "限期整改", date(2025, 7, 1))], topic="组织生活专项督查")
    inspections.record_talk(ws, b, date(2025, 6, 3), "陈刚", "群众满意率低", role="书记", by_whom="王建军", agreed="走访全部居民小组")
    settings.save(ws, [settings.Change("issuer_name", "中共和平街道工作委员会", 2025)])
    return {"甲": a, "乙": b, "丙": c}


def test_the_ledger_prints_landscape_with_every_column_and_verifies(ws, ledger, tmp_path):
    path = tmp_path / "ledger.pdf"
    result = documents.print_document(ws, "weak_cases", {"year": 2025}, path)
    text = squeeze("".join(page_texts(path)))
    for part in ("2025年度软弱涣散党组织整顿台账", "甲村党支部", "组织生活不正常", "王建军", "刘晓峰", "2025-10-31",
                 "03-15召开专题组织生活会", "2025-10-20", "已销号", "逾期", "群众满意率低于60%", "中共和平街道工作委员会", "动态清零",
                 result.code_text):
        assert squeeze(part) in text, part
    from pypdf import PdfReader

    box = PdfReader(str(path)).pages[0].mediabox
    assert box.width > box.height  # A4 landscape
    assert font_problems(path) == []
    assert documents.verify(ws, result.code).changed is False
    (open_case,) = weak_cases.list_cases(ws, 2025, open_only=True)
    weak_cases.add_progress(ws, open_case.id, date(2025, 11, 1), "走访群众")
    assert documents.verify(ws, result.code).changed is True


def test_the_closure_form_has_the_case_its_progress_and_a_seal(ws, ledger, tmp_path):
    path = tmp_path / "closure.pdf"
    result = documents.print_document(ws, "weak_closure", {"year": 2025, "branch_ids": [ledger["甲"]]}, path)
    (page,) = page_texts(path)
    text = squeeze(page)
    for part in ("软弱涣散党组织整顿销号审批表", "甲村党支部", "班子不团结、组织生活不正常", "03-15召开专题组织生活会",
                 "2025-10-20验收通过", "2025-10-28", "联系领导意见", "审批人", "盖章处", "中共和平街道工作委员会", result.code_text):
        assert squeeze(part) in text, part
    assert "乙社区党支部" not in text
    assert documents.verify(ws, result.code).changed is False
    everyone = documents.print_document(ws, "weak_closure", {"year": 2025}, tmp_path / "all.pdf")
    assert everyone.pages == 2
    with pytest.raises(BranchdeskError, match="没有可打印的整顿台账"):
        documents.print_document(ws, "weak_closure", {"year": 2024}, tmp_path / "none.pdf")


def test_the_closure_form_needs_the_issuer(ws, tmp_path):
    branch = add_branch(ws, "甲村党支部")
    weak_cases.open_case(ws, branch, 2025, CaseForm(grounds=("team_disunited",)))
    with pytest.raises(BranchdeskError, match="党工委全称"):
        documents.print_document(ws, "weak_closure", {"year": 2025}, tmp_path / "closure.pdf")
    assert not (tmp_path / "closure.pdf").exists()


def test_the_inspection_summary_lists_visits_and_talks(ws, ledger, tmp_path):
    path = tmp_path / "inspections.pdf"
    result = documents.print_document(ws, "inspections", {"year": 2025}, path)
    text = squeeze("".join(page_texts(path)))
    for part in ("2025年度督查检查和约谈情况汇总表", "专项督查", "组织生活专项督查", "党课记录不全", "2025-06-01完成", "逾期未完成", "约谈",
                 "陈刚（书记）", "走访全部居民小组", "约谈1人次"):
        assert squeeze(part) in text, part
    assert documents.verify(ws, result.code).changed is False
    out = documents.export_sheet(ws, "inspections", {"year": 2025}, tmp_path / "inspections.xlsx")
    from openpyxl import load_workbook

    rows = list(load_workbook(out).worksheets[0].values)
    assert rows[0][:3] == ("序号", "日期", "方式") and len(rows) == 4


def test_the_ledger_exports_to_excel(ws, ledger, tmp_path):
    out = documents.export_sheet(ws, "weak_cases", {"year": 2025}, tmp_path / "ledger.xlsx")
    from openpyxl import load_workbook

    rows = list(load_workbook(out).worksheets[0].values)
    assert rows[0][1] == "党组织" and {r[1] for r in rows[1:3]} == {"甲村党支部", "乙社区党支部"}
