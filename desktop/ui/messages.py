"""Message boxes, in one place so every dialog has the app's title and Chinese buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import APP_TITLE


def info(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, APP_TITLE, text)


def warn(parent: QWidget | None, text: str) -> None:
    QMessageBox.warning(parent, APP_TITLE, text)


def error(parent: QWidget | None, text: str) -> None:
    QMessageBox.critical(parent, APP_TITLE, text)


def confirm(parent: QWidget | None, text: str) -> bool:
    """Ask a yes/no question; the safe answer (否) is the default."""
    Button = QMessageBox.StandardButton
    answer = QMessageBox.question(parent, APP_TITLE, text, Button.Yes | Button.No, Button.No)
    return answer == Button.Yes


def ask_save(parent: QWidget | None, text: str) -> QMessageBox.StandardButton:
    """保存 / 不保存 / 取消 for unsaved input; 取消 is the default and Esc. Returns Save, Discard or
    Cancel. Spelled out: Qt's own Chinese translation calls Discard 丢弃."""
    Button = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, APP_TITLE, text, Button.Save | Button.Discard | Button.Cancel, parent)
    for button, label in ((Button.Save, "保存"), (Button.Discard, "不保存"), (Button.Cancel, "取消")):
        box.button(button).setText(label)
    box.setDefaultButton(Button.Cancel)
    box.setEscapeButton(Button.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return box.standardButton(clicked) if clicked is not None else Button.Cancel
