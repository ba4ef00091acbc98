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
