"""整顿提升 as a clerk uses it: screen, 认定 a candidate with its grounds ticked, note progress, accept,
close; the overdue flag and the 最强 bar follow; inspections and 约谈 are logged; the papers open in
the print dialog; the thresholds and the branch's vacancy date are edited in their forms."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QLineEdit, QMessageBox

from desktop.services import inspections, meetings, results, weak_cases, weak_rules
from desktop.ui.weak_case_dialog import CaseDialog
from desktop.ui.weak_tab import WeakTab
from tests.ui.conftest import add_branch, settle, tick, type_text

TODAY = date.today()
YEAR = TODAY.year
QUIET = "甲社区党支部"
BUSY = "乙社区党支部"


@pytest.fixture
def seed(ws) -> dict[str, int]:
    """A branch that held no meeting for a year and lost its secretary long ago, and one that meets
    every month of the screening window."""
    quiet = add_branch(ws, QUIET, secretary_vacant_since=date(YEAR - 1, 1, 1), established_on=date(2010, 1, 1))
    busy = add_branch(ws, BUSY, secretary="王建国", established_on=date(2010, 1, 1))
    for back in range(12):
        month = (TODAY.year * 12 + TODAY.month - 1) - back
        day = date(month // 12, month % 12 + 1, 1)
        meetings.save_meeting(ws, {"branch_id": busy, "meeting_type": "theme_day", "held_on": day, "topic": f"主题党日 {day}"})
    return {QUIET: quiet, BUSY: busy}


@pytest.fixture
def tab(qtbot, context, seed):
    widget = WeakTab(context)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    settle(qtbot, context)
    return widget


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def select(view, model, predicate) -> None:
    proxy = view.model()
    for row in range(proxy.rowCount()):
        source = proxy.mapToSource(proxy.index(row, 0)).row() if proxy is not model else row
        if predicate(model.row_at(source)):
            view.selectRow(row)
            return
    raise AssertionError("no such row")


def cell(model, row: int, header: str) -> str:
    column = next(i for i, c in enumerate(model.columns) if c.header == header)
    return model.index(row, column).data()


def save_dialog(qtbot, context, dialog) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save))
    settle(qtbot, context)


def test_screening_shows_the_candidate_with_its_grounds_evidence_and_history(qtbot, tab, context, ws, seed):
    page = tab.screening
    names = [c.name for c in page.model.rows]
    assert names == [QUIET]  # the busy branch met every month and has a secretary
    assert "组织生活不正常" in cell(page.model, 0, "认定情形")
    assert "班子不齐或书记长期缺职" in cell(page.model, 0, "认定情形")
    assert cell(page.model, 0, "整顿台账") == "未认定"
    assert "1 个支部触发认定情形" in page.summary.text()
    inspections.record_talk(ws, seed[QUIET], TODAY, "赵六", "组织生活长期不正常")
    page.view.selectRow(0)
    assert "依据" in page.detail.text() and "书记" in page.detail.text()
    settle(qtbot, context)  # the branch's earlier 整顿 record follows
    assert "整顿记录" in page.detail.text() and "约谈赵六：组织生活长期不正常" in page.detail.text()


def test_a_case_opened_from_a_candidate_goes_through_its_states(qtbot, tab, context, ws, seed, boxes):
    page = tab.screening
    page.view.selectRow(0)
    click(qtbot, page.open_button)
    dialog = tab.dialog
    assert isinstance(dialog, CaseDialog) and dialog.isVisible()  # the real form, on screen
    assert dialog.grounds["no_organizational_life"].isChecked()
    assert dialog.grounds["secretary_vacant"].isChecked()
    assert not dialog.grounds["team_disunited"].isChecked()
    assert not dialog.progress_box.isEnabled()  # notes come once the case exists
    tick(qtbot, dialog.grounds["team_disunited"])  # a ground of judgment, added by the clerk
    type_text(qtbot, dialog.problems, "班子不团结，长期不开会")
    type_text(qtbot, dialog.lines["responsible"], "张三")
    type_text(qtbot, dialog.lines["first_secretary"], "李四")
    deadline = date(YEAR, 1, 1)
    type_text(qtbot, dialog.lines["deadline"], deadline.isoformat())
    save_dialog(qtbot, context, dialog)
    assert not dialog.isVisible()
    (case,) = weak_cases.list_cases(ws, YEAR)
    assert case.name == QUIET and case.state == "open"
    assert set(case.form.grounds) == {"no_organizational_life", "secretary_vacant", "team_disunited"}
    assert (case.form.responsible, case.form.first_secretary, case.form.deadline) == ("张三", "李四", deadline)
    assert cell(page.model, 0, "整顿台账") == "已认定"  # the screening follows the ledger

    # An open case bars 最强 for the year, and says why.
    (result,) = [r for r in results.year_results(ws, YEAR) if r.branch_id == seed[QUIET]]
    assert "weak_case_open" in result.strongest_bars

    ledger = tab.ledger
    tab.pages.setCurrentWidget(ledger)
    settle(qtbot, context)
    assert cell(ledger.model, 0, "状态") == "已认定"
    overdue = deadline < TODAY
    assert cell(ledger.model, 0, "逾期") == ("逾期" if overdue else "")
    assert ledger.cards["open_now"].text() == "1"
    assert ledger.cards["overdue_now"].text() == ("1" if overdue else "0")

    # A progress note: 认定 → 整顿中.
    ledger.view.selectRow(0)
    click(qtbot, ledger.open_button)
    settle(qtbot, context)
    dialog = tab.dialog
    type_text(qtbot, dialog.note_text, "调整班子，恢复三会一课")
    click(qtbot, dialog.add_note_button)
    settle(qtbot, context)
    assert [p.text for p in dialog.progress_model.rows] == ["调整班子，恢复三会一课"]
    assert "整顿中" in dialog.header.text()
    assert weak_cases.list_cases(ws, YEAR)[0].state == "rectifying"

    # 验收 passed, then 销号: a 销号 before the acceptance is refused in the form.
    type_text(qtbot, dialog.lines["closed_on"], TODAY.isoformat())
    save_dialog(qtbot, context, dialog)
    assert dialog.isVisible() and "验收通过后才能销号" in dialog.error_label.text()
    dialog.lines["closed_on"].clear()
    type_text(qtbot, dialog.lines["accepted_on"], TODAY.isoformat())
    dialog.acceptance.setCurrentIndex(dialog.acceptance.findText("通过"))
    save_dialog(qtbot, context, dialog)
    assert not dialog.isVisible()
    assert weak_cases.list_cases(ws, YEAR)[0].state == "accepted"
    assert cell(ledger.model, 0, "逾期") == ""  # accepted: no longer overdue

    ledger.view.selectRow(0)
    click(qtbot, ledger.open_button)
    settle(qtbot, context)
    dialog = tab.dialog
    type_text(qtbot, dialog.lines["closed_on"], TODAY.isoformat())
    save_dialog(qtbot, context, dialog)
    assert weak_cases.list_cases(ws, YEAR)[0].state == "closed"
    assert cell(ledger.model, 0, "状态") == "已销号"
    assert ledger.cards["open_now"].text() == "0"
    assert boxes.texts("warning") == [] and boxes.texts("critical") == []


def test_inspection_and_talk_are_logged(qtbot, tab, context, ws, seed, boxes):
    page = tab.inspections
    tab.pages.setCurrentWidget(page)
    settle(qtbot, context)
    click(qtbot, page.add_button)
    settle(qtbot, context)
    dialog = tab.dialog
    assert dialog.isVisible()
    save_dialog(qtbot, context, dialog)
    assert "请从列表中选择支部" in dialog.error_label.text() or "请至少登记" in dialog.error_label.text()
    type_text(qtbot, dialog.inspectors, "党建办 王五")
    combo = dialog.visits.cellWidget(0, 0)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText(QUIET))
    findings, follow_up, deadline = (dialog.visits.cellWidget(0, c) for c in (1, 2, 3))
    assert isinstance(findings, QLineEdit)
    type_text(qtbot, findings, "会议记录缺失")
    type_text(qtbot, follow_up, "补齐记录")
    type_text(qtbot, deadline, (TODAY + timedelta(days=30)).isoformat())
    save_dialog(qtbot, context, dialog)
    assert not dialog.isVisible()
    (inspection,) = inspections.list_inspections(ws, YEAR)
    assert inspection.inspectors == "党建办 王五" and inspection.open
    assert [(v.name, v.findings, v.follow_up) for v in inspection.visits] == [(QUIET, "会议记录缺失", "补齐记录")]
    assert cell(page.model, 0, "整改") == "待整改"
    page.view.selectRow(0)
    assert [v.name for v in page.visits_model.rows] == [QUIET]

    click(qtbot, page.add_talk_button)
    settle(qtbot, context)
    talk = tab.dialog
    talk.branch.setCurrentIndex(talk.branch.findText(QUIET))
    type_text(qtbot, talk.person, "赵六")
    type_text(qtbot, talk.role, "党支部副书记")
    type_text(qtbot, talk.reason, "组织生活长期不正常")
    save_dialog(qtbot, context, talk)
    (recorded,) = inspections.list_talks(ws, YEAR)
    assert (recorded.name, recorded.person, recorded.role) == (QUIET, "赵六", "党支部副书记")
    assert cell(page.talks_model, 0, "约谈对象") == "赵六"
    history = inspections.branch_history(ws, seed[QUIET])
    assert len(history.visits) == 1 and len(history.talks) == 1

    # The branch did what was asked: its follow-up is closed today, and the inspection with it.
    boxes.answer = QMessageBox.StandardButton.Yes
    page.view.selectRow(0)
    page.visits_view.selectRow(0)
    click(qtbot, page.close_visit_button)
    settle(qtbot, context)
    (inspection,) = inspections.list_inspections(ws, YEAR)
    assert inspection.visits[0].closed_on == TODAY and not inspection.open
    assert cell(page.model, 0, "整改") == "已完成"
    page.talks_view.selectRow(0)
    click(qtbot, page.delete_talk_button)
    settle(qtbot, context)
    assert inspections.list_talks(ws, YEAR) == [] and page.talks_model.rowCount() == 0


def test_the_papers_open_in_the_print_dialog_and_a_case_is_deleted(qtbot, tab, context, ws, seed, boxes):
    case_id = weak_cases.open_case(ws, seed[QUIET], YEAR, weak_cases.CaseForm(("secretary_vacant",)))
    assert case_id
    ledger = tab.ledger
    tab.pages.setCurrentWidget(ledger)
    settle(qtbot, context)
    ledger.view.selectRow(0)
    click(qtbot, ledger.print_closure_button)
    settle(qtbot, context)
    printing = tab.printing
    assert printing.kind() == "weak_closure" and printing.year_box.value() == YEAR
    assert printing.selected_branch_ids() == [seed[QUIET]]
    printing.reject()
    click(qtbot, ledger.print_ledger_button)
    printing = tab.printing
    assert printing.kind() == "weak_cases" and printing.selected_branch_ids() is None
    click(qtbot, printing.generate_button)  # the real print: a PDF and its record
    qtbot.waitUntil(lambda: printing.last_result is not None, timeout=60_000)
    text = subprocess.run(["pdftotext", "-layout", str(printing.last_result.path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "软弱涣散党组织整顿台账" in text and QUIET in text
    printing.preview.close()
    printing.reject()
    tab.pages.setCurrentWidget(tab.inspections)
    click(qtbot, tab.inspections.print_button)
    assert tab.printing.kind() == "inspections"
    tab.printing.reject()

    tab.pages.setCurrentWidget(ledger)
    ledger.view.selectRow(0)
    click(qtbot, ledger.delete_button)  # 否: nothing happens
    settle(qtbot, context)
    assert len(weak_cases.list_cases(ws, YEAR)) == 1
    boxes.answer = QMessageBox.StandardButton.Yes
    click(qtbot, ledger.delete_button)
    settle(qtbot, context)
    assert weak_cases.list_cases(ws, YEAR) == [] and ledger.model.rowCount() == 0


def test_thresholds_are_saved_for_the_year(qtbot, tab, context, ws):
    click(qtbot, tab.screening.thresholds_button)
    settle(qtbot, context)
    dialog = tab.dialog
    dialog.vacancy_months.setValue(6)
    dialog.satisfaction.setValue(70)
    save_dialog(qtbot, context, dialog)
    saved = weak_rules.thresholds_for_year(ws, YEAR)
    assert (saved.satisfaction_percent, saved.vacancy_months) == (70, 6)
    assert "书记空缺超过 6 个月" in tab.screening.summary.text()


def test_the_branch_form_records_since_when_the_secretary_post_is_vacant(qtbot, context, ws, seed):
    from desktop.services import branches
    from desktop.ui.branch_dialog import BranchDialog, load

    dialog = BranchDialog(context, YEAR, load(ws, seed[BUSY]))
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.inputs["secretary_vacant_since"]
    assert isinstance(field, QLineEdit) and field.text() == "" and "书记空缺时填写" in field.placeholderText()
    type_text(qtbot, field, "2009-01-01")
    assert "早于成立日期" in dialog.errors["secretary_vacant_since"].text()
    field.clear()
    type_text(qtbot, field, f"{YEAR - 1}-06-01")
    dialog.save()
    settle(qtbot, context)
    assert branches.get_branch(ws, seed[BUSY])["secretary_vacant_since"] == date(YEAR - 1, 6, 1)


def test_weak_datasets_are_in_the_file_menu(qtbot, window, monkeypatch, tmp_path, boxes):
    path = tmp_path / "整顿台账模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))
    for label in ("软弱涣散整顿台账", "督查检查记录"):
        assert f"import:{label}" in window.actions and f"export:{label}" in window.actions
    window.actions["template:软弱涣散整顿台账"].trigger()
    settle(qtbot, window.context)
    headers = [c.value for c in next(load_workbook(path).active.iter_rows(max_row=1))]
    assert "认定情形" in " ".join(str(h) for h in headers) and "支部名称" in " ".join(str(h) for h in headers)
    assert window.tab(WeakTab) is not None


def test_results_page_follows_a_case_opened_in_the_tab(qtbot, window, context, ws, seed):
    """A case opened in 整顿提升 bars 最强 in 考评结果与流程, which reloads when it is shown again."""
    from desktop.ui.evaluation_tab import EvaluationTab
    from desktop.ui.results_page import ResultsPage

    evaluation = window.tab(EvaluationTab)
    window.tabs.setCurrentIndex(2)
    evaluation.pages.setCurrentWidget(evaluation.results)
    settle(qtbot, context)
    page: ResultsPage = evaluation.results

    def reasons() -> str:
        row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).branch_id == seed[QUIET])
        return cell(page.model, row, "不可评最强的原因")

    assert "软弱涣散整顿尚未销号" not in reasons()
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    tab = window.tab(WeakTab)
    settle(qtbot, context)
    tab.screening.view.selectRow(0)
    click(qtbot, tab.screening.open_button)
    save_dialog(qtbot, context, tab.dialog)
    window.tabs.setCurrentIndex(2)
    settle(qtbot, context)
    assert "软弱涣散整顿尚未销号" in reasons()


def test_a_case_changed_meanwhile_is_not_saved_over(qtbot, tab, context, ws, seed):
    case_id = weak_cases.open_case(ws, seed[QUIET], YEAR, weak_cases.CaseForm(("secretary_vacant",), responsible="张三"))
    tab.pages.setCurrentWidget(tab.ledger)
    settle(qtbot, context)
    tab.ledger.view.selectRow(0)
    click(qtbot, tab.ledger.open_button)
    settle(qtbot, context)
    dialog = tab.dialog
    weak_cases.save_case(ws, case_id, weak_cases.CaseForm(("secretary_vacant",), responsible="李四"))  # someone else
    type_text(qtbot, dialog.measures, "调整班子")
    save_dialog(qtbot, context, dialog)
    settle(qtbot, context)
    assert dialog.isVisible() and "已显示最新数据" in dialog.error_label.text()
    assert dialog.lines["responsible"].text() == "李四"  # the stored values are shown
    assert weak_cases.get_case(ws, case_id).form.measures is None  # nothing was written over
    save_dialog(qtbot, context, dialog)  # saved again on the latest version: it lands
    assert not dialog.isVisible()
    assert weak_cases.get_case(ws, case_id).form.responsible == "李四"


def test_a_past_year_is_screened_at_its_end(qtbot, tab, context):
    tab.year.setValue(YEAR - 1)
    settle(qtbot, context)
    assert tab.as_of() == date(YEAR - 1, 12, 31)
    assert tab.screening.summary.text().startswith(f"{YEAR - 1} 年截至 {YEAR - 1}-12-31")
    assert QUIET in {c.name for c in tab.screening.model.rows}
    tab.as_of_edit.setDate(tab.as_of_edit.date().addMonths(-6))
    settle(qtbot, context)
    assert f"截至 {YEAR - 1}-06-30" in tab.screening.summary.text()
