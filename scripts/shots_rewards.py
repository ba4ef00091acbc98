"""Screenshots of the 创建计划与激励 page (考评打分 tab) from the street demo: this year's plan (one
branch decided, the others 未定 with the data's suggestion) and the calculator with an amount just
typed in place (and the line under the table saying what was saved), and the 市委组织部 grant form.

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/shots_rewards.py docs/ [WIDTHxHEIGHT]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.screenshots import DemoWindow, pause


def main() -> int:
    from desktop.ui.evaluation_tab import EvaluationTab
    from desktop.ui.grant_dialog import GrantDialog

    shots = DemoWindow(sys.argv)
    suffix = "" if shots.size == (1366, 768) else "-large"
    app, context = shots.app, shots.context
    tab = shots.show_tab(EvaluationTab)
    tab.pages.setCurrentWidget(tab.rewards)
    app.processEvents()  # shown: its followers load it
    context.tasks.settle()
    page = tab.rewards
    from PySide6.QtCore import Qt

    # One branch's plan decided (ticked, saved at once): the tick and the count agree, the other rows
    # stay 未定 with the data's suggestion beside them.
    plan = page.plan_model
    planned = next(i for i, c in enumerate(plan.columns) if c.header == "本年度计划达标")
    plan.setData(plan.index(0, planned), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    for _ in range(2):  # the save, then the reload it announces
        context.tasks.settle()
        app.processEvents()
    model, table = page.rewards_model, page.rewards_table
    rows = model.rows
    village = next(i for i, r in enumerate(rows) if r.pay_total_fen and r.figures.bonus_fen)
    column = next(i for i, c in enumerate(model.columns) if c.header == "班子年待遇报酬总额")
    typed = f"{(rows[village].pay_total_fen or 0) / 100 + 1200:.2f}"  # a raise, typed as the clerk would
    table.setCurrentIndex(model.index(village, column))
    model.setData(model.index(village, column), typed)
    for _ in range(2):  # the save, then the reload it announces
        context.tasks.settle()
        app.processEvents()
    table.setCurrentIndex(model.index(village, column))
    table.scrollTo(model.index(village, 0))
    pause()
    shots.window.grab().save(str(shots.out / f"rewards{suffix}.png"))

    city = next((i for i, r in enumerate(model.rows) if r.city_rated), None)
    if city is None:  # none rated by the 市委 yet this year: the year before
        tab.year.setValue(tab.year.value() - 1)
        app.processEvents()
        context.tasks.settle()
        city = next((i for i, r in enumerate(model.rows) if r.city_rated), None)
    if city is not None:
        table.setCurrentIndex(model.index(city, 0))
        page.grant_button.click()
        dialog = page.findChild(GrantDialog)
        assert dialog is not None
        if not dialog.amount.text():
            dialog.amount.setText("50000.00")
        pause()
        dialog.grab().save(str(shots.out / f"rewards-grant{suffix}.png"))
        dialog.reject()
    shots.close()
    print(f"saved the 创建计划与激励 shots in {shots.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
