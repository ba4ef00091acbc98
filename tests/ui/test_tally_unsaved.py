"""四评录入 and the ways out of it, with the real question box: quitting or closing the window with
unsaved tallies asks 保存 / 不保存 / 取消; 取消 keeps the clerk where they were (window, branch, year);
with no branch chosen the form is closed and says why."""

from __future__ import annotations

import functools
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.rules.scoring import Tally
from desktop.services import tallies
from desktop.services.tallies import TallyForm
from desktop.ui.evaluation_tab import EvaluationTab
from tests.ui.conftest import add_branch, settle

Button = QMessageBox.StandardButton
FIRST, SECOND = "甲社区党支部", "乙社区党支部"


@pytest.fixture
def seed(ws):
    """Two branches; the first has this year's member vote counted: 优秀 21 of 25."""
    ids = {name: add_branch(ws, name) for name in (FIRST, SECOND)}
    counts = Tally(participants=25, excellent=21, qualified=4, basic=0, unqualified=0)
    tallies.save_tally(ws, ids[FIRST], date.today().year, TallyForm(tally=counts))
    return ids


def leaves_no_question(test):
    """pytest-qt closes the window before fixtures are torn down: a test that fails with typing left
    in the form must not hang there on the real question."""
    @functools.wraps(test)
    def run(*args, window, **kwargs):
        try:
            test(*args, window=window, **kwargs)
        finally:
            window.tab(EvaluationTab).tallies.branch_id = None  # nothing left to ask about
    return run


def open_tallies(qtbot, window):
    """Click the 考评打分 tab, then its 四评录入 page, as the clerk does."""
    bar = window.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == EvaluationTab.TITLE)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    tab = window.tab(EvaluationTab)
    pages = tab.pages.tabBar()
    qtbot.mouseClick(pages, Qt.MouseButton.LeftButton, pos=pages.tabRect(tab.pages.indexOf(tab.tallies)).center())
    qtbot.waitUntil(lambda: tab.tallies.branch_proxy.rowCount() == 2, timeout=3000)
    return tab, tab.tallies


def click_branch(qtbot, page, name: str) -> None:
    """Click a branch in the list; what that leads to (its tallies read, a save) lands on the worker."""
    row = next(r for r in range(page.branch_proxy.rowCount()) if page.branch_proxy.index(r, 0).data() == name)
    view = page.branch_list
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(page.branch_proxy.index(row, 0)).center())
    settle(qtbot, page.context)


def selected_branches(page) -> list[str]:
    return [index.data() for index in page.branch_list.selectionModel().selectedIndexes()]


def type_excellent(qtbot, page, value: str) -> None:
    edit = page.counts["excellent"]
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    edit.selectAll()
    qtbot.keyClicks(edit, value)


def press(button: Button, seen: list):
    def answer(dialog):
        assert isinstance(dialog, QMessageBox), type(dialog).__name__
        seen.append((dialog.text(), [b.text() for b in dialog.buttons()]))
        dialog.button(button).click()

    answer.__name__ = f"press {button.name}"
    return answer


def test_without_a_branch_the_form_is_closed_and_says_why(qtbot, window, seed):
    _tab, page = open_tallies(qtbot, window)
    assert page.title.text() == "请先在左侧选择支部"
    assert not page.form.isEnabled() and not page.save_button.isEnabled() and not page.counts["excellent"].isEnabled()
    click_branch(qtbot, page, FIRST)
    assert page.form.isEnabled() and page.title.text().startswith(FIRST)


@leaves_no_question
def test_quit_asks_and_cancel_keeps_the_window_then_save_keeps_the_count(qtbot, window, seed, ws, real_boxes,
                                                                         on_modal):
    _tab, page = open_tallies(qtbot, window)
    click_branch(qtbot, page, FIRST)
    type_excellent(qtbot, page, "20")
    seen: list = []
    with on_modal(press(Button.Cancel, seen)):
        window.actions["quit"].trigger()  # 文件→退出
    assert window.isVisible() and page.counts["excellent"].text() == "20"
    text, buttons = seen[0]
    assert "未保存" in text and FIRST in text and sorted(buttons) == sorted(["保存", "不保存", "取消"])
    with on_modal(press(Button.Save, seen)):
        window.actions["quit"].trigger()
    settle(qtbot, window.context)  # the window closes once the save has landed
    assert not window.isVisible()
    assert tallies.get_tally(ws, seed[FIRST], page.year).tally.excellent == 20


@leaves_no_question
def test_closing_the_window_asks_and_discard_quits_without_saving(qtbot, window, seed, ws, real_boxes, on_modal):
    _tab, page = open_tallies(qtbot, window)
    click_branch(qtbot, page, FIRST)
    type_excellent(qtbot, page, "20")
    window.tabs.setCurrentIndex(0)  # the clerk went on to another tab meanwhile
    seen: list = []
    with on_modal(press(Button.Discard, seen)):
        window.close()  # the title bar's ×
    assert len(seen) == 1 and not window.isVisible()
    assert tallies.get_tally(ws, seed[FIRST], page.year).tally.excellent == 21


def test_clean_form_quits_without_a_question(qtbot, window, seed, real_boxes):
    _tab, page = open_tallies(qtbot, window)
    click_branch(qtbot, page, FIRST)
    window.actions["quit"].trigger()
    assert not window.isVisible()


@leaves_no_question
def test_cancel_puts_the_branch_list_and_the_year_back(qtbot, window, seed, real_boxes, on_modal):
    tab, page = open_tallies(qtbot, window)
    click_branch(qtbot, page, FIRST)
    type_excellent(qtbot, page, "20")
    seen: list = []
    with on_modal(press(Button.Cancel, seen)):
        click_branch(qtbot, page, SECOND)
    qtbot.wait(50)  # the list restores its selection after the click has been handled
    assert selected_branches(page) == [FIRST] and page.branch_list.currentIndex().data() == FIRST
    assert page.title.text().startswith(FIRST) and page.counts["excellent"].text() == "20"

    year = tab.year.value()
    with on_modal(press(Button.Cancel, seen)):
        tab.year.stepUp()  # the spin box's arrow
    assert tab.year.value() == year and page.year == year and page.counts["excellent"].text() == "20"
    assert len(seen) == 2

    with on_modal(press(Button.Discard, seen)):
        click_branch(qtbot, page, SECOND)  # leave the form clean for the window's teardown
    assert page.title.text().startswith(SECOND)
