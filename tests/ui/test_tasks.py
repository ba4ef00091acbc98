"""The worker: results and errors come back on the GUI thread; a slow job shows a cancellable dialog."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget
from shiboken6 import isValid

from desktop.errors import BranchdeskError
from desktop.ui.tasks import CancelToken, TaskRunner


def test_result_arrives_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    seen = []
    with qtbot.waitSignal(runner.idle):
        runner.run(threading.get_ident, lambda worker: seen.append((worker, threading.get_ident())))
    worker, receiver = seen[0]
    assert worker != receiver and receiver == threading.main_thread().ident


def test_jobs_run_one_after_another(qtbot):
    runner = TaskRunner()
    order = []
    with qtbot.waitSignal(runner.idle):
        for n in range(5):
            runner.run(lambda n=n: order.append(n))
    assert order == [0, 1, 2, 3, 4]


def test_domain_error_is_shown_as_a_message(qtbot, boxes):
    runner = TaskRunner()
    done = []

    def fail():
        raise BranchdeskError("文件已被其他程序占用。")

    with qtbot.waitSignal(runner.idle):
        runner.run(fail, done.append)
    assert done == [] and boxes.texts("warning") == ["文件已被其他程序占用。"]


def test_slow_job_shows_a_dialog_and_cancel_drops_the_result(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    runner = TaskRunner()
    release = threading.Event()
    outcome = []
    token = CancelToken()
    runner.run(lambda: release.wait(10) and "rows", outcome.append, parent=parent, token=token,
               label="正在读取…", on_cancel=lambda: outcome.append("cancelled"))
    qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(QProgressDialog)), timeout=3000)
    dialog = next(d for d in parent.findChildren(QProgressDialog) if d.isVisible())
    assert dialog.labelText() == "正在读取…"
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "取消")
    with qtbot.waitSignal(runner.idle):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        release.set()
    assert outcome == ["cancelled"] and token.cancelled
    assert not isValid(dialog)  # hidden and deleted


def test_garbage_is_collected_on_the_gui_thread_only(qtbot):
    import gc

    from desktop.ui.collector import MainThreadCollector

    assert not gc.isenabled()  # the suite runs under a collector, as the app does
    inner = MainThreadCollector()
    inner.stop()
    assert not gc.isenabled()  # a nested collector leaves the outer one in charge

    class Cycle:
        pass

    cycle = Cycle()
    cycle.me = cycle
    probe = __import__("weakref").ref(cycle)
    del cycle
    kept = [Cycle() for _ in range(gc.get_threshold()[0] + 1)]  # generation 0 past its threshold
    qtbot.waitUntil(lambda: probe() is None, timeout=3000)
    assert len(kept) > gc.get_threshold()[0]


def test_busy_dialog_stays_away_from_the_box_a_quick_job_opens(qtbot, real_boxes):
    """Real runner, real busy dialog, real message box: QProgressDialog's own 4 s timer used to show
    the (hidden, not yet deleted) busy dialog over the result box a quick job's on_done opened."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.ui import messages

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(600, 400)
    parent.show()
    runner = TaskRunner()
    seen = {}

    def look_then_click_ok() -> None:
        modal = QApplication.activeModalWidget()
        seen["elapsed"] = time.monotonic() - seen["opened"]
        seen["modal"] = type(modal).__name__ if modal is not None else None
        seen["busy visible"] = [d for d in QApplication.topLevelWidgets() + parent.findChildren(QProgressDialog)
                                if isinstance(d, QProgressDialog) and d.isVisible()]
        if isinstance(modal, QMessageBox):
            qtbot.mouseClick(modal.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        else:  # the defect: close everything so the suite does not hang; the assertions report it
            for widget in QApplication.topLevelWidgets() + parent.findChildren(QWidget):
                if isinstance(widget, (QMessageBox, QProgressDialog)) and widget.isVisible():
                    widget.done(0)

    def show_result(_result) -> None:
        seen["opened"] = time.monotonic()
        QTimer.singleShot(4800, look_then_click_ok)
        messages.info(parent, "已导入 3 个支部。")

    with qtbot.waitSignal(runner.idle, timeout=10_000):
        runner.run(lambda: "rows", show_result, parent=parent, label="正在导入…")
    qtbot.waitUntil(lambda: "modal" in seen, timeout=10_000)
    assert seen["elapsed"] > 4.5
    assert seen["modal"] == "QMessageBox"
    assert seen["busy visible"] == []
    assert parent.findChildren(QProgressDialog) == []  # deleted at once, not left for a later event loop


def test_collector_freezes_what_the_start_made_and_spaces_full_collections(monkeypatch):
    """A full collection at a city's scale takes a tenth of a second or more: the objects alive
    once the window is up are frozen out of it, and it is not repeated within 50 times its own
    duration, however often the generations' counts say it is due."""
    import gc

    from desktop.ui import collector as module

    clock = [100.0]
    done: list[int] = []
    frozen: list[bool] = []

    def collect(generation=2):
        done.append(generation)
        clock[0] += 0.1 if generation == 2 else 0.001

    collector = module.MainThreadCollector()
    try:
        monkeypatch.setattr(module.gc, "collect", collect)
        monkeypatch.setattr(module.gc, "freeze", lambda: frozen.append(True))
        monkeypatch.setattr(module.gc, "get_count", lambda: (800, 20, 20))  # every generation due
        monkeypatch.setattr(module.time, "monotonic", lambda: clock[0])
        collector.collect_if_due()
        assert frozen == [True] and done == []  # the first tick only freezes
        collector.collect_if_due()
        assert done == [2] and collector.next_full == pytest.approx(100.0 + 0.1 * module.FULL_SPACING)
        for _ in range(3):
            collector.collect_if_due()
        assert done == [2, 1, 1, 1]  # within the spacing: the younger generations only
        clock[0] = collector.next_full
        collector.collect_if_due()
        assert done[-1] == 2 and frozen == [True]
    finally:
        monkeypatch.undo()
        collector.stop()
    assert not gc.isenabled()  # the suite's own collector is still in charge
