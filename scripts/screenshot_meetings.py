"""Screenshot of the 组织生活 tab with street demo data: docs/meetings.png.

    QT_QPA_PLATFORM=offscreen python scripts/screenshot_meetings.py [OUT.png]
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import desktop.ui  # noqa: E402,F401 - singleton guard before any Qt call

# isort: split
from PySide6.QtGui import QFont, QFontDatabase  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.services import demo  # noqa: E402
from desktop.store.database import open_database  # noqa: E402
from desktop.ui.collector import MainThreadCollector  # noqa: E402
from desktop.ui.context import AppContext  # noqa: E402
from desktop.ui.meetings_tab import MeetingsTab  # noqa: E402

TODAY = date(2026, 11, 28)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "meetings.png"
    app = QApplication([])
    font_id = QFontDatabase.addApplicationFont(str(paths.resource("fonts", "wqy-microhei.ttc")))
    families = QFontDatabase.applicationFontFamilies(font_id)
    if families:
        app.setFont(QFont(families[0], 10))
    collector = MainThreadCollector()  # as in the app: no garbage collection on the worker thread
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(str(Path(folder) / "street.sqlite3"))
        demo.generate(db.workspace, "street", seed=1, today=TODAY)
        # As run_gui: the tab's database work runs on the runner's worker, never on the GUI thread.
        db.workspace.forbid_thread(threading.main_thread())
        context = AppContext(db.workspace, db.file)
        tab = MeetingsTab(context, today=TODAY)
        tab.resize(1500, 900)
        tab.show()  # the matrix is computed once the tab is on screen
        context.tasks.settle()
        app.processEvents()
        # Show what a click on a cell does: the meetings behind the first "!" (a 党员大会 short of quorum).
        proxy = tab.proxy
        marked = [proxy.index(r, c) for r in range(proxy.rowCount()) for c in range(proxy.columnCount())
                  if proxy.index(r, c).data() == "!"]
        if marked:
            tab.view.setCurrentIndex(marked[0])
            tab.cell_clicked(marked[0])
            context.tasks.settle()  # the cell's meetings have landed
        app.processEvents()
        tab.grab().save(str(out))
        tab.close()
        tab.deleteLater()
        app.processEvents()
        del tab
        context.tasks.settle()
        db.close()
    collector.stop()
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
