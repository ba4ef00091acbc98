"""The meeting form: log or edit one meeting, with attached files copied into the data folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import BranchdeskError, StaleError, ValidationError
from desktop.excel import meetings as sheet
from desktop.glossary import MEETING_TYPE_LABELS, MeetingType
from desktop.rules.compliance import quorum_met
from desktop.services import meetings
from desktop.store.workspace import Workspace
from desktop.ui import folders, messages
from desktop.ui.context import AppContext
from desktop.ui.message_line import MessageLine
from desktop.ui.write_dialog import WriteDialog

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
OUTSIDE = "该附件记录的存放位置不在附件文件夹内"
TEXT_FIELDS = (("expected", "应到人数"), ("attended", "实到人数"), ("topic", "主题"), ("host", "主持人"), ("recorder", "记录人"))


def branch_completer(names: list[str], parent) -> QCompleter:
    """Type-ahead on any part of a branch name (clerks type 和平 or 幸福村)."""
    completer = QCompleter(names, parent)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return completer


def type_combo(parent, exclude: tuple[str, ...] = ()) -> QComboBox:
    combo = QComboBox(parent)
    for meeting_type, label in MEETING_TYPE_LABELS.items():
        if meeting_type not in exclude:
            combo.addItem(label, meeting_type.value)
    return combo


def date_edit(parent, value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day), parent)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


def button_box(dialog: QDialog, ok_text: str, on_ok, ok=QDialogButtonBox.StandardButton.Ok) -> QDialogButtonBox:
    """OK/Cancel in Chinese: `on_ok` validates and accepts; Cancel rejects."""
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


def open_file(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


@dataclass(frozen=True)
class Loaded:
    """What the form needs before it opens: the branches to choose from, their voting members and,
    to edit one, the stored meeting with the files of its attachments."""

    names: list[str]
    voting: dict[str, int]
    meeting: dict | None = None
    files: tuple[Path | None, ...] = ()


def load(ws: Workspace, meeting_id: int | None) -> Loaded:
    names = [name for _, name in meetings.branch_choices(ws)]
    if meeting_id is None:
        return Loaded(names, meetings.voting_members(ws))
    stored = meetings.get_meeting(ws, meeting_id)
    files = tuple(meetings.attachment_path(ws, a.stored_path) for a in stored["attachments"])
    return Loaded(names, meetings.voting_members(ws), stored, files)


def open_meeting_dialog(context: AppContext, parent: QWidget | None, meeting_id: int | None = None, *,
                        then: Callable[[MeetingDialog], object] | None = None, **prefill) -> None:
    """Read what the form needs on the worker, then open it (modal, or hand it to `then`)."""
    def show(loaded: Loaded) -> None:
        dialog = MeetingDialog(context, loaded, meeting_id, parent=parent, **prefill)
        (then or MeetingDialog.exec)(dialog)

    context.ops.query(parent, lambda ws: load(ws, meeting_id), show, label="正在打开…")


class MeetingDialog(WriteDialog):
    """Create (meeting_id None) or edit a meeting. After accept, `meeting_id` is the saved record."""

    def __init__(self, context: AppContext, loaded: Loaded, meeting_id: int | None = None, *, branch_name: str = "",
                 meeting_type: str | None = None, held_on: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.meeting_id = meeting_id
        self.pending: list[Path] = []  # files chosen, copied on save
        self.removed: list[int] = []  # stored attachments to drop on save
        self.version: int | None = None  # the loaded record's version, handed back with the save
        self.setWindowTitle("编辑会议记录" if meeting_id else "登记会议")
        self.setMinimumWidth(520)
        names = loaded.names
        self.voting = loaded.voting
        self.prefilled: str | None = None  # the 应到人数 the form put in (the clerk's own figure is kept)

        self.branch = QLineEdit(branch_name, self)
        self.branch.setPlaceholderText("输入支部名称的任意部分，从列表中选择")
        self.branch.setCompleter(branch_completer(names, self))
        self.meeting_type = type_combo(self)
        self.held_on = date_edit(self, held_on or date.today())
        self.edits = {key: QLineEdit(self) for key, _ in TEXT_FIELDS}
        self.minutes = QPlainTextEdit(self)
        self.minutes.setPlaceholderText("会议记录正文（可选）")
        self.errors = {key: self._error_label() for key in ("branch_name", "meeting_type", "held_on", *self.edits)}

        form = QFormLayout()
        form.addRow("支部名称*", self._with_error(self.branch, "branch_name"))
        form.addRow("会议类型*", self._with_error(self.meeting_type, "meeting_type"))
        form.addRow("日期*", self._with_error(self.held_on, "held_on"))
        for key, label in TEXT_FIELDS:
            form.addRow(label, self._with_error(self.edits[key], key))
        form.addRow("会议记录", self.minutes)

        self.files = QStandardItemModel(self)
        self.file_list = QListView(self)
        self.file_list.setModel(self.files)
        self.file_list.setMaximumHeight(90)
        self.file_list.doubleClicked.connect(self.open_selected)
        add, open_, remove = QPushButton("添加附件…"), QPushButton("打开"), QPushButton("移除")
        add.clicked.connect(self.choose_files)
        open_.clicked.connect(self.open_selected)
        remove.clicked.connect(self.remove_selected)
        file_buttons = QHBoxLayout()
        for button in (add, open_, remove):
            file_buttons.addWidget(button)
        file_buttons.addStretch()
        form.addRow("附件", self.file_list)
        form.addRow("", file_buttons)

        self.buttons = button_box(self, "保存", self.save, QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if meeting_type:
            self.meeting_type.setCurrentIndex(self.meeting_type.findData(meeting_type))
        if loaded.meeting is not None:
            self._show_stored(loaded.meeting)
            for attachment, path in zip(loaded.meeting["attachments"], loaded.files, strict=True):
                self._add_file_item(attachment.file_name, path, attachment.id)
        self.branch.textChanged.connect(self._prefill_expected)
        self.meeting_type.currentIndexChanged.connect(self._prefill_expected)
        self._prefill_expected()
        self.initial = self.raw_values()  # what "unsaved changes" are measured against

    def _prefill_expected(self) -> None:
        """A 党员大会 expects the branch's full members: offer that figure while 应到人数 is empty or
        still the one offered, so a changed branch or type updates it and a typed figure stays."""
        expected = self.edits["expected"]
        if expected.text() not in ("", self.prefilled):
            return
        full = self.voting.get(self.branch.text().strip())
        offer = "" if full is None or self.meeting_type.currentData() != MeetingType.general_meeting else str(full)
        expected.setText(offer)
        self.prefilled = offer

    def has_changes(self) -> bool:
        return self.raw_values() != self.initial or bool(self.pending) or bool(self.removed)

    def reject(self) -> None:  # Esc, 取消 and the window's close button all come here
        if self.writing:  # once writing has started, the form waits for its outcome
            return
        if self.has_changes() and not messages.confirm(self, "放弃已填写但尚未保存的内容吗？"):
            return
        super().reject()

    def _error_label(self) -> QLabel:
        label = MessageLine(parent=self)  # its line is kept: the fields below stay where they are
        label.setStyleSheet("color: #c0392b;")
        label.hide()
        return label

    def _with_error(self, widget: QWidget, key: str) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.errors[key])
        return box

    def _show_stored(self, values: dict) -> dict:
        """Put a stored meeting's fields in the form (not its attachments) and remember its version."""
        self.version = values["version"]
        self.branch.setText(values["branch_name"])
        self.meeting_type.setCurrentIndex(self.meeting_type.findData(values["meeting_type"]))
        held = values["held_on"]
        self.held_on.setDate(QDate(held.year, held.month, held.day))
        for key, edit in self.edits.items():
            value = values.get(key)
            edit.setText("" if value is None else str(value))
        self.minutes.setPlainText(values.get("minutes") or "")
        return values

    def _add_file_item(self, name: str, path: Path | None, attachment_id: int | None) -> None:
        item = QStandardItem(name if attachment_id else f"{name}（保存后复制）")
        item.setEditable(False)
        # A record pointing outside the attachments folder keeps no path: it is never opened.
        item.setData(str(path or ""), PATH_ROLE)
        item.setData(attachment_id or 0, ID_ROLE)  # never None: PySide6 mishandles empty item data
        item.setToolTip(str(path) if path else OUTSIDE)
        self.files.appendRow(item)

    def choose_files(self) -> None:
        chosen = folders.open_files(self, folders.ATTACHMENTS, "选择附件（签到表、会议记录扫描件、照片）")
        self.add_files([Path(p) for p in chosen])

    def add_files(self, files: list[Path]) -> None:
        for path in files:
            self.pending.append(path)
            self._add_file_item(path.name, path, None)

    def _selected_row(self) -> int | None:
        rows = self.file_list.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def open_selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            stored = self.files.item(row).data(PATH_ROLE)
            if not stored:
                messages.warn(self, f"无法打开附件：{OUTSIDE}")
                return
            path = Path(stored)
            if not path.is_file() or not open_file(path):
                messages.warn(self, f"无法打开附件：{path}")

    def remove_selected(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        item = self.files.item(row)
        if item.data(ID_ROLE):
            self.removed.append(item.data(ID_ROLE))
        else:
            self.pending = [p for p in self.pending if str(p) != item.data(PATH_ROLE)]
        self.files.removeRow(row)

    def raw_values(self) -> dict:
        held = self.held_on.date()
        raw = {key: edit.text() for key, edit in self.edits.items()}
        raw.update(branch_name=self.branch.text(), meeting_type=self.meeting_type.currentText(),
                   held_on=date(held.year(), held.month(), held.day()), minutes=self.minutes.toPlainText())
        return raw

    def show_errors(self, errors: dict[str, str]) -> None:
        headers = {column.key: column.header for column in sheet.columns()}
        for key, label in self.errors.items():
            # The message sits under its field: "日期：日期 … 晚于今天" would name the field twice.
            text = errors.get(key, "").removeprefix(f"{headers.get(key, '')}：")
            label.setText(text)
            label.setVisible(key in errors)

    def validate(self) -> tuple[dict, dict[str, str]]:
        """Every problem at once: the cross-field rules (实到 > 应到) are checked on the fields
        that did parse, so a bad date does not hide them until the next 保存."""
        values, errors = meetings.parse_form(self.raw_values(), date.today())
        for key, reason in meetings.row_problems(values).items():
            errors.setdefault(key, reason)
        return values, errors

    def _quorum_confirmed(self, values: dict) -> bool:
        """A 党员大会 without a quorum may be logged (it happened) but does not count: say so first."""
        expected, attended = values.get("expected"), values.get("attended")
        if values.get("meeting_type") != MeetingType.general_meeting or quorum_met(expected, attended):
            return True
        return messages.confirm(
            self, f"应到 {expected} 人、实到 {attended} 人，未超过半数：这次支部党员大会无效，"
            "不计入组织生活完成情况。\n\n仍要保存这条记录吗？")

    def save(self) -> None:
        values, errors = self.validate()
        self.show_errors(errors)
        if errors or not self._quorum_confirmed(values):
            return
        meeting_id, version, removed, pending = self.meeting_id, self.version, list(self.removed), list(self.pending)

        def work(ws: Workspace) -> tuple[int, list[str]]:
            # The meeting first (one unit); then each file on its own, as the clerk chose them.
            saved = meetings.save_meeting(ws, values, meeting_id, version)
            problems = []
            for attachment_id in removed:
                try:
                    problems += meetings.remove_attachment(ws, attachment_id)
                except BranchdeskError as error:
                    problems.append(error.message)
            for path in pending:
                try:
                    meetings.add_attachment(ws, saved, path)
                except BranchdeskError as error:
                    problems.append(error.message)
            return saved, problems

        self.write(self.context, work, self._saved, self._refused)

    def _saved(self, outcome: tuple[int, list[str]]) -> None:
        self.meeting_id, problems = outcome
        if problems:
            messages.warn(self, "会议已保存，但附件未全部保存：\n" + "\n".join(problems))
        self.accept()

    def _refused(self, error: BranchdeskError) -> None:
        if isinstance(error, StaleError):
            self._show_latest(error.message)
        elif isinstance(error, ValidationError):
            self.show_errors({key if key in self.errors else "topic": text for key, text in error.fields.items()})
        else:
            messages.warn(self, f"未能保存：{error.message}")

    def _show_latest(self, refusal: str) -> None:
        """A save refused because the meeting changed meanwhile: show the stored fields and tell the
        clerk which ones changed and what they had typed (files chosen stay chosen)."""
        typed = self.raw_values()
        meeting_id = self.meeting_id
        self.context.ops.query(self, lambda ws: meetings.get_meeting(ws, meeting_id),
                               lambda stored: self._show_latest_stored(refusal, typed, stored),
                               on_error=lambda error: messages.warn(self, f"未能保存：{error.message}"),
                               label="正在读取最新数据…")

    def _show_latest_stored(self, refusal: str, typed: dict, stored: dict) -> None:
        self._show_stored(stored)
        latest = self.raw_values()
        labels = dict(TEXT_FIELDS, branch_name="支部名称", meeting_type="会议类型", held_on="日期", minutes="会议记录")
        changed = [labels[key] for key in latest if latest[key] != self.initial[key]]
        mine = [f"{labels[key]}：{str(typed[key] or '（空）')[:60]}" for key in latest
                if typed[key] not in (self.initial[key], latest[key])]
        self.initial = latest
        messages.warn(self, f"{refusal}。已显示最新数据" + (f"（有变化的项：{'、'.join(changed)}）" if changed else "")
                      + "，请核对后重新修改并保存。" + ("\n您刚才填写的是：\n" + "\n".join(mine) if mine else ""))
