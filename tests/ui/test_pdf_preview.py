"""The preview's zoom: one box (适合宽度, 适合页面, percentages) between 缩小 and 放大, no second
button saying the same thing."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QPushButton

from desktop.paper.forms import ballot_pages
from desktop.paper.layout import GBT9704, Stamp, write_pdf
from desktop.ui.pdf_preview import PdfPreviewDialog


def preview(qtbot, tmp_path) -> PdfPreviewDialog:
    path = tmp_path / "ballots.pdf"
    write_pdf(path, ballot_pages("member", 2025, ["甲社区党支部"], 1), GBT9704, "评议票", Stamp("ACDE3467", datetime(2026, 3, 2)))
    dialog = PdfPreviewDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_zoom_box_and_buttons(qtbot, tmp_path):
    dialog = preview(qtbot, tmp_path)
    texts = [button.text() for button in dialog.findChildren(QPushButton)]
    assert "适合宽度" not in texts  # the box offers it; no duplicate button
    items = [dialog.zoom_box.itemText(i) for i in range(dialog.zoom_box.count())]
    assert items[:2] == ["适合宽度", "适合页面"] and "100%" in items
    assert dialog.zoom_box.currentText() == "适合宽度"

    dialog.zoom_box.setCurrentIndex(items.index("100%"))
    dialog.zoom_box.activated.emit(items.index("100%"))
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom and dialog.view.zoomFactor() == 1.0
    qtbot.mouseClick(dialog.zoom_in_button, Qt.MouseButton.LeftButton)
    assert dialog.zoom_box.currentText() == "125%" and dialog.view.zoomFactor() == 1.25
    qtbot.mouseClick(dialog.zoom_out_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.zoom_out_button, Qt.MouseButton.LeftButton)
    assert dialog.zoom_box.currentText() == "75%"

    dialog.zoom_box.setCurrentIndex(1)
    dialog.zoom_box.activated.emit(1)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitInView
    assert dialog.zoom_box.currentText() == "适合页面"


def test_zoom_stops_at_the_ends(qtbot, tmp_path):
    dialog = preview(qtbot, tmp_path)
    dialog.set_zoom(400)
    assert not dialog.zoom_in_button.isEnabled() and dialog.zoom_out_button.isEnabled()
    dialog.set_zoom(25)
    assert not dialog.zoom_out_button.isEnabled() and dialog.zoom_box.currentText() == "25%"
