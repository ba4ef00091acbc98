"""Every dataset's preview says what an updated row changes, old → new, in the clerk's words (labels
not codes, 是/否, dates as YYYY-MM-DD, amounts in yuan); an unchanged row is 无变化 and says nothing."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services import datasets, score_import
from tests.services.checkout_helpers import BRANCHES, computers, seed_office, type_score
from tests.services.helpers import add_branch
from tests.sheets import write_xlsx

__all__ = ["computers"]
A, B = "甲村党支部", "乙社区党支部"

# Per dataset: the header, the rows stored first, the rows of the second file (the first changes,
# the second is as stored) and what the preview of the second file says about each.
CASES = {
    "evaluations": (
        ["支部名称", "年度", "组织评定得分", "述职评议等次", "参评党员数", "评议优秀", "不满意经查证属实"],
        [[A, 2025, 90, "优秀", 20, 18, "否"], [B, 2025, 80, "良好", 10, 5, None]],
        [[A, 2025, 92.5, "一般", 20, 18, "是"], [B, 2025, 80, "良好", 10, 5, None]],
        "组织评定得分：90 → 92.5；述职评议等次：优秀 → 一般；不满意经查证属实：否 → 是",
    ),
    "weak-cases": (
        ["支部名称", "认定年度", "认定情形", "责任人", "整改时限"],
        [[A, 2025, "组织生活不正常", "张三", date(2025, 10, 31)], [B, 2025, "班子不团结", None, None]],
        [[A, 2025, "组织生活不正常、班子不团结", None, date(2025, 12, 31)], [B, 2025, "班子不团结", None, None]],
        "认定情形：组织生活不正常 → 班子不团结、组织生活不正常；责任人：张三 → 空；整改时限：2025-10-31 → 2025-12-31",
    ),
    "inspections": (
        ["检查方式", "检查日期", "检查主题", "检查人员", "支部名称", "发现问题", "整改时限"],
        [["专项督查", date(2025, 3, 1), "三会一课", "张三", A, "记录不全", None],
         ["专项督查", date(2025, 3, 1), "三会一课", "张三", B, None, None]],
        [["专项督查", date(2025, 3, 1), "三会一课", "张三", A, "未按月开展", date(2025, 4, 30)],
         ["专项督查", date(2025, 3, 1), "三会一课", "张三", B, None, None]],
        "发现问题：记录不全 → 未按月开展；整改时限：空 → 2025-04-30",
    ),
    "plan": (
        ["支部名称", "年度", "类别", "本年度计划达标", "措施"],
        [[A, 2025, "一般", "否", "建强班子"], [B, 2025, "先进", "是", None]],
        [[A, 2025, "后进", "是", "建强班子"], [B, 2025, "先进", "是", None]],
        "类别：一般 → 后进；本年度计划达标：否 → 是",
    ),
    "pay": (
        ["支部名称", "年度", "班子年待遇报酬总额", "一般保障标准"],
        [[A, 2025, 12000, None], [B, 2025, 8000, 3000.5]],
        [[A, 2025, 12345.6, 5000], [B, 2025, 8000, 3000.5]],
        "班子年待遇报酬总额：12000.00 元 → 12345.60 元；一般保障标准：空 → 5000.00 元",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_an_update_says_what_changes_and_an_unchanged_row_says_nothing(ws, tmp_path, name):
    add_branch(ws, A), add_branch(ws, B)
    header, first, second, changes = CASES[name]
    dataset = datasets.DATASETS[name]
    stored = dataset.import_file(ws, write_xlsx(tmp_path / "first.xlsx", [header, *first]))
    assert (stored.imported, stored.rejected) == (2, [])
    plan = dataset.plan(ws, write_xlsx(tmp_path / "second.xlsx", [header, *second]))
    assert plan.rejected == []
    assert [(r.row, r.action, r.changes) for r in plan.rows] == [(2, "update", changes), (3, "same", "")]
    # What the preview says is what the import writes: the same file again changes nothing.
    dataset.apply(ws, plan)
    again = dataset.plan(ws, write_xlsx(tmp_path / "second.xlsx", [header, *second]))
    assert [(r.action, r.changes) for r in again.rows] == [("same", ""), ("same", "")]


def test_new_inspectors_show_on_every_branch_of_the_inspection(ws, tmp_path):
    add_branch(ws, A), add_branch(ws, B)
    header, first, _second, _changes = CASES["inspections"]
    dataset = datasets.DATASETS["inspections"]
    dataset.import_file(ws, write_xlsx(tmp_path / "first.xlsx", [header, *first]))
    again = [[*row[:3], "张三、李四", *row[4:]] for row in first]
    plan = dataset.plan(ws, write_xlsx(tmp_path / "again.xlsx", [header, *again]))
    assert [(r.action, r.changes) for r in plan.rows] == [("update", "检查人员：张三 → 张三、李四")] * 2


def test_a_branch_kind_is_named_by_its_label(ws, tmp_path):
    add_branch(ws, A)  # community; whether the secretary is also director not known (空)
    path = write_xlsx(tmp_path / "b.xlsx", [["支部名称", "支部类型", "正式党员数", "书记兼任主任"], [A, "机关", 10, "是"]])
    plan = datasets.DATASETS["branches"].plan(ws, path)
    assert [(r.action, r.changes) for r in plan.rows] == [("update", "支部类型：社区 → 机关；书记兼任主任：空 → 是")]


def test_a_score_update_says_the_old_and_new_points(computers, tmp_path):
    office = computers[0]
    session_id = seed_office(office.ws)
    type_score(office.ws, session_id, "甲", BRANCHES[0], 1, 1)
    type_score(office.ws, session_id, "乙", BRANCHES[0], 1, 2)
    term = "组织设置·按期换届"
    path = write_xlsx(tmp_path / "s.xlsx", [["评委", "支部名称", "考评项目", "得分"],
                                            ["甲", BRANCHES[0], term, 2.5], ["乙", BRANCHES[0], term, 2],
                                            ["丙", BRANCHES[0], term, 3]])
    plan = score_import.plan_import(office.ws, path, session_id)
    assert [(r.action, r.key, r.changes) for r in plan.rows] == [
        ("update", f"甲 {BRANCHES[0]} {term}", "得分：1 → 2.5"),
        ("same", f"乙 {BRANCHES[0]} {term}", ""),
        ("new", f"丙 {BRANCHES[0]} {term}", "")]
