"""单位设置, driven as a clerk would: from the 文件 menu, and by itself at the first start of the window."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.app import run_gui
from desktop.services import settings
from desktop.store.database import open_database
from desktop.ui.operations import OpChanges
from desktop.ui.settings_dialog import SettingsDialog, open_settings
from tests.ui.conftest import add_branch, settle, type_text

THIS_YEAR = date.today().year


def clear(qtbot, edit) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)


def set_year(qtbot, dialog, year: int) -> None:
    """Step the year box with the arrow keys, as a clerk does (Enter would also press 保存); the
    year's values are read on the worker."""
    box = dialog.year_box
    while box.value() != year:
        qtbot.keyClick(box, Qt.Key.Key_Up if box.value() < year else Qt.Key.Key_Down)
    settle(qtbot, dialog.context)


def opened(qtbot, context) -> SettingsDialog:
    """The dialog as the 文件 menu opens it (this year's values read on the worker first), shown."""
    shown = []
    open_settings(context, None, then=shown.append)
    settle(qtbot, context)
    qtbot.addWidget(shown[0])
    shown[0].show()
    return shown[0]


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_menu_dialog_saves_a_renamed_committee_from_a_year_on(qtbot, window, context, ws, on_modal):
    settings.save(ws, [settings.Change("subdistrict_name", "和平街道"),
                       settings.Change("issuer_name", "中共和平街道工作委员会", 2024)])
    announced = []
    context.ops.changed.connect(lambda changes, _initiator: announced.append(changes))

    def rename(dialog):
        assert isinstance(dialog, SettingsDialog) and dialog.cancel_button.text() == "取消"
        assert dialog.edits["issuer_name"].text() == "中共和平街道工作委员会"
        assert dialog.histories["issuer_name"].text() == "2024 年起：中共和平街道工作委员会"
        set_year(qtbot, dialog, 2026)
        clear(qtbot, dialog.edits["issuer_name"])
        type_text(qtbot, dialog.edits["issuer_name"], "中共和平街道党工委")
        type_text(qtbot, dialog.edits["preparer_name"], "王丽华")
        click(qtbot, dialog.save_button)
        qtbot.waitUntil(lambda: not dialog.isVisible())  # saved on the worker, then closed

    with on_modal(rename):
        window.actions["settings"].trigger()
    assert settings.get(ws, "issuer_name", 2025) == "中共和平街道工作委员会"
    assert settings.get(ws, "issuer_name", 2026) == "中共和平街道党工委"
    assert settings.get(ws, "preparer_name", 2026) == "王丽华"
    assert settings.get(ws, "subdistrict_name") == "和平街道"  # untouched fields are not rewritten
    assert announced == [OpChanges.of("setting_year")]  # the names kept per year; nothing else changed


def test_a_refused_value_keeps_the_dialog_open_and_writes_nothing(qtbot, context, ws):
    settings.save(ws, [settings.Change("issuer_name", "中共和平街道工作委员会", 2024)])
    dialog = opened(qtbot, context)
    clear(qtbot, dialog.edits["issuer_name"])
    type_text(qtbot, dialog.edits["reviewer_name"], "李建国")
    click(qtbot, dialog.save_button)
    settle(qtbot, context)
    assert dialog.isVisible() and "“党工委全称”不能为空" in dialog.error_label.text()
    assert settings.get(ws, "reviewer_name", THIS_YEAR) is None  # the good field neither
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    assert settings.get(ws, "issuer_name", THIS_YEAR) == "中共和平街道工作委员会"


def test_changing_the_year_shows_that_years_names_and_keeps_typed_text(qtbot, context, ws):
    settings.save(ws, [settings.Change("issuer_name", "甲", 2024), settings.Change("issuer_name", "乙", 2026),
                       settings.Change("reviewer_name", "钱七", 2024)])
    dialog = opened(qtbot, context)
    type_text(qtbot, dialog.edits["preparer_name"], "赵六")
    set_year(qtbot, dialog, 2025)
    assert dialog.edits["issuer_name"].text() == "甲" and dialog.edits["preparer_name"].text() == "赵六"
    set_year(qtbot, dialog, 2026)
    assert dialog.edits["issuer_name"].text() == "乙" and dialog.edits["reviewer_name"].text() == "钱七"
    assert dialog.histories["issuer_name"].text() == "2024 年起：甲；2026 年起：乙"


