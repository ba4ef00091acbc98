"""Archiving and deleting from the 支部台账 tab, as the clerk meets it on a full ledger."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.services import branches
from desktop.ui.context import BRANCHES
from tests.ui.conftest import add_branch
from tests.ui.test_registry_tab import seed, select, shown_names  # noqa: F401 - the same ledger

YES = QMessageBox.StandardButton.Yes


def test_a_branch_added_then_archived_leaves_the_list(qtbot, registry, boxes, engine):
    add_branch(engine, "测试新支部", "community", 8)
    with qtbot.waitSignal(registry.loaded):
        registry.context.events.changed.emit(BRANCHES)
    select(qtbot, registry, "测试新支部")
    boxes.answer = YES
    with qtbot.waitSignal(registry.loaded):
        qtbot.mouseClick(registry.archive_button, Qt.MouseButton.LeftButton)
    assert "测试新支部" not in shown_names(registry)
    assert "测试新支部（已归档）" not in shown_names(registry)
    assert registry.count_label.text() == "显示 3 / 4 个支部"


def test_delete_with_history_offers_archiving_before_asking_to_delete(qtbot, registry, boxes, engine, monkeypatch):
    monkeypatch.setattr(branches, "has_history", lambda _engine, _branch_id: True)
    select(qtbot, registry, "和平社区党支部")
    boxes.answer = YES
    with qtbot.waitSignal(registry.loaded):
        qtbot.mouseClick(registry.delete_button, Qt.MouseButton.LeftButton)
    questions = boxes.texts("question")
    assert len(questions) == 1 and "不能删除" in questions[0] and "归档" in questions[0]
    assert not any("确定删除" in text for text in questions)
    assert "和平社区党支部" not in shown_names(registry)
    assert "和平社区党支部" in branches.branch_names(engine)  # archived, not deleted


def test_delete_with_history_declined_changes_nothing(qtbot, registry, boxes, engine, monkeypatch):
    monkeypatch.setattr(branches, "has_history", lambda _engine, _branch_id: True)
    select(qtbot, registry, "和平社区党支部")
    with qtbot.waitSignal(registry.context.tasks.idle):
        qtbot.mouseClick(registry.delete_button, Qt.MouseButton.LeftButton)  # answered 否
    assert "和平社区党支部" in shown_names(registry)
