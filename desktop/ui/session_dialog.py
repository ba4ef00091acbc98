"""New scoring session: title, date, scorers (one per line) and the branches to score."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDateEdit, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListView, QPlainTextEdit, QPushButton, QVBoxLayout

from desktop.errors import BranchdeskError, ValidationError
from desktop.services import scoring
from desktop.services.branches import BranchRow, list_branches
from desktop.ui import messages
from desktop.ui.context import AppContext
from desktop.ui.reason_dialog import ok_cancel_buttons
from desktop.ui.screen_fit import resize_on_screen
from desktop.ui.write_dialog import WriteDialog


def open_session_dialog(context: AppContext, year: int, parent, then: Callable[[SessionDialog], None]) -> None:
    """Read the year's branches on the worker, then hand the dialog to `then` (which execs it)."""
    context.ops.query(parent, lambda ws: list_branches(ws, year, date(year, 12, 31)),
                      lambda rows: then(SessionDialog(context, year, rows, parent)), label="正在打开…")


class SessionDialog(WriteDialog):
    def __init__(self, context: AppContext, year: int, branches: list[BranchRow], parent=None):
        super().__init__(parent)
        self.context, self.year, self.session_id = context, year, None
        self.setWindowTitle(f"新建 {year} 年度评分会")
        resize_on_screen(self, 560, 620)
        form = QFormLayout()
        self.title = QLineEdit(f"{year}年度党支部标准化规范化考评")
        self.held_on = QDateEdit(QDate.currentDate() if date.today().year == year else QDate(year, 12, 1))
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("yyyy-MM-dd")
        self.scorers = QPlainTextEdit()
        self.scorers.setPlaceholderText("每行一位评委（街道党工委成员）姓名")
        self.scorers.setFixedHeight(90)
        form.addRow("名称", self.title)
        form.addRow("日期", self.held_on)
        form.addRow("评委", self.scorers)
        self.branches = QStandardItemModel(self)
        for row in branches:
            item = QStandardItem(row.name)
            item.setData(row.id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked)
            item.setEditable(False)
            self.branches.appendRow(item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.branches)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("筛选支部")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        view = QListView()
        view.setModel(self.proxy)
        toggles = QHBoxLayout()
        for label, state in (("全选", Qt.CheckState.Checked), ("全不选", Qt.CheckState.Unchecked)):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, s=state: self._check_visible(s))
            toggles.addWidget(button)
        toggles.addStretch()
        self.error = QLabel()
        self.error.setStyleSheet("color:#c0392b")
        self.error.setWordWrap(True)
        buttons = ok_cancel_buttons()
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("参评支部"))
        layout.addWidget(self.filter)
        layout.addWidget(view)
        layout.addLayout(toggles)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _check_visible(self, state) -> None:
        for row in range(self.proxy.rowCount()):
            self.branches.itemFromIndex(self.proxy.mapToSource(self.proxy.index(row, 0))).setCheckState(state)

    def checked_branch_ids(self) -> list[int]:
        return [self.branches.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.branches.rowCount())
                if self.branches.item(r).checkState() == Qt.CheckState.Checked]

    def _create(self) -> None:
        year, title, held_on = self.year, self.title.text(), self.held_on.date().toPython()
        ids, scorers = self.checked_branch_ids(), self.scorers.toPlainText().splitlines()
        self.write(self.context, lambda ws: scoring.create_session(ws, year, title, held_on, ids, scorers),
                   self._created, self._refused, label="正在创建…")

    def _created(self, session_id: int) -> None:
        self.session_id = session_id
        self.accept()

    def _refused(self, error: BranchdeskError) -> None:
        if isinstance(error, ValidationError):
            self.error.setText(error.message)
        else:
            messages.warn(self, error.message)
