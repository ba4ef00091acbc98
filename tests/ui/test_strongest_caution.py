"""Recommending for 最强 a branch that the 整顿提升 screening flags (an expired term, 任期届满未换届):
not one of the policy's bars, so not refused, but the window says why and asks before recording."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.services import tallies, workflow
from desktop.services.tallies import Tally, TallyForm
from tests.services.helpers import add_branch
from tests.ui.conftest import evaluation_page, settle

YEAR = 2025
GOOD = Tally(participants=10, excellent=9, qualified=1, basic=0, unqualified=0, satisfied=20, public_basic=0, dissatisfied=0)


@pytest.fixture
def panel(qtbot, db):
    ws = db.workspace
    branch = add_branch(ws, "东湖村党支部", branch_kind="village", elected_on=date(2020, 3, 15), term_years=5)
    tallies.save_tally(ws, branch, YEAR, TallyForm(tally=GOOD, review_grade="excellent", org_score_override=95))
    for state, outcome in (("self_assessed", None), ("applied", None), ("assessed", "pass"), ("accepted", "pass")):
        workflow.record_step(ws, branch, YEAR, state, date(YEAR, 7, 1), "党建办", outcome=outcome)
    tab = evaluation_page(qtbot, db, YEAR, "results")
    tab.results.table.setCurrentIndex(tab.results.proxy.index(0, 0))
    settle(qtbot, tab.context)
    panel = tab.results.workflow
    panel.state.setCurrentIndex(panel.state.findData("recommended"))
    panel.on_date.setDate(date(YEAR, 8, 1))
    yield panel, branch, ws
    settle(qtbot, tab.context)


def test_the_window_warns_before_recommending_a_branch_whose_term_ran_out(qtbot, panel, boxes):
    panel, branch, ws = panel
    boxes.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot, panel.context)
    [question] = boxes.texts("question")
    assert question.startswith("东湖村党支部：注意：该支部经软弱涣散排查有认定情形")
    assert "“任期届满未换届”：任期已于 2025-03-15 届满，未换届" in question and question.endswith("仍要记录“已推荐最强”吗？")
    assert [s.state for s in workflow.steps_of(ws, branch, YEAR)][-1] == "accepted"  # 否: nothing recorded
    assert panel.message.text().startswith("未记录") and panel.record_button.isEnabled()
    boxes.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot, panel.context)
    assert [s.state for s in workflow.steps_of(ws, branch, YEAR)][-1] == "recommended"
