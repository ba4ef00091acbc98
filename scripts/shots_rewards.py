"""Screenshots of the 创建计划与激励 page (考评打分 tab) from the street demo: this year's plan and the
calculator with an amount just typed in place (and the line under the table saying what was saved),
and the 市委组织部 grant form over it.

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/shots_rewards.py docs/ [WIDTHxHEIGHT]
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


def main() -> int:
    temp = Path(tempfile.mkdtemp(prefix="branchdesk-shots-"))
    os.environ["BRANCHDESK_DATA_DIR"] = str(temp / "data")
    from desktop.app import install_cjk_font
    from desktop.services import demo
    from desktop.store.database import open_database
    from desktop.ui.collector import MainThreadCollector
    from desktop.ui.context import AppContext
    from desktop.ui.evaluation_tab import EvaluationTab
    from desktop.ui.grant_dialog import GrantDialog
    from desktop.ui.main_window import MainWindow

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    width, height = (int(v) for v in (sys.argv[2] if len(sys.argv) > 2 else "1366x768").split("x"))
    suffix = "" if (width, height) == (1366, 768) else "-large"
    app = QApplication.instance() or QApplication([])
    install_cjk_font(app)
    collector = MainThreadCollector()
    database = open_database(str(temp / "street.sqlite3"))
    demo.generate(database.workspace, "street", seed=1)
    database.workspace.forbid_thread(threading.main_thread())
    context = AppContext(database.workspace, database.file)
    window = MainWindow(context)
    window.resize(width, height)
    window.show()
    tab = window.tab(EvaluationTab)
    assert isinstance(tab, EvaluationTab)
    window.tabs.setCurrentIndex(next(i for i in range(window.tabs.count()) if window.tabs.widget(i).widget() is tab))
    tab.pages.setCurrentWidget(tab.rewards)
    app.processEvents()  # shown: its follower loads it
    context.tasks.settle()
    page = tab.rewards
    model, table = page.rewards_model, page.rewards_table
    rows = model.rows
    village = next(i for i, r in enumerate(rows) if r.pay_total_fen and r.figures.bonus_fen)
    column = next(i for i, c in enumerate(model.columns) if c.header == "班子年待遇报酬总额")
    typed = f"{(rows[village].pay_total_fen or 0) / 100 + 1200:.2f}"  # a raise, typed as the clerk would
    table.setCurrentIndex(model.index(village, column))
    model.setData(model.index(village, column), typed)
    context.tasks.settle()
    app.processEvents()
    context.tasks.settle()
    table.setCurrentIndex(model.index(village, column))
    table.scrollTo(model.index(village, 0))
    pause()
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"rewards{suffix}.png"))

    city = next((i for i, r in enumerate(model.rows) if r.city_rated), None)
    if city is None:  # none rated by the 市委 yet this year: the year before
        tab.year.setValue(tab.year.value() - 1)
        app.processEvents()
        context.tasks.settle()
        city = next((i for i, r in enumerate(model.rows) if r.city_rated), None)
    if city is not None:
        table.setCurrentIndex(model.index(city, 0))
        table.scrollTo(model.index(city, 0))
        page.grant_button.click()
        dialog = page.findChild(GrantDialog)
        assert dialog is not None
        if not dialog.amount.text():
            dialog.amount.setText("50000.00")
        pause()
        dialog.grab().save(str(out / f"rewards-grant{suffix}.png"))
        dialog.reject()
    window.close()
    context.tasks.settle()
    database.close()
    collector.stop()
    print(f"saved the 创建计划与激励 shots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
