"""市委组织部一次性奖补: the one-off grant to a branch rated 最强 by the 市委, entered when granted
(amount in yuan, the day it was granted). Opened from the 创建计划与激励 page for the chosen row."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.errors import BranchdeskError
from desktop.rules.rewards import yuan
from desktop.services.rewards import RewardRow, parse_yuan, record_grant
from desktop.ui.branch_dialog import ERROR_STYLE
from desktop.ui.context import AppContext
from desktop.ui.meeting_dialog import button_box, date_edit
from desktop.ui.message_line import MessageLine
from desktop.ui.screen_fit import resize_on_screen
from desktop.ui.write_dialog import WriteDialog

LABEL = "一次性奖补"


class GrantDialog(WriteDialog):
    def __init__(self, context: AppContext, year: int, row: RewardRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.year, self.branch_id = context, year, row.branch_id
        self.setWindowTitle("录入市委组织部一次性奖补")
        note = QLabel(f"{row.name}：{year} 年被市委评定为最强党支部。奖补金额计入经费倾斜测算。")
        note.setWordWrap(True)
        self.amount = QLineEdit("" if row.grant_fen is None else yuan(row.grant_fen))
        self.amount.setPlaceholderText("元，最多两位小数，如 50000.00")
        self.granted_on = date_edit(self, row.granted_on or date.today())
        self.message = MessageLine(2)
        self.message.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow(f"{LABEL}（元）", self.amount)
        form.addRow("奖补日期", self.granted_on)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(button_box(self, "保存", self.save, QDialogButtonBox.StandardButton.Save))
        self.amount.textEdited.connect(lambda _text: self.message.clear())
        resize_on_screen(self, 460, 220)
        self.amount.setFocus()

    def save(self) -> None:
        try:
            amount = parse_yuan(self.amount.text(), LABEL)
        except BranchdeskError as error:
            self.refused(error)
            return
        if amount is None:
            self.message.setText(f"请填写{LABEL}金额。")
            return
        branch_id, year, on = self.branch_id, self.year, self.granted_on.date().toPython()
        self.write(self.context, lambda ws: record_grant(ws, branch_id, year, amount, on), lambda _: self.accept(),
                   self.refused)

    def refused(self, error: BranchdeskError) -> None:
        self.message.setText(error.message)
