"""目标设置: edit in the table, refuse out-of-range values, save in one go, reset to the plan."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox

from desktop.services.targets import target_for
from desktop.ui.operations import OpChanges
from desktop.ui.targets_dialog import STANDARDIZED, STRONGEST, WEAK, open_targets, parse_percent
from tests.ui.conftest import settle


def opened(qtbot, context, through_year: int):
    """The dialog as the 趋势图表 tab opens it: the targets read on the worker first."""
    shown = []
    open_targets(context, through_year, None, shown.append)
    settle(qtbot, context)
    qtbot.addWidget(shown[0])
    return shown[0]


@pytest.fixture
def dialog(qtbot, context):
    widget = opened(qtbot, context, 2026)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _type_into(qtbot, dialog, row, column, text):
    view = dialog.view
    index = dialog.model.index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits and closes the editor through a queued call.
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def _save(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    settle(qtbot, dialog._context)


def test_rows_show_the_plan(dialog):
    model = dialog.model
    years = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert years == ["2022", "2023", "2024", "2025", "2026"]
    assert model.index(3, STANDARDIZED).data() == "90" and model.index(3, STRONGEST).data() == "50"
    assert model.index(0, STRONGEST).data() == ""
    assert model.index(4, 5).data() == "沿用上年"


def test_edit_and_save(qtbot, dialog, ws):
    assert dialog.view.editTriggers() & QAbstractItemView.EditTrigger.DoubleClicked
    _type_into(qtbot, dialog, 4, STANDARDIZED, "95%")
    _type_into(qtbot, dialog, 4, STRONGEST, "55")
    dialog.model.setData(dialog.model.index(4, WEAK), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert dialog.model.index(4, 5).data() == "已修改"
    with qtbot.waitSignal(dialog._context.ops.changed) as signal:
        _save(qtbot, dialog)
    assert signal.args[0] == OpChanges.of("target") and signal.args[1] is dialog
    assert not dialog.isVisible()
    saved = target_for(ws, 2026)
    assert (saved.standardized_share, saved.strongest_share, saved.weak_cleared) == (0.95, 0.55, False)
    assert target_for(ws, 2025).source == "default"  # untouched rows are not stored


@pytest.mark.parametrize("text, reason", [("101", "0–100%"), ("-1", "不能为负"), ("8o", "不是数字"), ("", "请填写")])
def test_out_of_range_is_refused_with_a_message(qtbot, dialog, text, reason):
    _type_into(qtbot, dialog, 2, STANDARDIZED, text)
    assert reason in dialog.error_label.text()
    assert dialog.model.index(2, STANDARDIZED).data() == "80"  # the old value stays


@pytest.mark.parametrize(("text", "reason"), [
    ("nan", "2026 年标准化目标：“nan”不是数字"),
    ("inf", "2026 年标准化目标：“inf”不是数字"),
    ("-inf", "2026 年标准化目标：“-inf”不是数字"),
    ("1e400", "2026 年标准化目标：1e400 超出 0–100% 的范围"),
    ("1_0", "2026 年标准化目标：“1_0”不是数字"),
    ("8,5", "2026 年标准化目标：“8,5”不是数字（小数点请用“.”）"),
])
def test_nan_inf_and_overflow_are_refused_by_name(text, reason):
    with pytest.raises(ValueError) as refused:
        parse_percent(text, "2026 年标准化目标", True)
    assert str(refused.value) == reason


def test_bounds_are_accepted():
    assert parse_percent("0", "x", True) == 0.0
    assert parse_percent("100%", "x", True) == 1.0
    assert parse_percent(" 62.5 ", "x", True) == 0.625
    assert parse_percent("", "x", False) is None
    assert parse_percent("８５％", "x", True) == 0.85  # typed with a Chinese input method


def test_add_year_then_reset_a_year(qtbot, dialog, ws):
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    row = dialog.model.rowCount() - 1
    assert dialog.model.index(row, 0).data() == "2027"
    editor = dialog.view.indexWidget(dialog.model.index(row, STANDARDIZED))  # opened for typing
    editor.selectAll()
    qtbot.keyClicks(editor, "96")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.view.state() != QAbstractItemView.State.EditingState)
    _type_into(qtbot, dialog, 2, STANDARDIZED, "85")
    _save(qtbot, dialog)
    assert target_for(ws, 2027).standardized_share == 0.96
    assert target_for(ws, 2024).standardized_share == 0.85

    again = opened(qtbot, dialog._context, 2026)
    qtbot.mouseClick(again.reset_button, Qt.MouseButton.LeftButton)
    assert "请先选中" in again.error_label.text()
    again.view.selectRow(2)
    qtbot.mouseClick(again.reset_button, Qt.MouseButton.LeftButton)
    assert again.model.index(2, STANDARDIZED).data() == "80"
    again.view.selectRow(5)
    qtbot.mouseClick(again.reset_button, Qt.MouseButton.LeftButton)
    _save(qtbot, again)
    assert target_for(ws, 2024).source == "default"
    assert target_for(ws, 2027).standardized_share == 0.90  # follows 2025/2026 again
