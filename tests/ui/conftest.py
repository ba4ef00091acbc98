"""UI fixtures: a main window on a fresh database, message boxes recorded instead of shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

import desktop.ui  # noqa: F401 - before any Qt call: see the singleton guard there

# isort: split
from PySide6.QtWidgets import QMessageBox

from desktop.services import branches
from desktop.ui import messages


@pytest.fixture(scope="session", autouse=True)
def _collect_on_gui_thread(qapp):
    """As in the app: no garbage collection on the worker thread (see desktop.ui.collector)."""
    from desktop.ui.collector import MainThreadCollector

    collector = MainThreadCollector()
    yield
    collector.stop()


@pytest.fixture(scope="session", autouse=True)
def _chinese_like_the_app(qapp):
    """As run_gui does before the first widget: the zh_CN locale and Qt's Chinese translation."""
    from desktop.app import install_qt_translations

    assert install_qt_translations(qapp)


CLERK = "党建办"


@pytest.fixture(autouse=True)
def _clerk_typed_a_name_before():
    """The usual office PC: the clerk typed their name (操作人, 记录人) once, and the window remembers
    it (desktop.ui.who). tests/ui/test_operator_name.py starts from a PC where no name was typed."""
    from desktop.ui.who import remember_operator

    remember_operator(CLERK)


@dataclass
class Boxes:
    """Every message box the code under test opened; `answer` is what question() replies."""

    shown: list[tuple[str, str]] = field(default_factory=list)
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.No

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, text in self.shown if kind is None or k == kind]


BOX_KINDS = ("information", "warning", "critical", "question")
REAL_BOXES = {kind: getattr(QMessageBox, kind) for kind in BOX_KINDS}
REAL_ASK_SAVE = messages.ask_save


@pytest.fixture
def real_boxes(monkeypatch) -> None:
    """The real QMessageBox for a test that answers it with on_modal, as a clerk clicks: a defect
    living in timers and modality (a busy dialog over a result box) hides behind the stub."""
    for kind in BOX_KINDS:
        monkeypatch.setattr(QMessageBox, kind, REAL_BOXES[kind])
    monkeypatch.setattr(messages, "ask_save", REAL_ASK_SAVE)


@pytest.fixture(autouse=True)
def boxes(monkeypatch) -> Boxes:
    record = Boxes()

    def fake(kind):
        def show(_parent, _title, text, *args, **kwargs):
            record.shown.append((kind, text))
            return record.answer if kind == "question" else QMessageBox.StandardButton.Ok

        return show

    for kind in BOX_KINDS:
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake(kind)))
    monkeypatch.setattr(messages, "ask_save", lambda parent, text: fake("question")(parent, "", text))
    return record


class ModalAnswer:
    """Answers the next modal dialog with `handler(dialog)` while the code under test is blocked in
    its exec(). Use as `with on_modal(handler): <the action that opens the dialog>`: leaving the block
    waits (bounded) for the answer and fails the test if no dialog came or the handler failed. It
    never outlives the test, so an unanswered handler cannot answer a later test's dialog."""

    POLL_MS = 20

    def __init__(self, qtbot, handler, timeout: float):
        from PySide6.QtCore import QDeadlineTimer, QTimer

        self.qtbot, self.handler, self.timeout = qtbot, handler, timeout
        self.deadline = QDeadlineTimer(int(timeout * 1000))
        self.timer = QTimer()
        self.timer.setInterval(self.POLL_MS)
        self.timer.timeout.connect(self._poll)
        self.answered = False
        self.problem: str | None = None
        self.error: BaseException | None = None

    def _poll(self) -> None:
        from PySide6.QtWidgets import QApplication

        dialog = QApplication.activeModalWidget()
        if self.answered or self.problem is not None:
            # Too late or already failed: close whatever modal comes so the code under test returns
            # from exec() and the test reaches its failure instead of hanging.
            if dialog is not None:
                self.problem = (self.problem or "") + f"; closed unexpected {type(dialog).__name__}"
                dialog.reject()
            return
        if dialog is None:
            if self.deadline.hasExpired():
                handler = getattr(self.handler, "__name__", "the handler")
                self.problem = f"no modal dialog appeared within {self.timeout:g} s for {handler}"
            return
        name = type(dialog).__name__
        try:
            self.handler(dialog)
        except BaseException as error:  # noqa: BLE001 - re-raised in the test when the block ends
            self.error = error
        if dialog.isVisible():
            self.problem = self.problem or f"{getattr(self.handler, '__name__', 'the handler')} left the {name} open"
            dialog.reject()
        self.answered = self.error is None and self.problem is None

    def finished(self) -> bool:
        return self.answered or self.problem is not None or self.error is not None

    def stop(self) -> None:
        self.timer.stop()

    def __enter__(self) -> ModalAnswer:
        self.timer.start()
        return self

    def __exit__(self, kind, value, traceback) -> None:
        try:
            if kind is None:
                self.qtbot.waitUntil(self.finished, timeout=int(self.timeout * 1000) + 1000)
        finally:
            self.stop()
        if kind is not None:
            return
        if self.error is not None:
            raise self.error
        if self.problem is not None:
            pytest.fail(self.problem)


