"""Screenshots of the 整顿提升 tab from the street demo: the screening with a candidate's grounds, the
ledger with the 动态清零 figures, and a case form with its progress notes; and the preview of an
整顿台账 import that changes two cases (docs/import_preview.png).

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/shots_weak.py docs/ [WIDTHxHEIGHT]
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import desktop.ui  # noqa: E402,F401 - the singleton guard before any Qt call

# isort: split
from PySide6.QtWidgets import QApplication  # noqa: E402

from scripts.screenshots import pause  # noqa: E402 - the shots' shared wait for repaints


def edited_ledger(ws, path: Path) -> Path:
    """The demo's 整顿台账 exported, as a clerk sends it back: two cases with a new 责任人 and 整改时限."""
    from datetime import date

    from openpyxl import load_workbook

    from desktop.services import datasets

    datasets.DATASETS["weak-cases"].export_file(ws, path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    column = {cell.value: cell.column for cell in sheet[1]}
    for row, (person, deadline) in enumerate((("赵红梅", date(2026, 6, 30)), ("孙立新", None)), start=2):
        sheet.cell(row, column["责任人"], person)
        if deadline is not None:
            sheet.cell(row, column["整改时限"], deadline)
    book.save(path)
    return path


def main() -> int:
    temp = Path(tempfile.mkdtemp(prefix="branchdesk-shots-"))
    os.environ["BRANCHDESK_DATA_DIR"] = str(temp / "data")
    from desktop.app import install_cjk_font
    from desktop.services import demo
    from desktop.store.database import open_database
    from desktop.ui.collector import MainThreadCollector
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.weak_tab import WeakTab

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    width, height = (int(v) for v in (sys.argv[2] if len(sys.argv) > 2 else "1366x768").split("x"))
    suffix = "" if (width, height) == (1366, 768) else f"_{width}"
    app = QApplication.instance() or QApplication([])
    install_cjk_font(app)
    collector = MainThreadCollector()
    database = open_database(str(temp / "street.sqlite3"))
    demo.generate(database.workspace, "street", seed=1)
    ledger_file = edited_ledger(database.workspace, temp / "整顿台账.xlsx")
    database.workspace.forbid_thread(threading.main_thread())
    context = AppContext(database.workspace, database.file)
    window = MainWindow(context)
    window.resize(width, height)
    window.show()
    tab = window.tab(WeakTab)
    assert isinstance(tab, WeakTab)
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    context.tasks.settle()
    screening = tab.screening
    rows = screening.model.rows
    if rows:  # the candidate with the most grounds, as a clerk would look at it first
        best = max(range(len(rows)), key=lambda r: len(rows[r].grounds))
        screening.view.selectRow(screening.proxy.mapFromSource(screening.model.index(best, 0)).row())
    pause()
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"weak{suffix}.png"))

    tab.pages.setCurrentWidget(tab.ledger)
    context.tasks.settle()
    ledger = tab.ledger
    cases = ledger.model.rows
    if not cases:
        ledger.scope.setCurrentIndex(ledger.scope.findData("all"))
        context.tasks.settle()
        cases = ledger.model.rows
    pause()
    window.grab().save(str(out / f"weak_ledger{suffix}.png"))
    if cases:
        chosen = max(range(len(cases)), key=lambda r: (len(cases[r].progress), cases[r].state != "closed"))
        ledger.view.selectRow(ledger.proxy.mapFromSource(ledger.model.index(chosen, 0)).row())
        ledger.open_selected()
        context.tasks.settle()
        pause()
        tab.dialog.grab().save(str(out / f"weak_case{suffix}.png"))
        tab.dialog.reject()
    tab.pages.setCurrentWidget(tab.inspections)
    context.tasks.settle()
    if tab.inspections.model.rows:
        tab.inspections.view.selectRow(0)
    pause()
    window.grab().save(str(out / f"weak_inspections{suffix}.png"))

    from desktop.ui.file_actions import sheet_for
    from desktop.ui.import_dialog import ImportDialog

    preview = ImportDialog(context, sheet_for("weak-cases"), ledger_file, window)
    preview.show()
    context.tasks.settle()
    pause()
    preview.grab().save(str(out / f"import_preview{suffix}.png"))
    preview.reject()
    window.close()
    context.tasks.settle()
    database.close()
    collector.stop()
    print(f"saved the 整顿提升 shots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
