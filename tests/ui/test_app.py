"""Starting the app: smoke start, refusal of a second instance, the bundled font, the error hook."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop.app import ErrorReporter, install_cjk_font, log_file, run_gui
from desktop.store.database import open_database


def test_smoke_start_returns_zero(qtbot, tmp_path, boxes):
    assert run_gui(str(tmp_path / "new.sqlite3"), smoke=True) == 0
    assert boxes.shown == []
    assert QApplication.instance().findChild(QTranslator, "qtbase_zh_CN") is not None
    assert (tmp_path / "new.sqlite3").exists()


def test_second_instance_on_the_same_database_is_refused(qtbot, tmp_path, boxes):
    path = tmp_path / "shared.sqlite3"
    first = open_database(str(path), exclusive=True)
    try:
        assert run_gui(str(path), smoke=True) == 1
    finally:
        first.close()
    assert "另一个正在运行" in boxes.texts("critical")[-1]


def test_database_from_a_newer_version_is_refused_untouched(qtbot, tmp_path, boxes):
    path = tmp_path / "future.sqlite3"
    open_database(str(path)).close()
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = path.read_bytes()
    assert run_gui(str(path), smoke=True) == 1
    assert "更新版本" in boxes.texts("critical")[-1]
    assert path.read_bytes() == before


def test_bundled_font_covers_chinese(qapp):
    families = install_cjk_font(qapp)
    assert families and any("WenQuanYi" in f or "文泉" in f for f in families)
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(families[0])
    assert families[0] in qapp.font().families()


def test_unexpected_error_is_explained_and_logged(qtbot, boxes):
    reporter = ErrorReporter()
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError:
        reporter(*sys.exc_info())
    assert "意外错误" in boxes.texts("critical")[-1]
    assert "ZeroDivisionError: boom" in log_file().read_text(encoding="utf-8")
    assert QApplication.instance() is not None


def test_many_qt_calls_do_not_use_up_none(qapp):
    """PySide6 6.12 on Python 3.11 drops a reference to None per void call; the guard in
    desktop.ui keeps a long session (or a long test run) from aborting."""
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    for _ in range(20_000):  # several times None's natural reference count
        label.setText("x")
    assert sys.getrefcount(None) > 1_000_000


def test_window_title_status_bar_and_remembered_geometry(qtbot, context):
    from desktop.ui.main_window import MainWindow

    first = MainWindow(context)
    qtbot.addWidget(first)
    assert first.windowTitle() == "党支部标准化规范化创建管理"
    assert [first.tabs.tabText(i) for i in range(first.tabs.count())] == ["支部台账", "组织生活", "考评打分", "趋势图表", "整顿提升"]
    assert first.tabs.currentIndex() == 0  # the clerk lands on the registry
    assert str(context.db_file) in first.db_label.text()
    first.show()
    first.resize(780, 560)  # within the offscreen screen (800×600)
    first.close()
    second = MainWindow(context)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (first.width(), first.height()) == (780, 560)


def test_about_names_the_version(qtbot, context, boxes):
    from desktop import __version__
    from desktop.ui.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.actions["about"].trigger()
    assert __version__ in boxes.texts("information")[-1]


def test_qt_own_buttons_are_chinese(qapp):
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from desktop.app import install_qt_translations

    assert install_qt_translations(qapp)
    assert install_qt_translations(qapp)  # a second start in the same process adds nothing
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    message = QMessageBox(QMessageBox.Icon.Question, "t", "?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert message.button(QMessageBox.StandardButton.Yes).text().startswith("是")
    assert message.button(QMessageBox.StandardButton.No).text().startswith("否")


def test_window_start_makes_the_days_backup_on_the_worker(qtbot, tmp_path, boxes):
    path = tmp_path / "office.sqlite3"
    open_database(str(path)).close()
    assert not (tmp_path / "backups").exists()
    assert run_gui(str(path), smoke=True) == 0
    copies = list((tmp_path / "backups").glob("auto-*.sqlite3"))
    assert len(copies) == 1
    assert boxes.shown == []


def test_window_start_names_stored_values_it_does_not_know(qtbot, tmp_path, boxes):
    import sqlite3

    path = tmp_path / "edited.sqlite3"
    open_database(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO branch (uuid, version, name, branch_kind, full_members, probationary_members)"
            " VALUES ('u-1', 1, '手改党支部', 'street', 5, 0)"
        )
    assert run_gui(str(path), smoke=True) == 0
    warning = boxes.texts("warning")[-1]
    assert "不认识的取值" in warning and "手改党支部" in warning and "street" in warning
    assert "未知（…）" in warning and "操作未执行" not in warning  # the window goes on, and says so
    assert boxes.texts("critical") == []  # the tabs show the other records, no error report


def test_main_window_fits_the_screen_it_opens_on(window):
    # The tests' offscreen screen is the office PCs' 1366×768: smaller than the window's 1400×860
    # default; the whole window, status bar included, must be on it.
    free = window.screen().availableGeometry()
    assert free.contains(window.frameGeometry())
    assert window.statusBar().isVisible()
    assert free.contains(window.statusBar().mapToGlobal(window.statusBar().rect().bottomRight()))
