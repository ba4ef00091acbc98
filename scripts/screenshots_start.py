"""Screenshots of the start page an empty database shows, at 1366×768 and on a larger screen, for
docs/start_page.png and docs/start_page_large.png.

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/screenshots_start.py [OUT_DIR] [SUFFIX]
    xvfb-run -a -s "-screen 0 1920x1080x24" python scripts/screenshots_start.py docs _large

A temporary empty database whose names are set (the first step done); the user's own data is never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import desktop.ui  # noqa: E402,F401 - singleton guard before any Qt call

# isort: split
from PySide6.QtWidgets import QApplication  # noqa: E402

from scripts.screenshots import pause  # noqa: E402 - the shots' shared wait for repaints


def main() -> int:
    temp = Path(tempfile.mkdtemp(prefix="branchdesk-shots-"))
    os.environ["BRANCHDESK_DATA_DIR"] = str(temp / "data")
    from desktop.app import install_cjk_font, install_qt_translations
    from desktop.services import settings
    from desktop.store.database import open_database
    from desktop.ui.collector import MainThreadCollector
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    suffix = sys.argv[2] if len(sys.argv) > 2 else ""
    app = QApplication.instance() or QApplication([])
    install_cjk_font(app)
    install_qt_translations(app)
    collector = MainThreadCollector()
    database = open_database(str(temp / "empty.sqlite3"))
    settings.save(database.workspace, [settings.Change("subdistrict_name", "光明街道"),
                                       settings.Change("issuer_name", "中共光明街道工作委员会")])
    database.workspace.forbid_thread(threading.main_thread())
    context = AppContext(database.workspace, database.file)
    window = MainWindow(context)
    free = window.screen().availableGeometry()
    if free.width() > 1366:  # a larger screen: the window the clerk would make of it
        window.resize(min(1600, free.width() - 80), min(960, free.height() - 80))
    window.show()
    context.tasks.settle()
    pause(1500)
    assert window.start_page.isVisible(), "an empty database shows the start page"
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"start_page{suffix}.png"))
    print(f"window {window.frameGeometry().getRect()} on {free.getRect()}")
    window.close()
    context.tasks.wait()
    database.close()
    collector.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
