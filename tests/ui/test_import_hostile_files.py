"""The window's import dialog on hostile files: the refusal is shown in the dialog within seconds
(the dimension bomb used to hold the worker for ~15 minutes), nothing can be confirmed, no traceback."""

from __future__ import annotations

import sys

import pytest

from desktop.excel import branches as branch_sheet
from desktop.services import branches
from tests.excel import hostile
from tests.ui.test_file_menu import start_import

HEADERS = [c.header for c in branch_sheet.columns()]


@pytest.mark.parametrize("build, shown", [
    (lambda: hostile.billion_laughs(HEADERS), "文档类型声明"),
    (lambda: hostile.truncated_sheet(hostile.workbook_bytes([HEADERS, ["甲党支部", "村"]])), "不是有效的 Excel 文件"),
    (lambda: hostile.workbook_bytes([[*HEADERS, "支部类型"]]), "出现了两次"),
])
def test_a_refused_file_is_explained_in_the_dialog(qtbot, window, monkeypatch, tmp_path, ws, build, shown):
    hooks = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: hooks.append(args))
    before = branches.branch_names(ws)
    dialog = start_import(qtbot, window, monkeypatch, hostile.write(tmp_path / "坏.xlsx", build()))
    assert shown in dialog.status.text() and dialog.plan is None
    assert not dialog.confirm_button.isEnabled()
    assert hooks == [] and branches.branch_names(ws) == before


def test_the_dimension_bomb_previews_at_once(qtbot, window, monkeypatch, tmp_path):
    dialog = start_import(qtbot, window, monkeypatch, hostile.write(tmp_path / "炸弹.xlsx", hostile.dimension_bomb(HEADERS)))
    assert dialog.plan is not None and dialog.plan.rows == [] and dialog.plan.rejected == []
    assert "没有需要写入的内容" in dialog.status.text()
