"""采用建议分 on the 评分会 page, driven as a clerk: fill one branch or all after a question that says
how many cells, typed cells untouched, marks shown until typed over or 确认建议分, locking refused
while any remains; and the scorer's 评分记录表 printed from the page, read back with pdftotext."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from desktop.models import Score
from desktop.services import scoring
from desktop.ui.evaluation_tab import EvaluationTab
from desktop.ui.paper_dialog import PrintDialog
from desktop.ui.score_grid import SUGGESTED_TIP
from tests.ui.conftest import add_branch, gui_context, settle
from tests.ui.test_evaluation_tab import type_keys

YEAR = 2025
TOOLTIP = Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def page(qtbot, db, tmp_path):
    ws = db.workspace
    a = add_branch(ws, "光明村党支部", full=10, has_committee=True)
    b = add_branch(ws, "和平社区党支部", full=3)
    scoring.create_session(ws, YEAR, "2025年度述职评议考核", date(YEAR, 12, 20), [a, b], ["张三", "李四"])
    context = gui_context(db)
    context.db_file = tmp_path / "db.sqlite3"  # prints go beside it
    tab = EvaluationTab(context, year=YEAR)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)
    settle(qtbot, context)
    tab.scoring.checks = ws  # the test's own workspace, for reading what was stored
    yield tab.scoring
    context.tasks.wait()


def _rows(page):
    with page.checks.read() as session:
        return {(s.scorer_id, s.branch_id, s.item_id): (s.points, s.suggested) for s in session.scalars(select(Score))}


def _column(page, name: str) -> int:
    return next(c for c, (_s, _b, branch) in enumerate(page.model.columns) if branch == name)


def _suggested_row(page, column: int) -> int:
    return next(r for r in range(len(page.model.items))
                if (found := page.model.suggestion(page.model.index(r, column))) and found.suggested is not None)


def _type(qtbot, page, row: int, column: int, text: str) -> None:
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(row, column))
    type_keys(qtbot, page.view, text)
    settle(qtbot, page.context)


def test_one_branch_is_filled_after_the_question_and_typed_cells_stay(qtbot, page, boxes):
    guang = _column(page, "光明村党支部")
    typed = _suggested_row(page, guang)
    _type(qtbot, page, typed, guang, "0.5")
    expected = sum(1 for r in range(len(page.model.items)) if r != typed
                   and (f := page.model.suggestion(page.model.index(r, guang))) and f.suggested is not None)
    page.view.setCurrentIndex(page.model.index(0, guang))
    boxes.answer = QMessageBox.StandardButton.No
    page.suggest.adopt_branch.trigger()
    settle(qtbot, page.context)
    assert f"“光明村党支部”的 {expected} 个空格" in boxes.texts("question")[-1]
    assert sum(1 for _p, mark in _rows(page).values() if mark) == 0  # 否: nothing written
    boxes.answer = QMessageBox.StandardButton.Yes
    page.suggest.adopt_branch.trigger()
    settle(qtbot, page.context)
    rows = _rows(page)
    zhang, guang_id, _ = page.model.columns[guang]
    assert rows[page.model.key(page.model.index(typed, guang))] == (0.5, False)
    assert sum(1 for key, (_p, mark) in rows.items() if mark and key[1] == guang_id) == expected
    assert all(key[:2] == (zhang, guang_id) for key in rows)  # 和平 and 李四 untouched
    marked = page.model.index(next(r for r in range(len(page.model.items)) if r != typed
                                   and page.model.key(page.model.index(r, guang)) in page.model.suggested), guang)
    assert marked.data(Qt.ItemDataRole.FontRole).italic() and marked.data(TOOLTIP).startswith(SUGGESTED_TIP)
    assert "含建议分" in page.model.index(len(page.model.items), guang).data() or "未完成" in page.model.index(
        len(page.model.items), guang).data()
    assert f"已填入 {expected} 格建议分" in page.status.text()


def test_all_branches_then_typing_and_confirming_clear_the_marks(qtbot, page, boxes):
    boxes.answer = QMessageBox.StandardButton.Yes
    page.suggest.adopt_all.trigger()
    settle(qtbot, page.context)
    assert "全部支部（2 个支部）" in boxes.texts("question")[-1]
    assert {key[1] for key, (_p, mark) in _rows(page).items() if mark} == {b for _s, b, _n in page.model.columns}
    guang, heping = _column(page, "光明村党支部"), _column(page, "和平社区党支部")
    row = _suggested_row(page, guang)
    index = page.model.index(row, guang)
    _type(qtbot, page, row, guang, index.data())  # the same score typed: the scorer's now
    assert not _rows(page)[page.model.key(index)][1]
    assert not (index.data(Qt.ItemDataRole.FontRole) or page.view.font()).italic()
    page.view.setCurrentIndex(page.model.index(0, heping))
    page.suggest.confirm_branch.trigger()
    settle(qtbot, page.context)
    heping_id = page.model.columns[heping][1]
    marks = {key: mark for key, (_p, mark) in _rows(page).items()}
    assert not any(mark for key, mark in marks.items() if key[1] == heping_id)
    assert any(mark for key, mark in marks.items() if key[1] != heping_id)  # 光明's other cells still wait
    assert "已确认评委“张三”在“和平社区党支部”" in page.status.text()


def test_locking_is_refused_while_suggestions_wait(qtbot, page, boxes):
    boxes.answer = QMessageBox.StandardButton.Yes
    page.suggest.adopt_all.trigger()
    settle(qtbot, page.context)
    asked = len(boxes.texts("question"))
    qtbot.mouseClick(page.finalize_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page.context)
    [warning] = boxes.texts("warning")
    assert "张三：光明村党支部、和平社区党支部" in warning and "不能确认锁定" in warning
    assert len(boxes.texts("question")) == asked  # refused before asking to lock
    assert not scoring.list_sessions(page.checks)[0].finalized
    page.suggest.confirm_all.trigger()
    settle(qtbot, page.context)
    qtbot.mouseClick(page.finalize_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page.context)
    assert scoring.list_sessions(page.checks)[0].finalized
    assert not page.suggest.adopt_button.isEnabled()


def test_the_scorers_record_prints_from_the_page(qtbot, page, boxes, monkeypatch):
    guang = _column(page, "光明村党支部")
    _type(qtbot, page, 0, guang, "3.5")
    boxes.answer = QMessageBox.StandardButton.Yes
    heping = _column(page, "和平社区党支部")
    heping_id = page.model.columns[heping][1]
    page.view.setCurrentIndex(page.model.index(0, heping))
    page.suggest.adopt_branch.trigger()
    settle(qtbot, page.context)
    opened: list[PrintDialog] = []
    monkeypatch.setattr(PrintDialog, "exec", lambda dialog: opened.append(dialog) or dialog.show())
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    [dialog] = opened
    settle(qtbot, page.context)
    assert dialog.kind() == "score_record" and "评分人：张三" in dialog.fixed_label.text()
    assert not dialog.year_box.isEnabled() and dialog.fixed_label.isVisible()
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=20_000)
    text = subprocess.run(["pdftotext", "-layout", str(dialog.last_result.path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "评分记录表" in text and "评分人：张三" in text
    guang_line = next(line for line in text.splitlines() if "光明村党支部" in line)
    assert re.search(r"光明村党支部\s+3\.5\s", guang_line) and "缺 27 项" in guang_line
    heping_line = next(line for line in text.splitlines() if "和平社区党支部" in line)
    filled = [p for (_s, b, _i), (p, mark) in _rows(page).items() if mark and b == heping_id]
    assert heping_line.split()[-1] == f"{sum(filled):g}*"  # the total, marked as holding suggestions
    assert heping_line.count("*") == len(filled) + 1
    assert f"另有{len(filled)}格建议分未经评分人确认" in re.sub(r"\s+", "", text)
    assert "评分人签字" in text and "日期" in text
    dialog.preview.close()
    dialog.close()
    QApplication.processEvents()
