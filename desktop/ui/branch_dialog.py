"""Add or edit one branch. Every field of the import template, validated inline by the same parsers
as the Excel import (services.branches.parse_form), so a value the form accepts imports and exports
unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.errors import BranchdeskError, StaleError, ValidationError
from desktop.excel import branches as sheet
from desktop.excel import cells
from desktop.glossary import BRANCH_KIND_LABELS, YES_NO, branch_kind_label, is_village_or_community
from desktop.services import branches
from desktop.store.workspace import Workspace
from desktop.ui import messages
from desktop.ui.context import AppContext
from desktop.ui.message_line import MessageLine
from desktop.ui.write_dialog import WriteDialog

HINTS = {
    "established_on": "例如 2025-03-15", "elected_on": "例如 2025-03-15", "term_years": "3 或 5",
    "full_members": "整数", "probationary_members": "整数", "party_groups": "整数",
    "secretary_vacant_since": "书记空缺时填写，例如 2025-03-15",  # blank while the post is filled
}
UNRECORDED = "未登记"
ERROR_STYLE = "color:#c62828; font-size:90%;"
HINT_STYLE = "color:#8a5a00; font-size:90%;"
CONFLICT_STYLE = "color:#8a5a00; background:#fff4e0; border:1px solid #e0b060; padding:6px;"
TRAINED = "trained"  # the training check box, among the shown values


def term_hint(values: dict) -> str:
    """A non-blocking hint when the term does not fit the kind: 村/社区 branches serve 5 years,
    the others generally 3 (a 3-year 社区 term would put its 任期届满 two years early)."""
    kind, years = values.get("branch_kind"), values.get("term_years")
    if not kind or not years:
        return ""
    usual = 5 if is_village_or_community(kind) else 3
    if years == usual:
        return ""
    if is_village_or_community(kind):
        return f"提示：村、社区党支部每届任期一般为 5 年，这里填的是 {years} 年，请核对（不影响保存）。"
    return f"提示：{branch_kind_label(kind)}党支部每届任期一般为 3 年（村、社区为 5 年），这里填的是 {years} 年，请核对（不影响保存）。"


@dataclass(frozen=True)
class Loaded:
    """What the form shows: the stored branch ({} for a new one) and every branch's name."""

    branch_id: int | None
    current: dict
    names: dict[str, int]

    @property
    def taken(self) -> set[str]:
        """Names of the other branches (archived ones too: names stay unique across the ledger)."""
        return {name for name, other in self.names.items() if other != self.branch_id}


def load(ws: Workspace, branch_id: int | None) -> Loaded:
    """Run on the worker before the form opens (a branch deleted meanwhile raises NotFoundError)."""
    current = branches.get_branch(ws, branch_id) if branch_id is not None else {}
    return Loaded(branch_id, current, branches.branch_names(ws))


