"""The laptop loop in two windows, two databases, two data folders: the office checks a scorer out
through 带出评分 (the pairing code shown once), the laptop opens the package with the code and types
a cell in its grid, exports the return, and the office merges it back through the preview dialog."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from desktop.services import checkout, laptop, merge, scoring
from desktop.store import pairing
from tests.services.checkout_helpers import BRANCHES, cheap_kdf, dump, scores_by_name, seed_office
from tests.ui.laptop_windows import InTurn, click_ok, close, computer, type_cell

CODE = re.compile(r"^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$")


@pytest.fixture
def office_and_laptop(qtbot, tmp_path, monkeypatch):
    cheap_kdf(monkeypatch)
    office = computer(qtbot, tmp_path, "office", year=None)
    session_id = seed_office(office.ws)
    office.tab.year.setValue(2025)
    office.page.reload()
    qtbot.waitUntil(lambda: office.page.model is not None, timeout=10_000)
    lap = computer(qtbot, tmp_path, "laptop", year=None)
    yield office, lap, session_id
    close(office, lap)


def choose_file(monkeypatch, kind: str, path) -> None:
    monkeypatch.setattr(QFileDialog, kind, lambda *a, **k: (str(path), ""))


def test_check_out_score_on_the_laptop_and_merge_back(qtbot, office_and_laptop, tmp_path, monkeypatch, boxes):
    office, laptop, session_id = office_and_laptop
    package = tmp_path / "甲的评分.bdsession"
    shown = {}

    def check_out_only_jia(dialog):
        assert [b.text() for b in dialog.scorer_boxes] == ["甲", "乙", "丙"] and all(b.isChecked() for b in dialog.scorer_boxes)
        for box in dialog.scorer_boxes[1:]:
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
        assert dialog.file.text().endswith("-甲.bdsession")  # the name follows the part
        assert dialog.tallies.isChecked()  # with the first scorer, by default
        qtbot.mouseClick(dialog.scorer_boxes[0], Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
        assert not dialog.tallies.isChecked()  # a part without the first scorer leaves them home
        qtbot.mouseClick(dialog.scorer_boxes[0], Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
        dialog.file.setText(str(package))
        click_ok(qtbot, dialog.buttons)
        qtbot.waitUntil(lambda: dialog.made is not None, timeout=10_000)
        assert dialog.stack.currentIndex() == 1 and dialog.code.isVisible()
        shown["code"] = dialog.code.text()
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        assert QGuiApplication.clipboard().text() == shown["code"]
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    with InTurn(qtbot, check_out_only_jia):
        office.page.laptop.actions["checkout"].trigger()
    assert CODE.match(shown["code"]) and package.exists()
    assert [(c.scorers, c.state) for c in checkout.checkouts(office.ws, session_id)] == [(["甲"], "open")]
    qtbot.waitUntil(lambda: "甲 带出中（甲的评分.bdsession）" in office.page.lock_label.text(), timeout=10_000)

    # The office grid refuses 甲's cells while they are on the laptop, in the status line, in Chinese.
    type_cell(qtbot, office, 0, 0, "3")
    status = office.page.status.text()
    assert "评委“甲”的评分已于" in status and "甲的评分.bdsession" in status and "Traceback" not in status
    assert scores_by_name(office.ws, session_id) == {}

    def open_with_code(dialog):
        dialog.file.setText(str(package))
        dialog.code.setText(shown["code"].lower().replace("-", " "))
        click_ok(qtbot, dialog.buttons)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)

    with InTurn(qtbot, open_with_code):
        laptop.page.laptop.actions["open"].trigger()
    qtbot.waitUntil(lambda: laptop.page.model is not None and laptop.page.model.grid.session.id is not None, timeout=10_000)
    assert laptop.tab.year.value() == 2025 and laptop.page.model.grid.scorers[0][1] == "甲"
    assert any("已打开评分包" in text for text in boxes.texts("information"))
    type_cell(qtbot, laptop, 0, 0, "2.5")
    assert "已保存" in laptop.page.status.text()

    back = tmp_path / "甲的评分结果.bdsession"
    choose_file(monkeypatch, "getSaveFileName", back)
    laptop.page.laptop.actions["return"].trigger()
    qtbot.waitUntil(lambda: any("已导出第 1 份评分结果" in text for text in boxes.texts("information")), timeout=10_000)
    assert back.exists()

    previewed = {}

    def merge_in_preview(dialog):
        previewed["new"] = dialog.report.new
        previewed["text"] = dialog.conflict_note.text()
        matrix = dialog.matrix  # branches × scorers
        assert [matrix.horizontalHeaderItem(c).text() for c in range(matrix.columnCount())] == ["支部", "甲", "四评录入"]
        assert [matrix.item(0, c).text() for c in range(3)] == [BRANCHES[0], "新增 1", "—"]
        click_ok(qtbot, dialog.buttons)

    choose_file(monkeypatch, "getOpenFileName", back)
    with InTurn(qtbot, merge_in_preview):
        office.page.laptop.actions["merge"].trigger()
    office.context.tasks.wait()
    qtbot.waitUntil(lambda: not office.context.tasks.busy, timeout=10_000)
    assert previewed == {"new": 1, "text": "没有冲突。"}
    first_item = scoring.load_grid(office.ws, session_id).rubric.items[0].item_code
    assert scores_by_name(office.ws, session_id) == {("甲", BRANCHES[0], first_item): 2.5}
    assert [c.state for c in checkout.checkouts(office.ws, session_id)] == ["merged"]
    qtbot.waitUntil(lambda: "带出中" not in office.page.lock_label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: office.page.model.index(0, 0).data() == "2.5", timeout=10_000)  # the grid followed


def test_a_wrong_code_is_refused_in_the_dialog_and_nothing_changes(qtbot, office_and_laptop, tmp_path, boxes):
    office, laptop, session_id = office_and_laptop
    made = checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    before = dump(laptop.place.file)
    said = {}

    def wrong_code(dialog):
        dialog.file.setText(str(made.file))
        dialog.code.setText(pairing.shown(pairing.new_code()))  # a well-formed code, of another check-out
        click_ok(qtbot, dialog.buttons)
        qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=10_000)
        said["error"], said["open"] = dialog.error.text(), dialog.isVisible()
        dialog.reject()

    with InTurn(qtbot, wrong_code):
        laptop.page.laptop.actions["open"].trigger()
    assert said["open"] and "配对码不对" in said["error"]
    assert dump(laptop.place.file) == before and scoring.list_sessions(laptop.ws) == []


def test_a_laptop_with_two_parts_exports_one_return_for_each(qtbot, office_and_laptop, tmp_path, monkeypatch, boxes):
    office, laptop_window, session_id = office_and_laptop
    for scorer in ("甲", "乙"):
        made = checkout.export_part(office.ws, session_id, tmp_path / scorer, [scorer])
        opened = laptop.open_package(laptop_window.ws, made.file, made.code)
    laptop_window.page.show_session(2025, opened.session_id)
    qtbot.waitUntil(lambda: laptop_window.page.model is not None, timeout=10_000)
    choose_file(monkeypatch, "getSaveFileName", tmp_path / "结果.bdsession")
    laptop_window.page.laptop.actions["return"].trigger()
    qtbot.waitUntil(lambda: bool(boxes.texts("information")), timeout=10_000)
    assert sorted(p.name for p in tmp_path.glob("结果-*.bdsession")) == ["结果-乙.bdsession", "结果-甲.bdsession"]
    assert all(merge.merge(office.ws, p).written for p in tmp_path.glob("结果-*.bdsession"))
    assert [c.state for c in checkout.checkouts(office.ws, session_id)] == ["merged", "merged"]


def test_the_laptop_cannot_lock_or_delete_the_offices_session(qtbot, office_and_laptop, tmp_path):
    office, laptop_window, session_id = office_and_laptop
    made = checkout.export_part(office.ws, session_id, tmp_path / "a", ["甲"])
    opened = laptop.open_package(laptop_window.ws, made.file, made.code)
    page = laptop_window.page
    page.show_session(2025, opened.session_id)
    qtbot.waitUntil(lambda: page.model is not None and "从评分包打开" in page.lock_label.text(), timeout=10_000)
    assert not page.finalize_button.isEnabled() and not page.delete_button.isEnabled()
    assert page.finalize_button.isVisible() and "在笔记本上不能确认锁定" in page.finalize_button.toolTip()
    assert "带回办公室" in page.finalize_button.toolTip()
    assert "在笔记本上不能删除评分会" in page.delete_button.toolTip()
    # At the office the same session's buttons stay as they were (a check-out holds them, not the screen).
    assert office.page.finalize_button.isEnabled() and office.page.finalize_button.toolTip() == ""
    assert [s.status for s in scoring.list_sessions(laptop_window.ws, 2025)] == ["open"]
