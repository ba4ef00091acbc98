"""The 文件 menu as a clerk uses it: import with preview, export, template, backup, restore."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.services import branches, datasets, weak_cases
from desktop.ui.import_dialog import ImportDialog
from desktop.ui.registry_model import NAME
from tests.sheets import write_xlsx as write_sheet
from tests.ui.conftest import add_branch

HEADERS = ["支部名称", "支部类型", "书记", "正式党员数", "预备党员数", "本届选举日期", "任期年限"]


def write_xlsx(path: Path, rows: list[list]) -> Path:
    return write_sheet(path, [HEADERS, *rows])


def choose_file(monkeypatch, method: str, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, method, staticmethod(lambda *a, **k: (str(path), "")))


def start_import(qtbot, window, monkeypatch, path: Path, label: str = "支部台账") -> ImportDialog:
    choose_file(monkeypatch, "getOpenFileName", path)
    window.actions[f"import:{label}"].trigger()
    dialog = window.findChild(ImportDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None or "color:#c62828" in dialog.status.text(), timeout=5000)
    return dialog


def table_rows(model) -> list[tuple]:
    return [model.row_at(row) for row in range(model.rowCount())]


def shown_names(tab) -> list[str]:
    return [tab.proxy.index(row, NAME).data() for row in range(tab.proxy.rowCount())]


def test_import_good_file_previews_then_writes(qtbot, window, registry, monkeypatch, tmp_path, boxes, ws):
    add_branch(ws, "和平社区党支部", secretary="王建国")
    path = write_xlsx(tmp_path / "台账.xlsx", [
        ["和平社区党支部", "社区", "周春生", 10, 0, "2024-03-01", 5],  # update (secretary changed)
        ["幸福村党支部", "村", "李海燕", 8, 1, "2023/5/20", 5],
        ["光明小学党支部", "事业单位", "赵丽华", 5, 0, "2022年9月1日", 3],
    ])
    dialog = start_import(qtbot, window, monkeypatch, path)
    # An update says what changes, old → new; a new row has nothing to compare with.
    assert table_rows(dialog.rows_model) == [(2, "更新", "和平社区党支部", "书记：王建国 → 周春生"),
                                             (3, "新增", "幸福村党支部", ""), (4, "新增", "光明小学党支部", "")]
    assert "新增 2 条，更新 1 条" in dialog.status.text()
    assert table_rows(dialog.rejected_model) == []
    assert len(branches.branch_names(ws)) == 1  # a preview writes nothing
    with qtbot.waitSignal(registry.loaded, timeout=5000):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert "已导入：新增 2 条，更新 1 条" in boxes.texts("information")[-1]
    assert sorted(shown_names(registry)) == ["光明小学党支部", "和平社区党支部", "幸福村党支部"]

    again = start_import(qtbot, window, monkeypatch, path)  # the same file twice imports nothing
    assert {(action, changes) for _, action, _, changes in table_rows(again.rows_model)} == {("无变化", "")}
    assert not again.confirm_button.isEnabled()


def test_a_weak_case_update_shows_what_changes(qtbot, window, monkeypatch, tmp_path, boxes, ws):
    for name in ("和平社区党支部", "幸福村党支部"):
        add_branch(ws, name)
    header = ["支部名称", "认定年度", "认定情形", "责任人", "整改时限"]
    stored = [["和平社区党支部", 2025, "组织生活不正常", "张三", "2025-10-31"], ["幸福村党支部", 2025, "班子不团结", None, None]]
    datasets.DATASETS["weak-cases"].import_file(ws, write_sheet(tmp_path / "原台账.xlsx", [header, *stored]))
    path = write_sheet(tmp_path / "台账.xlsx", [header, ["和平社区党支部", 2025, "组织生活不正常", "李四", "2025-12-31"], stored[1]])
    dialog = start_import(qtbot, window, monkeypatch, path, "软弱涣散整顿台账")
    assert dialog.rows_model.headerData(3, Qt.Orientation.Horizontal) == "变化（原 → 新）"
    assert table_rows(dialog.rows_model) == [(2, "更新", "和平社区党支部 2025", "责任人：张三 → 李四；整改时限：2025-10-31 → 2025-12-31"),
                                             (3, "无变化", "幸福村党支部 2025", "")]
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(boxes.texts("information")), timeout=5000)
    assert "更新 1 条" in boxes.texts("information")[-1]
    assert [c.form.responsible for c in weak_cases.list_cases(ws, 2025)] == ["李四", None]


def test_pay_totals_come_in_through_the_file_menu_with_what_changes(qtbot, window, monkeypatch, tmp_path, boxes, ws):
    add_branch(ws, "和平社区党支部")
    header = ["支部名称", "年度", "班子年待遇报酬总额", "一般保障标准"]
    datasets.DATASETS["pay"].import_file(ws, write_sheet(tmp_path / "原表.xlsx", [header, ["和平社区党支部", 2025, 120000, 20000]]))
    path = write_sheet(tmp_path / "报酬.xlsx", [header, ["和平社区党支部", 2025, 123456.6, 20000]])
    dialog = start_import(qtbot, window, monkeypatch, path, "报酬及保障标准")
    assert table_rows(dialog.rows_model) == [(2, "更新", "和平社区党支部 2025", "班子年待遇报酬总额：120000.00 元 → 123456.60 元")]
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(boxes.texts("information")), timeout=5000)
    assert "更新 1 条" in boxes.texts("information")[-1]
    assert "年度创建计划" in [a.text().removeprefix("导入").removesuffix("…") for a in window.menuBar().actions()[0].menu().actions()]


def test_import_lists_every_rejected_row(qtbot, window, registry, monkeypatch, tmp_path, boxes, ws):
    path = write_xlsx(tmp_path / "有错.xlsx", [
        ["和平社区党支部", "社区", "王建国", 10, 0, "2024-03-01", 5],
        ["幸福村党支部", "乡镇", "李海燕", 8, 1, "2023-05-20", 5],
        ["光明小学党支部", "事业单位", "赵丽华", "abc", 0, "2023-02-30", 4],
        ["和平社区党支部", "社区", "王建国", 10, 0, "2024-03-01", 5],
    ])
    dialog = start_import(qtbot, window, monkeypatch, path)
    rejected = table_rows(dialog.rejected_model)
    assert (3, "支部类型", rejected[0][2]) == rejected[0] and "乡镇" in rejected[0][2]
    assert {(row, column) for row, column, _ in rejected} == {
        (3, "支部类型"), (4, "正式党员数"), (4, "本届选举日期"), (4, "任期年限"), (5, "支部名称"),
    }
    assert "有 3 行被拒绝" in dialog.rejected_label.text()
    with qtbot.waitSignal(registry.loaded, timeout=5000):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert "拒绝 3 行" in boxes.texts("information")[-1]
    assert shown_names(registry) == ["和平社区党支部"]


def test_unreadable_file_is_explained_in_the_dialog(qtbot, window, monkeypatch, tmp_path):
    bogus = tmp_path / "假的.xlsx"
    bogus.write_text("not a workbook")
    dialog = start_import(qtbot, window, monkeypatch, bogus)
    assert "不是有效的 Excel 文件" in dialog.status.text()
    assert not dialog.confirm_button.isEnabled()


def test_export_and_template(qtbot, window, monkeypatch, tmp_path, boxes, ws):
    add_branch(ws, "和平社区党支部", secretary="王建国")
    target = tmp_path / "导出.xlsx"
    choose_file(monkeypatch, "getSaveFileName", target)
    with qtbot.waitSignal(window.context.tasks.idle, timeout=5000):
        window.actions["export:支部台账"].trigger()
    assert "已导出 1 条" in boxes.texts("information")[-1]
    assert load_workbook(target).active["A2"].value == "和平社区党支部"

    template = tmp_path / "模板.xlsx"
    choose_file(monkeypatch, "getSaveFileName", template)
    with qtbot.waitSignal(window.context.tasks.idle, timeout=5000):
        window.actions["template:支部台账"].trigger()
    sheet = load_workbook(template).active
    assert sheet["A1"].value == "支部名称" and sheet.max_row == 1


def test_backup_then_restore_reloads_the_registry(qtbot, window, registry, monkeypatch, tmp_path, boxes, ws):
    add_branch(ws, "和平社区党支部")
    copy = tmp_path / "copy.sqlite3"
    choose_file(monkeypatch, "getSaveFileName", copy)
    with qtbot.waitSignal(window.context.tasks.idle, timeout=5000):
        window.actions["backup"].trigger()
    assert "完整性校验" in boxes.texts("information")[-1] and copy.exists()

    add_branch(ws, "幸福村党支部", "village")
    choose_file(monkeypatch, "getOpenFileName", copy)
    with qtbot.waitSignal(window.context.tasks.idle, timeout=5000):  # the file is verified first
        window.actions["restore"].trigger()  # answered 否: nothing happens
    assert "copy.sqlite3" in boxes.texts("question")[-1]
    assert len(branches.branch_names(ws)) == 2

    boxes.answer = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(registry.loaded, timeout=5000):
        window.actions["restore"].trigger()
    assert "已从“copy.sqlite3”恢复" in boxes.texts("information")[-1]
    assert shown_names(registry) == ["和平社区党支部"]


@pytest.mark.parametrize("action", ["import:支部台账", "export:支部台账", "backup", "restore"])
def test_cancelled_file_choice_does_nothing(qtbot, window, monkeypatch, boxes, action):
    if window.context.tasks.busy:  # other tabs' first loads may still be on the worker
        with qtbot.waitSignal(window.context.tasks.idle, timeout=5000):
            pass
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    window.actions[action].trigger()
    assert not window.context.tasks.busy and boxes.shown == []


def test_closing_the_preview_before_it_is_ready_is_harmless(qtbot, window, monkeypatch, tmp_path, ws):
    path = write_xlsx(tmp_path / "台账.xlsx", [["幸福村党支部", "村", "李海燕", 8, 1, "2023-05-20", 5]])
    choose_file(monkeypatch, "getOpenFileName", path)
    with qtbot.waitSignal(window.context.tasks.idle, timeout=5000):
        window.actions["import:支部台账"].trigger()
        window.findChild(ImportDialog).reject()  # the clerk changes their mind at once
    assert window.findChild(ImportDialog) is None or not window.findChild(ImportDialog).isVisible()
    assert branches.branch_names(ws) == {}
