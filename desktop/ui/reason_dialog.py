"""Asked before a score of a finalized (locked) session is changed: who changes it and why."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit


def ok_cancel_buttons() -> QDialogButtonBox:
    """确定 / 取消, spelled out: without Qt's translations loaded the standard buttons read OK/Cancel."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    return buttons


class ReasonDialog(QDialog):
    def __init__(self, what: str, who: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("修改已锁定的分数")
        layout = QFormLayout(self)
        note = QLabel(f"该评分会已确认锁定。修改将记录修改人、时间和原因。\n{what}")
        note.setWordWrap(True)
        layout.addRow(note)
        self.who = QLineEdit(who)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("例如：评委当场更正计分错误")
        layout.addRow("修改人", self.who)
        layout.addRow("修改原因", self.reason)
        self.buttons = ok_cancel_buttons()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addRow(self.buttons)
        for field in (self.who, self.reason):
            field.textChanged.connect(self._update)
        self._update()
        self.reason.setFocus()

    def _update(self) -> None:
        ok = bool(self.who.text().strip() and self.reason.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def answer(self) -> tuple[str, str]:
        return self.who.text().strip(), self.reason.text().strip()


def ask_reason(parent, what: str, who: str) -> tuple[str, str] | None:
    dialog = ReasonDialog(what, who, parent)
    answer = dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
    dialog.deleteLater()
    # The clerk goes on typing scores: give the keyboard back to the window the question came from.
    # A window manager usually does this; without one (a bare X session, offscreen) nothing would.
    parent.window().activateWindow()
    return answer
