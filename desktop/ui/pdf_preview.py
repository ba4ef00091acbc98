"""PDF preview (QtPdf): page through, zoom, print to any installed printer, save a copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout

from desktop.store import files
from desktop.ui import folders, messages
from desktop.ui.screen_fit import resize_on_screen

# The zoom box: two fitting modes, then fixed percentages; 缩小/放大 step through the percentages.
FIT_WIDTH, FIT_PAGE = "适合宽度", "适合页面"
ZOOM_PERCENTS = (25, 50, 75, 100, 125, 150, 200, 300, 400)
FIT_MODES = {FIT_WIDTH: QPdfView.ZoomMode.FitToWidth, FIT_PAGE: QPdfView.ZoomMode.FitInView}


def print_pdf(document: QPdfDocument, printer: QPrinter, first: int = 0, last: int | None = None) -> int:
    """Render pages first..last (0-based, inclusive) onto `printer`. Returns the number printed.

    Pages are rasterised at the printer's resolution (QtPdf has no vector print path); QPdfDocument
    renders onto a transparent image, so each page is painted white first.
    """
    last = document.pageCount() - 1 if last is None else min(last, document.pageCount() - 1)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法打开打印机。")
    printed = 0
    try:
        dpi = printer.resolution()
        for index in range(first, last + 1):
            if printed:
                printer.newPage()
            points = document.pagePointSize(index)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(index, size)
            target = painter.viewport()
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
            painter.setWindow(0, 0, size.width(), size.height())
            painter.fillRect(0, 0, size.width(), size.height(), QColor("white"))
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
            painter.setWindow(target)
            printed += 1
    finally:
        painter.end()
    return printed


class PdfPreviewDialog(QDialog):
    def __init__(self, path: Path | str, parent=None, title: str | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self.setWindowTitle(title or f"打印预览 — {self.path.name}")
        resize_on_screen(self, 900, 1000)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.previous_button = QPushButton("上一页")
        self.next_button = QPushButton("下一页")
        self.page_label = QLabel()
        self.zoom_out_button = QPushButton("缩小")
        self.zoom_in_button = QPushButton("放大")
        self.zoom_box = QComboBox()
        self.zoom_box.setToolTip("缩放比例")
        for text in FIT_MODES:
            self.zoom_box.addItem(text, text)
        for percent in ZOOM_PERCENTS:
            self.zoom_box.addItem(f"{percent}%", percent)
        self.print_button = QPushButton("打印…")
        self.save_button = QPushButton("另存为 PDF…")
        self.print_button.setDefault(True)

        bar = QHBoxLayout()
        for widget in (self.previous_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        bar.addSpacing(16)
        for widget in (self.zoom_out_button, self.zoom_box, self.zoom_in_button):
            bar.addWidget(widget)
        spacer = QLabel()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.zoom_in_button.clicked.connect(lambda: self.zoom(+1))
        self.zoom_out_button.clicked.connect(lambda: self.zoom(-1))
        self.zoom_box.activated.connect(lambda _index: self._zoom_chosen())
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_copy)
        self.view.pageNavigator().currentPageChanged.connect(self._update_labels)
        self.view.zoomFactorChanged.connect(self._update_labels)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_document)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, lambda: self.go_to(self.current_page() + 1))
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, lambda: self.go_to(self.current_page() - 1))

        error = self.document.load(str(self.path))
        if error != QPdfDocument.Error.None_:
            self.page_label.setText("无法打开文件")
            for widget in (self.print_button, self.save_button, self.next_button, self.previous_button):
                widget.setEnabled(False)
        self._update_labels()

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        if 0 <= page < self.page_count():
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._update_labels()

    def zoom(self, direction: int) -> None:
        """One step to the next larger (+1) or smaller (-1) percentage, from the zoom in effect
        (a fitting mode's factor included)."""
        current = round(self.view.zoomFactor() * 100)
        if direction > 0:
            steps = [p for p in ZOOM_PERCENTS if p > current] or [ZOOM_PERCENTS[-1]]
            self.set_zoom(steps[0])
        else:
            steps = [p for p in ZOOM_PERCENTS if p < current] or [ZOOM_PERCENTS[0]]
            self.set_zoom(steps[-1])

    def set_zoom(self, choice: int | str) -> None:
        """A percentage (100 = actual size) or FIT_WIDTH / FIT_PAGE."""
        if isinstance(choice, str):
            self.view.setZoomMode(FIT_MODES[choice])
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(choice / 100)
        self._update_labels()

    def _zoom_chosen(self) -> None:
        self.set_zoom(self.zoom_box.currentData())

    def _update_labels(self, *_args) -> None:
        count = self.page_count()
        page = self.current_page()
        self.page_label.setText(f"第 {page + 1} / {count} 页" if count else "")
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < count - 1)
        mode = self.view.zoomMode()
        shown = next((text for text, fit in FIT_MODES.items() if fit == mode), None)
        if shown is None:
            shown = round(self.view.zoomFactor() * 100)
        self.zoom_box.setCurrentIndex(max(0, self.zoom_box.findData(shown)))
        percent = round(self.view.zoomFactor() * 100)
        self.zoom_out_button.setEnabled(percent > ZOOM_PERCENTS[0])
        self.zoom_in_button.setEnabled(percent < ZOOM_PERCENTS[-1])

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.path.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.page_count()))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        first, last = 0, self.page_count() - 1
        if printer.printRange() == QPrinter.PrintRange.PageRange:
            first, last = printer.fromPage() - 1, printer.toPage() - 1
        elif printer.printRange() == QPrinter.PrintRange.CurrentPage:
            first = last = self.current_page()
        try:
            print_pdf(self.document, printer, first, last)
        except OSError as error:
            messages.warn(self, f"打印失败：{error}")

    def save_copy(self) -> None:
        target, _ = folders.save_file(self, folders.PRINTS, "另存为 PDF", self.path.name, "PDF 文件 (*.pdf)")
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        try:
            shutil.copyfile(self.path, target)
        except OSError as error:
            messages.warn(self, f"无法保存到 {target}：{files.reason(error)}")

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.document.close()
        super().closeEvent(event)

