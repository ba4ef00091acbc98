"""One case of the rectification ledger (整顿台账): its grounds, problems, measures, people, deadline,
acceptance and 销号, and its dated progress notes.

The state is not chosen: it follows from what is entered (desktop.rules.weak_cases.state). A note
moves 认定 to 整顿中; an acceptance date with 通过 or 未通过 is 验收通过 / 验收未通过; a 销号 date after
a passed acceptance closes the case. The form shows the state as stored and what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import BranchdeskError, StaleError, ValidationError
from desktop.excel.cells import CellError, day
from desktop.rules.weak import COMPUTED, GROUND_LABELS
from desktop.rules.weak_cases import ACCEPTANCE_LABELS, FAIL, PASS
from desktop.services import weak_cases
from desktop.services.weak_cases import CaseForm, CaseView
from desktop.ui import messages
from desktop.ui.context import AppContext
from desktop.ui.meeting_dialog import button_box, date_edit
from desktop.ui.rows_model import RowsModel
from desktop.ui.write_dialog import WriteDialog

ERROR_STYLE = "color:#c62828;"
DATE_HINT = "例如 2025-06-30"
DATE_FIELDS = {"deadline": "整改时限", "accepted_on": "验收日期", "closed_on": "销号日期"}
NEXT_STEP = {
    "open": "下一步：整顿过程中按月添加进展情况。",
    "rectifying": "下一步：整顿完成后填写验收日期和验收结论。",
    "failed": "验收未通过：继续整顿并添加进展，再次验收。",
    "accepted": "验收已通过：填写销号日期即可销号。",
    "closed": "已销号。",
}


@dataclass(frozen=True)
class NewCase:
    """认定 from the screening: the branch, the year and the computed grounds to tick."""

    branch_id: int
    name: str
    year: int
    grounds: tuple[str, ...] = ()


def open_case_dialog(context: AppContext, parent: QWidget | None, case_id: int, then=None) -> None:
    """Read the case on the worker, then open its form (`then(dialog)` instead of exec, for tests)."""
    def show(case: CaseView) -> None:
        dialog = CaseDialog(context, case=case, parent=parent)
        dialog.exec() if then is None else then(dialog)

    context.ops.query(parent, lambda ws: weak_cases.get_case(ws, case_id), show, label="正在打开…")


def date_text(value: date | None) -> str:
    return "" if value is None else value.isoformat()


class CaseDialog(WriteDialog):
    """`saved(case_id)` after a save landed (its operation announced the change)."""

    saved = Signal(int)

    def __init__(self, context: AppContext, case: CaseView | None = None, new: NewCase | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        assert (case is None) != (new is None)
        self.context = context
        self.case = case
        self.new = new
        self.today = date.today()
        name, year = (case.name, case.year) if case else (new.name, new.year)  # type: ignore[union-attr]
        self.setWindowTitle(f"整顿台账 — {name} {year} 年" if case else f"认定软弱涣散党组织 — {name} {year} 年")
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.grounds: dict[str, QCheckBox] = {}
        grounds_box = QGroupBox("认定情形（可多选；标 * 的由排查得出）")
        grid = QGridLayout(grounds_box)
        grid.setVerticalSpacing(2)
        for position, (code, label) in enumerate(GROUND_LABELS.items()):
            box = QCheckBox(label + (" *" if code in COMPUTED else ""))
            box.setObjectName(code)
            self.grounds[code] = box
            grid.addWidget(box, position // 3, position % 3)

        self.problems = self._text_edit("problems")
        self.measures = self._text_edit("measures")
        self.lines: dict[str, QLineEdit] = {}
        people = QFormLayout()
        for key, caption in (("contact_leader", "联系领导"), ("first_secretary", "第一书记/指导员"), ("responsible", "责任人"),
                             ("deadline", "整改时限")):
            people.addRow(caption, self._line(key))
        self.acceptance = QComboBox()
        self.acceptance.setObjectName("acceptance")
        self.acceptance.addItem("（未验收）", None)
        for code in (PASS, FAIL):
            self.acceptance.addItem(ACCEPTANCE_LABELS[code], code)
        checks = QFormLayout()
        checks.addRow("验收日期", self._line("accepted_on"))
        checks.addRow("验收结论", self.acceptance)
        checks.addRow("销号日期", self._line("closed_on"))
        self.state_note = QLabel()
        self.state_note.setWordWrap(True)
        checks.addRow(self.state_note)
        check_box = QGroupBox("验收与销号")
        check_box.setLayout(checks)

        texts = QFormLayout()
        texts.addRow("具体问题", self.problems)
        texts.addRow("整顿措施", self.measures)
        right = QVBoxLayout()
        right.addLayout(people)
        right.addWidget(check_box)
        right.addStretch()
        middle = QHBoxLayout()
        middle.addLayout(texts, 3)
        middle.addLayout(right, 2)

        self.progress_box = self._progress_box()
        self.buttons = button_box(self, "保存", self.save, QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(grounds_box)
        layout.addLayout(middle)
        layout.addWidget(self.progress_box, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(980, 680)
        self._show_case(case) if case else self._show_new(new)  # type: ignore[arg-type]

    def _text_edit(self, key: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(key)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(self.fontMetrics().height() * 4)
        return edit

    def _line(self, key: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(key)
        if key in DATE_FIELDS:
            edit.setPlaceholderText(DATE_HINT)
        self.lines[key] = edit
        return edit

    def _progress_box(self) -> QGroupBox:
        box = QGroupBox("整顿进展（按月记录）")
        self.progress_model = RowsModel([("日期", lambda p: p.noted_on.isoformat()), ("进展情况", lambda p: p.text)], self)
        self.progress_view = QTableView()
        self.progress_view.setModel(self.progress_model)
        self.progress_view.verticalHeader().hide()
        self.progress_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.progress_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.note_date = date_edit(self, self.today)
        self.note_text = QLineEdit()
        self.note_text.setObjectName("note_text")
        self.note_text.setPlaceholderText("本月整顿进展")
        self.add_note_button = QPushButton("添加进展")
        self.delete_note_button = QPushButton("删除所选进展")
        self.add_note_button.clicked.connect(self.add_note)
        self.note_text.returnPressed.connect(self.add_note)
        self.delete_note_button.clicked.connect(self.delete_note)
        row = QHBoxLayout()
        row.addWidget(self.note_date)
        row.addWidget(self.note_text, 1)
        row.addWidget(self.add_note_button)
        row.addWidget(self.delete_note_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.progress_view, 1)
        layout.addLayout(row)
        return box

    # -- showing ------------------------------------------------------------------------------

    def _show_new(self, new: NewCase) -> None:
        self.header.setText(f"<b>{new.name}</b>　认定年度 {new.year} 年　状态：新认定"
                            + (f"　排查得出的情形已勾选（{len(new.grounds)} 项），可再勾选需要研判的情形。" if new.grounds else ""))
        for code in new.grounds:
            if code in self.grounds:
                self.grounds[code].setChecked(True)
        self.state_note.setText("保存后即为“已认定”，之后在台账中添加整顿进展。")
        self.progress_box.setEnabled(False)
        self.progress_box.setTitle("整顿进展（保存认定后可添加）")

    def _show_case(self, case: CaseView) -> None:
        self.case = case
        form = case.form
        overdue = "　<span style='color:#c62828'><b>已逾期</b>（超过整改时限未验收通过）</span>" if case.overdue else ""
        self.header.setText(f"<b>{case.name}</b>　认定年度 {case.year} 年　状态：<b>{case.state_label}</b>{overdue}"
                            + (f"　认定日期 {form.identified_on:%Y-%m-%d}" if form.identified_on else ""))
        for code, box in self.grounds.items():
            box.setChecked(code in form.grounds)
        self.problems.setPlainText(form.problems or "")
        self.measures.setPlainText(form.measures or "")
        for key, edit in self.lines.items():
            value = getattr(form, key)
            edit.setText(date_text(value) if key in DATE_FIELDS else (value or ""))
        self.acceptance.setCurrentIndex(max(0, self.acceptance.findData(form.acceptance)))
        self.state_note.setText(NEXT_STEP[case.state])
        self.progress_model.set_rows(list(case.progress))
        closed = case.state == "closed"
        self.add_note_button.setEnabled(not closed)
        self.note_text.setEnabled(not closed)

    # -- the form -----------------------------------------------------------------------------

    def form(self) -> CaseForm:
        """What the form says; ValidationError for a date that is not one."""
        values: dict = {}
        problems = {}
        for key, edit in self.lines.items():
            if key in DATE_FIELDS:
                try:
                    values[key] = day(edit.text().strip() or None)
                except CellError as error:
                    problems[key] = f"{DATE_FIELDS[key]}：{error.reason}"
            else:
                values[key] = edit.text()
        if problems:
            raise ValidationError(problems)
        grounds = tuple(code for code, box in self.grounds.items() if box.isChecked())
        identified = self.case.form.identified_on if self.case else None
        return CaseForm(grounds, self.problems.toPlainText(), self.measures.toPlainText(), acceptance=self.acceptance.currentData(),
                        identified_on=identified, **values)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _refused(self, error: BranchdeskError) -> None:
        if isinstance(error, StaleError) and self.case is not None:
            self.show_error(f"{error.message}。已显示最新数据，请核对后重新修改并保存。")
            self._reload()
        elif isinstance(error, ValidationError):
            self.show_error("未能保存：" + "；".join(error.fields.values()))
        else:
            self.show_error(error.message)

    def save(self) -> None:
        try:
            form = self.form()
        except ValidationError as error:
            self._refused(error)
            return
        self.show_error("")
        if self.case is None:
            new = self.new
            assert new is not None
            self.write(self.context, lambda ws: weak_cases.open_case(ws, new.branch_id, new.year, form), self._saved, self._refused)
        else:
            case_id, version = self.case.id, self.case.version
            self.write(self.context, lambda ws: weak_cases.save_case(ws, case_id, form, version),
                       lambda _: self._saved(case_id), self._refused)

    def _saved(self, case_id: int) -> None:
        self.saved.emit(case_id)
        self.accept()

    # -- progress notes: each one is saved at once --------------------------------------------

    def _reload(self) -> None:
        assert self.case is not None
        case_id = self.case.id
        self.context.ops.query(self, lambda ws: weak_cases.get_case(ws, case_id), self._show_case, label="正在读取…")

    def add_note(self) -> None:
        if self.case is None or self.writing:
            return
        case_id, noted_on, text = self.case.id, self.note_date.date().toPython(), self.note_text.text()

        def added(_note_id: int) -> None:
            self.note_text.clear()
            self.show_error("")
            self._reload()

        self.write(self.context, lambda ws: weak_cases.add_progress(ws, case_id, noted_on, text), added, self._refused)

    def delete_note(self) -> None:
        rows = self.progress_view.selectionModel().selectedRows()
        if self.case is None or not rows or self.writing:
            return
        note = self.progress_model.row_at(rows[0].row())
        if not messages.confirm(self, f"删除 {note.noted_on:%Y-%m-%d} 的进展记录？"):
            return
        self.write(self.context, lambda ws: weak_cases.delete_progress(ws, note.id), lambda _: self._reload(), self._refused)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Enter in the note line adds the note; it must not also press 保存.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.note_text.hasFocus():
            return
        super().keyPressEvent(event)
