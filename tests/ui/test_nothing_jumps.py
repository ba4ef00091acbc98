"""A message appearing under a field or a form moves nothing: its line was kept for it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from desktop.ui.message_line import MessageLine
from tests.ui.conftest import add_branch, meeting_form, settle


def geometry_of(widget):
    for _ in range(3):  # a wrapped label's new height settles over more than one layout pass
        QApplication.processEvents()
    return widget.mapTo(widget.window(), widget.rect().topLeft()), widget.size()


def test_a_long_message_is_cut_on_its_lines_and_whole_in_the_tooltip(qtbot):
    line = MessageLine(lines=1)
    qtbot.addWidget(line)
    line.resize(200, line.height())
    line.show()
    height = line.height()
    message = "实到人数 25 多于应到人数 20，" * 10
    line.setText(message)
    assert line.height() == height
    assert line.text() == message and line.toolTip() == message
    assert painted_text(line).endswith("…") and len(painted_text(line)) < len(message)
    line.clear()
    assert line.text() == "" and line.toolTip() == ""


def painted_text(line) -> str:  # what the label paints, not the message
    from PySide6.QtWidgets import QLabel

    return QLabel.text(line)


@pytest.fixture
def seed(ws):
    return {"一支部": add_branch(ws, "第一党支部", "community", 20)}


def test_meeting_form_errors_move_no_field(qtbot, context, seed):
    dialog = meeting_form(qtbot, context)
    dialog.show()
    qtbot.waitExposed(dialog)
    below = dialog.edits["attended"], dialog.minutes, dialog.buttons
    before = [geometry_of(widget) for widget in below]
    dialog.edits["expected"].setText("20")
    dialog.edits["attended"].setText("25")
    dialog.save()
    assert dialog.errors["branch_name"].isVisible() and dialog.errors["attended"].isVisible()
    assert [geometry_of(widget) for widget in below] == before


def test_branch_form_errors_move_no_field(qtbot, window, seed):
    from desktop.ui.registry_tab import RegistryTab

    window.tab(RegistryTab).add_branch()
    settle(qtbot, window.context)
    dialog = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "BranchDialog" and w.isVisible())
    below = dialog.inputs["full_members"], dialog.notes, dialog.buttons
    before = [geometry_of(widget) for widget in below]
    dialog.save()  # everything empty: a message under every required field
    assert dialog.errors["name"].isVisible()
    assert [geometry_of(widget) for widget in below] == before
    dialog.reject()


def test_workflow_panel_record_button_stays_when_a_message_appears(qtbot, window, seed):
    from desktop.ui.evaluation_tab import EvaluationTab
    evaluation = window.tab(EvaluationTab)
    window.tabs.setCurrentIndex(next(i for i in range(window.tabs.count()) if window.tabs.widget(i).widget() is evaluation))
    evaluation.pages.setCurrentWidget(evaluation.results)  # 考评结果与流程, where the panel is
    settle(qtbot, window.context)
    panel = evaluation.results.workflow
    year = date.today().year
    panel.show_branch(seed["一支部"], "第一党支部", year)
    settle(qtbot, window.context)
    assert panel.isVisible()
    before = geometry_of(panel.record_button)
    panel.on_date.setDate(date(year + 2, 1, 1))  # outside the year: refused under the form
    assert panel.date_problem.text()
    panel.message.setText("该支部尚未达到标准化规范化标准，不能申请验收：" + "组织生活未落实、" * 12)
    assert geometry_of(panel.record_button) == before
