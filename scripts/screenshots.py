"""Screenshots of the registry for the README: docs/registry.png and docs/branch_form.png.

Run under a real (virtual) display so fonts and styles are those of a desktop:
    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshots.py [OUT_DIR]   (default docs/)
The window fits the screen it opens on: on a 1366×768 screen the shot is that screen's size.
Uses street-scale demo data in a temporary database; the user's own data is never touched.
To prove the bundled CJK font is enough on a machine without one, point FONTCONFIG_FILE at a
fonts.conf that lists only a Latin font folder (e.g. DejaVu) and check that Chinese still renders.
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
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def pause(ms: int = 300) -> None:
    """Let the event loop run a while: repaints, and the validation a typed value starts."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def commit_text(widget, text: str) -> None:
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


class DemoWindow:
    """The main window on a fresh street demo in a temporary folder (the user's data untouched),
    sized from argv (`OUT_DIR [WIDTHxHEIGHT]`), for a shots script; `close()` ends it cleanly."""

    def __init__(self, argv: list[str]):
        temp = Path(tempfile.mkdtemp(prefix="branchdesk-shots-"))
        os.environ["BRANCHDESK_DATA_DIR"] = str(temp / "data")
        from desktop.app import install_cjk_font
        from desktop.services import demo
        from desktop.store.database import open_database
        from desktop.ui.collector import MainThreadCollector
        from desktop.ui.context import AppContext
        from desktop.ui.main_window import MainWindow

        self.out = Path(argv[1]) if len(argv) > 1 else ROOT / "docs"
        self.size = tuple(int(v) for v in (argv[2] if len(argv) > 2 else "1366x768").split("x"))
        self.app = QApplication.instance() or QApplication([])
        install_cjk_font(self.app)
        self.collector = MainThreadCollector()
        self.database = open_database(str(temp / "street.sqlite3"))
        demo.generate(self.database.workspace, "street", seed=1)
        self.database.workspace.forbid_thread(threading.main_thread())
        self.context = AppContext(self.database.workspace, self.database.file)
        self.window = MainWindow(self.context)
        self.window.resize(*self.size)
        self.window.show()
        self.out.mkdir(parents=True, exist_ok=True)

    def show_tab(self, kind: type):
        """Bring the tab of that class forward (tabs sit in scroll areas) and return it."""
        tabs = self.window.tabs
        index = next(i for i in range(tabs.count()) if isinstance(tabs.widget(i).widget(), kind))
        tabs.setCurrentIndex(index)
        return tabs.widget(index).widget()

    def close(self) -> None:
        self.window.close()
        self.context.tasks.settle()
        self.database.close()
        self.collector.stop()


def main() -> int:
    temp = Path(tempfile.mkdtemp(prefix="branchdesk-shots-"))
    os.environ["BRANCHDESK_DATA_DIR"] = str(temp / "data")
    from desktop.app import install_cjk_font
    from desktop.services import demo
    from desktop.store.database import open_database
    from desktop.ui.branch_dialog import BranchDialog
    from desktop.ui.collector import MainThreadCollector
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.registry_tab import RegistryTab

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    app = QApplication.instance() or QApplication([])
    install_cjk_font(app)
    collector = MainThreadCollector()  # no garbage collection on the worker thread
    database = open_database(str(temp / "street.sqlite3"))
    demo.generate(database.workspace, "street", seed=1)
    # As run_gui: the window's database work runs on the runner's worker, never on the GUI thread.
    database.workspace.forbid_thread(threading.main_thread())
    context = AppContext(database.workspace, database.file)
    window = MainWindow(context)
    window.resize(1500, 860)
    window.show()
    tab = window.tab(RegistryTab)
    context.tasks.settle()  # the registry's rows have landed
    # Show a branch with several findings in the detail panel, the way a clerk would look at it.
    tab.finding_filter.setCurrentIndex(tab.finding_filter.findText("有任一问题"))
    worst = max(range(tab.proxy.rowCount()), key=lambda r: tab.proxy.index(r, 6).data(0x0100))
    tab.select_branch(tab.proxy.index(worst, 0).data(0x0101).id)
    tab.finding_filter.setCurrentIndex(0)
    tab.select_branch(tab.selected_branch().id)
    pause()
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / "registry.png"))

    tab.edit_selected()  # the form opens once the branch is read on the worker
    context.tasks.settle()
    dialog = tab.findChild(BranchDialog)
    dialog.inputs["term_years"].clear()
    commit_text(dialog.inputs["term_years"], "4")
    dialog.inputs["full_members"].clear()
    commit_text(dialog.inputs["full_members"], "十二")
    pause()
    dialog.grab().save(str(out / "branch_form.png"))
    dialog.reject()
    window.close()
    context.tasks.settle()
    database.close()
    collector.stop()
    print(f"saved {out / 'registry.png'} and {out / 'branch_form.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