class BranchDialog(WriteDialog):
    """`saved(branch_id)` is emitted after a successful write (its operation announced the change)."""

    saved = Signal(int)

    def __init__(self, context: AppContext, year: int, loaded: Loaded, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context = context
        self.year = year
        self.branch_id = loaded.branch_id
        self.today = date.today()
        current = loaded.current
        self.version = current.get("version")  # what the save is based on (see services.versions)
        self._typed: dict[str, str] = {}  # after a refused stale save: what the clerk had typed
        self._taken = loaded.taken
        self._touched: set[str] = set()
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.setWindowTitle("编辑支部" if self.branch_id is not None else "新增支部")
        self._build(current)
        self._loaded = self._shown()

    def _build(self, current: dict) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        columns = sheet.columns(self.today)
        self._headers = {c.key: c.header for c in columns}
        form_columns = [c for c in columns if c.key not in ("trained_years", "notes")]
        half = (len(form_columns) + 1) // 2
        for position, column in enumerate(form_columns):
            widget = self._input_for(column, current.get(column.key))
            row, side = (position % half) * 2, (position // half) * 2
            caption = QLabel(column.header + ("<span style='color:#c62828'> *</span>" if column.required else ""))
            grid.addWidget(caption, row, side, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(widget, row, side + 1)
            grid.addWidget(self._error_label(column.key), row + 1, side + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.trained = QCheckBox(f"书记已参加 {self.year} 年度培训")
        self.trained_note = QLabel()
        self.trained_note.setStyleSheet("color:#666")
        self._show_training(current.get("trained_years"))

        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(self.fontMetrics().height() * 4)
        self.inputs["notes"] = self.notes
        self._show_value("notes", current.get("notes"))
        self.notes.textChanged.connect(lambda: self._edited("notes"))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        self.conflict = QLabel()
        self.conflict.setObjectName("conflict")
        self.conflict.setWordWrap(True)
        self.conflict.setStyleSheet(CONFLICT_STYLE)
        self.conflict.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.conflict)
        layout.addLayout(grid)
        layout.addWidget(self.trained)
        layout.addWidget(self.trained_note)
        layout.addWidget(QLabel("备注"))
        layout.addWidget(self.notes)
        layout.addWidget(self._error_label("notes"))
        layout.addWidget(self.buttons)
        self.setMinimumWidth(760)
        values, _errors = self.validate()
        self._show_errors({}, values)  # an existing branch whose term does not fit its kind

    def _input_for(self, column, value) -> QWidget:
        key = column.key
        if key == "branch_kind" or column.parse is cells.yes_no:
            widget = QComboBox()
            if key == "branch_kind":
                widget.addItem("（请选择）", None)
                for label in BRANCH_KIND_LABELS.values():
                    widget.addItem(label, label)
            else:
                widget.addItem(UNRECORDED, None)
                for label in YES_NO.values():
                    widget.addItem(label, label)
        else:
            widget = QLineEdit()
            widget.setPlaceholderText(HINTS.get(key, ""))
        widget.setObjectName(key)
        self.inputs[key] = widget
        self._show_value(key, value)  # before connecting: loading is not editing
        changed = widget.currentIndexChanged if isinstance(widget, QComboBox) else widget.textChanged
        changed.connect(lambda _value, k=key: self._edited(k))
        return widget

    def _show_value(self, key: str, value) -> None:
        widget = self.inputs[key]
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(_combo_data(key, value))))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        else:
            widget.setText("" if value is None else (value.isoformat() if isinstance(value, date) else str(value)))

    def _show_training(self, years) -> None:
        self._trained_years = set(years or ())
        self.trained.setChecked(self.year in self._trained_years)
        other_years = sorted(self._trained_years - {self.year})
        self.trained_note.setText("其他年度培训记录：" + ("、".join(map(str, other_years)) if other_years else "无"))

    def _error_label(self, key: str) -> QLabel:
        label = MessageLine()  # its line is kept: the fields below stay where they are
        label.setStyleSheet(ERROR_STYLE)
        label.hide()
        self.errors[key] = label
        return label

    # -- validation ---------------------------------------------------------------------------

    def raw_values(self) -> dict:
        raw = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QComboBox):
                raw[key] = widget.currentData()
            elif isinstance(widget, QPlainTextEdit):
                raw[key] = widget.toPlainText()
            else:
                raw[key] = widget.text()
        return raw

    def validate(self) -> tuple[dict, dict[str, str]]:
        values, errors = branches.parse_form(self.raw_values(), self.today)
        if values.get("name") and values["name"] in self._taken:
            errors["name"] = f"已有名为“{values['name']}”的支部，支部名称不能重复"
        return values, errors

    def _edited(self, key: str) -> None:
        self._touched.add(key)
        values, errors = self.validate()
        self._show_errors(errors, values)

    def _show_errors(self, errors: dict[str, str], values: dict | None = None) -> None:
        """Messages for the fields the user has touched (all of them after 保存 was pressed); under
        任期年限, when it has no error, the hint if the term does not fit the kind."""
        for key, label in self.errors.items():
            message = errors.get(key) if key in self._touched else None
            if message and key in self._headers:  # the label sits under its field: no need to name it
                message = message.removeprefix(f"{self._headers[key]}：")
            hint = term_hint(values or {}) if key == "term_years" and not errors.get(key) else ""
            if not message and not hint and key in self._typed and self._shown()[key] != self._typed[key]:
                hint = f"您刚才填写的是：{self._typed[key] or '（空）'}（未保存）"
            label.setStyleSheet(ERROR_STYLE if message else HINT_STYLE)
            label.setText(message or hint)
            label.setVisible(bool(message or hint))

    # -- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        self._touched.update(self.inputs)
        values, errors = self.validate()
        self._show_errors(errors, values)
        if errors:
            first = next(key for key in self.inputs if key in errors)
            self.inputs[first].setFocus()
            return
        years = set(self._trained_years)
        (years.add if self.trained.isChecked() else years.discard)(self.year)
        values["trained_years"] = frozenset(years)
        branch_id, version = self.branch_id, self.version
        self.write(self.context, lambda ws: branches.save_branch(ws, values, branch_id, version), self._saved, self._refused)

    def _saved(self, branch_id: int) -> None:
        self.saved.emit(branch_id)
        self.accept()

    def _refused(self, error: BranchdeskError) -> None:
        if isinstance(error, StaleError):
            self._show_latest(error.message)
        elif isinstance(error, ValidationError):
            self._show_errors(error.fields)
        else:
            messages.warn(self, error.message)

    # -- a save refused because the branch changed meanwhile ----------------------------------------

    def _shown(self) -> dict[str, str]:
        """What the form shows, as text, field by field (the training box included)."""
        shown = {key: "" if value is None else str(value) for key, value in self.raw_values().items()}
        shown[TRAINED] = "是" if self.trained.isChecked() else "否"
        return shown

    def _show_latest(self, refusal: str) -> None:
        """Put the stored values in the form, name what changed meanwhile, and keep under each field
        the clerk had changed what they typed, so they can compare and enter it again."""
        typed = self._shown()
        branch_id = self.branch_id
        self.context.ops.query(self, lambda ws: load(ws, branch_id), lambda loaded: self._show_loaded(loaded, refusal, typed),
                               label="正在读取最新数据…")

    def _show_loaded(self, loaded: Loaded, refusal: str, typed: dict[str, str]) -> None:
        current = loaded.current
        self.version = current["version"]
        self._taken = loaded.taken
        for key in self.inputs:
            self._show_value(key, current.get(key))
        self._show_training(current.get("trained_years"))
        latest = self._shown()
        headers = dict(self._headers, **{TRAINED: f"{self.year} 年度培训"})
        changed = [headers[key] for key in latest if latest[key] != self._loaded[key]]
        self._typed = {key: text for key, text in typed.items() if text != self._loaded[key] and text != latest[key]}
        self._loaded = latest
        self._touched.clear()
        values, errors = self.validate()
        self._show_errors(errors, values)
        trained = self._typed.pop(TRAINED, None)
        self.conflict.setText(
            f"{refusal}。已显示最新数据" + (f"（有变化的项：{'、'.join(changed)}）" if changed else "")
            + "，请核对后重新修改并保存。" + ("您刚才填写的内容显示在各项下方。" if self._typed else "")
            + (f"您刚才选择的{headers[TRAINED]}为“{trained}”。" if trained else "")
        )
        self.conflict.show()


def _combo_data(key: str, value):
    """What a combo box holds for a stored value: the kind's label, or 是/否 (None: empty)."""
    if key == "branch_kind":
        return branch_kind_label(value) if value else None
    return None if value is None else YES_NO[value]
