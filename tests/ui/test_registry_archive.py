"""Archiving and deleting from the 支部台账 tab, as the clerk meets it on a full ledger."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.services import branches
from tests.ui.conftest import add_branch, run_write
from tests.ui.test_registry_tab import seed, select, shown_names  # noqa: F401 - the same ledger

YES = QMessageBox.StandardButton.Yes


def test_a_branch_added_then_archived_leaves_the_list(qtbot, registry, boxes, ws):
    run_write(qtbot, registry.context, lambda ws: add_branch(ws, "测试新支部", "community", 8))
    select(qtbot, registry, "测试新支部")
    boxes.answer = YES
    with qtbot.waitSignal(registry.loaded):
        qtbot.mouseClick(registry.archive_button, Qt.MouseButton.LeftButton)
    assert "测试新支部" not in shown_names(registry)
    assert "测试新支部（已归档）" not in shown_names(registry)
    assert registry.count_label.text() == "显示 3 / 4 个支部"


def test_delete_with_history_offers_archiving_before_asking_to_delete(qtbot, registry, boxes, ws, monkeypatch):
    monkeypatch.setattr(branches, "has_history", lambda _engine, _branch_id: True)
    select(qtbot, registry, "和平社区党支部")
    boxes.answer = YES
    with qtbot.waitSignal(registry.loaded):
        qtbot.mouseClick(registry.delete_button, Qt.MouseButton.LeftButton)
    questions = boxes.texts("question")
    assert len(questions) == 1 and "不能删除" in questions[0] and "归档" in questions[0]
    assert not any("确定删除" in text for text in questions)
    assert "和平社区党支部" not in shown_names(registry)
    assert "和平社区党支部" in branches.branch_names(ws)  # archived, not deleted


def test_delete_with_history_declined_changes_nothing(qtbot, registry, boxes, ws, monkeypatch):
    monkeypatch.setattr(branches, "has_history", lambda _engine, _branch_id: True)
    select(qtbot, registry, "和平社区党支部")
    with qtbot.waitSignal(registry.context.tasks.idle):
        qtbot.mouseClick(registry.delete_button, Qt.MouseButton.LeftButton)  # answered 否
    assert "和平社区党支部" in shown_names(registry)


def test_term_that_does_not_fit_the_kind_is_hinted_but_saved(qtbot, registry, ws):
    from tests.ui.test_registry_tab import fill_form, open_dialog, press_save

    dialog = open_dialog(qtbot, registry, registry.add_button)
    fill_form(qtbot, dialog, "社区", name="测试新支部", full_members="8", term_years="3")
    hint = dialog.errors["term_years"]
    assert hint.isVisible() and "村、社区党支部每届任期一般为 5 年" in hint.text()
    fill_form(qtbot, dialog, "机关")
    assert not hint.isVisible()  # 3 years fits a 机关 branch
    fill_form(qtbot, dialog, term_years="5")
    assert "机关党支部每届任期一般为 3 年" in hint.text()
    fill_form(qtbot, dialog, "社区")
    assert not hint.isVisible()
    fill_form(qtbot, dialog, term_years="3")
    with qtbot.waitSignal(registry.loaded):
        press_save(qtbot, dialog)  # a hint, not a refusal
    assert branches.get_branch(ws, branches.branch_names(ws)["测试新支部"])["term_years"] == 3


def test_editing_a_branch_with_an_unusual_term_shows_the_hint_at_once(qtbot, registry, ws):
    from tests.ui.test_registry_tab import open_dialog

    run_write(qtbot, registry.context, lambda ws: add_branch(ws, "三年社区党支部", "community", 8, term_years=3))
    select(qtbot, registry, "三年社区党支部")
    dialog = open_dialog(qtbot, registry, registry.edit_button)
    assert dialog.errors["term_years"].isVisible() and "5 年" in dialog.errors["term_years"].text()
    assert not dialog.errors["name"].isVisible()
