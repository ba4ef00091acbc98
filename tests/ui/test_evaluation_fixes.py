"""User-test findings in 考评打分: what the score editor lets through, the finalize question, the
tallies form keeping unsaved counts, and the dialogs' Chinese buttons."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop.services import scoring, tallies
from desktop.ui.operations import OpChanges
from desktop.ui.reason_dialog import ReasonDialog
from desktop.ui.session_dialog import SessionDialog
from tests.ui.conftest import gui_context, settle
from tests.ui.test_evaluation_tab import YEAR, setup, type_keys  # noqa: F401 - the fixture

Button = QMessageBox.StandardButton


def _stored(ws, session_id):
    return scoring.load_grid(ws, session_id).scores


def test_negative_and_quarter_points_are_refused_as_typed(qtbot, setup, ws):  # noqa: F811
    tab, session_id, _branches = setup
    view, model = tab.scoring.view, tab.scoring.model
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    type_keys(qtbot, view, "-1")
    assert "-1 不能为负" in tab.scoring.status.text()
    assert _stored(ws, session_id) == {}
    assert view.currentIndex() == model.index(0, 0)
    row = next(r for r, item in enumerate(model.items) if item.max_points >= 3)
    view.setCurrentIndex(model.index(row, 0))
    type_keys(qtbot, view, "2.25")
    assert "2.25 不是整分或半分" in tab.scoring.status.text()
    assert _stored(ws, session_id) == {}
    type_keys(qtbot, view, "2.5")
    assert list(_stored(ws, session_id).values()) == [2.5]


def test_finalize_says_how_many_cells_are_empty(qtbot, setup, ws, boxes):  # noqa: F811
    tab, _session_id, _branches = setup
    view, model = tab.scoring.view, tab.scoring.model
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    for _ in range(3):
        type_keys(qtbot, view, "1")
    empty = len(model.items) * 2 * 2 - 3
    boxes.answer = Button.No
    qtbot.mouseClick(tab.scoring.finalize_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab.context)  # the empty cells are counted on the worker
    [question] = boxes.texts("question")
    assert question.startswith(f"还有 {empty} 格未打分：未打分的评委对该支部的分数不计入组织评定。")
    assert not scoring.list_sessions(ws, YEAR)[0].finalized


def _edit_count(qtbot, page, value="12"):
    page.counts["participants"].clear()
    qtbot.keyClicks(page.counts["participants"], value)


def _tally_page(qtbot, setup, branch_id):  # noqa: F811 - the imported fixture, passed on by the tests
    """The 四评录入 page, showing `branch_id`."""
    tab = setup[0]
    tab.pages.setCurrentWidget(tab.tallies)
    settle(qtbot, tab.context)
    tab.tallies.select_branch(branch_id)
    settle(qtbot, tab.context)
    return tab, tab.tallies


def _pick(qtbot, page, branch_id) -> None:
    """Choose another branch in the list; what it leads to (a save, a load) lands on the worker."""
    page.select_branch(branch_id)
    settle(qtbot, page.context)


def test_tallies_ask_before_leaving_unsaved_counts(qtbot, setup, ws, boxes):  # noqa: F811
    first, second = setup[2]
    _tab, page = _tally_page(qtbot, setup, first)
    _pick(qtbot, page, second)
    assert boxes.texts("question") == []  # nothing typed: no question

    _pick(qtbot, page, first)
    _edit_count(qtbot, page)
    boxes.answer = Button.Cancel
    _pick(qtbot, page, second)
    assert len(boxes.texts("question")) == 1 and "未保存" in boxes.texts("question")[0]
    assert page.branch_id == first and page.counts["participants"].text() == "12"  # stayed, kept the typing
    assert page.branch_model.rows[page.branch_proxy.mapToSource(page.branch_list.currentIndex()).row()][0] == first

    boxes.answer = Button.Save
    _pick(qtbot, page, second)
    assert page.branch_id == second
    assert tallies.get_tally(ws, first, YEAR).tally.participants == 12

    _edit_count(qtbot, page, "7")
    boxes.answer = Button.Discard
    _pick(qtbot, page, first)
    assert page.branch_id == first and page.counts["participants"].text() == "12"
    assert tallies.get_tally(ws, second, YEAR).tally.participants is None


def test_tallies_stay_when_saving_the_unsaved_counts_fails(qtbot, setup, ws, boxes):  # noqa: F811
    first, second = setup[2]
    _tab, page = _tally_page(qtbot, setup, first)
    _edit_count(qtbot, page, "abc")
    boxes.answer = Button.Save
    _pick(qtbot, page, second)
    assert page.branch_id == first and page.error.text()  # the refusal shows; nothing lost


def test_dialog_buttons_read_chinese(qtbot, db):
    reason = ReasonDialog("甲 · 项目：1 → 2", "党建办")
    session = SessionDialog(gui_context(db), YEAR, [])
    for dialog in (reason, session):
        qtbot.addWidget(dialog)
        box = dialog.findChild(QDialogButtonBox)
        assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_results_summary_tells_meeting_the_standard_from_acceptance(qtbot, setup, ws):  # noqa: F811
    from datetime import date

    from desktop.rules.scoring import Tally
    from desktop.services import workflow
    from desktop.services.tallies import TallyForm

    tab, _session_id, (first, second) = setup
    good = Tally(participants=10, excellent=9, qualified=1, basic=0, unqualified=0, satisfied=20, public_basic=0,
                 dissatisfied=0)
    for branch in (first, second):
        tallies.save_tally(ws, branch, YEAR, TallyForm(tally=good, review_grade="excellent", org_score_override=95))
        for state, outcome in (("self_assessed", None), ("applied", None), ("assessed", "pass"),
                               ("accepted", "pass" if branch == first else "fail")):
            workflow.record_step(ws, branch, YEAR, state, date(YEAR, 7, 1), "党建办", outcome=outcome)
    tab.pages.setCurrentWidget(tab.results)
    page = tab.results
    page.reload()
    settle(qtbot, tab.context)
    assert "考评达标 2 个" in page.summary.text() and "已验收（标准化）1 个" in page.summary.text()
    column = page.model.columnCount() - 1
    shown = {page.proxy.index(row, 0).data(): page.proxy.index(row, column).data() for row in range(page.proxy.rowCount())}
    assert shown == {"甲社区党支部": "区委已验收", "乙社区党支部": "区委验收未通过"}
    page.kind.setCurrentText("已验收（标准化）")
    assert page.proxy.rowCount() == 1


def test_tallies_keep_unsaved_counts_across_a_visit_to_another_page(qtbot, setup, ws, boxes):  # noqa: F811
    tab, page = _tally_page(qtbot, setup, setup[2][0])
    _edit_count(qtbot, page, "15")
    tab.pages.setCurrentWidget(tab.scoring)
    tab.context.ops.announce(OpChanges.of("evaluation"))  # tallies imported meanwhile: the page is stale
    tab.pages.setCurrentWidget(tab.tallies)
    settle(qtbot, tab.context)
    assert page.counts["participants"].text() == "15" and page.dirty()
    boxes.answer = Button.Cancel
    tab.year.setValue(YEAR + 1)  # another year: save, discard or stay asks first
    assert any("未保存" in text for text in boxes.texts("question"))
    assert tab.year.value() == YEAR and page.counts["participants"].text() == "15"  # 取消: the year box is put back
    boxes.answer = Button.Discard
    tab.year.setValue(YEAR + 1)
    settle(qtbot, tab.context)
    assert page.counts["participants"].text() == "" and page.title.text().endswith(f"{YEAR + 1} 年")
    assert tallies.get_tally(ws, setup[2][0], YEAR).tally.participants is None


def test_results_export_writes_the_file_and_explains_a_failure(qtbot, setup, tmp_path, monkeypatch, boxes):  # noqa: F811
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    tab, _session_id, _branches = setup
    tab.pages.setCurrentWidget(tab.results)
    settle(qtbot, tab.context)
    page = tab.results
    target = tmp_path / "结果.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    tab.context.tasks.wait()
    qtbot.waitUntil(lambda: bool(boxes.texts("information")))
    assert boxes.texts("information")[-1] == f"已导出到 {target}"
    assert load_workbook(target).worksheets[0].max_row >= 3  # header + the two branches

    blocker = tmp_path / "一个文件"
    blocker.write_text("x")
    bad = blocker / "结果.xlsx"  # a file where a folder should be
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    tab.context.tasks.wait()
    qtbot.waitUntil(lambda: bool(boxes.texts("warning")))
    message = boxes.texts("warning")[-1]
    assert message.startswith(f"无法写入 {bad}") and "Errno" not in message
