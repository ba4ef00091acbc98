"""The charts' thread: matplotlib loaded ahead, then every chart of the window painted off the GUI thread.

A plain thread, not the worker: it reads no database, and the worker's queue (the clerk's writes)
must not wait behind ~0.8 s of imports or ~0.2 s per drawing. It starts the first time the worker
is idle after the window shows: earlier, its Python would share the interpreter lock with the
registry's first load and slow the start. A tab shown before that starts it at once.

A paint asked again for the same owner before the thread reached the first one replaces it: a
window being resized asks for many sizes, and only the last one is worth drawing.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal
from shiboken6 import isValid

from desktop.ui.tasks import TaskRunner

IDLE, RUNNING, DONE = "idle", "running", "done"
log = logging.getLogger(__name__)


@dataclass
class _Paint:
    owner: QObject
    ticket: int
    work: Callable[[], object]
    done: Callable[[object], None]


class ChartPainter(QObject):
    ready = Signal()  # emitted from the thread: delivered queued, on the GUI thread
    _painted = Signal(object, object, object)  # (job, result, error), likewise
    _unprepared = Signal(object)  # the error that stopped the preparation, likewise

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.state = IDLE
        self.thread_name = ""  # which thread prepared the charts (tests and the benchmark read it)
        self._waiting: list[Callable[[], None]] = []
        self._jobs: queue.SimpleQueue[_Paint | None] = queue.SimpleQueue()
        self._latest: dict[int, int] = {}  # id(owner) -> the ticket of its newest paint
        self._tickets = 0
        self._outstanding = 0  # paints asked and not yet delivered (or dropped)
        self._closing = False
        self._thread: threading.Thread | None = None
        self.ready.connect(self._landed)
        self._painted.connect(self._deliver)
        self._unprepared.connect(self._not_ready)

    @property
    def busy(self) -> bool:
        """Preparing, or a paint not yet delivered (tests and scripts wait for it to end). After a
        failed preparation nothing runs until the next start, so nothing is busy."""
        return self.state == RUNNING or (self.state == DONE and self._outstanding > 0)

    def start_when_idle(self, tasks: TaskRunner) -> None:
        """Start the thread once `tasks` first has nothing queued."""

        def once() -> None:
            tasks.idle.disconnect(once)
            self.start()

        tasks.idle.connect(once)

    def start(self) -> None:
        if self.state != IDLE:
            return
        self.state = RUNNING
        self._thread = threading.Thread(target=self._run, name="charts", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """At exit: let the thread end its import or drawing rather than stop it inside one."""
        self._closing = True  # what is still queued is dropped, not painted
        if self._thread is not None and self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()

    def settle(self) -> None:
        """Block until the thread is idle and every picture delivered (scripts; the window never waits)."""
        while self.busy:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def when_ready(self, use: Callable[[], None]) -> None:
        """`use()` on the GUI thread once the charts can be drawn (starting the thread if need be)."""
        if self.state == DONE:
            use()
            return
        self._waiting.append(use)
        self.start()

    def paint(self, owner: QObject, work: Callable[[], object], done: Callable[[object], None]) -> None:
        """`done(work())` on the GUI thread, `work` run on the charts' thread; dropped if `owner` is
        deleted meanwhile or asks for another paint before this one began."""
        self._tickets += 1
        self._outstanding += 1
        self._latest[id(owner)] = self._tickets
        self._jobs.put(_Paint(owner, self._tickets, work, done))
        self.start()

    def _run(self) -> None:
        from desktop.charts.prepare import prepare

        try:
            prepare()
        except Exception as failure:  # noqa: BLE001 - a broken install (the font, matplotlib): reported, not hung
            if isValid(self):
                self._unprepared.emit(failure)
            return
        self.thread_name = threading.current_thread().name
        if not isValid(self):  # the window (and its context) closed meanwhile: nobody waits
            return
        self.ready.emit()
        while (job := self._jobs.get()) is not None:
            result, error = None, None
            if self._latest.get(id(job.owner)) == job.ticket and not self._closing:  # else a newer one is queued
                try:
                    result = job.work()
                except Exception as failure:  # noqa: BLE001 - a bug: reported on the GUI thread; the thread goes on
                    error = failure
            if not isValid(self):
                return
            self._painted.emit(job, result, error)

    def _landed(self) -> None:
        self.state = DONE
        waiting, self._waiting = self._waiting, []
        for use in waiting:
            use()

    def _not_ready(self, error: BaseException) -> None:
        """The thread ended without the charts: reported. What waits (shows, queued paints) stays
        queued for the next start, which the next paint or show makes, rather than being drawn on
        a half-loaded matplotlib."""
        self.state = IDLE
        self._thread = None
        log.error("preparing the charts failed", exc_info=error)
        sys.excepthook(type(error), error, error.__traceback__)

    def _deliver(self, job: _Paint, result: object, error: BaseException | None) -> None:
        try:
            if error is not None:
                log.error("chart painting failed", exc_info=error)
                sys.excepthook(type(error), error, error.__traceback__)
            elif isValid(job.owner) and self._latest.get(id(job.owner)) == job.ticket:
                job.done(result)
        finally:
            self._outstanding -= 1  # after done(): what it starts is queued before anyone sees idle
