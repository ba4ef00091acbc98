"""The weak-cases and inspections datasets: import with a preview and per-row rejections, one case
per branch and year, idempotence, and the exact round trip through export."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services import datasets, inspections, weak_cases
from desktop.services.weak_cases import CaseForm
from tests.services.helpers import add_branch
from tests.sheets import write_xlsx

CASE_HEADERS = ["支部名称", "认定年度", "认定情形", "具体问题", "整顿措施", "联系领导", "第一书记", "责任人", "整改时限",
                "验收日期", "验收结论", "销号日期"]
INSPECTION_HEADERS = ["检查方式", "检查日期", "检查主题", "检查人员", "支部名称", "发现问题", "整改要求", "整改时限", "整改完成日期"]


@pytest.fixture
def two(ws):
    return add_branch(ws, "甲村党支部"), add_branch(ws, "乙社区党支部")


def rejected(report):
    return [(r.row, r.column, r.reason) for r in report.rejected]


def test_the_headers_are_exactly_the_ledger_columns(tmp_path):
    from openpyxl import load_workbook

    for name, headers in (("weak-cases", CASE_HEADERS), ("inspections", INSPECTION_HEADERS)):
        path = datasets.DATASETS[name].write_template(tmp_path / f"{name}.xlsx")
        assert [c.value for c in load_workbook(path).worksheets[0][1]] == headers


def test_weak_cases_import_rejections_and_round_trip(ws, two, tmp_path):
    dataset = datasets.DATASETS["weak-cases"]
    path = write_xlsx(tmp_path / "cases.xlsx", [
        CASE_HEADERS,
        ["甲村党支部", 2025, "组织生活不正常、班子不团结；书记不胜任", "三会一课不正常", "-联系领导包联", "王书记", "李指导员", "张三",
         date(2025, 10, 31), date(2025, 10, 20), "通过", date(2025, 10, 25)],
        ["乙社区党支部", 2025, "群众满意率低于60%", None, None, None, None, None, date(2025, 12, 31), None, None, None],
        ["丙党支部", 2025, "班子不团结"] + [None] * 9,                                                   # 4 unknown branch
        ["乙社区党支部", 2024, "软弱"] + [None] * 9,                                                      # 5 unknown ground
        ["乙社区党支部", 2024, "班子不团结"] + [None] * 5 + ["2025-02-30", None, None, None],               # 6 impossible date
        ["乙社区党支部", 2024, "班子不团结"] + [None] * 8 + [date(2024, 6, 1)],                            # 7 销号 without 验收
        ["乙社区党支部", 2024, "班子不团结"] + [None] * 6 + [date(2024, 6, 1), "未通过", date(2024, 6, 2)],  # 8 验收未通过
        ["乙社区党支部", 2024, "班子不团结"] + [None] * 5 + [date(2023, 12, 31), None, None, None],        # 9 deadline
        ["乙社区党支部", 2025, "班子不团结"] + [None] * 9,                                                 # 10 same again
        ["乙社区党支部", 2024, "班子不团结"] + [None] * 6 + [date(2099, 1, 1), "通过", None],               # 11 future
        ["乙社区党支部", None, "班子不团结"] + [None] * 9,                                                 # 12 no year
    ])
    dry = dataset.import_file(ws, path, dry_run=True)
    assert weak_cases.list_cases(ws) == []
    report = dataset.import_file(ws, path)
    assert (report.imported, report.updated) == (dry.imported, dry.updated) == (2, 0)
    assert [(row, column) for row, column, _reason in rejected(report)] == [
        (4, "支部名称"), (5, "认定情形"), (6, "整改时限"), (7, "销号日期"), (8, "销号日期"), (9, "整改时限"), (10, "支部名称"),
        (11, "验收日期"), (12, "认定年度")]
    reasons = dict(((row, reason) for row, _column, reason in rejected(report)))
    assert "没有名为“丙党支部”" in reasons[4] and "未知的认定情形“软弱”" in reasons[5] and "验收通过后" in reasons[7]
    assert "重复" in reasons[10] and "晚于今天" in reasons[11] and "早于认定年度" in reasons[9]
    cases = {c.name: c for c in weak_cases.list_cases(ws)}
    assert cases["甲村党支部"].form.grounds == ("secretary_unfit", "team_disunited", "no_organizational_life")
    assert cases["甲村党支部"].state == "closed" and cases["乙社区党支部"].state == "open"
    assert cases["甲村党支部"].form.measures == "-联系领导包联"
    again = dataset.import_file(ws, path)
    assert (again.imported, again.updated) == (0, 0)
    exported = tmp_path / "out.xlsx"
    assert dataset.export_file(ws, exported, None) == 2
    back = dataset.import_file(ws, exported, dry_run=True)
    assert (back.imported, back.updated, back.unchanged, back.rejected) == (0, 0, 2, [])
    assert dataset.export_file(ws, tmp_path / "2024.xlsx", 2024) == 0


def test_a_sheet_updates_its_columns_and_keeps_progress(ws, two, tmp_path):
    case_id = weak_cases.open_case(ws, two[0], 2025, CaseForm(grounds=("team_disunited",), responsible="张三"))
    weak_cases.add_progress(ws, case_id, date(2025, 3, 1), "调整班子分工")
    path = write_xlsx(tmp_path / "update.xlsx", [["支部名称", "认定年度", "认定情形", "整改时限"],
                                                 ["甲村党支部", 2025, "班子不团结、党员管理混乱", date(2025, 9, 30)]])
    report = datasets.DATASETS["weak-cases"].import_file(ws, path)
    assert (report.imported, report.updated, report.rejected) == (0, 1, [])
    view = weak_cases.get_case(ws, case_id)
    assert view.form.grounds == ("team_disunited", "member_disorder") and view.form.responsible == "张三"
    assert [p.text for p in view.progress] == ["调整班子分工"] and view.form.deadline == date(2025, 9, 30)


def test_inspections_import_groups_rows_and_round_trips(ws, two, tmp_path):
    dataset = datasets.DATASETS["inspections"]
    path = write_xlsx(tmp_path / "inspections.xlsx", [
        INSPECTION_HEADERS,
        ["专项督查", date(2025, 5, 10), "组织生活专项督查", "王五、赵六", "甲村党支部", "党课记录不全", "补齐记录", date(2025, 6, 10),
         date(2025, 6, 1)],
        ["专项督查", date(2025, 5, 10), "组织生活专项督查", "王五、赵六", "乙社区党支部", "无", None, None, None],
        ["随机抽查", date(2025, 8, 1), None, "王五", "乙社区党支部", "党费收缴不及时", "限期整改", date(2025, 9, 1), None],
        ["专项督查", date(2025, 5, 10), "组织生活专项督查", "别人", "乙社区党支部", None, None, None, None],  # 5 inspectors differ
        ["专项督查", date(2025, 5, 10), "组织生活专项督查", "王五、赵六", "甲村党支部", None, None, None, None],  # 6 again
        ["暗访", date(2025, 5, 10), None, "王五", "甲村党支部", None, None, None, None],  # 7 kind
        ["机动检查", date(2025, 5, 10), None, "王五", "甲村党支部", None, "整改", date(2025, 5, 1), None],  # 8 deadline before
    ])
    report = dataset.import_file(ws, path)
    assert report.imported == 3
    assert [(r.row, r.column) for r in report.rejected] == [(5, "检查人员"), (6, "支部名称"), (7, "检查方式"), (8, "整改时限")]
    listed = inspections.list_inspections(ws, 2025)
    assert [(i.kind, len(i.visits), i.open) for i in listed] == [("special", 2, False), ("random", 1, True)]
    assert listed[0].closed_on == date(2025, 6, 1)
    assert dataset.import_file(ws, path).imported == 0
    exported = tmp_path / "out.xlsx"
    assert dataset.export_file(ws, exported, 2025) == 3
    back = dataset.import_file(ws, exported, dry_run=True)
    assert (back.imported, back.updated, back.unchanged, back.rejected) == (0, 0, 3, [])


def test_talks_and_the_branch_history(ws, two):
    weak_cases.open_case(ws, two[0], 2025, CaseForm(grounds=("team_disunited",)))
    visit = inspections.VisitForm(two[0], "台账缺失", "补齐", date(2025, 5, 1))
    inspections.record_inspection(ws, "spot", date(2025, 4, 2), "王五", [visit])
    inspections.record_talk(ws, two[0], date(2025, 4, 10), "张三", "组织生活长期不正常", role="书记", by_whom="街道党工委副书记李四",
                            agreed="一个月内召开专题组织生活会")
    history = inspections.branch_history(ws, two[0])
    assert len(history.cases) == 1 and len(history.visits) == 1 and [t.person for t in history.talks] == ["张三"]
    assert history.visits[0][1].overdue  # deadline 1 May passed, not closed
    inspections.close_visit(ws, history.visits[0][1].id, date(2025, 4, 30))
    assert not inspections.branch_history(ws, two[0]).visits[0][1].overdue
    assert inspections.branch_history(ws, two[1]) == inspections.BranchHistory()
    with pytest.raises(Exception, match="约谈事由"):
        inspections.record_talk(ws, two[0], date(2025, 4, 10), "张三", " ")
