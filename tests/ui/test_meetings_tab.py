"""The 组织生活 tab driven as a clerk would: click a red cell, log the meeting, see it turn green."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox, QPushButton

from desktop.rules.compliance import CellState
from desktop.services import meetings
from desktop.ui import meeting_dialog
from desktop.ui.bulk_meeting_dialog import BulkMeetingDialog
from desktop.ui.import_dialog import ImportDialog
from desktop.ui.meeting_dialog import MeetingDialog
from desktop.ui.meeting_rules_dialog import MeetingRulesDialog
from desktop.ui.meetings_tab import MeetingsTab
from tests.meeting_helpers import add_branch, add_meeting
from tests.ui.conftest import gui_context, meeting_form, run_write, settle, type_text

TODAY = date(2026, 11, 28)


@pytest.fixture
def tab(qtbot, db):
    add_branch(db.workspace, "和平社区党支部", committee=True, groups=1)
    add_branch(db.workspace, "幸福村党支部", kind="village", committee=False, groups=0)
    add_branch(db.workspace, "建设社区党支部", committee=False, groups=0)
    widget = MeetingsTab(gui_context(db), today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    widget.year.setValue(2025)
    widget.wait_until_loaded()
    yield widget
    widget.loader.wait()


def cell(tab, branch: str, meeting_type: str, index: int):
    tab.wait_until_loaded()  # the matrix is computed on a worker thread
    model = tab.model
    row = next(r for r, b in enumerate(model.rows) if b.name == branch)
    column = next(c for c in range(model.columnCount())
                  if model.column(c) and (model.column(c).meeting_type, model.column(c).index) == (meeting_type, index))
    return tab.proxy.mapFromSource(model.index(row, column))


def open_import_preview(qtbot, tab) -> ImportDialog:
    """Click 导入… and wait for the preview (read on the worker) or the reason the file was refused."""
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    dialog = tab.findChild(ImportDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None or "color:#c62828" in dialog.status.text(), timeout=5000)
    return dialog


def click(qtbot, tab, index):
    """Click a cell of the matrix; its meetings are listed once they are read."""
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=tab.view.visualRect(index).center())
    settle(qtbot, tab.context)


def test_log_a_meeting_with_an_attachment_and_the_cell_turns_green(qtbot, tab, ws, monkeypatch, tmp_path):
    scan = tmp_path / "签到表.pdf"
    scan.write_bytes(b"%PDF-1.4 sign-in sheet")
    january = cell(tab, "和平社区党支部", "theme_day", 0)
    assert january.data(Qt.ItemDataRole.UserRole + 1) == CellState.gap
    click(qtbot, tab, january)
    assert "0 次" in tab.cell_title.text()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(scan)], ""))

    def fill(dialog):
        assert dialog.branch.text() == "和平社区党支部" and dialog.meeting_type.currentData() == "theme_day"
        type_text(qtbot, dialog.edits["topic"], "重温入党誓词")
        type_text(qtbot, dialog.edits["expected"], "20")
        type_text(qtbot, dialog.edits["attended"], "18")
        add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "添加附件…")
        qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(tab.context.ops.changed):
            qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
        settle(qtbot, tab.context)
        return dialog.result()

    monkeypatch.setattr(MeetingDialog, "exec", fill)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    january = cell(tab, "和平社区党支部", "theme_day", 0)
    assert january.data(Qt.ItemDataRole.UserRole + 1) == CellState.met
    assert january.data() == "✓"
    assert tab.cell_model.rowCount() == 1 and "1 次" in tab.cell_title.text()
    logged = tab.cell_model.row_at(0)
    assert (logged.topic, logged.attachments) == ("重温入党誓词", 1)
    stored = meetings.get_meeting(ws, logged.id)["attachments"][0]
    copy = meetings.attachment_path(ws, stored.stored_path)
    assert copy.read_bytes() == scan.read_bytes() and copy.parent != scan.parent

    # The attachment opens from the record (the copy, not the original).
    opened = []
    monkeypatch.setattr(meeting_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = meeting_form(qtbot, tab.context, logged.id)
    dialog.file_list.setCurrentIndex(dialog.files.index(0, 0))
    dialog.open_selected()
    assert opened == [str(copy)]


def test_form_shows_inline_errors_and_saves_nothing(qtbot, tab, ws):
    dialog = meeting_form(qtbot, tab.context, branch_name="和平社区党支部", meeting_type="general_meeting",
                          held_on=date(2025, 3, 1))
    dialog.edits["expected"].clear()  # prefilled with the branch's full members
    type_text(qtbot, dialog.edits["expected"], "10")
    type_text(qtbot, dialog.edits["attended"], "12")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.errors["attended"].isHidden() and "多于" in dialog.errors["attended"].text()
    dialog.branch.clear()
    type_text(qtbot, dialog.branch, "无此支部")
    dialog.edits["attended"].setText("6")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    settle(qtbot, tab.context)  # the branch's name is looked for by the write, on the worker
    assert "没有名为" in dialog.errors["branch_name"].text()
    assert meetings.list_meetings(ws) == []
    completer = dialog.branch.completer()
    completer.setCompletionPrefix("社区")
    assert completer.completionCount() == 2  # type-ahead matches any part of the name


def test_escape_asks_before_dropping_what_was_typed(qtbot, tab, boxes):
    dialog = meeting_form(qtbot, tab.context, branch_name="和平社区党支部", meeting_type="theme_day", held_on=date(2025, 3, 1))
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed yet: closes at once
    assert not dialog.isVisible() and boxes.texts("question") == []

    dialog = meeting_form(qtbot, tab.context, branch_name="和平社区党支部", meeting_type="theme_day", held_on=date(2025, 3, 1))
    dialog.show()
    type_text(qtbot, dialog.edits["topic"], "学习党章")
    boxes.answer = QMessageBox.StandardButton.No
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "放弃" in boxes.texts("question")[-1]
    assert dialog.edits["topic"].text() == "学习党章"
    boxes.answer = QMessageBox.StandardButton.Yes
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_bulk_entry_for_many_branches(qtbot, tab, monkeypatch):
    def fill(dialog):
        dialog.meeting_type.setCurrentIndex(dialog.meeting_type.findData("theme_day"))
        dialog.held_on.setDate(dialog.held_on.date().fromString("2025-02-10", "yyyy-MM-dd"))
        type_text(qtbot, dialog.topic, "学雷锋志愿服务")
        type_text(qtbot, dialog.search, "社区")
        check_all = next(b for b in dialog.findChildren(QPushButton) if b.text() == "全选（筛选结果）")
        qtbot.mouseClick(check_all, Qt.MouseButton.LeftButton)
        assert dialog.count.text() == "已选 2 个支部"
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        settle(qtbot, tab.context)
        return dialog.result()

    monkeypatch.setattr(BulkMeetingDialog, "exec", fill)
    qtbot.mouseClick(tab.bulk_button, Qt.MouseButton.LeftButton)
    for name in ("和平社区党支部", "建设社区党支部"):
        assert cell(tab, name, "theme_day", 1).data(Qt.ItemDataRole.UserRole + 1) == CellState.met
    assert cell(tab, "幸福村党支部", "theme_day", 1).data(Qt.ItemDataRole.UserRole + 1) == CellState.gap


def test_delete_asks_first(qtbot, tab, ws, monkeypatch):
    branch_id = tab.model.rows[[b.name for b in tab.model.rows].index("幸福村党支部")].branch_id
    run_write(qtbot, tab.context, lambda ws: add_meeting(ws, branch_id, "party_lecture", date(2025, 5, 6), topic="党课"))
    q2 = cell(tab, "幸福村党支部", "party_lecture", 1)
    assert q2.data(Qt.ItemDataRole.UserRole + 1) == CellState.met
    click(qtbot, tab, q2)
    tab.cell_view.selectRow(0)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert asked and "党课" in asked[0] and len(meetings.list_meetings(ws)) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab.context)
    assert meetings.list_meetings(ws) == []
    assert cell(tab, "幸福村党支部", "party_lecture", 1).data(Qt.ItemDataRole.UserRole + 1) == CellState.gap


def test_filters_rates_and_not_required_cells(qtbot, tab):
    assert tab.proxy.rowCount() == 3
    assert cell(tab, "幸福村党支部", "committee_meeting", 0).data(Qt.ItemDataRole.UserRole + 1) == CellState.not_required
    type_text(qtbot, tab.search, "幸福")
    assert tab.proxy.rowCount() == 1
    tab.search.clear()
    qtbot.mouseClick(tab.only_gaps, Qt.MouseButton.LeftButton)
    tab.wait_until_loaded()
    assert tab.proxy.rowCount() == 3  # nobody logged anything in 2025: all have gaps
    assert "完成率" in tab.summary.text() and "0.0%" in tab.summary.text()


def test_rules_change_applies_to_that_year_only(qtbot, tab, monkeypatch):
    def fill(dialog):
        dialog.minimums["theme_day"].setValue(0)
        buttons = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
        settle(qtbot, tab.context)
        return dialog.result()

    monkeypatch.setattr(MeetingRulesDialog, "exec", fill)
    tab.year.setValue(2026)
    qtbot.mouseClick(tab.rules_button, Qt.MouseButton.LeftButton)
    tab.wait_until_loaded()
    assert all(c.meeting_type != "theme_day" for c in tab.model.columns)
    tab.year.setValue(2025)
    tab.wait_until_loaded()
    assert any(c.meeting_type == "theme_day" for c in tab.model.columns)


def test_import_through_the_tab(qtbot, tab, ws, monkeypatch, tmp_path, boxes):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["支部名称", "会议类型", "日期", "应到人数", "实到人数", "主题"])
    book.active.append(["幸福村党支部", "党员大会", "2025-03-15", 12, 6, "一季度"])
    book.active.append(["无此支部", "党课", "2025-03-15", None, None, None])
    path = tmp_path / "meetings.xlsx"
    book.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    dialog = open_import_preview(qtbot, tab)
    assert dialog.windowTitle() == "导入组织生活记录"
    assert dialog.rejected_model.rowCount() == 1 and "无此支部" in dialog.rejected_model.row_at(0)[2]
    assert "新增 1 条" in dialog.status.text() and meetings.list_meetings(ws) == []  # a preview
    with qtbot.waitSignal(tab.context.ops.changed, timeout=5000):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert "已导入：新增 1 条" in boxes.texts("information")[-1]
    q1 = cell(tab, "幸福村党支部", "general_meeting", 0)
    assert q1.data(Qt.ItemDataRole.UserRole + 1) == CellState.gap and q1.data() == "!"  # exactly half: no quorum
    assert len(meetings.list_meetings(ws)) == 1
    assert Path(path).exists()


def test_dashboard_line_counts_what_is_due_this_month(qtbot, db):
    from desktop.services.compliance import year_matrix
    from desktop.ui.matrix_model import due_this_month

    first = add_branch(db.workspace, "甲支部", committee=True, groups=0)
    add_branch(db.workspace, "乙支部", committee=False, groups=0)
    add_meeting(db.workspace, first, "theme_day", date(2026, 11, 3))
    inside = due_this_month(year_matrix(db.workspace, 2026, date(2026, 11, 28)))
    assert inside == {"theme_day": 1, "committee_meeting": 1}
    last_day = due_this_month(year_matrix(db.workspace, 2026, date(2026, 11, 30)))  # due today: still listed
    assert last_day == inside
    december = due_this_month(year_matrix(db.workspace, 2026, date(2026, 12, 5)))  # Q4 and the year end too
    assert december["general_meeting"] == 2 and december["annual_study"] == 2 and december["theme_day"] == 2
    widget = MeetingsTab(gui_context(db), today=date(2026, 11, 28))
    qtbot.addWidget(widget)
    assert widget.status.text() == "" and not widget.loading  # nothing computed until the tab is shown
    widget.show()
    assert "正在统计" in widget.status.text()  # computed off the GUI thread
    qtbot.waitUntil(lambda: not widget.loading)
    assert widget.status.text() == ""
    assert "主题党日 1 个支部" in widget.dashboard.text() and "支委会 1 个支部" in widget.dashboard.text()


def test_export_template_and_a_bad_import_file(qtbot, tab, ws, monkeypatch, tmp_path, boxes):
    branch_id = tab.model.rows[0].branch_id
    add_meeting(ws, branch_id, "theme_day", date(2025, 4, 2), topic="清明祭英烈")
    add_meeting(ws, branch_id, "theme_day", date(2024, 4, 2), topic="去年的主题党日")
    export = tmp_path / "导出.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(export), ""))
    with qtbot.waitSignal(tab.context.tasks.idle, timeout=5000):
        qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    from openpyxl import load_workbook

    sheet = load_workbook(export).active
    assert sheet.cell(row=2, column=6).value == "清明祭英烈" and sheet.max_row == 2  # the year shown only
    assert "已导出 2025 年的 1 条" in boxes.texts("information")[-1]
    template = tmp_path / "模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(template), ""))
    with qtbot.waitSignal(tab.context.tasks.idle, timeout=5000):
        qtbot.mouseClick(tab.template_button, Qt.MouseButton.LeftButton)
    assert template.exists()
    bad = tmp_path / "会议.txt"
    bad.write_text("not a workbook")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    dialog = open_import_preview(qtbot, tab)
    assert "只能导入 Excel 文件" in dialog.status.text() and not dialog.confirm_button.isEnabled()


def test_matrix_rows_are_prepared_on_the_worker_and_sorted_without_asking_python_per_row(qtbot, tab, db, monkeypatch):
    """At 10,000 branches the rates, gaps and name ranks are half a second of Python: the worker
    computes them with the matrix, and the proxy sorts and filters plain lists (no
    QSortFilterProxyModel calling data() per comparison)."""
    import threading

    from PySide6.QtCore import QPoint, QSortFilterProxyModel

    from desktop.ui import matrix_loader

    threads = []
    real = matrix_loader.prepare
    monkeypatch.setattr(matrix_loader, "prepare", lambda m: threads.append(threading.current_thread()) or real(m))
    busy = next(b.branch_id for b in tab.model.rows if b.name == "建设社区党支部")
    for month in range(1, 13):
        add_meeting(db.workspace, busy, "theme_day", date(2025, month, 3))
    tab.follower.invalidate()
    tab.wait_until_loaded()
    assert threads and threading.main_thread() not in threads
    assert not isinstance(tab.proxy, QSortFilterProxyModel)

    def shown(column: int) -> list:
        return [tab.proxy.index(r, column).data() for r in range(tab.proxy.rowCount())]

    assert shown(0) == ["和平社区党支部", "建设社区党支部", "幸福村党支部"]  # the one order of names
    header = tab.view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(1) + 10, header.height() - 6))  # 完成率
    rates = shown(1)
    assert rates == sorted(rates, key=lambda text: int(text.rstrip("%"))) or rates == sorted(rates, reverse=True)
    assert "建设社区党支部" in (shown(0)[0], shown(0)[-1])  # the only one with theme days, at one end
    qtbot.mouseClick(tab.only_gaps, Qt.MouseButton.LeftButton)
    assert tab.proxy.rowCount() == 3  # every branch still misses something in 2025
    type_text(qtbot, tab.search, "建设")
    assert shown(0) == ["建设社区党支部"]
