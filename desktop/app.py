"""Start the window: QApplication, the bundled CJK font, the database, the error reporter."""

from __future__ import annotations

import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path

import desktop.ui  # noqa: F401 - first: guards None/True/False before any Qt call (see there)

# isort: split
from PySide6.QtCore import QEventLoop, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop import APP_NAME, APP_TITLE, paths
from desktop.errors import BranchdeskError
from desktop.store.database import CorruptDatabase, open_database, restore_corrupt
from desktop.ui import messages
from desktop.ui.qt_texts import MissingQtTexts

FONT_FILE = ("fonts", "wqy-microhei.ttc")
LOG_LIMIT = 1_000_000  # bytes; the log is started afresh beyond this


def install_cjk_font(app: QApplication) -> list[str]:
    """Register the bundled font and put it behind the UI font as the fallback for Chinese.

    A fresh Debian has no CJK font at all: without this every label would be boxes. Where the PC
    has its own CJK fonts they still come first for Latin text; ours fills the gaps.
    """
    font_id = QFontDatabase.addApplicationFont(str(paths.resource(*FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        font = app.font()
        font.setFamilies([font.family(), *families])
        app.setFont(font)
    return families


QT_TRANSLATION = "qtbase_zh_CN"  # Qt's own texts: OK/Cancel, Yes/No, the file dialog, context menus


def install_qt_translations(app: QApplication) -> bool:
    """Chinese for what Qt draws itself, whatever the PC's language: the locale (calendar popups'
    十二月 and 周一, numbers, dates) and Qt's own translation (QDialogButtonBox, QMessageBox,
    the file and print dialogs). Call before the first widget is made: a widget keeps the locale
    it was made with.

    Installed once per application (every run_gui in one process shares it). The file travels
    with the PySide6 wheel and with the bundle (build.spec keeps *_zh_CN.qm)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if app.findChild(QTranslator, QT_TRANSLATION) is not None:
        return True
    translator = QTranslator(app)  # owned by the application: it must outlive every window
    translator.setObjectName(QT_TRANSLATION)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QT_TRANSLATION, folder):
        translator.deleteLater()
        return False
    app.installTranslator(MissingQtTexts(app))  # what Qt's catalogue lacks (see there)
    return app.installTranslator(translator)


def log_file() -> Path:
    return paths.data_dir() / "branchdesk.log"


def write_log(what: str, error: BaseException) -> None:
    """Append a traceback to the log in the data folder, for whoever supports the clerk."""
    path = log_file()
    try:
        if path.exists() and path.stat().st_size > LOG_LIMIT:
            path.replace(path.with_suffix(".log.1"))
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"{datetime.now():%Y-%m-%d %H:%M:%S} {what}\n")
            handle.write("".join(traceback.format_exception(type(error), error, error.__traceback__)))
    except OSError:
        pass  # a full disk must not turn one error into two


class ErrorReporter:
    """sys.excepthook for the GUI: an unexpected error in a slot is logged and explained, and the
    window stays open (Qt would otherwise abort the process)."""

    def __init__(self) -> None:
        self._showing = False

    def __call__(self, kind, error, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(error, BranchdeskError):  # a user-facing message that escaped its caller
            messages.warn(QApplication.activeWindow(), error.message)
            return
        write_log("uncaught exception", error.with_traceback(tb))
        if self._showing:  # an error while the dialog is open: logged, not stacked
            return
        self._showing = True
        try:
            messages.error(
                QApplication.activeWindow(),
                "程序出现了意外错误，刚才的操作可能没有完成。\n"
                "已保存的数据不受影响（每次修改都在单独的事务中完成）。\n\n"
                f"错误信息：{error}\n详细记录已写入：{log_file()}",
            )
        finally:
            self._showing = False


def offer_restore(error: CorruptDatabase, damaged: Path, target: str) -> bool:
    """The corrupt-database message with a 从备份恢复… button (`damaged`: the file it names). True
    when the start should be tried again: a backup was restored, or the restore was refused and the
    clerk may pick another file."""
    box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE, error.message)
    restore_button = box.addButton("从备份恢复…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restore_button:
        return False
    folder = damaged.parent / "backups"
    chosen, _filter = QFileDialog.getOpenFileName(
        None, "选择备份文件", str(folder if folder.is_dir() else damaged.parent), "数据库备份 (*.sqlite3);;所有文件 (*)"
    )
    if not chosen:
        return False
    try:
        aside = restore_corrupt(target, Path(chosen))
    except BranchdeskError as refused:
        messages.error(None, refused.message)
        return True
    messages.info(None, f"已从 {chosen} 恢复。原来损坏的数据库已改名保留为：{aside}")
    return True


def run_gui(db_target: str | None, smoke: bool = False) -> int:
    """Open the main window on the chosen database. Returns the process exit code."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    assert isinstance(app, QApplication), "the window's widgets need a QApplication"
    app.setApplicationName(APP_NAME)
    install_cjk_font(app)
    install_qt_translations(app)
    target = paths.database_target(db_target)
    while True:
        try:
            database = open_database(target, exclusive=True)
            break
        except CorruptDatabase as error:
            if error.file is None or not offer_restore(error, error.file, target):
                return 1
        except BranchdeskError as error:
            messages.error(None, error.message)
            return 1
        except Exception as error:  # noqa: BLE001 - unforeseen: logged, explained, no traceback
            write_log("cannot open database", error)
            messages.error(None, f"无法打开数据库 {target}。\n详细记录已写入：{log_file()}")
            return 1

    from desktop.ui.collector import MainThreadCollector
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    previous_hook = sys.excepthook
    sys.excepthook = ErrorReporter()
    collector = MainThreadCollector()
    # The window's database work runs on its worker (desktop.ui.operations): a unit opened on the
    # GUI thread is a mistake, refused at once rather than freezing the window behind an import.
    database.workspace.forbid_thread(threading.main_thread())
    context = AppContext(database.workspace, database.file)
    try:
        window = MainWindow(context)
        window.show()
        window.check_on_open()
        if not smoke:  # once the window is up: the names certificates and sheets are signed with
            QTimer.singleShot(0, window.ask_for_missing_names)
        if smoke:
            # A local loop, not app.exec()/quit(): quitting the application would also end every
            # later event loop in the same process (the test suite runs this in-process).
            loop = QEventLoop()
            QTimer.singleShot(0, lambda: _quit_when_idle(loop, context))
            loop.exec()
            window.close()
            return 0
        return app.exec()
    finally:
        context.tasks.wait()  # no job may touch the database after it is closed
        context.charts.wait()  # nor an import still running when the interpreter ends
        database.close()
        collector.stop()
        sys.excepthook = previous_hook


def _quit_when_idle(loop: QEventLoop, context) -> None:
    """Smoke start: stop once the first load has landed, so it proves the registry can be shown."""
    if context.tasks.busy:
        context.tasks.idle.connect(loop.quit)
    else:
        loop.quit()
