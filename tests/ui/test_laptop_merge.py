"""带回评分 in the office window after a cancelled check-out: the cancel asks for its reason, a
cell changed on both sides is shown in the conflict chooser with both values and settled as the
clerk picks; a tampered return is refused with the Chinese message and nothing changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QRadioButton
from sqlalchemy import select

from desktop.models import CheckoutConflict
from desktop.services import checkout, laptop, scoring
from tests.services.checkout_helpers import BRANCHES, cheap_kdf, dump, scores_by_name, seed_office
from tests.ui.laptop_windows import InTurn, click_ok, close, computer, type_cell
from tests.ui.test_laptop_loop import choose_file


@pytest.fixture
def cancelled_out(qtbot, tmp_path, monkeypatch):
    """甲 checked out, opened on the laptop, then (through the window) cancelled: 'U 盘遗失'."""
    cheap_kdf(monkeypatch)
    office = computer(qtbot, tmp_path, "office", year=None)
    session_id = seed_office(office.ws)
    made = checkout.export_part(office.ws, session_id, tmp_path / "甲", ["甲"])
    lap = computer(qtbot, tmp_path, "laptop", year=None)
    laptop.open_package(lap.ws, made.file, made.code)
    for c in (office, lap):
        c.tab.year.setValue(2025)
        c.page.reload()
        qtbot.waitUntil(lambda c=c: c.page.model is not None, timeout=10_000)
    yield office, lap, session_id
    close(office, lap)


def cancel_in_the_list(qtbot, office):
    listed = {}

    def select_and_cancel(dialog):
        assert dialog.list.item(0, 4).text() == "带出中" and not dialog.cancel_button.isEnabled()
        dialog.list.selectRow(0)
        assert dialog.cancel_button.isEnabled()
        with InTurn(qtbot, give_reason):
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # the reason is asked now
        qtbot.waitUntil(lambda: dialog.list.item(0, 4).text() == "已取消", timeout=10_000)
        listed["reason"] = dialog.list.item(0, 5).text()
        dialog.accept()

    def give_reason(ask):
        assert not ask.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()  # a reason is required
        ask.reason.setText("U 盘遗失")
        click_ok(qtbot, ask.buttons)

    with InTurn(qtbot, select_and_cancel):
        office.page.laptop.actions["checkouts"].trigger()
    return listed["reason"]


def test_a_conflict_after_a_cancel_is_chosen_in_the_chooser(qtbot, cancelled_out, tmp_path, monkeypatch, boxes):
    office, lap, session_id = cancelled_out
    assert cancel_in_the_list(qtbot, office) == "U 盘遗失"
    assert [(c.state, c.reason) for c in checkout.checkouts(office.ws, session_id)] == [("cancelled", "U 盘遗失")]
    for row, office_points, laptop_points in ((0, "3", "2"), (1, "1", "0.5")):  # both sides, two cells
        type_cell(qtbot, office, row, 0, office_points)
        type_cell(qtbot, lap, row, 0, laptop_points)
    type_cell(qtbot, lap, 0, 1, "2.5")  # the laptop only: merges without a question
    back = tmp_path / "back.bdsession"
    choose_file(monkeypatch, "getSaveFileName", back)
    lap.page.laptop.actions["return"].trigger()
    qtbot.waitUntil(back.exists, timeout=10_000)
    lap.context.tasks.wait()

    def preview_lists_the_conflicts(dialog):
        assert "有 2 处冲突" in dialog.conflict_note.text() and dialog.conflicts.isVisibleTo(dialog)
        assert [(dialog.conflicts.item(r, 3).text(), dialog.conflicts.item(r, 4).text()) for r in range(2)] == [("3", "2"), ("1", "0.5")]
        click_ok(qtbot, dialog.buttons)

    def choose_sides(dialog):
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled() and dialog.left.text() == "还有 2 处未选择"
        qtbot.mouseClick(dialog.all_office, Qt.MouseButton.LeftButton)
        laptop_side = next(b for b in dialog.table.cellWidget(0, 5).findChildren(QRadioButton) if b.text() == "采用评分电脑")
        qtbot.mouseClick(laptop_side, Qt.MouseButton.LeftButton, pos=QPoint(8, laptop_side.height() // 2))
        assert laptop_side.isChecked()
        assert ok.isEnabled() and dialog.left.text() == "已全部选择"
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    choose_file(monkeypatch, "getOpenFileName", back)
    with InTurn(qtbot, preview_lists_the_conflicts, choose_sides):
        office.page.laptop.actions["merge"].trigger()
    qtbot.waitUntil(lambda: any("已合并" in t for t in boxes.texts("information")), timeout=10_000)
    assert "按您的选择处理了 2 处冲突" in boxes.texts("information")[-1]
    items = [i.item_code for i in scoring.load_grid(office.ws, session_id).rubric.items]
    assert scores_by_name(office.ws, session_id) == {
        ("甲", BRANCHES[0], items[0]): 2.0,  # the laptop's, as picked
        ("甲", BRANCHES[0], items[1]): 1.0,  # the office's, as picked
        ("甲", BRANCHES[1], items[0]): 2.5}  # laptop only
    with office.ws.read() as session:
        kept = sorted((r.kept, r.office_value, r.laptop_value) for r in session.scalars(select(CheckoutConflict)))
    assert kept == [("laptop", "3.0", "2.0"), ("office", "1.0", "0.5")]


def test_a_tampered_return_is_refused_and_the_office_is_unchanged(qtbot, cancelled_out, tmp_path, monkeypatch, boxes):
    office, lap, session_id = cancelled_out
    type_cell(qtbot, lap, 0, 0, "2")
    back = laptop.make_return(lap.ws, session_id_on(lap), tmp_path / "back").file
    data = bytearray(back.read_bytes())
    data[len(data) // 2] ^= 0x01
    back.write_bytes(bytes(data))
    before = dump(office.place.file)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(back), ""))
    office.page.laptop.actions["merge"].trigger()
    qtbot.waitUntil(lambda: bool(boxes.texts("warning")), timeout=10_000)
    assert "已损坏或被改动" in boxes.texts("warning")[-1] and "未做任何改动" in boxes.texts("warning")[-1]
    office.context.tasks.wait()
    assert dump(office.place.file) == before and scores_by_name(office.ws, session_id) == {}


def session_id_on(c) -> int:
    return c.page.model.grid.session.id
