"""考评打分 views that must follow what the clerk just did: the results table after a workflow step,
the scoring grid's 合计 while a column is half scored."""

from datetime import date

from PySide6.QtCore import Qt

from desktop.rules.scoring import Tally
from desktop.rules.workflow import state_label
from desktop.services import tallies
from desktop.services.tallies import TallyForm
from desktop.ui.operations import OpChanges
from tests.ui.conftest import settle
from tests.ui.test_evaluation_tab import YEAR, setup  # noqa: F401 - the fixture

GOOD = Tally(participants=10, excellent=9, qualified=1, basic=0, unqualified=0, satisfied=20, public_basic=0,
             dissatisfied=0)


def _click_page(qtbot, tab, page) -> None:
    bar = tab.pages.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab.pages.indexOf(page)).center())
    settle(qtbot, tab.context)


def _row_of(page, name: str) -> int:
    return next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data() == name)


def test_results_table_shows_a_recorded_step_at_once(qtbot, setup, ws):  # noqa: F811
    tab, _session_id, (first, _second) = setup
    tallies.save_tally(ws, first, YEAR, TallyForm(tally=GOOD, review_grade="excellent", org_score_override=95))
    _click_page(qtbot, tab, tab.results)
    page, panel = tab.results, tab.results.workflow
    state_column = page.model.columnCount() - 1
    row = _row_of(page, "甲社区党支部")
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.table.visualRect(page.proxy.index(row, 0)).center())
    settle(qtbot, tab.context)
    assert panel.title.text().startswith("甲社区党支部")
    assert "已验收（标准化）0 个" in page.summary.text()

    for state in ("self_assessed", "applied", "assessed", "accepted"):
        assert panel.state.currentData() == state  # the panel offers the next step
        panel.on_date.setDate(date(YEAR, 7, 1))
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
        settle(qtbot, tab.context)  # recorded on the worker; the table follows the step it wrote
        outcome = "pass" if state in ("assessed", "accepted") else None
        assert panel.message.text() == f"已记录：{state_label(state, outcome)}"  # not wiped by the refresh
        row = _row_of(page, "甲社区党支部")
        assert page.proxy.index(row, state_column).data() == state_label(state, outcome)
        assert page.table.selectionModel().isRowSelected(row)  # the clerk's row stays selected
    assert "已验收（标准化）1 个" in page.summary.text()
    page.kind.setCurrentText("已验收（标准化）")
    assert [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())] == ["甲社区党支部"]


def test_total_of_a_half_scored_column_reads_incomplete(qtbot, setup, ws):  # noqa: F811
    from tests.ui.test_evaluation_tab import type_keys

    tab, _session_id, _branches = setup
    view, model = tab.scoring.view, tab.scoring.model
    total_row = len(model.items)
    assert model.index(total_row, 0).data() == "—"  # nothing scored yet
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    typed = [item.max_points for item in model.items[:-1]]
    for points in typed:  # every item but the last, from the keyboard
        type_keys(qtbot, view, f"{points:g}")
    total = model.index(total_row, 0)
    assert total.data() == "未完成（缺 1 项）"
    assert f"共 {sum(typed):g} 分" in total.data(Qt.ItemDataRole.ToolTipRole)
    assert total.data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed

    last = model.items[-1]
    type_keys(qtbot, view, f"{last.max_points:g}")  # the cursor is on the last item now
    assert total.data() == f"{sum(typed) + last.max_points:g}"
    assert total.data(Qt.ItemDataRole.ForegroundRole) is None and total.data(Qt.ItemDataRole.ToolTipRole) is None



def test_results_written_while_the_tab_was_hidden_show_when_it_comes_back(qtbot, setup, ws):  # noqa: F811
    from desktop.services import workflow

    tab, _session_id, (first, _second) = setup
    _click_page(qtbot, tab, tab.results)
    page = tab.results
    tab.hide()  # the clerk is on another tab and imports through the 文件 menu
    workflow.record_step(ws, first, YEAR, "self_assessed", date(YEAR, 7, 1), "党建办")
    tab.context.ops.announce(OpChanges.of("workflow_step"))
    settle(qtbot, tab.context)
    assert page.follower.stale  # hidden: nothing read until it is shown
    tab.show()
    settle(qtbot, tab.context)
    row = _row_of(page, "甲社区党支部")
    assert page.proxy.index(row, page.model.columnCount() - 1).data() == state_label("self_assessed", None)
