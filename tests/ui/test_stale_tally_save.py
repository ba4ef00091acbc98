"""四评录入 does not save over a change made while the page showed the tallies (the real command
line importing evaluations, another window on the same file): 保存 is refused, the stored counts
stand and are shown, and what the clerk typed is listed beside them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.rules.scoring import Tally
from desktop.services import tallies
from desktop.services.tallies import TallyForm
from tests.ui.conftest import add_branch, settle
from tests.ui.test_stale_branch_save import cli_import
from tests.ui.test_tally_unsaved import FIRST, SECOND, click_branch, leaves_no_question, open_tallies, press, type_excellent

YEAR = date.today().year
COUNTS = Tally(participants=25, excellent=21, qualified=4, basic=0, unqualified=0)
REFUSED = f"该支部 {YEAR} 年的四评录入在您打开之后已被修改"


@pytest.fixture
def seed(ws):
    """Two branches; the first has this year's member vote counted (优秀 21 of 25), the second none."""
    ids = {name: add_branch(ws, name) for name in (FIRST, SECOND)}
    tallies.save_tally(ws, ids[FIRST], YEAR, TallyForm(tally=COUNTS))
    return ids



def evaluation_sheet(path: Path, excellent: int) -> Path:
    book = Workbook()
    book.active.append(["支部名称", "年度", "参评党员数", "评议优秀", "评议合格", "评议基本合格", "评议不合格"])
    book.active.append([FIRST, YEAR, 25, excellent, 25 - excellent, 0, 0])
    book.save(path)
    return path


def press_save(qtbot, page) -> None:
    """Press 保存 and wait for the write (and, when it is refused, the stored tallies read again)."""
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page.context)


@leaves_no_question
def test_a_save_after_a_cli_import_is_refused_and_shows_the_imported_counts(qtbot, window, seed, ws, db,
                                                                            tmp_path):
    _tab, page = open_tallies(qtbot, window)
    click_branch(qtbot, page, FIRST)
    type_excellent(qtbot, page, "20")
    page.grade.setCurrentIndex(page.grade.findData("good"))
    cli_import(db.file, evaluation_sheet(tmp_path / "四评.xlsx", 23), "evaluations")

    press_save(qtbot, page)
    stored = tallies.get_tally(ws, seed[FIRST], YEAR)
    assert stored.tally.excellent == 23 and stored.tally.qualified == 2 and stored.review_grade is None
    # The page shows what is stored now, and lists what the clerk typed for comparison.
    assert page.counts["excellent"].text() == "23" and page.counts["qualified"].text() == "2"
    assert page.grade.currentData() is None and not page.dirty()
    banner = page.conflict.text()
    assert page.conflict.isVisible() and REFUSED in banner and "已显示最新数据" in banner
    assert "有变化的项：评议优秀、评议合格）" in banner
    assert "您刚才填写的（未保存）：评议优秀：20；述职评议考核等次：良好" in banner
    assert page.error.text() == "没有保存：数据已被修改，请看页面上方的说明。"

    # Entered again on top of the imported counts, the change saves and the notes go.
    page.grade.setCurrentIndex(page.grade.findData("good"))
    press_save(qtbot, page)
    stored = tallies.get_tally(ws, seed[FIRST], YEAR)
    assert stored.tally.excellent == 23 and stored.review_grade == "good"
    assert page.conflict.isHidden() and page.error.text() == "已保存。"


@leaves_no_question
def test_tallies_created_elsewhere_after_the_page_opened_are_not_overwritten(qtbot, window, seed, ws, other):
    _tab, page = open_tallies(qtbot, window)
    click_branch(qtbot, page, SECOND)
    assert page.counts["excellent"].text() == ""  # nothing stored yet for this branch
    for name, value in (("participants", "10"), ("excellent", "10")):
        page.counts[name].setFocus()
        qtbot.keyClicks(page.counts[name], value)
    tallies.save_tally(other, seed[SECOND], YEAR, TallyForm(tally=COUNTS, veto="逾期未换届"))

    press_save(qtbot, page)
    stored = tallies.get_tally(ws, seed[SECOND], YEAR)
    assert stored.tally == COUNTS and stored.veto == "逾期未换届"
    assert page.counts["participants"].text() == "25" and page.veto.text() == "逾期未换届"
    assert "参评党员数：10；评议优秀：10" in page.conflict.text() and "一票否决事项" in page.conflict.text()

    click_branch(qtbot, page, FIRST)  # another branch: its own tallies, no notes about this one
    assert page.conflict.isHidden() and page.counts["excellent"].text() == "21"


@leaves_no_question
def test_another_year_shows_no_notes_about_the_refused_one(qtbot, window, seed, other):
    tab, page = open_tallies(qtbot, window)
    click_branch(qtbot, page, FIRST)
    type_excellent(qtbot, page, "20")
    tallies.save_tally(other, seed[FIRST], YEAR, TallyForm(tally=COUNTS, review_grade="good"))
    press_save(qtbot, page)
    assert page.conflict.isVisible()
    tab.year.stepDown()  # the form shows what is stored: no question, the year changes
    assert page.year == YEAR - 1 and page.conflict.isHidden() and page.error.text() == ""
    settle(qtbot, page.context)
    assert page.counts["excellent"].text() == ""


@leaves_no_question
def test_quit_with_a_stale_form_saves_nothing_and_keeps_the_window(qtbot, window, seed, ws, other, real_boxes,
                                                                   on_modal):
    _tab, page = open_tallies(qtbot, window)
    click_branch(qtbot, page, FIRST)
    type_excellent(qtbot, page, "20")
    tallies.save_tally(other, seed[FIRST], YEAR, TallyForm(tally=COUNTS, review_grade="excellent"))
    seen: list = []
    with on_modal(press(QMessageBox.StandardButton.Save, seen)):
        window.actions["quit"].trigger()
    settle(qtbot, window.context)
    assert window.isVisible() and len(seen) == 1  # the refused save keeps the clerk in the window
    stored = tallies.get_tally(ws, seed[FIRST], YEAR)
    assert stored.tally.excellent == 21 and stored.review_grade == "excellent"
    assert REFUSED in page.conflict.text() and page.grade.currentData() == "excellent"
    window.actions["quit"].trigger()  # the form shows what is stored: nothing left to ask about
    assert not window.isVisible()
