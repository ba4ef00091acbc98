"""Screenshots of scoring on the laptop, on a 1366×768 office screen: the 带出评分 dialog with its
pairing code (docs/checkout.png), the merge preview of a laptop's return (docs/merge.png) and the
conflict chooser after a cancelled check-out (docs/conflicts.png). Each dialog is drawn over the
office window as the clerk sees it. And the laptop's own window with the opened session
(docs/laptop_scoring.png): 确认并锁定 and 删除评分会 greyed, those are the office's.

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/screenshots_laptop.py [OUT_DIR] [WIDTHxHEIGHT]
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


def over(window, dialog, path: Path) -> None:
    """The window with the dialog centred on it, as one picture."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter

    picture = window.grab()
    shot = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))  # the window behind a modal dialog
    painter.drawPixmap(QPoint((picture.width() - shot.width()) // 2, (picture.height() - shot.height()) // 2), shot)
    painter.end()
    picture.save(str(path))


def main() -> None:
    import desktop.ui  # noqa: F401 - singleton guard before any Qt call
    # isort: split
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    from desktop.paths import resource
    from desktop.services import checkout, demo, laptop, merge, scoring
    from desktop.services.merge_choices import preview
    from desktop.services.results import year_results
    from desktop.store.database import open_database
    from desktop.store.workspace import Workspace
    from desktop.ui.checkout_dialogs import CheckoutDialog
    from desktop.ui.collector import MainThreadCollector
    from desktop.ui.context import AppContext
    from desktop.ui.evaluation_tab import EvaluationTab
    from desktop.ui.main_window import MainWindow
    from desktop.ui.merge_dialogs import ConflictDialog, MergePreviewDialog

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    width, height = (int(n) for n in (sys.argv[2] if len(sys.argv) > 2 else "1366x768").split("x"))
    app = QApplication([])
    font_id = QFontDatabase.addApplicationFont(str(resource("fonts", "wqy-microhei.ttc")))
    app.setFont(QFont(QFontDatabase.applicationFontFamilies(font_id)[0], 10))
    collector = MainThreadCollector()
    folder = Path(tempfile.mkdtemp())
    office = open_database(str(folder / "office.sqlite3"))
    ws = office.workspace
    year = date.today().year
    demo.generate(ws, "street", 1)
    branch_ids = [r.branch_id for r in year_results(ws, year)[:12]]
    scorers = ["王建国", "李秀英", "张志强", "刘海燕", "陈明"]
    session_id = scoring.create_session(ws, year, f"{year}年度述职评议考核", date(year, 12, 20), branch_ids, scorers)

    window_ws = Workspace(ws.engine, ws.files_root, ws.actor, ws.clock)
    window_ws.forbid_thread(threading.main_thread())
    context = AppContext(window_ws, office.file)
    window = MainWindow(context)
    tab = window.tab(EvaluationTab)
    window.tabs.setCurrentIndex(next(i for i in range(window.tabs.count()) if window.tabs.widget(i).widget() is tab))
    window.resize(width, height - 40)  # the task bar
    window.show()
    tab.year.setValue(year)
    context.tasks.settle()
    page = tab.scoring
    page.sessions.setCurrentIndex(page.sessions.findData(session_id))
    context.tasks.settle()
    app.processEvents()  # the page's labels laid out for the session's text
    out.mkdir(parents=True, exist_ok=True)
    if os.environ.get("SHOT_WINDOW"):  # the page itself, to check its buttons fit
        window.grab().save(str(out / "window.png"))

    # 带出评分: two scorers to one laptop, the tallies with them; then the code, shown once.
    dialog = CheckoutDialog(context, session_id, f"{year}年度述职评议考核", scorers, folder, window)
    for box in dialog.scorer_boxes[2:]:
        box.setChecked(False)
    dialog.show()
    app.processEvents()
    over(window, dialog, out / "checkout_form.png")
    dialog.buttons.accepted.emit()
    context.tasks.settle()
    app.processEvents()
    over(window, dialog, out / "checkout.png")
    made = dialog.made
    dialog.close()

    # The laptop scores; the stick is then reported lost and the office types some of the same cells.
    lap = open_database(str(folder / "laptop.sqlite3"))
    there = laptop.open_package(lap.workspace, made.file, made.code).session_id
    grid = scoring.load_grid(lap.workspace, there)
    office_grid = scoring.load_grid(ws, session_id)
    for s, (scorer_id, _name) in enumerate(grid.scorers):
        for b, (branch_id, _bn) in enumerate(grid.branches[:6]):
            for m, item in enumerate(grid.rubric.items[:6]):
                points = max(item.max_points - (0.5 if (s + b + m) % 3 == 0 else 0), 0)
                scoring.save_score(lap.workspace, there, (scorer_id, branch_id, item.id), points)
    lap_ws = Workspace(lap.workspace.engine, lap.workspace.files_root, lap.workspace.actor, lap.workspace.clock)
    lap_ws.forbid_thread(threading.main_thread())
    lap_context = AppContext(lap_ws, lap.file)
    lap_window = MainWindow(lap_context)
    lap_tab = lap_window.tab(EvaluationTab)
    lap_window.tabs.setCurrentIndex(next(i for i in range(lap_window.tabs.count())
                                         if lap_window.tabs.widget(i).widget() is lap_tab))
    lap_window.resize(width, height - 40)
    lap_window.show()
    lap_tab.year.setValue(year)
    lap_context.tasks.settle()
    lap_tab.scoring.sessions.setCurrentIndex(lap_tab.scoring.sessions.findData(there))
    lap_context.tasks.settle()
    app.processEvents()
    lap_window.grab().save(str(out / "laptop_scoring.png"))
    lap_window.close()
    app.processEvents()
    lap_context.tasks.settle()

    checkout.cancel(ws, session_id, "U 盘遗失，改用备用 U 盘", scorers[:2])
    first_scorer, first_branch = office_grid.scorers[0][0], office_grid.branches[0][0]
    for m, item in enumerate(office_grid.rubric.items[:3]):
        scoring.save_score(ws, session_id, (first_scorer, first_branch, item.id), max(item.max_points - 1 - 0.5 * m, 0))
    back = laptop.make_return(lap.workspace, there, folder / "back").file
    shown = preview(ws, back)
    report = shown.report

    preview_dialog = MergePreviewDialog(shown, window)
    preview_dialog.show()
    app.processEvents()
    over(window, preview_dialog, out / "merge.png")
    preview_dialog.close()
    chooser = ConflictDialog(report, window)
    chooser.choose(0, merge.LAPTOP)
    chooser.choose(1, merge.OFFICE)
    chooser.show()
    app.processEvents()
    over(window, chooser, out / "conflicts.png")
    chooser.close()

    window.close()
    app.processEvents()
    context.tasks.settle()
    lap.close()
    office.close()
    collector.stop()
    shots = ("checkout_form.png", "checkout.png", "laptop_scoring.png", "merge.png", "conflicts.png")
    print(f"wrote {', '.join(str(out / n) for n in shots)}")


if __name__ == "__main__":
    main()
