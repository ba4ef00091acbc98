"""A dialog whose 保存 is a write operation on the worker (desktop.ui.operations)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from desktop.errors import BranchdeskError
from desktop.ui.context import AppContext


class WriteDialog(QDialog):
    """While its write runs, the dialog's buttons are off and 取消, Esc and × wait for the outcome: the
    clerk sees the save land (or its refusal) in the form they filled."""

    writing = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Ctrl+S saves the form as its 保存 button would (and does nothing while that is disabled).
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_by_key)

    def save_by_key(self) -> None:
        accept_roles = (QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.ApplyRole)
        for buttons in self.findChildren(QDialogButtonBox):
            for button in buttons.buttons():
                if buttons.buttonRole(button) in accept_roles and button.isEnabled() and button.isVisible():
                    button.click()
                    return

    def write(self, context: AppContext, work: Callable[[Any], Any], done: Callable[[Any], None],
              on_error: Callable[[BranchdeskError], None], label: str = "正在保存…") -> None:
        if self.writing:
            return
        self._set_writing(True)

        def landed(result: Any) -> None:
            self._set_writing(False)
            done(result)

        def refused(error: BranchdeskError) -> None:
            self._set_writing(False)
            on_error(error)

        context.ops.write(self, work, landed, on_error=refused, label=label)

    def _set_writing(self, writing: bool) -> None:
        self.writing = writing
        for buttons in self.findChildren(QDialogButtonBox):
            buttons.setEnabled(not writing)

    def reject(self) -> None:
        if not self.writing:
            super().reject()
