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
