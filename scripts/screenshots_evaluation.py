"""Screenshots of the 考评打分 tab with street demo data: docs/scoring.png and docs/results.png.

    python scripts/screenshots_evaluation.py [OUT_DIR]   (default docs/)
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def street(work: Path):
    """The application with the bundled CJK font, the main-thread collector and a temporary database
    of street demo data: (app, collector, db)."""
    import desktop.ui  # noqa: F401 - singleton guard before any Qt call
    # isort: split
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    from desktop.paths import resource
    from desktop.services import demo
    from desktop.store.database import open_database
    from desktop.ui.collector import MainThreadCollector

    app = QApplication([])
    font_id = QFontDatabase.addApplicationFont(str(resource("fonts", "wqy-microhei.ttc")))
    app.setFont(QFont(QFontDatabase.applicationFontFamilies(font_id)[0], 10))
    collector = MainThreadCollector()  # as in the app: no garbage collection on the worker thread
    db = open_database(str(work / "street.sqlite3"))
    demo.generate(db.workspace, "street", 1)
    return app, collector, db


def shut(app, tab, context, db, collector) -> None:
    """Close the tab and let its last jobs land before the database closes."""
    tab.close()
    tab.deleteLater()
    app.processEvents()
    context.tasks.settle()
    db.close()
    collector.stop()


def scored_session(ws, year: int, branches: int, scorers: list[str], scored: int):
    """A session of the year's first `branches` branches where the first scorer has scored the first
    `scored` of them (near full marks, a few half points off): (session id, its grid)."""
    from desktop.services import scoring
    from desktop.services.results import year_results

    branch_ids = [r.branch_id for r in year_results(ws, year)[:branches]]
    session_id = scoring.create_session(ws, year, f"{year}年度考评（补评）", date(year, 11, 20), branch_ids, scorers)
    grid = scoring.load_grid(ws, session_id)
    scorer_id = grid.scorers[0][0]
    for n, (branch_id, _name) in enumerate(grid.branches[:scored]):
        for m, item in enumerate(grid.rubric.items):
            points = item.max_points - (0.5 if (n + m) % 4 == 0 else 0) - (1 if (n * m) % 9 == 5 else 0)
            scoring.save_score(ws, session_id, (scorer_id, branch_id, item.id), max(points, 0))
    return session_id, grid


def main() -> None:
    from desktop.ui.context import AppContext
    from desktop.ui.evaluation_tab import EvaluationTab

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    app, collector, db = street(Path(tempfile.mkdtemp()))
    ws = db.workspace
    year = date.today().year

    # A session being typed: the first scorer has scored five branches; the rest show suggestions.
    session_id, grid = scored_session(ws, year, 12, ["王建国", "李秀英", "张志强", "刘海燕", "陈明"], 5)

    # As run_gui: the tab's database work runs on the runner's worker, never on the GUI thread.
    ws.forbid_thread(threading.main_thread())
    context = AppContext(ws, db.file)
    tab = EvaluationTab(context, year=year)
    tab.resize(1600, 1000)
    tab.show()  # each page loads once it is on screen
    context.tasks.settle()
    page = tab.scoring
    page.sessions.setCurrentIndex(page.sessions.findData(session_id))
    context.tasks.settle()  # that session's grid and evidence have landed
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(len(page.model.items) - 1, 4))
    page.view.setCurrentIndex(page.model.index(1, 5))
    page.status.setText("已保存：" + grid.branches[4][1] + " · 作用发挥·创新/荣誉 = 2")
    page.status.setStyleSheet("color:#1e8449")
    app.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    tab.grab().save(str(out / "scoring.png"))

    tab.pages.setCurrentWidget(tab.results)
    context.tasks.settle()  # the year's results have landed
    results = tab.results
    for row in range(results.proxy.rowCount()):
        source = results.model.rows[results.proxy.mapToSource(results.proxy.index(row, 0)).row()]
        if source.state == "rated_district":
            results.table.setCurrentIndex(results.proxy.index(row, 0))
            break
    context.tasks.settle()  # the chosen branch's workflow steps have landed
    app.processEvents()
    tab.grab().save(str(out / "results.png"))
    shut(app, tab, context, db, collector)
    print(f"wrote {out / 'scoring.png'} and {out / 'results.png'}")


if __name__ == "__main__":
    main()
