"""Two computers with a window each, for the laptop loop in the window: the office PC and a laptop,
two databases in two data folders. Dialogs are answered in turn, as a clerk clicks them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog
from shiboken6 import isValid

from desktop.ui.evaluation_tab import EvaluationTab
from desktop.ui.main_window import MainWindow
from tests.services.checkout_helpers import YEAR, Place, place
from tests.ui.conftest import gui_context, settle
from tests.ui.test_evaluation_tab import type_keys


@dataclass
class Computer:
    place: Place
    window: MainWindow
    tab: EvaluationTab

    @property
    def ws(self):
        return self.place.ws

    @property
    def context(self):
        return self.window.context

    @property
    def page(self):
        return self.tab.scoring


def computer(qtbot, root: Path, name: str, year: int | None = YEAR) -> Computer:
    made = place(root, name)
    window = MainWindow(gui_context(made.db))
    qtbot.addWidget(window)
    tab = window.tab(EvaluationTab)
    for index in range(window.tabs.count()):
        if window.tabs.widget(index).widget() is tab:
            window.tabs.setCurrentIndex(index)
    window.show()
    qtbot.waitExposed(window)
    if year is not None:
        tab.year.setValue(year)
    settle(qtbot, window.context)
    if window.start_page.isVisible():  # an empty database (a laptop before its package): the clerk skips to the tabs
        window.start_page.buttons["skip"].click()
    return Computer(made, window, tab)


def close(*computers: Computer) -> None:
    for c in computers:
        c.context.tasks.wait()
        c.window.close()
        c.place.db.close()


class InTurn:
    """Answers the modal dialogs that come, one handler each, in order: `handler(dialog)` must close
    it. A dialog opened from inside a handler (a question over a list) needs an InTurn of its own
    there (Qt does not re-enter a timer's slot). Leaving the block waits until every handler has
    run and the dialogs it answered have closed."""

    def __init__(self, qtbot, *handlers, timeout: int = 10_000):
        self.qtbot, self.handlers, self.timeout = qtbot, list(handlers), timeout
        self.seen: list[QDialog] = []
        self.errors: list[BaseException] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or any(dialog is s for s in self.seen) or not dialog.isVisible():
            return
        if not isinstance(dialog, QDialog) or isinstance(dialog, QProgressDialog):
            return  # the runner's busy dialog: the work is still on its way
        self.seen.append(dialog)
        if not self.handlers:
            self.errors.append(AssertionError(f"unexpected {type(dialog).__name__}"))
            dialog.reject()
            return
        try:
            self.handlers.pop(0)(dialog)
        except BaseException as error:  # noqa: BLE001 - raised in the test when the block ends
            self.errors.append(error)
            dialog.reject()

    def __enter__(self) -> InTurn:
        self.timer.start()
        return self

    def __exit__(self, kind, value, traceback) -> None:
        try:
            if kind is None:
                def done() -> bool:  # a dialog closed and deleted (deleteLater) counts as closed
                    return not self.handlers and not any(isValid(d) and d.isVisible() for d in self.seen)

                self.qtbot.waitUntil(lambda: bool(self.errors) or done(), timeout=self.timeout)
        finally:
            self.timer.stop()
        if self.errors:
            raise self.errors[0]


def type_cell(qtbot, c: Computer, row: int, column: int, text: str) -> None:
    # As a clerk waits for the grid to show what the last step changed: a reload landing while the
    # cell's editor is open resets the grid and the keys typed so far are gone.
    settle(qtbot, c.context)
    view = c.page.view
    c.window.activateWindow()  # two windows on one screen: the clerk's keys go to this one
    qtbot.waitUntil(lambda: QApplication.activeWindow() is c.window, timeout=5000)
    view.setFocus()
    view.setCurrentIndex(c.page.model.index(row, column))
    type_keys(qtbot, view, text)
    settle(qtbot, c.context)


def click_ok(qtbot, buttons) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
