"""The 创建计划与激励 page of the 考评打分 tab, driven as a clerk would: the calculator's figures and
rules on screen, a plan decided by keyboard (the check box with Space, the class from its list),
saved at once and counted against the target, 按数据预填, Excel export and the print dialog."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog

from desktop.models import BranchPlan, CityGrant
from desktop.services import rewards, targets
from tests.services.helpers import add_branch
from tests.services.test_rewards_services import rated, steps
from tests.ui.conftest import evaluation_page, settle, type_text

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
    tab = evaluation_page(qtbot, db, Y, "rewards")
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



def pay(ws, branch_id: int):
    from desktop.models import BranchPay

    with ws.read() as session:
        row = session.query(BranchPay).filter_by(branch_id=branch_id, year=Y).one_or_none()
        return None if row is None else (row.pay_total_fen, row.base_funding_fen)


def type_into(qtbot, page, name: str, header: str, text: str) -> None:
    """Select the cell, F2, replace its text and press Enter, as a clerk does."""
    from PySide6.QtWidgets import QLineEdit

    table, model = page.rewards_table, page.rewards_model
    row = next(i for i, r in enumerate(model.rows) if r.name == name)
    column = next(i for i, c in enumerate(model.columns) if c.header == header)
    table.setFocus()
    table.setCurrentIndex(model.index(row, column))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    settle(qtbot, page.context)


def test_a_pay_total_typed_in_place_is_saved_and_the_figure_follows(qtbot, page, ws):
    model = page.rewards_model
    west = next(r.branch_id for r in model.rows if r.name == "西苑社区党支部")
    assert cell(model, "西苑社区党支部", "经费合计") == "待录入"
    plan_rows = page.plan_model.rows
    type_into(qtbot, page, "西苑社区党支部", "一般保障标准", "15000.5")
    assert pay(ws, west) == (None, 1_500_050)
    qtbot.waitUntil(lambda: cell(model, "西苑社区党支部", "经费合计") == "15000.50")
    assert page.pay_message.text() == "已保存：西苑社区党支部 2025 年一般保障标准 15000.50 元"
    QApplication.processEvents()
    settle(qtbot, page.context)
    assert page.plan_model.rows is plan_rows  # an amount does not make the plan's 研判 run again

    village = next(r.branch_id for r in model.rows if r.name == "东村党支部")
    type_into(qtbot, page, "东村党支部", "班子年待遇报酬总额", "100000")
    assert pay(ws, village) == (10_000_000, 2_000_000)  # the base stays as stored
    qtbot.waitUntil(lambda: cell(model, "东村党支部", "专项绩效奖励") == "10000.00")
    assert "奖励合计 10000.00 元" in page.rewards_total.text()

    type_into(qtbot, page, "东村党支部", "班子年待遇报酬总额", "")  # cleared: not recorded
    assert pay(ws, village) == (None, 2_000_000)
    qtbot.waitUntil(lambda: cell(model, "东村党支部", "专项绩效奖励") == "待录入")
    assert "缺少报酬总额" in cell(model, "东村党支部", "奖励依据")


@pytest.mark.parametrize(("typed", "said"), [
    ("一万", "“一般保障标准”应为金额（元），如 12345.60，而不是“一万”。"),
    ("12.345", "“一般保障标准”应为 0 至 1000000000 元之间、最多两位小数的金额。"),
    ("-5", "“一般保障标准”应为 0 至 1000000000 元之间、最多两位小数的金额。"),
])
def test_a_bad_amount_is_refused_with_a_message_and_nothing_is_written(qtbot, page, ws, typed, said):
    village = next(r.branch_id for r in page.rewards_model.rows if r.name == "东村党支部")
    type_into(qtbot, page, "东村党支部", "一般保障标准", typed)
    assert page.pay_message.text() == f"东村党支部：{said}"
    assert pay(ws, village) == (12_345_678, 2_000_000)
    assert cell(page.rewards_model, "东村党支部", "一般保障标准") == "20000.00"


def test_the_city_grant_is_entered_from_the_page(qtbot, page, ws):
    from desktop.ui.grant_dialog import GrantDialog

    city = add_branch(ws, "南苑社区党支部")
    rated(ws, city, "rated_district", "rated_city")
    rewards.save_pay(ws, city, Y, None, 1_000_000)
    page.set_year(Y)  # what the year box does: both tables read again
    settle(qtbot, page.context)
    model, table = page.rewards_model, page.rewards_table
    table.setCurrentIndex(model.index(next(i for i, r in enumerate(model.rows) if r.name == "东村党支部"), 0))
    assert not page.grant_button.isEnabled()  # rated by the 区委 only
    table.setCurrentIndex(model.index(next(i for i, r in enumerate(model.rows) if r.name == "南苑社区党支部"), 0))
    assert page.grant_button.isEnabled()
    qtbot.mouseClick(page.grant_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(GrantDialog)
    assert dialog is not None and dialog.isVisible()
    type_text(qtbot, dialog.amount, "5万")
    dialog.save()
    assert dialog.isVisible() and "应为金额" in dialog.message.text()
    with ws.read() as session:
        assert session.query(CityGrant).count() == 0
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "50000")
    dialog.save()
    settle(qtbot, page.context)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: cell(model, "南苑社区党支部", "经费合计") == "63000.00")  # 10,000 + 30% + 50,000
    assert "另加市委组织部一次性奖补 50000.00" in cell(model, "南苑社区党支部", "经费依据")


def ticked(model) -> list[str]:
    planned = next(i for i, c in enumerate(model.columns) if c.header == "本年度计划达标")
    return [r.name for i, r in enumerate(model.rows)
            if model.index(i, planned).data(Qt.ItemDataRole.CheckStateRole) in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)]


def test_the_ticks_are_the_stored_plan_and_the_suggestion_stands_apart(qtbot, page, ws):
    """Nothing decided: no box is ticked and no class shown, the count says 0 and names the undecided,
    and 数据建议 says what the data suggests. A tick typed is the plan: one tick, 计划达标 1 个."""
    steps(ws, add_branch(ws, "南苑社区党支部"), year=Y - 1)  # standardized last year: suggested to keep it
    page.reload_plan()
    settle(qtbot, page.context)
    table, model = page.plan_table, page.plan_model
    qtbot.waitUntil(lambda: len(model.rows) == 4)
    assert ticked(model) == [] and "计划达标 0 个" in page.plan_count.text()
    assert cell(model, "南苑社区党支部", "数据建议").endswith("计划达标")
    assert "另有 4 个未定（数据建议其中 1 个计划达标" in page.plan_count.text()
    assert cell(model, "西苑社区党支部", "状态") == "未定" and cell(model, "西苑社区党支部", "类别") == ""
    assert cell(model, "东村党支部", "数据建议") == "一般，暂不计划"  # no meetings on record: many problems
    row = next(i for i, r in enumerate(model.rows) if r.name == "西苑社区党支部")
    planned = next(i for i, c in enumerate(model.columns) if c.header == "本年度计划达标")
    table.setFocus()
    table.setCurrentIndex(model.index(row, planned))
    qtbot.keyClick(table, Qt.Key.Key_Space)
    settle(qtbot, page.context)
    qtbot.waitUntil(lambda: "计划达标 1 个" in page.plan_count.text())
    assert ticked(model) == ["西苑社区党支部"] and "另有 3 个未定" in page.plan_count.text()
    assert cell(model, "西苑社区党支部", "类别") == cell(model, "西苑社区党支部", "数据建议").split("，")[0]


def test_a_setting_left_at_zero_is_pointed_to(page):
    """北苑 is standardized and the year's one-off bonus and uplift are at their default 0: the total
    says so, and its tip names the settings in Chinese and the command that sets them."""
    assert cell(page.rewards_model, "北苑社区党支部", "奖励依据").endswith("为 0），不发放")
    assert page.rewards_total.text().endswith("（部分测算标准未设定，见提示）")
    tip = page.rewards_total.toolTip()
    assert tip.startswith("本年度“标准化规范化一次性专项绩效奖励（元）”") and f"settings set standardized_bonus 值 --year {Y}" in tip
