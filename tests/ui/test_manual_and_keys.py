"""帮助 → 使用说明 (F1), and the keys a clerk expects: Ctrl+F, Ctrl+N, Ctrl+S — on the real window."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from desktop.manual import image_path, manual_file, manual_images
from desktop.services import branches, scoring
from tests.ui.conftest import add_branch, run_write, settle
from tests.ui.test_registry_tab import fill_form, opened_dialog


def test_the_manual_names_every_tab_and_ships_every_screenshot_it_shows():
    from desktop.ui.main_window import TABS

    text = manual_file().read_text(encoding="utf-8")
    assert [title for title, _factory in TABS if f"“{title}”" not in text] == []
    names = manual_images(text)
    assert len(names) >= 8 and [name for name in names if image_path(name) is None] == []
    for menu_item in ("单位设置…", "导入支部台账…", "打印文件…", "核对验证码…", "立即备份…", "恢复备份…"):
        assert menu_item in text


def test_f1_opens_the_manual_with_its_pictures(qtbot, window, monkeypatch):
    from desktop.ui import manual_dialog

    opened = []
    monkeypatch.setattr(manual_dialog.ManualDialog, "exec", lambda self: (opened.append(self), self.show()))
    QTest.keyClick(window, Qt.Key.Key_F1)
    (dialog,) = opened
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "使用说明"
    assert "一、第一次使用" in dialog.browser.toPlainText() and "八、快捷键" in dialog.browser.toPlainText()
    # Every screenshot is found and drawn at a readable width (its height follows).
    widths = []
    block = dialog.browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            form = iterator.fragment().charFormat()
            if form.isImageFormat():
                widths.append(form.toImageFormat().width())
                assert not dialog.browser.loadResource(2, QUrl(form.toImageFormat().name())).isNull()
            iterator += 1
        block = block.next()
    assert len(widths) == len(manual_images()) and all(0 < w <= manual_dialog.IMAGE_WIDTH for w in widths)
    dialog.close()


def test_the_window_shortcuts_are_those_the_manual_lists(window):
    listed = manual_file().read_text(encoding="utf-8")
    keys = {name: window.actions[name].shortcut().toString() for name in ("find", "new", "print", "quit", "manual")}
    assert keys == {"find": "Ctrl+F", "new": "Ctrl+N", "print": "Ctrl+P", "quit": "Ctrl+Q", "manual": "F1"}
    assert all(f"| {key} |" in listed for key in keys.values())


def test_ctrl_f_goes_to_the_filter_and_ctrl_n_then_ctrl_s_adds_a_branch(qtbot, window, context, ws):
    from desktop.ui.registry_tab import RegistryTab

    tab = window.tab(RegistryTab)
    window.activateWindow()
    window.actions["find"].trigger()
    assert QApplication.focusWidget() is tab.search
    window.actions["new"].trigger()
    dialog = opened_dialog(qtbot, tab)
    fill_form(qtbot, dialog, kind="社区", name="快捷键社区党支部", full_members="9")
    QTest.keySequence(dialog, QKeySequence(QKeySequence.StandardKey.Save))
    settle(qtbot, context)
    assert "快捷键社区党支部" in branches.branch_names(ws)
    assert not isValid(dialog) or not dialog.isVisible()  # saved and closed, as its 保存 button does


def test_ctrl_f_on_the_scoring_page_jumps_to_a_branch(qtbot, window, context, ws, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from desktop.ui.evaluation_tab import EvaluationTab

    year = date.today().year
    # Through the window's runner, as the window adds them: its start page gives way to the tabs.
    ids = run_write(qtbot, context, lambda w: [add_branch(w, name) for name in ("和平社区党支部", "幸福村党支部", "街道机关党支部")])
    session_id = scoring.create_session(ws, year, "年度考评", date(year, 6, 1), ids, ["张三"])
    tab = window.tab(EvaluationTab)
    window.tabs.setCurrentIndex(window.tabs.indexOf(tab.parent().parent()))
    tab.pages.setCurrentWidget(tab.scoring)
    settle(qtbot, context)
    page = tab.scoring
    qtbot.waitUntil(lambda: page.model is not None and page.model.grid.session.id == session_id, timeout=10_000)
    asked = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: (asked.append(args[3]), ("幸福", True))[1])
    window.actions["find"].trigger()
    assert asked == [[name for _id, name in page.model.grid.branches]]
    current = page.view.currentIndex()
    assert page.model.columns[current.column()][1] == ids[1]  # a part of the name is enough
    assert not page.jump_to_branch("无此支部") and "无此支部" in page.status.text()
