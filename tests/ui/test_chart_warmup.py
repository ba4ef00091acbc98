"""matplotlib loaded ahead, off the GUI thread, and the 趋势图表 tab's first show waiting for it."""

from __future__ import annotations

import threading

from desktop.charts import prepare as prepare_module
from desktop.ui import chart_warmup
from tests.ui.conftest import settle
from tests.ui.test_trends_tab import TODAY, street  # noqa: F401 - the fixture


def _held_prepare(monkeypatch) -> threading.Event:
    """The warm-up thread's preparation, held until the returned event is set."""
    go = threading.Event()
    real = prepare_module.prepare

    def held() -> str:
        assert go.wait(10)
        return real()

    monkeypatch.setattr(prepare_module, "prepare", held)
    return go


def _trends_tab(qtbot, context):
    from desktop.ui.trends_tab import TrendsTab

    tab = TrendsTab(context, today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(1100, 760)
    tab.show()
    return tab


def test_the_first_show_waits_for_the_warmup_thread(qtbot, context, street, monkeypatch):  # noqa: F811
    go = _held_prepare(monkeypatch)
    context.charts.start()
    assert context.charts.state == chart_warmup.RUNNING
    tab = _trends_tab(qtbot, context)
    settle(qtbot, context)
    assert tab.canvas is None and tab.message_label.text() == "正在准备图表…"
    go.set()
    qtbot.waitUntil(lambda: tab.drawn is not None, timeout=10000)
    settle(qtbot, context)
    assert context.charts.state == chart_warmup.DONE
    assert context.charts.thread_name == "charts-warmup"  # not the GUI thread
    assert tab.message_label.text() == "" and tab.drawn.data.name == "standardized"


def test_it_starts_when_the_worker_is_first_idle(qtbot, context, monkeypatch):
    go = _held_prepare(monkeypatch)
    context.charts.start_when_idle(context.tasks)
    assert context.charts.state == chart_warmup.IDLE  # not while the window is still loading
    context.ops.query(None, lambda _ws: None, quiet=True)
    settle(qtbot, context)
    assert context.charts.state == chart_warmup.RUNNING
    go.set()
    qtbot.waitUntil(lambda: context.charts.state == chart_warmup.DONE, timeout=10000)
    context.ops.query(None, lambda _ws: None, quiet=True)
    settle(qtbot, context)  # a later idle starts nothing more
    assert context.charts.state == chart_warmup.DONE


def test_a_tab_shown_before_the_warmup_prepares_the_charts_itself(qtbot, context, street):  # noqa: F811
    tab = _trends_tab(qtbot, context)
    settle(qtbot, context)
    assert context.charts.state == chart_warmup.DONE
    assert context.charts.thread_name == threading.main_thread().name
    assert tab.drawn is not None and prepare_module.prepared()


def test_the_window_schedules_it_once_it_is_up(qtbot, context):
    from desktop.ui.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.check_on_open()
    qtbot.waitUntil(lambda: context.charts.state == chart_warmup.DONE, timeout=15000)
    settle(qtbot, context)
    assert context.charts.thread_name == "charts-warmup"
