"""Benchmark of 组织生活 (issue 3) over the district demo: prints figures, asserts nothing.

    python scripts/bench_meetings.py [--db FILE] [--runs 5]

Without --db a district demo database is generated in a temporary folder (that time is printed
too). Each figure is the best of --runs runs, measured in the same process so the ratio is fair.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text

from desktop.models import Meeting
from desktop.services import compliance, demo
from desktop.store.database import open_database

TODAY = date(2026, 11, 28)

# The baseline a programmer would write by hand: count meetings per branch, type and month.
BASELINE = text(
    "SELECT branch_id, meeting_type, CAST(strftime('%m', held_on) AS INTEGER) AS month, count(*) "
    "FROM meeting WHERE held_on BETWEEN :start AND :end GROUP BY branch_id, meeting_type, month"
)


def best(runs: int, action) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        timings.append(time.perf_counter() - start)
    return min(timings), result


def bench_view(ws, db_file) -> None:
    """The 组织生活 tab offscreen: open, refresh after a change, and scroll 2,000 rows page by page."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import desktop.ui  # noqa: F401 - singleton guard before any Qt call
    # isort: split
    from PySide6.QtWidgets import QApplication

    from desktop.ui.context import MEETINGS, AppContext, DataEvents
    from desktop.ui.meetings_tab import MeetingsTab

    app = QApplication.instance() or QApplication([])
    start = time.perf_counter()
    tab = MeetingsTab(AppContext(ws, db_file, DataEvents()), today=TODAY)
    tab.resize(1500, 900)
    tab.show()
    tab.wait_until_loaded()
    app.processEvents()
    opened = time.perf_counter() - start
    # The GUI thread is busy only while the new matrix is put on screen; the rest runs on the worker.
    refresh, _ = best(3, lambda: (tab.context.events.changed.emit(MEETINGS), tab.wait_until_loaded()))
    matrix = tab.model.matrix
    on_gui, _ = best(3, lambda: tab._show(matrix))  # the part that blocks the window
    bar = tab.view.verticalScrollBar()
    steps = []
    value = 0
    while value < bar.maximum():
        value = min(bar.maximum(), value + bar.pageStep())
        start = time.perf_counter()
        bar.setValue(value)
        tab.view.viewport().repaint()  # paint synchronously: what a scroll costs
        steps.append(time.perf_counter() - start)
    steps.sort()
    print(f"matrix view ({tab.proxy.rowCount():,} rows × {tab.model.columnCount()} columns): open {opened * 1000:.0f} ms, "
          f"refresh after a change {refresh * 1000:.0f} ms (GUI thread busy {on_gui * 1000:.0f} ms of it), "
          f"scroll {len(steps)} pages: median {steps[len(steps) // 2] * 1000:.1f} ms, worst {steps[-1] * 1000:.1f} ms per page")
    tab.close()
    tab.deleteLater()
    app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="an existing district demo database")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=TODAY.year - 1)
    parser.add_argument("--no-view", action="store_true", help="skip the (offscreen) matrix view figures")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    target = args.db or str(Path(folder.name) / "district.sqlite3")
    db = open_database(target)
    engine, ws = db.engine, db.workspace
    if not args.db:
        start = time.perf_counter()
        demo.generate(ws, "district", seed=1, today=TODAY)
        print(f"demo generation (district, 2,000 branches, ten years): {time.perf_counter() - start:.1f} s")
    with engine.connect() as conn:
        meetings = conn.execute(select(func.count()).select_from(Meeting)).scalar_one()
    print(f"meetings in the database: {meetings:,}")
    year, as_of = args.year, TODAY
    window = {"start": f"{year}-01-01", "end": f"{year}-12-31"}

    def baseline():
        with engine.connect() as conn:
            return conn.execute(BASELINE, window).all()

    for label, the_year in (("full past year", year), ("current year", TODAY.year)):
        window = {"start": f"{the_year}-01-01", "end": f"{the_year}-12-31"}
        matrix_time, matrix = best(args.runs, lambda y=the_year: compliance.year_matrix(ws, y, as_of))
        base_time, rows = best(args.runs, baseline)
        print(f"year matrix {the_year} ({label}, {len(matrix.branches):,} branches, rate {matrix.rate:.1%}): "
              f"{matrix_time * 1000:.0f} ms; SQL baseline ({len(rows):,} groups): {base_time * 1000:.0f} ms; "
              f"ratio {matrix_time / base_time:.2f}")
    rates_time, rates = best(args.runs, lambda: compliance.monthly_rates(ws, TODAY.year - 9, TODAY.year, as_of))
    print(f"monthly_rates {TODAY.year - 9}-{TODAY.year} ({len(rates)} months): {rates_time * 1000:.0f} ms")
    if not args.no_view:
        bench_view(ws, db.file)
    db.close()
    folder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
