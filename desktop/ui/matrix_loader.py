"""Computes the year matrix on one worker thread, so a district-size refresh (~0.3 s) never
freezes the window. Only the newest request's result is delivered; older ones are dropped."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from sqlalchemy import Engine

from desktop.errors import BranchdeskError
from desktop.services import compliance


class MatrixLoader(QObject):
    loaded = Signal(object)  # YearMatrix
    failed = Signal(str)
    _done = Signal(int, object, str)  # request, matrix or None, error message

    def __init__(self, engine: Engine, parent: QObject | None = None):
        super().__init__(parent)
        self.engine = engine
        self.request = 0
        self._pending = False  # a result is on its way (computed or queued to the GUI thread)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one worker for the database
        self._done.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return self.pool.activeThreadCount() > 0 or self._pending

    def load(self, year: int, as_of: date) -> None:
        self.request += 1
        self._pending = True
        self.pool.start(_Job(self, self.request, year, as_of))

    def _deliver(self, request: int, matrix, error: str) -> None:
        if request != self.request:
            return  # superseded by a newer request
        self._pending = False
        if matrix is None:
            self.failed.emit(error)
        else:
            self.loaded.emit(matrix)

    def wait(self, timeout_ms: int = 60_000) -> None:
        """Block until the worker is idle (closing the tab, scripts and tests)."""
        self.pool.waitForDone(timeout_ms)


class _Job(QRunnable):
    def __init__(self, loader: MatrixLoader, request: int, year: int, as_of: date):
        super().__init__()
        self.loader, self.request, self.year, self.as_of = loader, request, year, as_of

    def run(self) -> None:
        try:
            matrix = compliance.year_matrix(self.loader.engine, self.year, self.as_of)
        except BranchdeskError as error:
            self.loader._done.emit(self.request, None, error.message)
        except Exception as error:  # noqa: BLE001 - a worker must report, never die silently
            self.loader._done.emit(self.request, None, f"统计失败：{error}")
        else:
            self.loader._done.emit(self.request, matrix, "")
