"""Benchmark of the evaluation area (issue 4) over the district demo (2,000 branches, ten years).

Prints: demo generation, year_results for the latest year, standing() over ten years, and the
scoring grid with 300 branches: each keystroke (digit typed into a cell) and each committed cell
(Enter: range check + durable write + running total), median / p95 / max.

    python scripts/bench_evaluation.py [--cells 60] [--db district.sqlite3]
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

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def timed(fn, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def summary(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms (n={len(ms)})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", type=int, default=60)
    parser.add_argument("--db", help="a district demo database to copy instead of generating one")
    args = parser.parse_args()
    from desktop.services import demo, scoring
    from desktop.services.results import year_results
    from desktop.services.workflow import standing
    from desktop.store.database import open_database

    folder = Path(tempfile.mkdtemp(prefix="bench-eval-"))
    year = date.today().year
    if args.db:  # a copy: the grid below writes a scoring session
        import sqlite3

        source, copy = sqlite3.connect(args.db), sqlite3.connect(folder / "district.sqlite3")
        source.backup(copy)
        source.close()
        copy.close()
        db = open_database(str(folder / "district.sqlite3"))
    else:
        db = open_database(str(folder / "district.sqlite3"))
        start = time.perf_counter()
        demo.generate(db.workspace, "district", 1)
        print(f"demo --scale district (incl. 10 years of evaluations): {time.perf_counter() - start:.2f} s")

    best, median, results = timed(lambda: year_results(db.workspace, year))
    print(f"year_results({year}) for {len(results)} branches: best {best * 1000:.0f} ms, median {median * 1000:.0f} ms")
    best, median, rows = timed(lambda: standing(db.workspace, year - 9, year))
    print(f"standing({year - 9}..{year}) -> {len(rows)} rows: best {best * 1000:.0f} ms, median {median * 1000:.0f} ms")

    import desktop.ui  # noqa: F401 - singleton guard before any Qt call
    # isort: split
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.ui.context import AppContext, DataEvents
    from desktop.ui.scoring_page import ScoringPage

    app = QApplication.instance() or QApplication([])
    branch_ids = [r.branch_id for r in results[:300]]
    scoring.create_session(db.workspace, year, "基准测试评分会", date(year, 6, 1), branch_ids,
                           ["评委一", "评委二", "评委三", "评委四", "评委五"])
    page = ScoringPage(AppContext(db.workspace, db.file, DataEvents()))
    start = time.perf_counter()
    page.set_year(year)
    page.sessions.setCurrentIndex(page.sessions.findText("基准测试评分会", Qt.MatchFlag.MatchContains))
    print(f"open a 300-branch grid (load + evidence): {(time.perf_counter() - start) * 1000:.0f} ms")
    page.resize(1400, 800)
    page.show()
    app.processEvents()
    view, model = page.view, page.model
    keystrokes, commits = [], []
    for n in range(args.cells):
        view.setCurrentIndex(model.index(n % len(model.items), n // len(model.items)))
        view.setFocus()
        app.processEvents()  # the move itself is not part of the keystroke
        start = time.perf_counter()
        QTest.keyClick(QApplication.focusWidget() or view, "1")
        app.processEvents()
        keystrokes.append(time.perf_counter() - start)
        start = time.perf_counter()
        QTest.keyClick(QApplication.focusWidget() or view, Qt.Key.Key_Return)
        app.processEvents()
        commits.append(time.perf_counter() - start)
    saved = sum(1 for key in model.scores if key[0] == model.columns[0][0])
    print(f"grid keystroke (digit into a cell), 300 branches: {summary(keystrokes)}")
    print(f"grid cell commit (Enter: check + durable write + total), 300 branches: {summary(commits)}; {saved} cells saved")
    # Tear the widgets down while the application still exists (PySide otherwise may crash at exit).
    page.close()
    page.deleteLater()
    app.processEvents()
    db.close()


if __name__ == "__main__":
    main()
