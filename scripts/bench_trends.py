"""Benchmark of the 趋势图表 area: each chart's data query, its drawing, the dashboard, the tab
opened with every chart drawn, and the 趋势分析报告.

    python scripts/bench_trends.py                      # fresh district demo database (ten years)
    python scripts/bench_trends.py --db district.sqlite3

Targets (issue 6, 2-core machine): each chart's data query ≤ 300 ms; the tab open with all charts
drawn ≤ 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.services import demo, trends
from desktop.store.database import open_database

QUERY_TARGET_MS = 300
TAB_TARGET_S = 2.0


def timed(function, repeat: int = 3) -> tuple[float, object]:
    """Median wall time in ms over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="an existing database (default: a fresh district demo)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    today = date.today()
    first, last = today.year - 9, today.year
    if args.db:
        db = open_database(args.db)
    else:
        db = open_database(str(Path(tempfile.mkdtemp()) / "bench.sqlite3"))
        start = time.perf_counter()
        count = demo.generate(db.workspace, "district", seed=1, today=today)
        print(f"demo district: {count} branches in {time.perf_counter() - start:.1f} s")
    ws = db.workspace
    print(f"years {first}-{last}, repeat {args.repeat} (median)")
    start = time.perf_counter()
    from desktop.charts.figures import draw  # timed: matplotlib and the font registration

    print(f"{'import matplotlib + charts':<28}{(time.perf_counter() - start) * 1000:8.0f} ms")
    ms, _board = timed(lambda: trends.dashboard_for(ws, last, today), args.repeat)
    print(f"{'dashboard query':<28}{ms:8.0f} ms  {'ok' if ms <= QUERY_TARGET_MS else 'OVER'}")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    worst = 0.0
    for name in trends.CHART_NAMES:
        query_ms, data = timed(lambda name=name: trends.chart_data(ws, name, first, last, kind="community", today=today),
                               args.repeat)

        def render(data=data):
            figure = draw(data).figure
            FigureCanvasAgg(figure).draw()

        render_ms, _ = timed(render, args.repeat)
        worst = max(worst, query_ms)
        flag = "ok" if query_ms <= QUERY_TARGET_MS else "OVER"
        print(f"chart {name:<22}query {query_ms:6.0f} ms {flag:<4}  draw {render_ms:6.0f} ms")

    import desktop.ui  # noqa: F401 - singleton guard before any Qt call
    # isort: split
    from PySide6.QtWidgets import QApplication

    from desktop.ui.context import AppContext, DataEvents
    from desktop.ui.trends_tab import TrendsTab

    app = QApplication.instance() or QApplication([])
    start = time.perf_counter()
    tab = TrendsTab(AppContext(ws, db.file, DataEvents()), today=today)
    tab.from_spin.setValue(first)
    tab.resize(1280, 820)
    tab.show()
    for index, name in enumerate(trends.CHART_NAMES):
        tab.chart_bar.setCurrentIndex(index)
        # The figures are read on the worker and painted on the charts' thread: wait for the picture.
        while tab.picture is None or tab.picture.data.name != name:
            app.processEvents()
            time.sleep(0.002)
    app.processEvents()
    tab_s = time.perf_counter() - start
    print(f"{'tab open, all charts drawn':<28}{tab_s * 1000:8.0f} ms  {'ok' if tab_s <= TAB_TARGET_S else 'OVER'}")
    tab.close()

    from desktop.services.trends_report import trends_report

    out = Path(tempfile.mkdtemp()) / "trends.pdf"
    start = time.perf_counter()
    trends_report(ws, first, last, out, kind="community", today=today)
    print(f"{'趋势分析报告 PDF':<24}{(time.perf_counter() - start) * 1000:8.0f} ms  ({out.stat().st_size // 1024} KB)")
    db.close()
    return 0 if worst <= QUERY_TARGET_MS and tab_s <= TAB_TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
