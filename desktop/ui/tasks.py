"""The worker: database and file work off the GUI thread, one job at a time (views go through
desktop.ui.operations, which runs on it).

One worker thread serialises every job: SQLite allows one writer, and an import must not interleave
with a backup. A job that only reads (`aside`: the day's backup copying the live database through a
connection of its own, which in WAL mode never blocks a writer, and verifying that copy: seconds of
integrity_check on a district database) runs on a second thread beside it instead, so that the
writes queued meanwhile do not wait for it. A busy dialog appears only when a job takes longer than DIALOG_DELAY_MS, so quick jobs
do not flash a window. The result (or the error) comes back on the GUI thread through a queued signal.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget
from shiboken6 import delete, isValid

from desktop.errors import BranchdeskError
from desktop.store import files
from desktop.ui import messages

DIALOG_DELAY_MS = 400


def os_error_message(error: OSError, writes: Path | None = None, reads: Path | None = None) -> str:
    """A Chinese message for a file error, naming the file the clerk chose (not the temporary
    file a writer may have been using beside it)."""
    reason = files.reason(error)
    if writes is not None:
        return f"无法写入 {writes}：{reason}。\n请换一个文件夹，或检查该文件是否正被其他程序（如 Excel）打开。"
    if reads is not None:
        return f"无法读取 {reads}：{reason}。"
    where = f" {error.filename}" if error.filename else ""
    return f"无法访问文件{where}：{reason}。"


class CancelToken(QObject):
    """Made by whoever starts a long job and handed to its work: the work may poll `cancelled`
    between steps and stop early, and `report(done, total)` moves the progress shown (from the worker:
    the signal is queued to the GUI thread)."""

    progressed = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def is_cancelled(self) -> bool:
        """`cancelled` as a callable, for services that take a cancel flag."""
        return self._event.is_set()

    def report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits on it and Qt queues the call across threads."""

    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as error:  # noqa: BLE001 - every failure must reach the GUI thread
            self._relay.failed.emit(error)
        else:
            self._relay.finished.emit(result)


class TaskRunner(QObject):
    """The app's single database worker. `idle` is emitted whenever the last queued job settles."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._aside = QThreadPool(self)
        self._aside.setMaxThreadCount(1)
        self._pending = 0

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        label: str = "正在处理…",
        parent: QObject | None = None,
        token: CancelToken | None = None,
        keep_cancelled: bool = False,
        quiet: bool = False,
        on_error: Callable[[BranchdeskError], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        always: Callable[[], None] | None = None,
        writes: Path | None = None,
        reads: Path | None = None,
        imports: tuple[str, ...] = (),
        aside: bool = False,
    ) -> CancelToken:
        """Run `fn()` on the worker; call `on_done(result)` on the GUI thread.

        With a `token` (made by the caller, who hands it to the work) the busy dialog offers 取消 and
        shows what the work reports. A cancelled job's outcome is dropped and `on_cancel` called
        instead, unless `keep_cancelled`: a write runs to its end (or refuses as a whole), and its
        outcome always counts. A BranchdeskError is shown in a dialog (or passed to `on_error`);
        anything else goes to sys.excepthook. If `parent` (the widget that asked; any QObject for a
        quiet job) has been deleted by the time the job ends, the outcome is dropped; `always` is
        called in every case, first (an operation announces there what its write changed). A `quiet`
        job never shows the busy dialog: a background refresh the clerk keeps working through. An
        OSError (read-only folder, full disk) is explained like a BranchdeskError, naming the file the
        job `writes` or `reads`. The modules in `imports` (openpyxl, which pulls in numpy) are imported
        here, on the GUI thread, first: the first Excel job of a GUI session was seen spending 40 s
        importing numpy on the worker (the CLI needs 0.2 s), so a heavy first import never runs there.
        An `aside` job runs on the second thread (see the module's note): only for work that writes
        nothing another job reads or writes.
        """
        for module in imports:
            importlib.import_module(module)
        cancellable = token is not None
        token = token or CancelToken()
        relay = _Relay()  # no parent: it deletes itself once delivered, even if the runner is gone
        dialog = None if quiet else _BusyDialog(label, parent, token if cancellable else None)
        timer = QTimer(relay, singleShot=True, interval=DIALOG_DELAY_MS)
        timer.timeout.connect(lambda: isValid(dialog) and dialog.show())

        def deliver(outcome: Callable[[], None]) -> None:
            timer.stop()
            if dialog is not None and isValid(dialog):  # its parent (a closed dialog) may already be gone
                dialog.dismiss()
            relay.deleteLater()
            self._pending -= 1
            try:
                if always is not None:
                    always()
                if parent is not None and not isValid(parent):
                    pass  # the window that asked was closed meanwhile: nobody is waiting for this
                elif keep_cancelled or not token.cancelled:
                    outcome()
                elif on_cancel is not None:
                    on_cancel()
            finally:
                if not self._pending:
                    self.idle.emit()

        def finished(result: Any) -> None:
            deliver(lambda: on_done(result) if on_done is not None else None)

        def failed(error: BaseException) -> None:
            if isinstance(error, OSError):  # the machine's problem, not a bug: say what to do
                error = BranchdeskError(os_error_message(error, writes, reads))
            if isinstance(error, BranchdeskError):
                deliver(lambda: (on_error or (lambda e: messages.warn(parent, e.message)))(error))
            else:  # a bug: always reported, even when the window that asked is gone
                deliver(lambda: None)
                sys.excepthook(type(error), error, error.__traceback__)

        relay.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
        relay.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        if dialog is not None and cancellable:
            token.progressed.connect(dialog.show_progress)
        self._pending += 1
        if dialog is not None:
            timer.start()
        (self._aside if aside else self._pool).start(_Job(fn, relay))
        return token

    def wait(self) -> None:
        """Block until the worker is empty (at exit, before the database is closed)."""
        self._pool.waitForDone()
        self._aside.waitForDone()

    def settle(self) -> None:
        """Block until every queued job has run and its outcome is delivered, and so for the jobs
        those outcomes start (a tab closing, scripts, tests)."""
        while self._pending:
            self.wait()
            QCoreApplication.sendPostedEvents()


class _BusyDialog(QProgressDialog):
    def __init__(self, label: str, parent: QWidget | None, token: CancelToken | None):
        super().__init__(label, "取消" if token else "", 0, 0, parent)
        self.setWindowTitle("请稍候")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(320)
        if token is None:
            self.setCancelButton(None)
        else:
            self.canceled.connect(token.cancel)
        # Our own timer decides when to show. QProgressDialog starts a 4 s "force show" timer in its
        # constructor, and setMinimumDuration() does not stop it before a value is set: it fired after
        # a quick job had ended and brought the dialog back over the result box. reset() stops it.
        self.setMinimumDuration(2_000_000_000)
        self.reset()

    def show_progress(self, done: int, total: int) -> None:
        # On the bar itself: a modal QProgressDialog.setValue() runs processEvents(), which could
        # deliver the job's end, and delete this dialog, inside the call.
        bar = self.findChild(QProgressBar)
        if bar is not None:
            bar.setRange(0, total)
            bar.setValue(done)

    def dismiss(self) -> None:
        """Hide and delete now. A deleteLater() would wait while on_done runs a message box's nested
        event loop, leaving a live dialog behind that anything could show again."""
        self.reset()
        self.hide()  # not close(): QProgressDialog.closeEvent would emit `canceled`
        delete(self)
