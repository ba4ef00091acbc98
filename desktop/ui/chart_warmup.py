"""The charts' imports made ahead, off the GUI thread (desktop.charts.prepare).

A plain thread, not the worker: it reads no database, and the worker's queue (the clerk's writes)
must not wait ~0.8 s of imports behind it. It starts the first time the worker is idle after the
window shows: earlier, its Python would share the interpreter lock with the registry's first load
and slow the start. A tab that needs the charts before it is done waits for `ready`; a tab shown
before it started (a test, a very quick click) prepares them itself, as the app did before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from desktop.ui.tasks import TaskRunner

IDLE, RUNNING, DONE = "idle", "running", "done"


class ChartWarmup(QObject):
    ready = Signal()  # emitted from the thread: delivered queued, on the GUI thread

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.state = IDLE
        self.thread_name = ""  # which thread prepared the charts (tests and the benchmark read it)
        self._waiting: list[Callable[[], None]] = []
        self._thread: threading.Thread | None = None
        self.ready.connect(self._landed)

    def start_when_idle(self, tasks: TaskRunner) -> None:
        """Prepare the charts on a thread of their own once `tasks` first has nothing queued."""

        def once() -> None:
            tasks.idle.disconnect(once)
            self.start()

        tasks.idle.connect(once)

    def start(self) -> None:
        if self.state != IDLE:
            return
        self.state = RUNNING
        self._thread = threading.Thread(target=self._run, name="charts-warmup", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """At exit: let a running warm-up end (a second or so) rather than stop it inside an import."""
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        from desktop.charts.prepare import prepare

        prepare()
        self.thread_name = threading.current_thread().name
        if isValid(self):  # else the window (and its context) closed meanwhile: nobody waits
            self.ready.emit()

    def _landed(self) -> None:
        self.state = DONE
        waiting, self._waiting = self._waiting, []
        for use in waiting:
            use()

    def when_ready(self, use: Callable[[], None]) -> None:
        """`use()` once the charts can be drawn: now, after the thread, or after preparing them here."""
        if self.state == RUNNING:
            self._waiting.append(use)
            return
        if self.state == IDLE:
            from desktop.charts.prepare import prepare

            prepare()
            self.thread_name = threading.current_thread().name
            self.state = DONE
        use()

