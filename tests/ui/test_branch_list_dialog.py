"""The branches behind a chart point are listed in pinyin order, like the registry."""

from __future__ import annotations

from desktop.rules.trends import BranchGroup
from desktop.ui.branch_list_dialog import BranchListDialog
from tests.ui.conftest import add_branch, settle


def test_branches_behind_a_point_are_in_pinyin_order_and_filterable(qtbot, context, ws):
    ids = [add_branch(ws, name) for name in ("张家村党支部", "安康社区党支部", "北苑社区党支部")]
    dialog = BranchListDialog(context, "2025 年 已标准化", [BranchGroup("已标准化", tuple(ids))])
    qtbot.addWidget(dialog)
    settle(qtbot, context)  # the names are read on the worker
    shown = [dialog.proxy.index(row, 0).data() for row in range(dialog.proxy.rowCount())]
    assert shown == ["安康社区党支部", "北苑社区党支部", "张家村党支部"]  # an, bei, zhang
    dialog.filter_edit.setText("社区")
    assert dialog.proxy.rowCount() == 2 and "筛选后 2 个" in dialog.count_label.text()
