"""Screenshots on a 1366×768 office screen: the window (趋势图表, the tallest tab), the print
preview and the start page of an empty database, for docs/window_1366.png,
docs/print_preview_1366.png and docs/start_page.png.

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/screenshots_fit.py [OUT_DIR]   (default docs/)

On a larger screen (`-screen 0 1920x1080x24`, another OUT_DIR) the same shots show how the window
uses the room. Street-scale demo data in a temporary database, and an empty one whose names are set
(the start page's first step done); the user's own data is never touched.
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
    from desktop.services import demo
    from desktop.store.database import open_database
    from desktop.ui.collector import MainThreadCollector
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.paper_dialog import PrintDialog
    from desktop.ui.trends_tab import TrendsTab

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    app = QApplication.instance() or QApplication([])
    install_cjk_font(app)
    install_qt_translations(app)
    collector = MainThreadCollector()
    database = open_database(str(temp / "street.sqlite3"))
    demo.generate(database.workspace, "street", seed=1)
    database.workspace.forbid_thread(threading.main_thread())
    context = AppContext(database.workspace, database.file)
    window = MainWindow(context)
    window.show()
    context.tasks.settle()
    trends = window.tab(TrendsTab)
    window.tabs.setCurrentIndex(next(i for i in range(window.tabs.count()) if window.tabs.widget(i).widget() is trends))
    context.tasks.settle()
    pause(1500)
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / "window_1366.png"))
    print(f"window {window.frameGeometry().getRect()} on {window.screen().availableGeometry().getRect()}")

    dialog = PrintDialog(context, window)
    dialog.show()
    context.tasks.settle()
    dialog.generate()
    context.tasks.settle()
    pause(1500)
    preview = dialog.preview
    preview.raise_()
    pause(1500)
    preview.grab().save(str(out / "print_preview_1366.png"))
    print(f"preview {preview.frameGeometry().getRect()}")
    preview.close()
    dialog.reject()
    window.close()
    context.tasks.wait()
    database.close()

    from desktop.services import settings

    empty = open_database(str(temp / "empty.sqlite3"))
    settings.save(empty.workspace, [settings.Change("subdistrict_name", "光明街道"),
                                    settings.Change("issuer_name", "中共光明街道工作委员会")])
    empty.workspace.forbid_thread(threading.main_thread())
    context = AppContext(empty.workspace, empty.file)
    window = MainWindow(context)
    window.show()
    context.tasks.settle()
    pause(1500)
    assert window.start_page.isVisible(), "an empty database shows the start page"
    window.grab().save(str(out / "start_page.png"))
    print(f"start page {window.frameGeometry().getRect()}")
    window.close()
    context.tasks.wait()
    empty.close()
    collector.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
