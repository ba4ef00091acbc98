"""Every text a window shows is Chinese, whatever the PC's language: the app's own labels, and what
Qt draws itself (button boxes, the file dialog, calendar popups) through the zh_CN locale and Qt's
Chinese translation."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from tests.ui.conftest import settle
from tests.ui.dialogs import BUILDERS
from tests.ui.test_fit_screen import demo, demo_context, shown  # noqa: F401 - fixtures shared

ROOT = Path(__file__).resolve().parents[2]
# Latin words a Chinese clerk's software says too: formats and file kinds, key names.
ALLOWED = {"Excel", "Word", "PDF", "xlsx", "pdf", "sqlite3", "Ctrl", "Shift", "Alt", "Enter", "Tab", "Esc", "PgUp", "PgDn"}
WORD = re.compile(r"[A-Za-z]{2,}")
# A verification code (XXXX-XXXX), a pairing code (five groups of five), or the example of one.
CODE = re.compile(r"\b[A-Z0-9]{4,5}(?:-[A-Z0-9]{4,5})+\b")
PATH = re.compile(r"\S*[/\\]\S*")  # a file's path (the database the status bar names)
FILE = re.compile(r"[\w.-]+\.(?:pdf|xlsx|sqlite3|bdsession)\b")  # a file's name (the preview's title, a package)
TAG = re.compile(r"<[^>]+>")


def english_words(text: str) -> list[str]:
    text = CODE.sub(" ", FILE.sub(" ", PATH.sub(" ", TAG.sub(" ", text))))
    return [word for word in WORD.findall(text) if word not in ALLOWED]


def read_text(browser: QTextBrowser) -> str:
    """What a text browser shows (the manual), without its code spans: a command typed at the
    command line is English by necessity."""
    shown = []
    block = browser.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if not fragment.charFormat().fontFixedPitch():
                shown.append(fragment.text())
            fragments += 1
        shown.append("\n")
        block = block.next()
    return "".join(shown)


def visible_texts(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) for what the clerk can read in the window as shown."""
    texts = [("title", window.windowTitle())]

    def seen(widget: QWidget) -> bool:
        return widget.isVisibleTo(window)

    for widget in window.findChildren(QWidget):
        if not seen(widget):
            continue
        name = type(widget).__name__
        if widget.toolTip():
            texts.append((f"{name} tooltip", widget.toolTip()))
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append((name, widget.text()))
        elif isinstance(widget, QGroupBox):
            texts.append((name, widget.title()))
        elif isinstance(widget, QTextBrowser):
            texts += [(name, line) for line in read_text(widget).splitlines() if line.strip()]
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            texts.append((f"{name}.placeholderText", widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            texts += [(name, widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTabBar):
            texts += [(name, widget.tabText(i)) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            texts += [(f"{name} header", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                      for c in range(model.columnCount())]
    if isinstance(window, QMainWindow):
        for menu_action in window.menuBar().actions():
            texts.append(("menu", menu_action.text()))
            texts += [("menu entry", action.text()) for action in menu_action.menu().actions()]
    return texts


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_window_shows_no_english(qtbot, demo_context, demo, name):  # noqa: F811 - fixtures
    context, ws = demo_context
    window = shown(qtbot, BUILDERS[name], context, ws, demo)
    texts = visible_texts(window)
    tabs = window.findChild(QTabWidget) if name == "MainWindow" else None
    for index in range(tabs.count() if tabs else 0):  # every tab, as the clerk switches to it
        tabs.setCurrentIndex(index)
        settle(qtbot, context)
        texts += visible_texts(window)
    assert len(texts) > 3
    assert [(where, text) for where, text in texts if english_words(text)] == []


def test_the_walk_finds_english_where_there_is_some(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    QLabel("Look in:", window)
    QLabel("导出 Excel 文件到 /home/clerk/Documents", window)
    browser = QTextBrowser(window)
    browser.setMarkdown("命令行运行 `branchdesk verify` 检查数据库\n\nSee the backups folder")
    browser.move(0, 40)
    window.show()
    assert [text for _where, text in visible_texts(window) if english_words(text)] == ["Look in:", "See the backups folder"]


PROBE = """
import json, sys
from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QApplication, QDateEdit, QFileDialog, QLabel, QTableView, QToolButton
import desktop.ui
from desktop.app import install_qt_translations
app = QApplication([])
system = QLocale.system().name()
install_qt_translations(app)
edit = QDateEdit(QDate(2025, 12, 1))
edit.setCalendarPopup(True)
calendar = edit.calendarWidget()
calendar.setSelectedDate(QDate(2025, 12, 1))
month = calendar.findChild(QToolButton, "qt_calendar_monthbutton").text()
model = calendar.findChild(QTableView, "qt_calendar_calendarview").model()
days = [model.index(0, column).data() for column in range(model.columnCount())]
dialog = QFileDialog(None, "选择要导入的支部台账", "", "Excel (*.xlsx)")
dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
print(json.dumps({"system": system, "month": month, "days": days, "file_dialog": labels}, ensure_ascii=False))
"""


def test_calendar_and_file_dialog_are_chinese_on_an_english_system(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("LC_")}
    env.update(LANG="en_US.UTF-8", LANGUAGE="en_US", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, cwd=tmp_path,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    shown_texts = json.loads(result.stdout)
    assert shown_texts["system"] == "en_US"  # the PC's language really is English
    assert shown_texts["month"] == "十二月"
    assert shown_texts["days"][:3] == ["周一", "周二", "周三"]  # not Mon Tue Wed
    assert "查找范围(&L)：" in shown_texts["file_dialog"], shown_texts
    assert [text for text in shown_texts["file_dialog"] if english_words(text)] == []


def test_the_app_locale_is_chinese(qapp):
    assert QLocale().language() == QLocale.Language.Chinese
    assert QApplication.instance() is qapp
