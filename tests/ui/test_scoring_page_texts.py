"""The 评分会 page at 1366×768: the session box shows a session's whole name, (已锁定) included, or
names it whole in its tooltip when no width would do; the 台账依据 line under the grid belongs to the
year shown and goes when the clerk turns to a year without a session."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

from desktop.services import scoring
from tests.ui.conftest import add_branch, evaluation_page, settle

YEAR = 2025
# A name as a district writes it: the group after the title, the lock mark after the name.
LONG_TITLE = f"{YEAR}年度街道党工委党支部标准化规范化建设考评（城区社区党支部第一组）"


@pytest.fixture
def branches(ws) -> list[int]:
    return [add_branch(ws, "光明村党支部", full=10, has_committee=True), add_branch(ws, "和平社区党支部", full=3)]


def locked_session(ws, branches: list[int], title: str) -> None:
    session_id = scoring.create_session(ws, YEAR, title, date(YEAR, 12, 20), branches, ["张三", "李四"])
    scoring.finalize(ws, session_id, "党建办")


def text_room(combo) -> int:
    """The width the box paints its current text in (its arrow and frame left out)."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    return field.width()


def test_a_locked_sessions_whole_name_fits_its_box(qtbot, db, ws, branches):
    locked_session(ws, branches, LONG_TITLE)
    tab = evaluation_page(qtbot, db, YEAR, "scoring")
    sessions = tab.scoring.sessions
    shown = sessions.currentText()
    assert shown.endswith(f"{LONG_TITLE}（已锁定）")
    assert text_room(sessions) >= sessions.fontMetrics().horizontalAdvance(shown)
    assert sessions.toolTip() == shown


def test_a_name_too_long_for_any_box_is_whole_in_the_tooltip(qtbot, db, ws, branches):
    endless = LONG_TITLE * 4
    locked_session(ws, branches, endless)
    tab = evaluation_page(qtbot, db, YEAR, "scoring")
    page = tab.scoring
    assert page.width() >= page.sizeHint().width()  # the row of boxes does not widen the page
    assert page.sessions.toolTip() == page.sessions.currentText()
    assert page.sessions.toolTip().endswith(f"{endless}（已锁定）")


def test_the_ledger_note_goes_with_a_year_without_sessions(qtbot, db, ws, branches):
    locked_session(ws, branches, LONG_TITLE)
    tab = evaluation_page(qtbot, db, YEAR, "scoring")
    page = tab.scoring
    row = next(r for r in range(len(page.model.items))
               if page.model.suggestion(page.model.index(r, 0)) is not None)
    page.view.setCurrentIndex(page.model.index(row, 0))
    assert page.evidence.text().startswith("台账依据：")
    tab.year.setValue(YEAR + 1)
    settle(qtbot, tab.context)
    assert page.sessions.count() == 0 and page.lock_label.text() == "本年度还没有评分会"
    assert page.evidence.text() == ""
