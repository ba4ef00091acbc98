"""The committee's own checks (seed §五): an inspection with the branches it visited, and a 约谈 record.

Both forms take their branch list from a query made before they open (`branch_names`), so nothing
reads the database on the GUI thread.
"""

from __future__ import annotations

from datetime import date
from operator import itemgetter

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import BranchdeskError, ValidationError
from desktop.excel.cells import CellError, day
from desktop.rules.collation import in_branch_order
from desktop.rules.inspections import KIND_LABELS
from desktop.services import inspections
from desktop.services.branches import branch_names
from desktop.services.inspections import VisitForm
from desktop.ui.context import AppContext
from desktop.ui.meeting_dialog import button_box, date_edit
from desktop.ui.weak_case_dialog import DATE_HINT, ERROR_STYLE
from desktop.ui.write_dialog import WriteDialog

VISIT_HEADERS = ("支部", "发现问题", "整改要求", "整改时限")


def open_with_branches(context: AppContext, parent: QWidget | None, make, then=None) -> None:
    """Read the live branches on the worker, then open `make(branches)` (or hand it to `then`)."""
    def show(names: dict[str, int]) -> None:
        dialog = make(names)
        dialog.exec() if then is None else then(dialog)

    def read(ws) -> dict[str, int]:  # in the one order of names
        return dict(in_branch_order(branch_names(ws, include_archived=False).items(), name=itemgetter(0)))

    context.ops.query(parent, read, show, label="正在打开…")


def branch_combo(branches: dict[str, int]) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)  # type to find one among a district's branches
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItem("（请选择支部）", None)
    for name, branch_id in branches.items():
        combo.addItem(name, branch_id)
    return combo


def chosen_branch(combo: QComboBox) -> int | None:
    """The branch whose name the combo shows (typed or picked)."""
    index = combo.findText(combo.currentText().strip())
    return combo.itemData(index) if index >= 0 else None


class _Form(WriteDialog):
    def __init__(self, context: AppContext, title: str, parent: QWidget | None):
        super().__init__(parent)
        self.context = context
        self.today = date.today()
        self.setWindowTitle(title)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def refused(self, error: BranchdeskError) -> None:
        self.show_error("未能保存：" + ("；".join(error.fields.values()) if isinstance(error, ValidationError) else error.message))

    def text_edit(self, lines: int = 3) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(self.fontMetrics().height() * (lines + 1))
        return edit


