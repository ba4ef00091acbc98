"""带出评分 (office) and 打开评分包 (laptop): the dialogs of a package leaving and arriving.

The check-out dialog asks for the part (scorers, whether the 四评 tallies go along) and the file,
writes it through the runner, then shows the pairing code in large type, once: the office keeps
only the key stretched from it, so the dialog says to write it down before it is closed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import checkout, laptop, scoring
from desktop.ui.context import AppContext
from desktop.ui.reason_dialog import ok_cancel_buttons
from desktop.ui.write_dialog import WriteDialog

PACKAGE_FILTER = "评分包 (*.bdsession);;所有文件 (*)"
ADVICE = ("请把配对码抄写下来，另行告知笔记本电脑的使用人（不要和 U 盘放在一起）。"
          "配对码只显示这一次：关闭本窗口后无法再查看，丢失了只能取消这次带出、重新带出。")


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color:#c0392b")
    label.setWordWrap(True)
    return label


def file_row(edit: QLineEdit, browse) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    button = QPushButton("浏览…")
    button.clicked.connect(browse)
    row.addWidget(button)
    return row


class CheckoutDialog(WriteDialog):
    """Which scorers, the tallies or not, which file; then the pairing code."""

    def __init__(self, context: AppContext, session_id: int, title: str, scorers: list[str], folder: Path, parent=None):
        super().__init__(parent)
        self.context, self.session_id, self.made = context, session_id, None
        self.setWindowTitle("带出评分")
        self.resize(640, 430)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._form(title, scorers, folder))
        self.stack.addWidget(self._code_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

    def _form(self, title: str, scorers: list[str], folder: Path) -> QWidget:
        page = QWidget()
        note = QLabel(f"评分会：{title}\n把这次评分会（或其中几位评委）带到笔记本电脑上打分。带出期间，办公室不能修改"
                      "这些评委的分数（以及随之带出的四评录入）；其余工作照常。")
        note.setWordWrap(True)
        box = QGroupBox("带出的评委（一台笔记本一位评委时，每位评委分别带出）")
        grid = QVBoxLayout(box)
        self.scorer_boxes = []
        for name in scorers:
            check = QCheckBox(name)
            check.setChecked(True)
            check.toggled.connect(self._suggest_name)
            grid.addWidget(check)
            self.scorer_boxes.append(check)
        self.tallies = QCheckBox("四评录入随本评分包带出（同一时间只能随一个评分包带出）")
        self.tallies.setChecked(True)
        self.tallies_touched = False  # until the clerk decides, they go with the part of the first scorer
        self.tallies.clicked.connect(lambda: setattr(self, "tallies_touched", True))
        self.folder, self.title = folder, title
        self.file = QLineEdit()
        self._suggest_name()
        form = QFormLayout()
        form.addRow("评分包文件", file_row(self.file, self._browse))
        self.error = error_label()
        self.buttons = buttons = ok_cancel_buttons()
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("带出")
        buttons.accepted.connect(self._export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(box)
        layout.addWidget(self.tallies)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch()
        layout.addWidget(buttons)
        return page

    def _code_page(self) -> QWidget:
        page = QWidget()
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.code = QLabel()
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(24)
        font.setBold(True)
        self.code.setFont(font)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setStyleSheet("border:2px solid #1f4e79; border-radius:6px; padding:16px; background:#f4f8fc")
        self.copy_button = copy = QPushButton("复制配对码")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.code.text()))
        advice = QLabel(ADVICE)
        advice.setWordWrap(True)
        advice.setStyleSheet("color:#9c2a00; font-weight:bold")
        self.close_button = close = QPushButton("我已记下配对码，关闭")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_label)
        layout.addWidget(QLabel("配对码（在笔记本上打开评分包时输入）："))
        layout.addWidget(self.code)
        row = QHBoxLayout()
        row.addWidget(copy)
        row.addStretch()
        layout.addLayout(row)
        layout.addWidget(advice)
        layout.addStretch()
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def chosen(self) -> list[str]:
        return [b.text() for b in self.scorer_boxes if b.isChecked()]

    def _suggest_name(self) -> None:
        chosen = self.chosen()
        if not self.tallies_touched:
            self.tallies.setChecked(self.scorer_boxes[0].isChecked())
        part = "全部评委" if len(chosen) == len(self.scorer_boxes) else "、".join(chosen) or "评委"
        self.file.setText(str(self.folder / f"{self.title}-{part}.bdsession"))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "带出评分：保存评分包", self.file.text(), PACKAGE_FILTER)
        if name:
            self.file.setText(name)

    def _export(self) -> None:
        scorers = self.chosen()
        if not scorers:
            self.error.setText("请至少选择一位评委。")
            return
        whole = len(scorers) == len(self.scorer_boxes)
        path, tallies, session_id = Path(self.file.text().strip()), self.tallies.isChecked(), self.session_id
        self.write(self.context, lambda ws: checkout.export_part(ws, session_id, path, None if whole else scorers, tallies),
                   self._exported, lambda error: self.error.setText(error.message), label="正在带出…")

    def _exported(self, made: checkout.Exported) -> None:
        self.made = made
        tallies = "，含四评录入" if made.tallies else ""
        self.done_label.setText(f"已带出评委 {'、'.join(made.scorers)} 的评分{tallies}：\n{made.file}")
        self.code.setText(made.code)
        self.stack.setCurrentIndex(1)

    def reject(self) -> None:
        if self.made is None:
            super().reject()
        else:
            self.accept()  # the code page: Esc and × close as its button does


class ReasonAsk(QDialog):
    """取消带出 asks why (U 盘遗失, 笔记本故障…): the reason is recorded with the cancel."""

    def __init__(self, what: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("取消带出")
        note = QLabel(f"{what}\n取消后办公室可以修改这些评分；之后带回的评分结果仍可合并，两边都改过的格子会列为冲突，由您选择。")
        note.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("例如：U 盘遗失")
        self.buttons = ok_cancel_buttons()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda text: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip())))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout = QFormLayout(self)
        layout.addRow(note)
        layout.addRow("取消原因", self.reason)
        layout.addRow(self.buttons)


class OpenPackageDialog(WriteDialog):
    """打开评分包 on the laptop: the file from the stick and the code the office showed."""

    def __init__(self, context: AppContext, folder: Path, parent=None):
        super().__init__(parent)
        self.context, self.folder, self.opened = context, folder, None
        self.setWindowTitle("打开评分包")
        self.resize(560, 220)
        self.file = QLineEdit()
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX（大小写、空格均可）")
        self.error = error_label()
        self.buttons = buttons = ok_cancel_buttons()
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("打开")
        buttons.accepted.connect(self._open)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        note = QLabel("打开办公室带出的评分包，在本机打分；打完后用“导出评分结果”写出结果文件带回办公室。")
        note.setWordWrap(True)
        layout.addRow(note)
        layout.addRow("评分包文件", file_row(self.file, self._browse))
        layout.addRow("配对码", self.code)
        layout.addRow(self.error)
        layout.addRow(buttons)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "打开评分包", str(self.folder), PACKAGE_FILTER)
        if name:
            self.file.setText(name)

    def _open(self) -> None:
        path, code = Path(self.file.text().strip()), self.code.text()
        if not self.file.text().strip() or not code.strip():
            self.error.setText("请选择评分包文件并输入配对码。")
            return
        self.write(self.context, lambda ws: opened_with_year(ws, path, code), self._opened,
                   lambda error: self.error.setText(error.message), label="正在打开评分包…")

    def _opened(self, result) -> None:
        self.opened = result
        self.accept()


def opened_with_year(ws, path: Path, code: str) -> tuple[laptop.Opened, int]:
    """Open the package and tell the year of its session, which the tab then shows."""
    opened = laptop.open_package(ws, path, code)
    year = next(i.year for i in scoring.list_sessions(ws) if i.id == opened.session_id)
    return opened, year

