"""The charts' thread: matplotlib loaded ahead, every chart painted there, the 趋势图表 tab only
showing pictures; a tab shown early waits for the thread, and a paint asked again replaces one."""

from __future__ import annotations

import threading

from desktop.charts import picture as picture_module
from desktop.charts import prepare as prepare_module
from desktop.ui import chart_painter
from tests.ui.conftest import settle
from tests.ui.test_trends_tab import TODAY, street  # noqa: F401 - the fixture


def _held(monkeypatch, module, name: str) -> threading.Event:
    """`module.name` on the charts' thread, held until the returned event is set."""
    go = threading.Event()
    real = getattr(module, name)

    def held(*args, **kwargs):
        assert go.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    return go


def _trends_tab(qtbot, context, size=(1100, 760)):
    from desktop.ui.trends_tab import TrendsTab

    tab = TrendsTab(context, today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(*size)
    tab.show()
    return tab


def test_the_first_show_waits_for_the_charts_thread(qtbot, context, street, monkeypatch):  # noqa: F811
    go = _held(monkeypatch, prepare_module, "prepare")
    context.charts.start()
    assert context.charts.state == chart_painter.RUNNING
    tab = _trends_tab(qtbot, context)
    qtbot.waitUntil(lambda: not context.tasks.busy)
    assert tab.picture is None and tab.message_label.text() == "正在准备图表…"
    go.set()
    settle(qtbot, context)
    assert context.charts.state == chart_painter.DONE
    assert context.charts.thread_name == "charts"  # not the GUI thread
    assert tab.message_label.text() == "" and tab.picture.data.name == "standardized"


def test_every_chart_is_painted_off_the_gui_thread(qtbot, context, street, monkeypatch):  # noqa: F811
    threads = []
    real = picture_module.paint
    monkeypatch.setattr(picture_module, "paint", lambda *a: threads.append(threading.current_thread().name) or real(*a))
    tab = _trends_tab(qtbot, context)
    settle(qtbot, context)
    for index in range(tab.chart_bar.count()):
        tab.chart_bar.setCurrentIndex(index)
        settle(qtbot, context)
        assert tab.picture.data.name == tab.chart_name
    assert len(threads) >= tab.chart_bar.count() and set(threads) == {"charts"}


def test_a_picture_fits_the_view_and_follows_its_size(qtbot, context, street):  # noqa: F811
    tab = _trends_tab(qtbot, context)
    settle(qtbot, context)
    view = tab.view
    # The layout may settle a pixel after the first picture was asked for: a new one follows.
    qtbot.waitUntil(lambda: (tab.picture.width, tab.picture.height) == (view.width(), view.height()), timeout=5000)
    assert tab.picture.scale == view.devicePixelRatioF()
    tab.resize(1300, 700)
    qtbot.waitUntil(lambda: (tab.picture.width, tab.picture.height) == (view.width(), view.height()), timeout=5000)
    assert tab.picture.hits  # the places are those of the new size
    assert all(h.right <= view.width() and h.bottom <= view.height() for h in tab.picture.hits)


def test_a_paint_asked_again_before_it_began_replaces_it(qtbot, context, street, monkeypatch):  # noqa: F811
    tab = _trends_tab(qtbot, context)
    settle(qtbot, context)
    go = _held(monkeypatch, picture_module, "paint")
    painted = []
    tab.painted.connect(lambda: painted.append(tab.picture.data.name))
    for index in (1, 2, 4):  # three clicks while the thread is busy with the first
        tab.chart_bar.setCurrentIndex(index)
        qtbot.waitUntil(lambda: not context.tasks.busy)
    go.set()
    settle(qtbot, context)
    assert painted[-1] == "scores" and "by-kind" not in painted


def test_it_starts_when_the_worker_is_first_idle(qtbot, context, monkeypatch):
    go = _held(monkeypatch, prepare_module, "prepare")
    context.charts.start_when_idle(context.tasks)
    assert context.charts.state == chart_painter.IDLE  # not while the window is still loading
    context.ops.query(None, lambda _ws: None, quiet=True)
    qtbot.waitUntil(lambda: not context.tasks.busy)
    assert context.charts.state == chart_painter.RUNNING
    go.set()
    qtbot.waitUntil(lambda: context.charts.state == chart_painter.DONE, timeout=10000)
    context.ops.query(None, lambda _ws: None, quiet=True)
    settle(qtbot, context)  # a later idle starts nothing more
    assert context.charts.state == chart_painter.DONE


def test_a_tab_shown_before_the_thread_started_starts_it(qtbot, context, street):  # noqa: F811
    tab = _trends_tab(qtbot, context)
    settle(qtbot, context)
    assert context.charts.state == chart_painter.DONE
    assert context.charts.thread_name == "charts"
    assert tab.picture is not None and prepare_module.prepared()


def test_the_window_schedules_it_once_it_is_up(qtbot, context):
    from desktop.ui.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.check_on_open()
    qtbot.waitUntil(lambda: context.charts.state == chart_painter.DONE, timeout=15000)
    settle(qtbot, context)
    assert context.charts.thread_name == "charts"


def test_a_failing_paint_is_reported_and_the_thread_paints_on(qtbot, context, monkeypatch):
    import sys

    from PySide6.QtCore import QObject

    hooks, delivered = [], []
    monkeypatch.setattr(sys, "excepthook", lambda *args: hooks.append(args[1]))
    owner, other = QObject(), QObject()

    def broken():
        raise ValueError("a drawing bug")

    context.charts.paint(owner, broken, delivered.append)
    context.charts.paint(other, lambda: "picture", delivered.append)
    settle(qtbot, context)
    assert [str(e) for e in hooks] == ["a drawing bug"] and delivered == ["picture"]
    assert not context.charts.busy


def test_at_exit_what_is_still_queued_is_dropped(qtbot, context, monkeypatch):
    from PySide6.QtCore import QObject

    go = _held(monkeypatch, prepare_module, "prepare")
    ran = []
    owners = [QObject() for _ in range(3)]
    for owner in owners:
        context.charts.paint(owner, lambda: ran.append(1), lambda _r: None)
    threading.Timer(0.2, go.set).start()  # the preparation ends while wait() below is joining
    context.charts.wait()  # as the app does at exit: ends the preparation, paints nothing more
    assert ran == [] and context.charts._thread is not None and not context.charts._thread.is_alive()


def test_a_preparation_that_fails_is_reported_and_tried_again(qtbot, context, monkeypatch):
    import sys

    hooks, shown = [], []
    monkeypatch.setattr(sys, "excepthook", lambda *args: hooks.append(args[1]))
    real = prepare_module.prepare
    monkeypatch.setattr(prepare_module, "prepare", lambda: (_ for _ in ()).throw(OSError("字体文件缺失")))
    from PySide6.QtCore import QObject

    owner, painted = QObject(), []
    context.charts.when_ready(lambda: shown.append(1))
    context.charts.paint(owner, lambda: "picture", painted.append)  # an export asked meanwhile
    settle(qtbot, context)
    assert [str(e) for e in hooks] == ["字体文件缺失"] and shown == [] and painted == []
    assert context.charts.state == chart_painter.IDLE and not context.charts.busy
    monkeypatch.setattr(prepare_module, "prepare", real)
    context.charts.when_ready(lambda: shown.append(2))
    settle(qtbot, context)
    assert shown == [1, 2] and painted == ["picture"] and context.charts.state == chart_painter.DONE
