"""Computes the year matrix as a query operation on the app's worker (context.ops), so a district-size
refresh (~0.3 s) never freezes the window. Only the newest request's result is delivered; older
ones are dropped. What the view reads of every row is prepared there too (`matrix_model.prepare`),
so the GUI thread only swaps the result in. No busy dialog: the matrix on screen stays usable until the new one lands."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal

from desktop.errors import BranchdeskError
from desktop.services import compliance
from desktop.ui.matrix_model import prepare
from desktop.ui.operations import Operations


class MatrixLoader(QObject):
    loaded = Signal(object)  # PreparedMatrix
    failed = Signal(str)

    def __init__(self, ops: Operations, parent: QObject | None = None):
        super().__init__(parent)
        self.ops = ops
        self.request = 0
        self._pending = 0  # requests whose outcome has not come back to the GUI thread yet

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def load(self, year: int, as_of: date) -> None:
        self.request += 1
        self._pending += 1
        request = self.request

        def work(ws):
            try:
                return prepare(compliance.year_matrix(ws, year, as_of))
            except BranchdeskError:
                raise
            except Exception as error:
                raise BranchdeskError(f"统计失败：{error}") from error

        self.ops.query(
            self, work, lambda matrix: self._deliver(request, matrix, ""),
            on_error=lambda error: self._deliver(request, None, error.message), quiet=True,
        )

    def _deliver(self, request: int, matrix, error: str) -> None:
        self._pending -= 1
        if request != self.request:
            return  # superseded by a newer request
        if matrix is None:
            self.failed.emit(error)
        else:
            self.loaded.emit(matrix)

    def wait(self) -> None:
        """Block until the worker is idle and the outcomes delivered (closing the tab, scripts, tests)."""
        self.ops.tasks.settle()
