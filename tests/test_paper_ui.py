"""The preview, print and verify dialogs, driven as a user would."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from desktop.paper.forms import ballot_pages
from desktop.paper.layout import GBT9704, Stamp, write_pdf
from desktop.ui.operations import OpChanges
from tests.paper_support import add_branches, page_texts


@pytest.fixture
def ballots_pdf(tmp_path):
    path = tmp_path / "ballots.pdf"
    pages = ballot_pages("member", 2025, ["甲社区党支部", "乙村党支部"], 2)
    write_pdf(path, pages, GBT9704, "评议票", Stamp("ACDE3467", datetime(2026, 3, 2)))
    return path


@pytest.fixture
def context(qtbot, db, tmp_path):
    """The window's context on the test's database, refusing the GUI thread (tests/ui/conftest.py);
    its prints go beside a database file in tmp_path."""
    from tests.ui.conftest import gui_context

    context = gui_context(db)
    context.db_file = tmp_path / "db.sqlite3"
    yield context
    context.tasks.wait()


def settle(qtbot, context) -> None:
    qtbot.waitUntil(lambda: not context.tasks.busy, timeout=20_000)


def _not_blank(widget) -> bool:
    image = widget.grab().toImage()
    width, height = image.width(), image.height()
    samples = [image.pixelColor(x, y).lightness() for x in range(0, width, 7) for y in range(0, height, 7)]
    return min(samples) < 100  # some dark text has been painted


def test_preview_loads_renders_and_pages_through(qtbot, ballots_pdf):
    from desktop.ui.pdf_preview import PdfPreviewDialog

    dialog = PdfPreviewDialog(ballots_pdf)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count() == 2
    assert dialog.page_label.text() == "第 1 / 2 页"
    assert not dialog.previous_button.isEnabled()
    qtbot.waitUntil(lambda: _not_blank(dialog.view.viewport()), timeout=5000)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.current_page() == 1)
    assert dialog.page_label.text() == "第 2 / 2 页" and not dialog.next_button.isEnabled()
    qtbot.mouseClick(dialog.zoom_in_button, Qt.MouseButton.LeftButton)
    assert dialog.zoom_box.currentText().endswith("%")
    qtbot.mouseClick(dialog.previous_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.current_page() == 0)


def test_print_pdf_sends_every_page_to_the_printer(qtbot, ballots_pdf, tmp_path):
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from desktop.ui.pdf_preview import print_pdf

    document = QPdfDocument()
    document.load(str(ballots_pdf))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_pdf(document, printer) == 2
    assert len(page_texts(out)) == 2


def test_print_dialog_generates_in_the_background_and_opens_the_preview(qtbot, context, ws):
    from desktop.ui.paper_dialog import PrintDialog

    add_branches(ws, 3)
    dialog = PrintDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, context)  # the branches to choose from are read on the worker
    dialog.document_box.setCurrentIndex(dialog.document_box.findData("ballots"))
    assert dialog.copies_box.isEnabled() and not dialog.honour_box.isEnabled()
    dialog.some_radio.click()
    qtbot.keyClicks(dialog.filter_edit, "0001")
    assert dialog.branch_proxy.rowCount() == 1
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    assert "请至少勾选" in dialog.status_label.text()
    dialog.branch_model.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.copies_box.setValue(4)
    dialog.ballot_box.setCurrentIndex(dialog.ballot_box.findData("member"))
    with qtbot.waitSignal(context.ops.changed, timeout=10000) as changed:
        qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    assert changed.args == [OpChanges.of("print_record"), dialog]  # the print is recorded
    qtbot.waitUntil(lambda: dialog.job is None)
    assert dialog.preview is not None and dialog.preview.page_count() == 2
    assert "测试0001社区党支部" in dialog.status_label.text() and "验证码" in dialog.status_label.text()
    assert dialog.generate_button.isEnabled()
    dialog.preview.close()


def test_print_dialog_cancel_leaves_no_file_and_no_record(qtbot, context, ws):
    from desktop.ui.paper_dialog import PrintDialog, prints_dir

    add_branches(ws, 30)
    dialog = PrintDialog(context)
    qtbot.addWidget(dialog)
    settle(qtbot, context)
    dialog.document_box.setCurrentIndex(dialog.document_box.findData("ballots"))
    dialog.copies_box.setValue(200)
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)
    assert "已取消" in dialog.status_label.text()
    assert list(prints_dir(context).glob("*.pdf")) == [] and dialog.preview is None
    from sqlalchemy import func, select

    from desktop.models import PrintRecord

    with ws.read() as session:
        assert session.scalar(select(func.count()).select_from(PrintRecord)) == 0


def test_verify_dialog_reports_known_changed_and_unknown_codes(qtbot, context, ws, tmp_path):
    from desktop.services import documents
    from desktop.services.branches import get_branch, save_branch
    from desktop.ui.paper_dialog import VerifyPaperDialog

    ids = add_branches(ws, 2)
    result = documents.print_document(ws, "registry", {"year": 2025}, tmp_path / "r.pdf")
    dialog = VerifyPaperDialog(context)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.code_edit, result.code_text)
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    settle(qtbot, context)  # looked up on the worker
    assert "支部基本情况表" in dialog.result_label.text() and "未变化" in dialog.result_label.text()
    values = get_branch(ws, ids[0])
    old_secretary_0 = values["secretary"] or "空"
    values["secretary"] = "李新"
    save_branch(ws, {k: v for k, v in values.items() if k not in ("id", "archived")}, ids[0])
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert "已有变化" in dialog.result_label.text() and "共 1 处" in dialog.result_label.text()
    assert not dialog.changes_view.isHidden()
    assert dialog.changes_view.toPlainText().splitlines() == [f"测试0000社区党支部：书记 {old_secretary_0} → 李新"]
    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, "QQQQ-QQQQ")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert "不存在" in dialog.result_label.text() and dialog.changes_view.isHidden()


def test_print_dialog_exports_a_summary_sheet_as_word_and_not_a_form(qtbot, context, ws, tmp_path, monkeypatch):
    from docx import Document
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui.paper_dialog import PrintDialog

    add_branches(ws, 3)
    dialog = PrintDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, context)
    dialog.document_box.setCurrentIndex(dialog.document_box.findData("ballots"))
    assert not dialog.word_button.isEnabled() and not dialog.excel_button.isEnabled()
    dialog.document_box.setCurrentIndex(dialog.document_box.findData("registry"))
    assert dialog.word_button.isEnabled()
    target = tmp_path / "基本情况"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Word 文档 (*.docx)"))
    qtbot.mouseClick(dialog.word_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    written = target.with_suffix(".docx")
    assert dialog.status_label.text() == f"已导出 {written}"
    rows = [[c.text for c in row.cells] for row in Document(str(written)).tables[0].rows]
    assert rows[0][:2] == ["序号", "支部名称"] and [r[1] for r in rows[1:4]] == [f"测试{i:04d}社区党支部" for i in range(3)]


def test_verify_dialog_echoes_an_unknown_full_width_code_as_looked_up(qtbot, context, ws):
    from desktop.ui.paper_dialog import VerifyPaperDialog

    add_branches(ws, 1)
    dialog = VerifyPaperDialog(context)
    qtbot.addWidget(dialog)
    for typed, shown in (("ｑｗｅｒ－ｔｙｕｐ", "QWER-TYUP"), ("ａｂ　１２", "AB12")):
        dialog.code_edit.setText(typed)
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
        settle(qtbot, context)
        assert dialog.result_label.text() == f"验证码 {shown} 不存在：本数据库中没有这份文件的打印记录。"
