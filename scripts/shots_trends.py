"""Screenshots of the 趋势图表 tab and two charts, from the street demo data.

    QT_QPA_PLATFORM=offscreen python scripts/shots_trends.py docs/
"""

from __future__ import annotations

import sys
import tempfile
import threading
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # screenshots_evaluation: the tab's shutdown

from screenshots_evaluation import shut

from desktop.services import demo, trends
from desktop.store.database import open_database


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    today = date.today()
    db = open_database(str(Path(tempfile.mkdtemp()) / "shots.sqlite3"))
    ws = db.workspace
    demo.generate(ws, "street", seed=1, today=today)

    from desktop.charts.export import export_figure
    from desktop.charts.figures import draw

    # The standardized chart starts four years before the demo's first (its 无数据 gaps shown).
    for name, file, first in (("standardized", "chart_standardized.png", today.year - 13),
                              ("by-kind", "chart_by_kind.png", 2022)):
        data = trends.chart_data(ws, name, first, today.year, today=today)
        export_figure(draw(data).figure, out / file, dpi=110)

    import desktop.ui  # noqa: F401 - singleton guard before any Qt call
    # isort: split
    from PySide6.QtWidgets import QApplication

    from desktop.ui.collector import MainThreadCollector
    from desktop.ui.context import AppContext
    from desktop.ui.trends_tab import TrendsTab

    app = QApplication.instance() or QApplication([])
    collector = MainThreadCollector()  # as in the app: no garbage collection on the worker thread
    from PySide6.QtGui import QFont, QFontDatabase

    from desktop import paths

    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(paths.resource("fonts", "wqy-microhei.ttc"))))
    if family:
        app.setFont(QFont(family[0], 10))
    # As run_gui: the tab's database work runs on the runner's worker, never on the GUI thread.
    ws.forbid_thread(threading.main_thread())
    context = AppContext(ws, db.file)
    tab = TrendsTab(context, today=today)
    tab.from_spin.setValue(2022)
    tab.resize(1280, 820)
    tab.show()  # the dashboard and the chart are read once the tab is on screen
    while context.tasks.busy or context.charts.busy:  # read on the worker, painted on the charts' thread
        context.tasks.settle()
        context.charts.settle()
    app.processEvents()
    # Hover the latest point so the shot shows its figures, as a clerk would see them.
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    last = tab.picture.data.series[0].points[-1]
    hit = next(h for h in tab.picture.hits if h.point is last)
    QTest.mouseMove(tab.view, QPoint(round((hit.left + hit.right) / 2), round((hit.top + hit.bottom) / 2)))
    app.processEvents()
    tab.grab().save(str(out / "trends.png"))
    shut(app, tab, context, db, collector)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
