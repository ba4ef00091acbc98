"""The 创建计划与激励 page of the 考评打分 tab, driven as a clerk would: the calculator's figures and
rules on screen, a plan decided by keyboard (the check box with Space, the class from its list),
saved at once and counted against the target, 按数据预填, Excel export and the print dialog."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog

from desktop.models import BranchPlan
from desktop.services import rewards, targets
from desktop.ui.evaluation_tab import EvaluationTab
from tests.services.helpers import add_branch
from tests.services.test_rewards_services import rated, steps
from tests.ui.conftest import gui_context, settle

Y = 2025


@pytest.fixture
def page(qtbot, db):
    ws = db.workspace
    village = add_branch(ws, "东村党支部", branch_kind="village")
    add_branch(ws, "西苑社区党支部")
    rated(ws, village, "rated_district")
    steps(ws, add_branch(ws, "北苑社区党支部"))
    rewards.save_pay(ws, village, Y, 12_345_678, 2_000_000)
    targets.save_targets(ws, [targets.YearTarget(Y, 0.9, None, False, None)])
    tab = EvaluationTab(gui_context(db), year=Y)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    tab.show()
    qtbot.waitExposed(tab)
    tab.pages.setCurrentWidget(tab.rewards)
    settle(qtbot, tab.context)
    yield tab.rewards  # the fixture keeps the tab alive
    settle(qtbot, tab.context)


def cell(model, name: str, header: str) -> str:
    row = next(i for i, r in enumerate(model.rows) if r.name == name)
    column = next(i for i, c in enumerate(model.columns) if c.header == header)
    return model.index(row, column).data()


def stored(ws) -> dict[int, BranchPlan]:
    with ws.read() as session:
        return {p.branch_id: (p.classification, p.planned) for p in session.query(BranchPlan)}


def test_the_calculator_shows_each_figure_with_its_rule(page):
    model = page.rewards_model
    assert cell(model, "东村党支部", "专项绩效奖励") == "12345.68"
    assert cell(model, "东村党支部", "奖励依据") == "区级最强党支部：班子年待遇报酬总额 123456.78 × 10% = 12345.68"
    assert cell(model, "西苑社区党支部", "经费合计") == "待录入"
    assert cell(model, "北苑社区党支部", "专项绩效奖励") == "0.00"
    assert "奖励合计 12345.68 元" in page.rewards_total.text() and "2 个支部缺少金额" in page.rewards_total.text()


def test_the_plan_is_decided_by_keyboard_and_counted(qtbot, page, ws):
    table, model = page.plan_table, page.plan_model
    assert "计划达标 0 个" in page.plan_count.text() and "需 3 个" in page.plan_count.text()
    row = next(i for i, r in enumerate(model.rows) if r.name == "西苑社区党支部")
    planned = next(i for i, c in enumerate(model.columns) if c.header == "本年度计划达标")
    table.setFocus()
    table.setCurrentIndex(model.index(row, planned))
    was = model.rows[row].planned
    qtbot.keyClick(table, Qt.Key.Key_Space)
    settle(qtbot, page.context)
    branch_id = model.rows[row].branch_id
    assert stored(ws)[branch_id][1] is (not was)
    qtbot.waitUntil(lambda: model.rows[row].stored is not None and cell(model, "西苑社区党支部", "状态") == "已定")

    table.setCurrentIndex(model.index(row, 2))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.findChild(QComboBox)
    assert editor is not None and editor.count() == 3
    editor.setCurrentText("后进")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    settle(qtbot, page.context)
    assert stored(ws)[branch_id][0] == "lagging"
    qtbot.waitUntil(lambda: cell(model, "西苑社区党支部", "类别") == "后进")


def test_prefill_export_and_print(qtbot, page, ws, tmp_path, monkeypatch, boxes):
    qtbot.mouseClick(page.prefill_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page.context)
    assert len(stored(ws)) == 3 and "已为 3 个尚未定类的支部按数据预填" in boxes.texts()[-1]
    qtbot.waitUntil(lambda: all(r.stored is not None for r in page.plan_model.rows))
    target = tmp_path / "测算表.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    qtbot.mouseClick(page.export_buttons["rewards"], Qt.MouseButton.LeftButton)
    settle(qtbot, page.context)
    book = load_workbook(target, read_only=True)
    rows = [tuple(r) for r in book.active.iter_rows(values_only=True)]
    book.close()
    assert any(r[1] == "东村党支部" and r[6] == "12345.68" for r in rows)
    qtbot.mouseClick(page.print_buttons["plan"], Qt.MouseButton.LeftButton)
    from desktop.ui.paper_dialog import PrintDialog

    dialog = page.findChild(PrintDialog)
    assert dialog is not None and dialog.isVisible() and dialog.kind() == "plan" and dialog.year_box.value() == Y
    dialog.reject()

