"""The import dialog never applies a preview to data that changed after it: it says so, writes
nothing and shows a fresh preview."""

from __future__ import annotations

from dataclasses import replace

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.services import evaluation_import, tallies
from desktop.services.tallies import ComplaintEntry
from desktop.ui.import_dialog import ImportDialog
from tests.ui.conftest import add_branch
from tests.workspaces import second_workspace

NAME = "和平社区党支部"
HEADERS = ["支部名称", "年度", "参评党员数", "评议优秀", "评议合格", "评议基本合格", "评议不合格",
           "群众满意", "群众基本满意", "群众不满意", "不满意经查证属实"]


def sheet(path, excellent: int):
    book = Workbook()
    book.active.append(HEADERS)
    book.active.append([NAME, 2025, 20, excellent, 20 - excellent, 0, 0, 50, 5, 1, None])
    book.save(path)
    return path


def test_a_complaint_added_after_the_preview_survives_the_import(qtbot, window, monkeypatch, tmp_path, boxes, db):
    branch_id = add_branch(db.workspace, NAME)
    evaluation_import.import_evaluations(db.workspace, sheet(tmp_path / "first.xlsx", 18))
    path = sheet(tmp_path / "second.xlsx", 19)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window.actions["import:考评汇总"].trigger()
    dialog = window.findChild(ImportDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=5000)
    first_plan = dialog.plan
    assert "更新 1 条" in dialog.status.text()

    other = second_workspace(str(db.file))  # a colleague's CLI session records a verified complaint
    try:
        form = tallies.get_tally(other, branch_id, 2025)
        tallies.save_tally(other, branch_id, 2025, replace(form, complaints=(ComplaintEntry("路灯坏了", True),)))
    finally:
        other.engine.dispose()

    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.plan is not first_plan, timeout=5000)
    (warning,) = boxes.texts("warning")
    assert "预览之后" in warning and "没有写入任何数据" in warning and "重新预览" in warning
    stored = tallies.get_tally(db.workspace, branch_id, 2025)
    assert stored.tally.excellent == 18 and stored.complaints == (ComplaintEntry("路灯坏了", True),)
    assert dialog.isVisible() and dialog.confirm_button.isEnabled()

    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("已导入" in text for text in boxes.texts("information")), timeout=5000)
    stored = tallies.get_tally(db.workspace, branch_id, 2025)
    assert stored.tally.excellent == 19 and stored.complaints == (ComplaintEntry("路灯坏了", True),)


def test_a_file_in_a_deep_folder_does_not_widen_the_dialog_off_screen(qtbot, window, monkeypatch, tmp_path, db):
    deep = tmp_path.joinpath(*[f"街道党工委年度考评资料汇编第{n}册" for n in range(8)])
    deep.mkdir(parents=True)
    path = sheet(deep / "四评汇总.xlsx", 18)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window.actions["import:考评汇总"].trigger()
    dialog = window.findChild(ImportDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=5000)
    assert str(deep) in dialog.file_label.text()
    assert dialog.minimumSizeHint().width() < 1366 - 40
    assert dialog.frameGeometry().right() < 1366
