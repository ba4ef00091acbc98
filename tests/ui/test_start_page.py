"""The start page of an empty database, driven as a clerk would: its four steps, and how it gives way
to the tabs when the first branch arrives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.services import branch_import, branches, settings
from desktop.ui import folders
from desktop.ui.import_dialog import ImportDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.registry_tab import RegistryTab
from desktop.ui.settings_dialog import SettingsDialog, ask_for_missing_names
from desktop.ui.start_page import StartPage
from tests.sheets import write_xlsx
from tests.ui.conftest import add_branch, run_write, settle, type_text
from tests.ui.test_chinese_texts import english_words, visible_texts
from tests.ui.test_fit_screen import button_problems

THIS_YEAR = date.today().year
STEPS = {"names": "设置名称…", "template": "下载模板…", "import": "导入台账…", "demo": "打开演示数据…",
         "package": "打开评分包…", "skip": "跳过，先看看各页签"}


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def start_page(qtbot, window) -> StartPage:
    page = window.start_page
    qtbot.waitUntil(lambda: window.pages.currentWidget() is page and page.isVisible(), timeout=5000)
    return page


def gives_way(qtbot, window) -> RegistryTab:
    """The start page is gone and the registry shows its rows."""
    registry = window.tab(RegistryTab)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.tabs and registry.isVisible()
                    and registry.model.rowCount() > 0, timeout=30_000)
    assert not window.start_page.isVisible()
    return registry


def choose_file(monkeypatch, method: str, path: Path) -> None:
    """Only the file dialog's answer is made up: the clerk's choice of a file."""
    monkeypatch.setattr(QFileDialog, method, staticmethod(lambda *a, **k: (str(path), "")))


def test_a_fresh_database_shows_the_start_page_and_its_four_steps(qtbot, window):
    page = start_page(qtbot, window)
    assert {key: button.text() for key, button in page.buttons.items()} == STEPS
    assert all(button.isVisible() and button.isEnabled() for button in page.buttons.values())
    assert not window.tab(RegistryTab).isVisible()
    assert page.status["names"].text() == "街道名称：尚未设置；党工委全称：尚未设置"
    assert "✓" not in page.status["names"].text()


def test_the_start_page_fits_an_office_screen_and_speaks_chinese(qtbot, window):
    start_page(qtbot, window)
    assert window.screen().size().toTuple() == (1366, 768)
    assert button_problems(window) == []
    texts = visible_texts(window)
    assert any("开始使用" in text for _where, text in texts)
    assert [(where, text) for where, text in texts if english_words(text)] == []


def test_setting_the_names_stores_them_and_the_step_shows_done(qtbot, window, ws):
    page = start_page(qtbot, window)
    click(qtbot, page.buttons["names"])
    qtbot.waitUntil(lambda: page.findChild(SettingsDialog) is not None and page.findChild(SettingsDialog).isVisible())
    dialog = page.findChild(SettingsDialog)
    type_text(qtbot, dialog.edits["subdistrict_name"], "光明街道")
    type_text(qtbot, dialog.edits["issuer_name"], "中共光明街道工作委员会")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: "✓" in page.status["names"].text(), timeout=5000)
    assert settings.get(ws, "subdistrict_name") == "光明街道"
    assert settings.get(ws, "issuer_name", THIS_YEAR) == "中共光明街道工作委员会"
    assert page.status["names"].text() == "✓ 已设置 街道名称：光明街道；党工委全称：中共光明街道工作委员会"
    assert window.pages.currentWidget() is page  # names alone do not make a ledger


def test_only_the_street_name_set_is_shown_as_not_done(qtbot, window):
    page = start_page(qtbot, window)
    click(qtbot, page.buttons["names"])
    qtbot.waitUntil(lambda: page.findChild(SettingsDialog) is not None and page.findChild(SettingsDialog).isVisible())
    dialog = page.findChild(SettingsDialog)
    type_text(qtbot, dialog.edits["subdistrict_name"], "光明街道")
    click(qtbot, dialog.save_button)  # 街道名称 only: not in the change log, so the page looks again itself
    qtbot.waitUntil(lambda: "光明街道" in page.status["names"].text(), timeout=5000)
    assert page.status["names"].text() == "街道名称：光明街道；党工委全称：尚未设置"


def test_the_template_step_writes_the_ledger_template_and_remembers_the_folder(qtbot, window, monkeypatch, tmp_path,
                                                                              boxes):
    page = start_page(qtbot, window)
    target = tmp_path / "模板" / "支部台账导入模板.xlsx"
    target.parent.mkdir()
    choose_file(monkeypatch, "getSaveFileName", target)
    click(qtbot, page.buttons["template"])
    qtbot.waitUntil(lambda: "✓" in page.status["template"].text(), timeout=10_000)
    sheet = load_workbook(target).active
    assert [cell.value for cell in sheet[1]] == list(branch_import.HEADERS.values())
    assert sheet.max_row == 1  # empty: the clerk fills it
    assert page.status["template"].text() == f"✓ 已保存到 {target}"
    assert "带红色底纹的列为必填" in boxes.texts("information")[-1]
    assert folders.start_folder(folders.EXPORTS) == target.parent  # the 文件 menu's exports start there next


def test_importing_a_ledger_through_the_import_dialog_makes_the_page_give_way(qtbot, window, monkeypatch, tmp_path,
                                                                              ws):
    page = start_page(qtbot, window)
    ledger = write_xlsx(tmp_path / "台账.xlsx", [
        ["支部名称", "支部类型", "书记", "正式党员数", "预备党员数", "本届选举日期", "任期年限"],
        ["和平社区党支部", "社区", "周春生", 10, 0, "2024-03-01", 5],
        ["幸福村党支部", "村", "李海燕", 8, 1, "2023-05-20", 5],
    ])
    choose_file(monkeypatch, "getOpenFileName", ledger)
    click(qtbot, page.buttons["import"])
    dialog = window.findChild(ImportDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert window.pages.currentWidget() is page  # a preview writes nothing
    click(qtbot, dialog.confirm_button)
    registry = gives_way(qtbot, window)
    assert sorted(branches.branch_names(ws)) == ["和平社区党支部", "幸福村党支部"]
    assert registry.model.rowCount() == 2


def test_the_demo_asks_first_then_fills_the_database_and_the_registry_appears(qtbot, window, boxes, ws):
    settings.save(ws, [settings.Change("issuer_name", "中共光明街道工作委员会")])  # named by the clerk before
    page = start_page(qtbot, window)
    boxes.answer = QMessageBox.StandardButton.No
    click(qtbot, page.buttons["demo"])
    assert "示例数据" in boxes.texts("question")[-1] and "不是真实台账" in boxes.texts("question")[-1]
    settle(qtbot, window.context)
    assert branches.branch_names(ws) == {} and window.pages.currentWidget() is page  # 否: nothing written

    boxes.answer = QMessageBox.StandardButton.Yes
    click(qtbot, page.buttons["demo"])
    registry = gives_way(qtbot, window)
    assert registry.model.rowCount() == len(branches.branch_names(ws)) == 60
    assert "已生成演示数据：60 个支部" in boxes.texts("information")[-1]
    assert settings.get(ws, "issuer_name", THIS_YEAR) == "中共光明街道工作委员会"  # the clerk's name is kept
    assert settings.get(ws, "subdistrict_name") == "和平街道"  # the demo's, where none was set


def test_a_branch_added_by_hand_makes_the_page_give_way(qtbot, window, ws):
    start_page(qtbot, window)
    run_write(qtbot, window.context, lambda w: add_branch(w, "和平社区党支部"))
    assert gives_way(qtbot, window).model.rowCount() == 1


def test_ctrl_n_on_the_start_page_opens_the_branch_form(qtbot, window):
    from desktop.ui.branch_dialog import BranchDialog

    start_page(qtbot, window)
    window.actions["new"].trigger()
    qtbot.waitUntil(lambda: window.findChild(BranchDialog) is not None, timeout=5000)


def test_a_database_with_branches_never_shows_the_start_page(qtbot, context, ws):
    add_branch(ws, "和平社区党支部")
    branches.set_archived(ws, add_branch(ws, "幸福村党支部"), True)
    win = MainWindow(context)
    qtbot.addWidget(win)
    seen = []
    win.start_page.wanted.connect(seen.append)
    win.show()
    settle(qtbot, context)
    assert seen == [False]
    assert win.pages.currentWidget() is win.tabs and not win.start_page.isVisible()
    assert win.tab(RegistryTab).model.rowCount() == 2


def test_an_archived_branch_alone_is_a_database_in_use(qtbot, context, ws):
    branches.set_archived(ws, add_branch(ws, "幸福村党支部"), True)
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, context)
    assert win.pages.currentWidget() is win.tabs


def test_the_start_page_asks_for_the_names_instead_of_the_settings_dialog(qtbot, window, context):
    start_page(qtbot, window)
    asked = []
    ask_for_missing_names(context, window, asked.append, unless=lambda: window.pages.currentWidget() is window.start_page)
    settle(qtbot, context)
    assert asked == [False] and window.findChild(SettingsDialog) is None


def test_a_laptop_opens_its_scoring_package_from_the_start_page(qtbot, window, on_modal):
    from desktop.ui.checkout_dialogs import OpenPackageDialog
    from desktop.ui.evaluation_tab import EvaluationTab

    page = start_page(qtbot, window)
    opened = []

    def cancel(dialog):
        opened.append(type(dialog))
        dialog.reject()

    with on_modal(cancel):
        click(qtbot, page.buttons["package"])
    assert opened == [OpenPackageDialog]
    tab = window.tab(EvaluationTab)
    assert window.tabs.currentWidget().widget() is tab and tab.pages.currentWidget() is tab.scoring
    assert window.pages.currentWidget() is page  # cancelled: still nothing on this computer


def test_a_laptop_scores_after_opening_its_package_from_the_start_page(qtbot, window, tmp_path, monkeypatch, boxes):
    from desktop.services import checkout
    from desktop.store.database import open_database
    from desktop.ui.evaluation_tab import EvaluationTab
    from tests.services.checkout_helpers import cheap_kdf, seed_office
    from tests.ui.laptop_windows import InTurn, click_ok

    cheap_kdf(monkeypatch)
    (tmp_path / "office").mkdir()
    office = open_database(str(tmp_path / "office" / "office.sqlite3"))
    try:
        made = checkout.export_part(office.workspace, seed_office(office.workspace), tmp_path / "甲", ["甲"])
    finally:
        office.close()
    page = start_page(qtbot, window)

    def open_with_code(dialog):
        dialog.file.setText(str(made.file))
        dialog.code.setText(made.code)
        click_ok(qtbot, dialog.buttons)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)

    with InTurn(qtbot, open_with_code):
        click(qtbot, page.buttons["package"])
    scoring = window.tab(EvaluationTab).scoring
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.tabs and scoring.isVisible()
                    and scoring.model is not None and scoring.model.grid.scorers[0][1] == "甲", timeout=10_000)
    assert any("已打开评分包" in text for text in boxes.texts("information"))


def test_skip_shows_the_tabs_for_this_session(qtbot, window):
    page = start_page(qtbot, window)
    click(qtbot, page.buttons["skip"])
    assert window.pages.currentWidget() is window.tabs and window.tab(RegistryTab).isVisible()


def test_the_first_start_of_an_empty_database_asks_on_the_start_page_not_in_a_dialog(qtbot, tmp_path, monkeypatch):
    """run_gui as the clerk starts it: the window opens on the start page and no 单位设置 pops up over it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.app import run_gui

    modal: list[str] = []

    def close_any_modal() -> None:  # were one to come, the test must not hang in its exec()
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            modal.append(type(dialog).__name__)
            dialog.reject()

    def event_loop(*_args):
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        qtbot.waitUntil(lambda: window.start_page.isVisible(), timeout=10_000)
        settle(qtbot, window.context)
        qtbot.wait(300)
        window.close()
        return 0

    timer = QTimer()
    timer.timeout.connect(close_any_modal)
    timer.start(20)
    monkeypatch.setattr(QApplication, "exec", event_loop)
    try:
        assert run_gui(str(tmp_path / "new.sqlite3")) == 0
    finally:
        timer.stop()
    assert modal == []
