"""An import preview is applied only to the data it was computed from: a write made between the
preview and the apply (another ws: the CLI, another process) makes the apply refuse, with nothing
written; a one-step import plans again instead."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from openpyxl import Workbook

from desktop.errors import StaleError
from desktop.services import branch_import, branches, datasets, evaluation_import, meeting_import, meetings, tallies
from desktop.services.tallies import ComplaintEntry
from tests.services.helpers import add_branch
from tests.sheets import HEADERS as BRANCH_HEADERS
from tests.sheets import branch_row, write_xlsx
from tests.workspaces import second_workspace

NAME = "甲社区党支部"
EVALUATION_HEADERS = ["支部名称", "年度", "参评党员数", "评议优秀", "评议合格", "评议基本合格", "评议不合格",
                      "群众满意", "群众基本满意", "群众不满意", "不满意经查证属实"]


@pytest.fixture
def other(db):
    ws = second_workspace(str(db.file))
    yield ws
    ws.engine.dispose()


def evaluation_sheet(path, excellent: int):
    book = Workbook()
    book.active.append(EVALUATION_HEADERS)
    book.active.append([NAME, 2025, 20, excellent, 20 - excellent, 0, 0, 50, 5, 1, None])  # 不满意 blank: kept
    book.save(path)
    return path


def test_a_complaint_added_after_the_preview_is_not_deleted(ws, other, tmp_path):
    branch_id = add_branch(ws, NAME)
    evaluation_import.import_evaluations(ws, evaluation_sheet(tmp_path / "first.xlsx", 18))
    plan = evaluation_import.plan_import(ws, evaluation_sheet(tmp_path / "second.xlsx", 19))
    assert plan.count("update") == 1

    form = tallies.get_tally(other, branch_id, 2025)
    tallies.save_tally(other, branch_id, 2025, replace(form, complaints=(ComplaintEntry("路灯坏了三个月", True),)))
    with pytest.raises(StaleError, match="预览之后"):
        evaluation_import.apply_plan(ws, plan)
    stored = tallies.get_tally(ws, branch_id, 2025)
    assert stored.complaints == (ComplaintEntry("路灯坏了三个月", True),)
    assert stored.tally.excellent == 18  # nothing of the old plan was written

    fresh = evaluation_import.plan_import(ws, tmp_path / "second.xlsx")
    evaluation_import.apply_plan(ws, fresh)
    stored = tallies.get_tally(ws, branch_id, 2025)
    assert stored.tally.excellent == 19 and stored.complaints == (ComplaintEntry("路灯坏了三个月", True),)


def test_a_branch_edited_after_the_preview_is_not_reverted(ws, other, tmp_path):
    branch_id = add_branch(ws, NAME, full=10)
    sheet = write_xlsx(tmp_path / "台账.xlsx", [BRANCH_HEADERS, branch_row(NAME, full=5)])
    plan = branch_import.plan_import(ws, sheet)
    values = {k: v for k, v in branches.get_branch(other, branch_id).items() if k not in ("id", "archived", "version")}
    branches.save_branch(other, dict(values, full_members=42), branch_id)
    with pytest.raises(StaleError):
        branch_import.apply_plan(ws, plan)
    assert branches.get_branch(ws, branch_id)["full_members"] == 42


def test_a_branch_created_after_the_preview_is_not_overwritten(ws, other, tmp_path):
    sheet = write_xlsx(tmp_path / "台账.xlsx", [BRANCH_HEADERS, branch_row(NAME, full=5), branch_row("乙村党支部")])
    plan = branch_import.plan_import(ws, sheet)
    assert plan.count("new") == 2
    add_branch(other, NAME, full=42, secretary="王建国")
    with pytest.raises(StaleError):
        branch_import.apply_plan(ws, plan)
    assert branches.branch_names(ws).keys() == {NAME}  # not even the other row
    assert branches.get_branch(ws, branches.branch_names(ws)[NAME])["secretary"] == "王建国"


def test_a_meeting_logged_after_the_preview_is_not_overwritten(ws, other, tmp_path):
    add_branch(ws, NAME)
    book = Workbook()
    book.active.append(["支部名称", "会议类型", "日期", "主题"])
    book.active.append([NAME, "主题党日", "2025-03-05", "学习"])
    book.save(tmp_path / "会议.xlsx")
    plan = meeting_import.plan_import(ws, tmp_path / "会议.xlsx")
    assert plan.count("new") == 1
    meetings.save_meeting(other, {"branch_name": NAME, "meeting_type": "theme_day", "held_on": date(2025, 3, 5),
                                  "topic": "学习", "host": "李", "minutes": "记录正文"})
    with pytest.raises(StaleError):
        meeting_import.apply_plan(ws, plan)
    (stored,) = meetings.list_meetings(ws)
    assert meetings.get_meeting(ws, stored.id)["minutes"] == "记录正文"


def test_an_unchanged_preview_applies(ws, tmp_path):
    branch_id = add_branch(ws, NAME, full=10)
    plan = branch_import.plan_import(ws, write_xlsx(tmp_path / "台账.xlsx", [BRANCH_HEADERS, branch_row(NAME, full=5)]))
    assert branch_import.apply_plan(ws, plan).updated == 1
    assert branches.get_branch(ws, branch_id)["full_members"] == 5


def test_a_one_step_import_plans_again_on_the_new_data(ws, other, tmp_path, monkeypatch):
    """The CLI's import plans and applies at once: a write in between makes it plan again, not fail."""
    branch_id = add_branch(ws, NAME, full=10)
    sheet = write_xlsx(tmp_path / "台账.xlsx", [BRANCH_HEADERS, branch_row(NAME, full=5, 书记="周春生")])
    plan_import, calls = branch_import.plan_import, []

    def plan_then_interfere(engine_, path):
        plan = plan_import(engine_, path)
        calls.append(plan)
        if len(calls) == 1:
            values = {k: v for k, v in branches.get_branch(other, branch_id).items() if k not in ("id", "archived", "version")}
            branches.save_branch(other, dict(values, notes="另一次保存"), branch_id)
        return plan

    monkeypatch.setattr(branch_import, "plan_import", plan_then_interfere)
    report = datasets.Dataset("支部台账", "支部名称", branch_import.plan_import, branch_import.apply_plan,
                              None, None).import_file(ws, sheet)
    assert len(calls) == 2 and report.updated == 1
    stored = branches.get_branch(ws, branch_id)
    # The file's columns are written; 备注, not a column of this file, keeps the other write.
    assert stored["full_members"] == 5 and stored["secretary"] == "周春生" and stored["notes"] == "另一次保存"


def test_a_meeting_update_is_previewed_with_its_type_and_what_changes(ws, tmp_path):
    add_branch(ws, NAME)
    meetings.save_meeting(ws, {"branch_name": NAME, "meeting_type": "theme_day", "held_on": date(2025, 3, 5),
                               "topic": "学习", "host": "李"})
    book = Workbook()
    book.active.append(["支部名称", "会议类型", "日期", "主题", "主持人"])
    book.active.append([NAME, "主题党日", "2025-03-05", "学习", "王"])
    book.active.append([NAME, "党课", "2025-03-06", "党章", None])
    book.save(tmp_path / "会议.xlsx")
    plan = meeting_import.plan_import(ws, tmp_path / "会议.xlsx")
    assert [(r.action, r.key, r.changes) for r in plan.rows] == [
        ("update", f"{NAME} 2025-03-05 主题党日", "主持人：李 → 王"),
        ("new", f"{NAME} 2025-03-06 党课", "")]
