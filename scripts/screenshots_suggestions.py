"""Screenshots of 采用建议分 and the 评分记录表 with street demo data: docs/scoring_suggestions.png (the
grid with suggested cells, at 1366×768), docs/scoring_suggestions_large.png and docs/score_record.png
(the printed sheet, rendered with pdftoppm).

    python scripts/screenshots_suggestions.py [OUT_DIR]   (default docs/)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))  # the street data and the tab's shutdown of screenshots_evaluation


def main() -> None:
    from screenshots_evaluation import scored_session, shut, street

    from desktop.services import documents, scoring, suggestions
    from desktop.ui.context import AppContext
    from desktop.ui.evaluation_tab import EvaluationTab

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    app, collector, db = street(work)
    ws = db.workspace
    year = date.today().year

    # The first scorer typed three branches, then took the ledger's suggestions for all the others;
    # one of them is confirmed already, and two suggested cells were typed over.
    session_id, grid = scored_session(ws, year, 8, ["王建国", "李秀英", "张志强"], 3)
    scorer_id = grid.scorers[0][0]
    filled = suggestions.adopt(ws, session_id, scorer_id)
    suggestions.confirm(ws, session_id, scorer_id, grid.branches[3][0])
    for key in sorted(k for k in filled if k[1] == grid.branches[5][0])[:2]:
        scoring.save_score(ws, session_id, key, filled[key])

    printed = documents.print_document(ws, "score_record", {"year": year, "session": grid.session.uuid, "scorer": "王建国"},
                                       work / "record.pdf")
    subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", str(printed.path), str(out / "score_record")], check=True)

    # As run_gui: the tab's database work runs on the runner's worker, never on the GUI thread.
    ws.forbid_thread(threading.main_thread())
    context = AppContext(ws, db.file)
    tab = EvaluationTab(context, year=year)
    tab.show()  # each page loads once it is on screen
    for size, name in (((1366, 728), "scoring_suggestions.png"), ((1600, 1000), "scoring_suggestions_large.png")):
        tab.resize(*size)
        context.tasks.settle()
        page = tab.scoring
        page.sessions.setCurrentIndex(page.sessions.findData(session_id))
        context.tasks.settle()  # that session's grid and evidence have landed
        page.view.setFocus()
        page.view.setCurrentIndex(page.model.index(9, 4))  # a suggested cell: its ledger line shows below
        page.status.setText(f"已填入 {len(filled)} 格建议分（斜体、黄底），待评分人确认")
        page.status.setStyleSheet("color:#1e8449")
        app.processEvents()
        tab.grab().save(str(out / name))
    shut(app, tab, context, db, collector)
    print(f"wrote {out / 'scoring_suggestions.png'}, {out / 'scoring_suggestions_large.png'} and {out / 'score_record.png'}")


if __name__ == "__main__":
    main()