@pytest.fixture
def on_modal(qtbot):
    """`with on_modal(handler, timeout=5):` — see ModalAnswer."""
    armed: list[ModalAnswer] = []

    def arm(handler, timeout: float = 5.0) -> ModalAnswer:
        answer = ModalAnswer(qtbot, handler, timeout)
        armed.append(answer)
        return answer

    yield arm
    for answer in armed:
        answer.stop()


def gui_context(db):
    """What the window is given, as run_gui gives it: a workspace that refuses the GUI thread, so a
    test driving a view fails on any database call the view makes there. It is a workspace of its
    own on the test's database: the test body keeps `ws` (db.workspace) for seeding and checking."""
    import threading

    from desktop.store.workspace import Workspace
    from desktop.ui.context import AppContext

    ws = db.workspace
    window_ws = Workspace(ws.engine, ws.files_root, ws.actor, ws.clock)
    window_ws.forbid_thread(threading.main_thread())
    return AppContext(window_ws, db.file)


def settle(qtbot, context, timeout: int = 10_000) -> None:
    """Wait until the window's operations, and those their outcomes started, have all landed."""
    qtbot.waitUntil(lambda: not context.tasks.busy and not context.charts.busy, timeout=timeout)


def run_write(qtbot, context, work):
    """A write through the window's runner, as another part of the window makes it: announced to
    every view like theirs. Returns what `work(ws)` returned."""
    result = []
    context.ops.write(None, work, result.append)
    settle(qtbot, context)
    return result[0]


def meeting_form(qtbot, context, meeting_id: int | None = None, **prefill):
    """The meeting form as the window opens it (its data read on the worker first), not yet shown."""
    from desktop.ui.meeting_dialog import open_meeting_dialog

    opened = []
    open_meeting_dialog(context, None, meeting_id, then=opened.append, **prefill)
    settle(qtbot, context)
    qtbot.addWidget(opened[0])
    return opened[0]


@pytest.fixture
def context(qtbot, db):
    ctx = gui_context(db)
    yield ctx
    ctx.tasks.wait()
    ctx.charts.wait()  # its thread ends with the test


def add_branch(ws, name: str, kind: str = "community", full: int = 10, **extra) -> int:
    """A branch written through the same service the form uses."""
    values = {
        "name": name, "branch_kind": kind, "full_members": full, "probationary_members": 0,
        "has_committee": full >= 7, "elected_on": date(2024, 3, 1), "term_years": 5 if kind == "community" else 3,
        "secretary_is_director": True, "has_college_cadre": True, "trained_years": frozenset({date.today().year}),
    }
    values.update(extra)
    return branches.save_branch(ws, values)


@pytest.fixture
def seed(ws) -> dict[str, int]:
    """Branches present before the window opens; a test module overrides this to add its own."""
    return {}


@pytest.fixture
def window(qtbot, context, seed):
    from desktop.ui.main_window import MainWindow
    from desktop.ui.registry_tab import RegistryTab

    win = MainWindow(context)
    qtbot.addWidget(win)
    tab = win.tab(RegistryTab)
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        win.show()
    return win


@pytest.fixture
def registry(window):
    from desktop.ui.registry_tab import RegistryTab

    return window.tab(RegistryTab)


def type_text(qtbot, widget, text: str) -> None:
    """Type like a user: ASCII through key clicks, Chinese the way an input method commits it.

    QTest.keyClicks cannot synthesize non-ASCII keys (Qt asserts), and a clerk types Chinese
    through an IME anyway, which delivers a QInputMethodEvent with the committed string.
    """
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    chunk = ""
    for char in text + "\0":
        if char.isascii() and char != "\0":
            if chunk:
                event = QInputMethodEvent()
                event.setCommitString(chunk)
                QApplication.sendEvent(widget, event)
                chunk = ""
            qtbot.keyClicks(widget, char)
        elif char != "\0":
            chunk += char
        elif chunk:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def tick(qtbot, checkbox) -> None:
    """Click a check box on its indicator (its centre may be empty space in a wide layout)."""
    from PySide6.QtCore import QPoint, Qt

    qtbot.mouseClick(checkbox, Qt.MouseButton.LeftButton, pos=QPoint(8, checkbox.height() // 2))


def evaluation_page(qtbot, db, year: int, page: str):
    """The 考评打分 tab of `year` on the office screen (1366×768), showing its page `page` (an
    attribute: "rewards", "results"), read on the worker."""
    from desktop.ui.evaluation_tab import EvaluationTab

    tab = EvaluationTab(gui_context(db), year=year)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    tab.show()
    qtbot.waitExposed(tab)
    tab.pages.setCurrentWidget(getattr(tab, page))
    settle(qtbot, tab.context)
    return tab
