"""The workflow panel refuses a date outside the year, inline and in Chinese, as a clerk types it:
a 2027 typed for a 2025 step stays 2027 on screen, is named as the reason, and records nothing."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit

from desktop.services import workflow
from tests.ui.test_evaluation_tab import YEAR, setup  # noqa: F401 - the fixture


def _type_year(qtbot, edit: QDateEdit, text: str) -> None:
    edit.setFocus()
    edit.setSelectedSection(QDateEdit.Section.YearSection)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def _panel(setup):  # noqa: F811
    tab = setup[0]
    tab.pages.setCurrentWidget(tab.results)
    page = tab.results
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    return page.workflow


def test_a_date_in_another_year_is_refused_inline_and_nothing_moves(qtbot, setup, engine):  # noqa: F811
    panel = _panel(setup)
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
    assert workflow.steps_of(engine, branch, YEAR) == []
    assert panel.steps.rowCount() == 0 and panel.on_date.hasFocus()

    _type_year(qtbot, panel.on_date, str(YEAR))
    assert panel.date_problem.text() == ""
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert [s.state for s in workflow.steps_of(engine, branch, YEAR)] == ["self_assessed"]
    assert panel.message.text() == "已记录：已自评"
    assert panel.message.geometry() == message_at
