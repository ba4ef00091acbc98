"""Scores typed from paper: imported from Excel with the grid's checks, at the office and on a laptop."""

from __future__ import annotations

import pytest

from desktop.errors import StaleError
from desktop.services import checkout, laptop, score_import
from tests.services.checkout_helpers import BRANCHES, computers, scores_by_name, seed_office, type_score
from tests.sheets import write_xlsx

__all__ = ["computers"]
HEADERS = ["评委", "支部名称", "考评项目", "得分"]
TERM = "组织设置·按期换届"  # 3 points


def test_rows_are_checked_as_the_grid_checks_them(computers, tmp_path):
    office = computers[0]
    session_id = seed_office(office.ws)
    type_score(office.ws, session_id, "乙", BRANCHES[0], 1, 1)
    rows = [HEADERS,
            ["甲", BRANCHES[0], TERM, 2.5],  # new
            ["乙", BRANCHES[0], TERM, 3],  # updated (was 1)
            ["丁", BRANCHES[0], TERM, 1],  # unknown scorer
            ["甲", "无此支部", TERM, 1],  # unknown branch
            ["甲", BRANCHES[1], "按期换届", 1],  # the item without its area
            ["甲", BRANCHES[1], TERM, 4],  # above the item's maximum
            ["甲", BRANCHES[2], TERM, 1.25],  # not a half point
            ["甲", BRANCHES[0], TERM, 2],  # the same cell again
            ["甲", BRANCHES[2], TERM, None]]  # no score
    path = write_xlsx(tmp_path / "s.xlsx", rows)
    report = score_import.import_scores(office.ws, path, session_id)
    assert (report.imported, report.updated) == (1, 1)
    assert {(r.row, r.column) for r in report.rejected} == {
        (4, "评委"), (5, "支部名称"), (6, "考评项目"), (7, "得分"), (8, "得分"), (9, "考评项目"), (10, "得分")}
    assert report.as_json()["imported"] == 1 and not report.ok
    stored = scores_by_name(office.ws, session_id)
    assert stored[("甲", BRANCHES[0], "setup.term")] == 2.5 and stored[("乙", BRANCHES[0], "setup.term")] == 3.0
    again = score_import.import_scores(office.ws, path, session_id)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 2)


def test_a_scorer_on_a_laptop_is_refused_at_the_office_and_outside_the_part_on_the_laptop(computers, tmp_path):
    office, a, _b = computers
    session_id = seed_office(office.ws)
    made = checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    path = write_xlsx(tmp_path / "s.xlsx", [HEADERS, ["甲", BRANCHES[0], TERM, 1], ["乙", BRANCHES[0], TERM, 1]])
    at_office = score_import.import_scores(office.ws, path, session_id, dry_run=True)
    assert [(r.row, r.column) for r in at_office.rejected] == [(2, "评委")] and "a.bdsession" in at_office.rejected[0].reason
    there = laptop.open_package(a.ws, made.file, made.code).session_id
    on_laptop = score_import.import_scores(a.ws, path, there)
    assert on_laptop.imported == 1
    assert [r.reason for r in on_laptop.rejected] == ["“乙”不在本笔记本带出的评委中"]


def test_a_plan_refused_when_the_cell_changed_since(computers, tmp_path):
    office = computers[0]
    session_id = seed_office(office.ws)
    path = write_xlsx(tmp_path / "s.xlsx", [HEADERS, ["甲", BRANCHES[0], TERM, 1]])
    plan = score_import.plan_import(office.ws, path, session_id)
    type_score(office.ws, session_id, "甲", BRANCHES[0], 1, 2)
    with pytest.raises(StaleError):
        score_import.apply_plan(office.ws, plan, session_id)
    assert scores_by_name(office.ws, session_id)[("甲", BRANCHES[0], "setup.term")] == 2.0


def test_the_template_lists_every_cell_and_imports_back_unchanged(computers, tmp_path):
    office = computers[0]
    session_id = seed_office(office.ws)
    type_score(office.ws, session_id, "甲", BRANCHES[0], 1, 2)
    path, count = score_import.write_template(office.ws, tmp_path / "模板", session_id)
    assert count == 3 * 3 * 28 and path.suffix == ".xlsx"
    report = score_import.import_scores(office.ws, path, session_id, dry_run=True)
    assert (report.unchanged, report.imported) == (1, 0)
    assert len(report.rejected) == count - 1 and {r.reason for r in report.rejected} == {"必填项为空"}


def test_a_refused_score_names_the_items_range_and_the_value_as_typed(computers, tmp_path):
    office = computers[0]
    session_id = seed_office(office.ws)
    rows = [HEADERS,
            ["甲", BRANCHES[0], TERM, 1e20],  # a number cell
            ["甲", BRANCHES[1], TERM, "1e20"],  # the same typed as text
            ["甲", BRANCHES[2], TERM, "1e400"],  # beyond a float
            ["乙", BRANCHES[0], TERM, "nan"],
            ["乙", BRANCHES[1], TERM, "inf"],
            ["乙", BRANCHES[2], TERM, "３"]]  # a full-width digit is a number
    report = score_import.import_scores(office.ws, write_xlsx(tmp_path / "s.xlsx", rows), session_id)
    reasons = {r.row: r.reason for r in report.rejected}
    assert reasons == {2: "1e20 超出本项 0–3 分的范围", 3: "1e20 超出本项 0–3 分的范围",
                       4: "1e400 超出本项 0–3 分的范围", 5: "“nan”不是数字", 6: "“inf”不是数字"}
    assert report.imported == 1
    assert scores_by_name(office.ws, session_id)[("乙", BRANCHES[2], "setup.term")] == 3.0
