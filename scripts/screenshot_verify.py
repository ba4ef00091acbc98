"""Screenshot of the 核对验证码 dialog listing what changed since a summary sheet was printed:
docs/verify_paper.png.

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/screenshot_verify.py [OUT_DIR]   (default docs/)

Street-scale demo data in a temporary database; the user's own data is never touched.
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


def main() -> int:
    temp = Path(tempfile.mkdtemp(prefix="branchdesk-shots-"))
    os.environ["BRANCHDESK_DATA_DIR"] = str(temp / "data")
    from desktop.app import install_cjk_font
    from desktop.services import demo, documents, scoring
    from desktop.services.results import year_results
    from desktop.store.database import open_database
    from desktop.ui.collector import MainThreadCollector
    from desktop.ui.context import AppContext
    from desktop.ui.paper_dialog import VerifyPaperDialog

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    app = QApplication.instance() or QApplication([])
    install_cjk_font(app)
    collector = MainThreadCollector()
    database = open_database(str(temp / "street.sqlite3"))
    ws = database.workspace
    demo.generate(ws, "street", 1)
    year = max(s.year for s in scoring.list_sessions(ws))
    printed = documents.print_document(ws, "summary", {"year": year}, temp / "summary.pdf")
    # After printing: a scorer corrects two cells of the first scored branch,.
    session = scoring.list_sessions(ws, year)[0]
    grid = scoring.load_grid(ws, session.id)
    scored = next(r for r in year_results(ws, year) if r.composite is not None)
    for item in grid.rubric.items[:2]:
        scoring.save_score(ws, session.id, (grid.scorers[0][0], scored.branch_id, item.id), item.max_points - 2,
                           changed_by="王评委", reason="会后复核更正")
    database.workspace.forbid_thread(threading.main_thread())
    context = AppContext(database.workspace, database.file)
    dialog = VerifyPaperDialog(context)
    dialog.show()
    dialog.code_edit.setText(printed.code_text)
    dialog.check()
    context.tasks.settle()
    app.processEvents()
    dialog.grab().save(str(out / "verify_paper.png"))
    print(f"wrote {out / 'verify_paper.png'}: {dialog.result_label.text()}")
    dialog.close()
    context.tasks.wait()
    del collector
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
