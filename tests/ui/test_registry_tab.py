"""The 支部台账 tab driven as a clerk would: filter, sort, add, edit, archive, delete."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop.errors import BranchdeskError
from desktop.services import branches
from desktop.ui.branch_dialog import BranchDialog
from desktop.ui.registry_model import ARCHIVED_TEXT, MEMBERS, NAME, SECRETARY, TERM_END
from tests.ui.conftest import add_branch, settle, tick, type_text

YES = QMessageBox.StandardButton.Yes


@pytest.fixture
def seed(ws):
    return {
        "和平社区党支部": add_branch(ws, "和平社区党支部", "community", 10, secretary="王建国"),
        "幸福村党支部": add_branch(ws, "幸福村党支部", "village", 2, secretary="李海燕"),
        "街道党政办机关党支部": add_branch(ws, "街道党政办机关党支部", "government", 45, secretary="张伟",
                                      elected_on=date(2020, 1, 10)),
    }


def shown_names(tab) -> list[str]:
    return [tab.proxy.index(row, NAME).data() for row in range(tab.proxy.rowCount())]


def column_values(tab, column) -> list:
    return [tab.proxy.index(row, column).data() for row in range(tab.proxy.rowCount())]


def select(qtbot, tab, name: str) -> None:
    row = shown_names(tab).index(name)
    rect = tab.table.visualRect(tab.proxy.index(row, NAME))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.selected_branch().name == name.removesuffix("（已归档）")


def opened_dialog(qtbot, tab) -> BranchDialog:
    """The branch form, once its data has been read on the worker and it is open."""
    qtbot.waitUntil(lambda: tab.findChild(BranchDialog) is not None, timeout=5000)
    dialog = tab.findChild(BranchDialog)
    assert dialog.isVisible()
    return dialog


def open_dialog(qtbot, tab, button) -> BranchDialog:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return opened_dialog(qtbot, tab)


def fill_form(qtbot, dialog, kind: str | None = None, **typed: str) -> None:
    """Pick the branch kind and type into the named fields, as a clerk fills the form."""
    if kind is not None:
        dialog.inputs["branch_kind"].setCurrentIndex(dialog.inputs["branch_kind"].findText(kind))
    for field, text in typed.items():
        dialog.inputs[field].clear()
        type_text(qtbot, dialog.inputs[field], text)


def press_save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_lists_every_branch_with_findings_as_badges(registry):
    # Names in pinyin order (he, jie, xing), as in a paper ledger, not by Unicode code point.
    assert shown_names(registry) == ["和平社区党支部", "街道党政办机关党支部", "幸福村党支部"]
    assert "人数不足" in column_values(registry, 6)[shown_names(registry).index("幸福村党支部")]
    assert registry.count_label.text() == "显示 3 / 3 个支部"


def test_typing_in_the_filter_drops_rows(qtbot, registry):
    type_text(qtbot, registry.search, "和平")
    assert shown_names(registry) == ["和平社区党支部"]
    registry.search.clear()
    type_text(qtbot, registry.search, "李海")  # the secretary's name matches too
    assert shown_names(registry) == ["幸福村党支部"]
    type_text(qtbot, registry.search, "x")
    assert shown_names(registry) == []
    assert registry.count_label.text() == "显示 0 / 3 个支部"


def test_filter_by_kind_and_by_finding(registry):
    registry.kind_filter.setCurrentIndex(registry.kind_filter.findText("村"))
    assert shown_names(registry) == ["幸福村党支部"]
    registry.kind_filter.setCurrentIndex(0)
    registry.finding_filter.setCurrentIndex(registry.finding_filter.findText("规模过大"))
    assert shown_names(registry) == []
    registry.finding_filter.setCurrentIndex(registry.finding_filter.findText("任期届满"))
    assert shown_names(registry) == ["街道党政办机关党支部"]  # elected 2020 for 3 years
    registry.finding_filter.setCurrentIndex(registry.finding_filter.findText("有任一问题"))
    assert "幸福村党支部" in shown_names(registry)


def click_header(qtbot, tab, column) -> None:
    header = tab.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_sort_by_members_is_numeric_and_by_date(qtbot, registry):
    click_header(qtbot, registry, MEMBERS)
    assert [v.split("（")[0] for v in column_values(registry, MEMBERS)] == ["2", "10", "45"]  # not "10" < "2"
    click_header(qtbot, registry, MEMBERS)
    assert [v.split("（")[0] for v in column_values(registry, MEMBERS)] == ["45", "10", "2"]
    click_header(qtbot, registry, TERM_END)
    ends = column_values(registry, TERM_END)
    assert ends == sorted(ends)
    click_header(qtbot, registry, SECRETARY)
    assert len(column_values(registry, SECRETARY)) == 3


def test_detail_panel_explains_each_finding(qtbot, registry):
    select(qtbot, registry, "幸福村党支部")
    text = registry.detail.toPlainText()
    assert "正式党员 2 人，不足 3 人" in text
    assert registry.edit_button.isEnabled()


def test_year_selector_judges_training_by_that_year(qtbot, registry):
    select(qtbot, registry, "和平社区党支部")
    assert "书记未培训" not in registry.detail.toPlainText()
    with qtbot.waitSignal(registry.loaded):
        qtbot.keyClick(registry.year, Qt.Key.Key_Down)  # last year: no training recorded
    assert "书记未培训" in registry.detail.toPlainText()
    assert f"{date.today().year - 1}-12-31" in registry.detail.toPlainText()


def test_add_a_branch_through_the_form(qtbot, registry, ws):
    dialog = open_dialog(qtbot, registry, registry.add_button)
    fill_form(qtbot, dialog, "社区", name="光明社区党支部", secretary="赵丽华", full_members="12",
              elected_on="2023/5/20", term_years="5")
    tick(qtbot, dialog.trained)
    with qtbot.waitSignal(registry.loaded):
        press_save(qtbot, dialog)
    assert "光明社区党支部" in shown_names(registry)
    assert registry.selected_branch().name == "光明社区党支部"
    saved = branches.get_branch(ws, registry.selected_branch().id)
    assert saved["elected_on"] == date(2023, 5, 20) and saved["full_members"] == 12
    assert saved["trained_years"] == frozenset({date.today().year})


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("name", "和平社区党支部", "不能重复"),
        ("term_years", "4", "任期年限应为 3 或 5"),
        ("elected_on", (date.today() + timedelta(days=1)).isoformat(), "晚于今天"),
        ("established_on", "2023-02-30", "不是存在的日期"),
        ("full_members", "abc", "“abc”不是整数"),
        ("probationary_members", "-1", "不能为负数"),
    ],
)
def test_validation_messages_inline_and_nothing_saved(qtbot, registry, ws, field, typed, message):
    dialog = open_dialog(qtbot, registry, registry.add_button)
    if field != "name":
        type_text(qtbot, dialog.inputs["name"], "新支部")
    type_text(qtbot, dialog.inputs[field], typed)
    assert dialog.errors[field].isVisible()  # shown while typing, before 保存
    assert message in dialog.errors[field].text()
    press_save(qtbot, dialog)
    assert dialog.isVisible()  # refused
    assert dialog.errors["branch_kind"].text() == "请填写支部类型"
    assert len(branches.branch_names(ws)) == 3


def test_required_fields_reported_on_save(qtbot, registry):
    dialog = open_dialog(qtbot, registry, registry.add_button)
    assert not dialog.errors["name"].isVisible()  # nothing shouted before the user did anything
    press_save(qtbot, dialog)
    assert dialog.errors["name"].text() == "请填写支部名称"
    assert dialog.errors["full_members"].text() == "请填写正式党员数"
    assert dialog.focusWidget() is dialog.inputs["name"]


def test_edit_with_enter_keeps_other_training_years(qtbot, registry, ws, seed):
    branch_id = seed["和平社区党支部"]
    branches.save_branch(ws, {"name": "和平社区党支部", "trained_years": frozenset({2019, date.today().year})}, branch_id)
    settle(qtbot, registry.context)
    select(qtbot, registry, "和平社区党支部")
    qtbot.keyClick(registry.table, Qt.Key.Key_Return)
    dialog = opened_dialog(qtbot, registry)
    assert dialog.inputs["name"].text() == "和平社区党支部"
    assert dialog.trained.isChecked()
    dialog.inputs["secretary"].clear()
    type_text(qtbot, dialog.inputs["secretary"], "周春生")
    tick(qtbot, dialog.trained)  # untick this year only
    with qtbot.waitSignal(registry.loaded):
        press_save(qtbot, dialog)
    assert column_values(registry, SECRETARY)[shown_names(registry).index("和平社区党支部")] == "周春生"
    assert branches.get_branch(ws, branch_id)["trained_years"] == frozenset({2019})
    assert "书记未培训" in registry.detail.toPlainText()


def test_archive_hides_then_show_archived_greys(qtbot, registry, boxes):
    select(qtbot, registry, "幸福村党支部")
    boxes.answer = YES
    with qtbot.waitSignal(registry.loaded):
        qtbot.mouseClick(registry.archive_button, Qt.MouseButton.LeftButton)
    assert "归档" in boxes.texts("question")[-1]
    assert "幸福村党支部" not in shown_names(registry)
    tick(qtbot, registry.show_archived)
    row = shown_names(registry).index("幸福村党支部（已归档）")
    assert registry.proxy.index(row, NAME).data(Qt.ItemDataRole.ForegroundRole).color() == ARCHIVED_TEXT
    select(qtbot, registry, "幸福村党支部（已归档）")
    assert registry.archive_button.text() == "取消归档"
    with qtbot.waitSignal(registry.loaded):
        qtbot.mouseClick(registry.archive_button, Qt.MouseButton.LeftButton)
    assert "幸福村党支部" in shown_names(registry)


def test_delete_asks_first(qtbot, registry, boxes, ws):
    select(qtbot, registry, "幸福村党支部")
    with qtbot.waitSignal(registry.context.tasks.idle):  # it looks for history first
        qtbot.mouseClick(registry.delete_button, Qt.MouseButton.LeftButton)  # answered 否
    assert "确定删除“幸福村党支部”" in boxes.texts("question")[-1]
    assert "幸福村党支部" in branches.branch_names(ws)
    boxes.answer = YES
    with qtbot.waitSignal(registry.loaded):
        qtbot.mouseClick(registry.delete_button, Qt.MouseButton.LeftButton)
    assert "幸福村党支部" not in shown_names(registry)
    assert "幸福村党支部" not in branches.branch_names(ws)


def test_branch_with_history_is_refused_with_advice_to_archive(qtbot, registry, boxes, monkeypatch):
    def refuse(_engine, _branch_id):
        raise BranchdeskError("该支部已有会议、考评等历史记录，不能删除，只能归档。")

    monkeypatch.setattr(branches, "delete_branch", refuse)
    select(qtbot, registry, "和平社区党支部")
    boxes.answer = YES
    with qtbot.waitSignal(registry.context.tasks.idle):
        qtbot.mouseClick(registry.delete_button, Qt.MouseButton.LeftButton)
    assert "只能归档" in boxes.texts("warning")[-1]
    assert "和平社区党支部" in shown_names(registry)


def test_double_click_opens_the_form(qtbot, registry):
    row = shown_names(registry).index("幸福村党支部")
    rect = registry.table.visualRect(registry.proxy.index(row, NAME))
    qtbot.mouseClick(registry.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(registry.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = opened_dialog(qtbot, registry)
    assert dialog.inputs["name"].text() == "幸福村党支部"
    assert dialog.windowTitle() == "编辑支部"


def test_a_re_election_shows_the_rating_ended_and_a_new_round_due(qtbot, registry, ws, seed):
    """§四(四): the branch rated under its old term is re-elected in the form's data; the registry
    names the ended rating in the detail and flags 新一轮建设."""
    from tests.services.test_rewards_services import rated
    from tests.services.test_rounds_services import re_elect

    branch_id = seed["和平社区党支部"]
    year = date.today().year
    rated(ws, branch_id, "rated_district", year=year - 1)  # 区级最强 on the 6th of March last year
    re_elect(ws, branch_id, date(year - 1, 3, 7))
    registry.follower.invalidate()
    settle(qtbot, registry.context)
    select(qtbot, registry, "和平社区党支部")
    text = registry.detail.toPlainText()
    assert f"{year - 1} 年区级最强党支部（{year - 1}-03-06 评定），随上届任期结束（{year - 1}-03-07 换届）" in text
    assert "新一轮建设" in text and "应开展新一轮建设" in text
