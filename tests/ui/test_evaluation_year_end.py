"""The year-end findings in 考评打分 as a clerk meets them: a workflow date outside the year is refused
inline and in Chinese as it is typed (a 2027 for a 2025 step stays 2027 on screen, is named as the
reason, and records nothing); a failed 区委验收 bars the branch from 最强 in the results table; the
scoring grid suggests nothing for a yearly meeting still owed."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit

from desktop.services import scoring, tallies, workflow
from desktop.services.tallies import TallyForm
from desktop.ui.evaluation_tab import EvaluationTab
from tests.meeting_helpers import add_branch
from tests.services.test_evaluation_services import GOOD
from tests.ui.conftest import gui_context, settle
from tests.ui.test_evaluation_tab import YEAR, setup  # noqa: F401 - the fixture


def _type_year(qtbot, edit: QDateEdit, text: str) -> None:
    edit.setFocus()
    edit.setSelectedSection(QDateEdit.Section.YearSection)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def _panel(qtbot, setup):  # noqa: F811
    tab = setup[0]
    tab.pages.setCurrentWidget(tab.results)
    settle(qtbot, tab.context)
    page = tab.results
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    settle(qtbot, tab.context)
    return page.workflow


def test_a_date_in_another_year_is_refused_inline_and_nothing_moves(qtbot, setup, ws):  # noqa: F811
    panel = _panel(qtbot, setup)
    branch = panel.branch_id
    assert panel.on_date.date().year() == YEAR  # a past year's panel starts inside that year
    assert panel.date_problem.text() == ""
    message_at = panel.message.geometry()

    _type_year(qtbot, panel.on_date, str(YEAR + 2))
    assert panel.on_date.date().year() == YEAR + 2  # kept as typed, never pulled back into the year
    assert panel.date_problem.text().startswith(f"日期 {YEAR + 2}-")
    assert f"不在 {YEAR} 年度内" in panel.date_problem.text()
    assert panel.message.geometry() == message_at  # the line was reserved: nothing jumped

    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert workflow.steps_of(ws, branch, YEAR) == []
    assert panel.steps.rowCount() == 0 and panel.on_date.hasFocus()

    _type_year(qtbot, panel.on_date, str(YEAR))
    assert panel.date_problem.text() == ""
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot, setup[0].context)
    assert [s.state for s in workflow.steps_of(ws, branch, YEAR)] == ["self_assessed"]
    assert panel.message.text() == "已记录：已自评"
    assert panel.message.geometry() == message_at


def test_results_page_bars_a_failed_acceptance_from_strongest(qtbot, setup, ws):  # noqa: F811
    tab, _session_id, (failed, pending) = setup
    for branch in (failed, pending):
        tallies.save_tally(ws, branch, YEAR, TallyForm(tally=GOOD, review_grade="excellent", org_score_override=95))
        steps = [("self_assessed", None), ("applied", None), ("assessed", "pass")]
        for day, (state, outcome) in enumerate(steps + ([("accepted", "fail")] if branch == failed else []), start=1):
            workflow.record_step(ws, branch, YEAR, state, date(YEAR, 7, day), "党建办", outcome=outcome)
    tab.pages.setCurrentWidget(tab.results)
    page = tab.results
    page.reload()
    settle(qtbot, tab.context)
    columns = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    rows = {page.proxy.index(r, 0).data(): r for r in range(page.proxy.rowCount())}
    cell = lambda name, title: page.proxy.index(rows[name], columns.index(title)).data()  # noqa: E731
    assert cell("甲社区党支部", "最强资格") == "不可"
    assert cell("甲社区党支部", "不可评最强的原因") == "未达到标准化规范化标准"
    assert cell("甲社区党支部", "考评达标") == "达标"  # the score alone would have let it through
    assert cell("乙社区党支部", "最强资格") == "可推荐"  # acceptance pending: the score decides
    assert "可推荐最强 1 个" in page.summary.text()


def test_score_grid_suggests_nothing_for_a_yearly_meeting_still_owed(qtbot, db):
    """Next year's session, judged today: no period has ended, so 组织生活会 and 谈心谈话 are owed
    (before the fix they read 本年度不要求 with full points); the branch without groups is exempt."""
    year = date.today().year + 1
    branch = add_branch(db.workspace, groups=0)
    scoring.create_session(db.workspace, year, "年度考评", date(year, 6, 1), [branch], ["张三"])
    tab = EvaluationTab(gui_context(db), year=year)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)
    settle(qtbot, tab.context)
    page = tab.scoring
    rows = {item.item_code: row for row, item in enumerate(page.model.items)}
    assert page.model.index(rows["life.life_meeting"], 0).data() == "(未开展)"
    assert page.model.index(rows["life.talk"], 0).data() == "(未开展)"
    assert page.model.index(rows["life.group_meeting"], 0).data() == "(4)"  # no groups: truly not required
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(rows["life.talk"], 0))
    assert page.evidence.text() == "台账依据：谈心谈话：尚未开展（年底前须完成）；暂无建议分"
    assert "暂无建议分" in page.model.index(rows["life.talk"], 0).data(Qt.ItemDataRole.ToolTipRole)
