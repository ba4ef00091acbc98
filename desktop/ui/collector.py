"""Python's cyclic garbage collection, run on the GUI thread only.

The collector runs in whichever thread happens to allocate when a threshold is crossed. If that is
the database worker, it may free the wrapper of a widget or QObject and delete the C++ object from
the wrong thread: a segmentation fault (seen here while the worker listed branches). As Anki does,
automatic collection is switched off and the same thresholds are checked by a timer on the GUI thread.

Two things CPython's own collector does that a plain threshold check does not, or a window at a
city's scale (10,000 branches: a year matrix is ~300,000 objects) blocks for a full collection again
and again while one loads: the objects alive once the window is up (modules, classes, the window
itself, ~400,000) are frozen out of every later collection (`gc.freeze`, as CPython's docs advise
for a long-running process), and a full collection is not repeated before its own duration many
times over has passed (CPython waits until the survivors grew by a quarter, which Python cannot
read), so it stays a small share of the time whatever the size of the data.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500
FULL_SPACING = 50  # a full collection that took t seconds is not repeated within 50 t


class MainThreadCollector(QObject):
    _active = 0  # nested collectors (the test suite has one, each run_gui another)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        MainThreadCollector._active += 1
        self._frozen = False
        self.next_full = 0.0  # time.monotonic() before which no full collection runs
        self._timer = QTimer(self, interval=INTERVAL_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> None:
        """Collect the oldest generation whose count has passed its threshold, as gc would."""
        if not self._frozen:  # the first tick: the window is built, its modules imported
            self._frozen = True
            gc.freeze()
            return
        counts = gc.get_count()
        if counts[2] > self._thresholds[2] and time.monotonic() >= self.next_full:
            started = time.monotonic()
            gc.collect(2)
            self.next_full = started + (time.monotonic() - started) * FULL_SPACING
            return
        for generation in (1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self._timer.stop()
        MainThreadCollector._active -= 1
        if not MainThreadCollector._active:
            gc.unfreeze()
            gc.enable()
        gc.collect()