class InspectionDialog(_Form):
    """专项督查 / 机动检查 / 随机抽查: when, by whom, and per visited branch what was found and owed."""

    def __init__(self, context: AppContext, branches: dict[str, int], parent: QWidget | None = None):
        super().__init__(context, "登记督查检查", parent)
        self.branches = branches
        self.kind = QComboBox()
        for code, label in KIND_LABELS.items():
            self.kind.addItem(label, code)
        self.held_on = date_edit(self, self.today)
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("例如 组织生活开展情况专项督查")
        self.inspectors = QLineEdit()
        self.inspectors.setPlaceholderText("检查组成员")
        form = QFormLayout()
        form.addRow("检查方式", self.kind)
        form.addRow("检查日期", self.held_on)
        form.addRow("检查主题", self.topic)
        form.addRow("检查人员 *", self.inspectors)
        self.visits = QTableWidget(0, len(VISIT_HEADERS))
        self.visits.setHorizontalHeaderLabels(VISIT_HEADERS)
        header = self.visits.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.visits.verticalHeader().hide()
        self.add_button = QPushButton("添加被检查支部")
        self.remove_button = QPushButton("移除所选行")
        self.add_button.clicked.connect(lambda: self.add_visit())
        self.remove_button.clicked.connect(self._remove_visit)
        row = QHBoxLayout()
        row.addWidget(QLabel("被检查支部（整改时限留空表示无需整改）"))
        row.addStretch()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.visits, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(button_box(self, "保存", self.save, QDialogButtonBox.StandardButton.Save))
        self.resize(900, 560)
        self.add_visit()

    def add_visit(self, branch: str | None = None, findings: str = "", follow_up: str = "", deadline: str = "") -> int:
        row = self.visits.rowCount()
        self.visits.insertRow(row)
        combo = branch_combo(self.branches)
        if branch is not None:
            combo.setCurrentIndex(max(0, combo.findText(branch)))
        self.visits.setCellWidget(row, 0, combo)
        for column, text in ((1, findings), (2, follow_up), (3, deadline)):
            edit = QLineEdit(text)
            if column == 3:
                edit.setPlaceholderText(DATE_HINT)
            self.visits.setCellWidget(row, column, edit)
        return row

    def _remove_visit(self) -> None:
        row = self.visits.currentRow()
        if row >= 0:
            self.visits.removeRow(row)

    def _cell(self, row: int, column: int) -> str:
        widget = self.visits.cellWidget(row, column)
        return widget.text().strip() if isinstance(widget, QLineEdit) else ""

    def visit_forms(self) -> list[VisitForm]:
        forms, problems = [], []
        for row in range(self.visits.rowCount()):
            combo = self.visits.cellWidget(row, 0)
            assert isinstance(combo, QComboBox)
            branch_id = chosen_branch(combo)
            texts = [self._cell(row, c) for c in (1, 2, 3)]
            if branch_id is None:
                if any(texts) or combo.currentText().strip() not in ("", combo.itemText(0)):
                    problems.append(f"第 {row + 1} 行：请从列表中选择支部")
                continue
            try:
                deadline = day(texts[2] or None)
            except CellError as error:
                problems.append(f"第 {row + 1} 行整改时限：{error.reason}")
                continue
            forms.append(VisitForm(branch_id, texts[0], texts[1], deadline))
        if problems:
            raise ValidationError({"visits": "；".join(problems)})
        if not forms:
            raise ValidationError({"visits": "请至少登记一个被检查支部"})
        return forms

    def save(self) -> None:
        try:
            visits = self.visit_forms()
        except ValidationError as error:
            self.refused(error)
            return
        kind, held_on = self.kind.currentData(), self.held_on.date().toPython()
        topic, who = self.topic.text(), self.inspectors.text()
        self.write(self.context, lambda ws: inspections.record_inspection(ws, kind, held_on, who, visits, topic),
                   lambda _: self.accept(), self.refused)


class TalkDialog(_Form):
    """约谈: who was talked to (branch, person, role), by whom, when, why, and what was agreed."""

    def __init__(self, context: AppContext, branches: dict[str, int], parent: QWidget | None = None,
                 branch: str | None = None):
        super().__init__(context, "登记约谈", parent)
        self.branch = branch_combo(branches)
        if branch is not None:
            self.branch.setCurrentIndex(max(0, self.branch.findText(branch)))
        self.held_on = date_edit(self, self.today)
        self.person, self.role, self.by_whom = QLineEdit(), QLineEdit(), QLineEdit()
        self.role.setPlaceholderText("例如 党支部书记")
        self.reason, self.agreed = self.text_edit(), self.text_edit()
        form = QFormLayout()
        for caption, widget in (("支部 *", self.branch), ("约谈日期", self.held_on), ("约谈对象 *", self.person),
                                ("职务", self.role), ("约谈人", self.by_whom), ("约谈事由 *", self.reason),
                                ("约谈意见", self.agreed)):
            form.addRow(caption, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(button_box(self, "保存", self.save, QDialogButtonBox.StandardButton.Save))
        self.resize(560, 460)

    def save(self) -> None:
        branch_id = chosen_branch(self.branch)
        if branch_id is None:
            self.show_error("请从列表中选择支部")
            return
        held_on = self.held_on.date().toPython()
        person, role, by_whom = self.person.text(), self.role.text(), self.by_whom.text()
        reason, agreed = self.reason.toPlainText(), self.agreed.toPlainText()
        self.write(self.context, lambda ws: inspections.record_talk(ws, branch_id, held_on, person, reason, role, by_whom, agreed),
                   lambda _: self.accept(), self.refused)
