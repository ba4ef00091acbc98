"""Python's cyclic garbage collection, run on the GUI thread only.

The collector runs in whichever thread happens to allocate when a threshold is crossed. If that is
the database worker, it may free the wrapper of a widget or QObject and delete the C++ object from
the wrong thread: a segmentation fault (seen here while the worker listed branches). As Anki does,
automatic collection is switched off and the same thresholds are checked by a timer on the GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    _active = 0  # nested collectors (the test suite has one, each run_gui another)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        MainThreadCollector._active += 1
        self._timer = QTimer(self, interval=INTERVAL_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> None:
        """Collect the oldest generation whose count has passed its threshold, as gc would."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self._timer.stop()
        MainThreadCollector._active -= 1
        gc.collect()
        if not MainThreadCollector._active:
            gc.enable()
