"""Screenshots of the 考评打分 tab with street demo data: docs/scoring.png and docs/results.png.

    python scripts/screenshots_evaluation.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    import desktop.ui  # noqa: F401 - singleton guard before any Qt call
    # isort: split
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    from desktop.paths import resource
    from desktop.services import demo, scoring
    from desktop.services.results import year_results
    from desktop.store.database import open_database
    from desktop.ui.context import AppContext, DataEvents
    from desktop.ui.evaluation_tab import EvaluationTab

    app = QApplication([])
    font_id = QFontDatabase.addApplicationFont(str(resource("fonts", "wqy-microhei.ttc")))
    app.setFont(QFont(QFontDatabase.applicationFontFamilies(font_id)[0], 10))
    db = open_database(str(Path(tempfile.mkdtemp()) / "street.sqlite3"))
    year = date.today().year
    demo.generate(db.engine, "street", 1)

    # A session being typed: the first scorer has scored five branches; the rest show suggestions.
    branch_ids = [r.branch_id for r in year_results(db.engine, year)[:12]]
    session_id = scoring.create_session(db.engine, year, f"{year}年度考评（补评）", date(year, 11, 20), branch_ids,
                                        ["王建国", "李秀英", "张志强", "刘海燕", "陈明"])
    grid = scoring.load_grid(db.engine, session_id)
    scorer_id = grid.scorers[0][0]
    for n, (branch_id, _name) in enumerate(grid.branches[:5]):
        for m, item in enumerate(grid.rubric.items):
            points = item.max_points - (0.5 if (n + m) % 4 == 0 else 0) - (1 if (n * m) % 9 == 5 else 0)
            scoring.save_score(db.engine, session_id, (scorer_id, branch_id, item.id), max(points, 0))

    tab = EvaluationTab(AppContext(db.engine, db.file, DataEvents()), year=year)
    tab.resize(1600, 1000)
    tab.show()
    app.processEvents()
    page = tab.scoring
    page.sessions.setCurrentIndex(page.sessions.findData(session_id))
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(len(page.model.items) - 1, 4))
    page.view.setCurrentIndex(page.model.index(1, 5))
    page.status.setText("已保存：" + grid.branches[4][1] + " · 作用发挥·创新/荣誉 = 2")
    page.status.setStyleSheet("color:#1e8449")
    app.processEvents()
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    tab.grab().save(str(docs / "scoring.png"))

    tab.pages.setCurrentWidget(tab.results)
    app.processEvents()
    results = tab.results
    for row in range(results.proxy.rowCount()):
        source = results.model.rows[results.proxy.mapToSource(results.proxy.index(row, 0)).row()]
        if source.state == "rated_district":
            results.table.setCurrentIndex(results.proxy.index(row, 0))
            break
    app.processEvents()
    tab.grab().save(str(docs / "results.png"))
    tab.close()
    tab.deleteLater()
    app.processEvents()
    db.close()
    print(f"wrote {docs / 'scoring.png'} and {docs / 'results.png'}")


if __name__ == "__main__":
    main()
