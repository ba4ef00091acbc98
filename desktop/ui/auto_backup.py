"""The day's automatic backup, once the window shows: three jobs and a line in the status bar.

A verified copy of a district database takes seconds (integrity_check alone ~6 s on 400 MB). Run as
one job on the single worker, it held up every write the clerk made meanwhile. It runs as three jobs
instead (services/backups.py), and only the last, short one on the worker:

1. the copy, beside the worker (`aside`): SQLite's online backup in one step through a connection of
   its own. The live database is in WAL mode, where a reader never blocks a writer, and one step is
   one read transaction: a consistent snapshot while the clerk's writes go on (a copy in several
   steps would start over after each of them);
2. the verification of the copy, also beside the worker: it reads only the copy;
3. on the worker: the copy's attachment files carried into the store (they are the live folder's,
   which the worker's jobs change), the copy put in place, the rotation.

So a write waits at most for step 3 (tens of milliseconds without new scans to carry).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow
from shiboken6 import isValid

from desktop.errors import BranchdeskError
from desktop.services import backups
from desktop.ui import messages
from desktop.ui.operations import Operations

RUNNING = "正在自动备份…"
FAILED = "今天的自动备份没有完成"


class DailyBackup(QObject):
    """`settled(path)` when the day's backup is over: the new copy, or None (nothing to do today,
    or it failed: then the status bar says so and a message names the reason)."""

    settled = Signal(object)

    def __init__(self, window: QMainWindow, ops: Operations):
        super().__init__(window)
        self._window = window
        self._ops = ops
        self._copy: backups.Copy | None = None
        self._waiting = ""  # the step whose outcome has not come back yet
        self.status = QLabel()
        window.statusBar().addWidget(self.status)

    def start(self) -> None:
        self.status.setText(RUNNING)  # cleared at once when today's copy exists
        # First a place in the worker's queue: the copy begins once the jobs queued before it (the
        # registry's first load) have run, instead of competing with them for the disk.
        self._step("queue", lambda _ws: None, lambda _none: self._step("copy", backups.begin_auto_backup, self._copied,
                                                                      aside=True))

    def _step(self, name: str, work, done, **options) -> None:
        self._waiting = name
        # `always` comes before the outcome; a bug (shown by the window's error reporter) has none,
        # and the status bar must not go on saying 正在自动备份… for the rest of the day. (It is
        # called even when the window has gone meanwhile, and this object with it.)
        def check_later() -> None:
            if isValid(self):
                QTimer.singleShot(0, self, lambda: self._gave_no_outcome(name))

        self._ops.query(self._window, work, done, quiet=True, on_error=self._failed, always=check_later, **options)

    def _copied(self, copy: backups.Copy | None) -> None:
        self._waiting = ""
        if copy is None:  # today's copy exists (or the database is a server's)
            self.status.clear()
            self.settled.emit(None)
            return
        self._copy = copy
        self._step("verify", lambda ws: backups.verify_auto_backup(ws, copy), self._verified, aside=True)

    def _verified(self, _none: None) -> None:
        copy = self._copy
        assert copy is not None
        self._step("finish", lambda ws: backups.finish_auto_backup(ws, copy), self._finished)

    def _finished(self, path: Path) -> None:
        self._waiting = ""
        self._show_done(path)
        self.settled.emit(path)

    def _show_done(self, path: Path, note: str = "") -> None:
        self.status.setText(f"已自动备份（{datetime.now():%H:%M}）{note}")
        self.status.setToolTip(str(path))

    def _failed(self, error: BranchdeskError) -> None:
        self._waiting = ""
        if isinstance(error, backups.AttachmentsLost):  # made, with lost files named: its own words
            self._show_done(error.created, "，有附件缺失")
            messages.warn(self._window, error.message)
            self.settled.emit(error.created)
            return
        self.status.setText(FAILED)
        messages.warn(self._window, f"{FAILED}：{error.message}")
        self.settled.emit(None)

    def _gave_no_outcome(self, name: str) -> None:
        if self._waiting == name:
            self._waiting = ""
            self.status.setText(FAILED)
            self.settled.emit(None)