def _start_window(qtbot, monkeypatch, path, handler, on_modal) -> None:
    """run_gui as the clerk starts it (not the smoke start): the event loop runs until `handler`
    has answered the dialog the start opened, then the window is closed."""
    from desktop.ui.main_window import MainWindow

    def event_loop(*_args):
        qtbot.waitUntil(answer.finished, timeout=10000)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    with on_modal(handler, timeout=8) as answer:
        assert run_gui(str(path)) == 0


def ledger_without_names(path):
    """A database whose branches came in (say by `branchdesk import`) but whose committee has no name:
    an empty one shows the start page instead, whose first step asks for the names."""
    db = open_database(str(path))
    try:
        add_branch(db.workspace, "和平社区党支部")
    finally:
        db.close()
    return path


def test_first_start_asks_for_the_two_names(qtbot, tmp_path, monkeypatch, on_modal):
    def fill(dialog):
        assert isinstance(dialog, SettingsDialog) and dialog.cancel_button.text() == "以后再说"
        assert dialog.focusWidget() is dialog.edits["subdistrict_name"]
        type_text(qtbot, dialog.edits["subdistrict_name"], "光明街道")
        type_text(qtbot, dialog.edits["issuer_name"], "中共光明街道工作委员会")
        click(qtbot, dialog.save_button)
        qtbot.waitUntil(lambda: not dialog.isVisible())  # saved on the worker, then closed

    path = ledger_without_names(tmp_path / "new.sqlite3")
    _start_window(qtbot, monkeypatch, path, fill, on_modal)
    db = open_database(str(path))
    try:
        assert settings.get(db.workspace, "subdistrict_name") == "光明街道"
        assert settings.get(db.workspace, "issuer_name", THIS_YEAR) == "中共光明街道工作委员会"
    finally:
        db.close()


def test_first_start_may_be_postponed_and_asks_again_next_time(qtbot, tmp_path, monkeypatch, on_modal):
    def postpone(dialog):
        assert isinstance(dialog, SettingsDialog)
        click(qtbot, dialog.cancel_button)

    path = ledger_without_names(tmp_path / "new.sqlite3")
    _start_window(qtbot, monkeypatch, path, postpone, on_modal)
    _start_window(qtbot, monkeypatch, path, postpone, on_modal)  # asked again: still no name
    db = open_database(str(path))
    try:
        assert [view.value for view in settings.listing(db.workspace)] == [None] * len(settings.DECLARED)
    finally:
        db.close()


def test_a_named_committee_is_not_asked_again(qtbot, window, context, ws):
    from desktop.ui.settings_dialog import ask_for_missing_names

    settings.save(ws, [settings.Change("issuer_name", "中共和平街道工作委员会")])
    asked = []
    ask_for_missing_names(context, window, asked.append)
    settle(qtbot, context)
    assert asked == [False]
    assert QApplication.activeModalWidget() is None and window.findChild(SettingsDialog) is None


def test_print_dialog_says_where_to_name_the_committee(qtbot, context, ws):
    """Printing the summary sheet without an issuer: the dialog says to fill in 单位设置; no file."""
    from desktop.ui.paper_dialog import PrintDialog, prints_dir
    from tests.paper_support import add_branches

    add_branches(ws, 2)
    dialog = PrintDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, context)
    dialog.document_box.setCurrentIndex(dialog.document_box.findData("summary"))
    click(qtbot, dialog.generate_button)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10000)
    assert "尚未设置“党工委全称”" in dialog.status_label.text() and "单位设置" in dialog.status_label.text()
    assert list(prints_dir(context).glob("*.pdf")) == [] and dialog.preview is None
