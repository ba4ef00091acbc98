"""The main window: one tab per area (or, on a database without branches, the start page instead), the
文件 and 帮助 menus, the database path in the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QScrollArea, QStackedWidget, QTabWidget, QWidget

from desktop import APP_TITLE, __version__
from desktop.ui import messages
from desktop.ui.context import AppContext
from desktop.ui.evaluation_tab import EvaluationTab
from desktop.ui.file_actions import SHEETS, FileActions
from desktop.ui.folders import window_settings
from desktop.ui.meetings_tab import MeetingsTab
from desktop.ui.registry_tab import RegistryTab
from desktop.ui.screen_fit import keep_on_screen, resize_on_screen
from desktop.ui.start_page import StartPage
from desktop.ui.trends_tab import TrendsTab
from desktop.ui.weak_tab import WeakTab

# (title, factory): a new area's tab is one more line here.
TABS: list[tuple[str, Callable[[AppContext], QWidget]]] = [
    ("支部台账", RegistryTab),
    ("组织生活", MeetingsTab),
    (EvaluationTab.TITLE, EvaluationTab),
    (TrendsTab.TITLE, TrendsTab),
    (WeakTab.TITLE, WeakTab),
]


KEYS = """快捷键

Ctrl+F　查找：光标移到本页的筛选框（支部台账、组织生活、四评录入、考评结果）；评分会中按名称跳到支部
Ctrl+N　新增：支部台账中新增支部，组织生活中登记会议（选中的支部和会议类型），考评打分中新建评分会
Ctrl+S　保存正在填写的表单（支部、会议、评分会、单位设置等）
Esc　　关闭表单（有未保存的内容时先询问）
Ctrl+P　打印文件
Ctrl+Q　退出
F1　　　使用说明
评分表中：Enter 向下、Tab 向右，Ctrl+PgDn / Ctrl+PgUp 换下一位 / 上一位评委"""


def start_loading(page: QWidget) -> None:
    """The first tab is on screen as soon as the window is: its data is asked for now, so the worker
    reads it (~0.5 s for 10,000 branches) while the other tabs and the window are built and shown,
    instead of after the window's first show."""
    follower = getattr(page, "follower", None)
    if follower is not None and follower.stale:
        follower.refresh()


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext):
        super().__init__()
        self.context = context
        self.setWindowTitle(APP_TITLE)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for title, factory in TABS:
            # A tab wider than a small laptop screen scrolls instead of forcing the window wider.
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            page = factory(context)
            scroll.setWidget(page)
            self.tabs.addTab(scroll, title)
            if self.tabs.count() == 1:
                start_loading(page)
        self.files = FileActions(context, self)
        # An empty database shows the start page instead of the tabs, until its first branch arrives.
        self.start_page = StartPage(context, self.files, self.open_package)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.tabs)
        self.pages.addWidget(self.start_page)
        self.setCentralWidget(self.pages)
        self.start_page.wanted.connect(lambda shown: self.pages.setCurrentWidget(self.start_page if shown else self.tabs))
        self.start_page.look()
        self._build_menus()
        self.db_label = QLabel(f"数据库：{context.where}")
        self.statusBar().addPermanentWidget(self.db_label)
        resize_on_screen(self, 1400, 860)
        self._fitted = False
        self._restore_geometry()

    def tab(self, kind: type) -> QWidget | None:
        """The open tab of a given class (tests and cross-tab navigation use this)."""
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index).widget()
            if isinstance(widget, kind):
                return widget
        return None

    def _action(self, menu: QMenu, text: str, slot, shortcut=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(shortcut)
        return action

    def _build_menus(self) -> None:
        self.actions: dict[str, QAction] = {}
        file_menu = self.menuBar().addMenu("文件(&F)")
        for spec in SHEETS:
            self.actions[f"import:{spec.label}"] = self._action(file_menu, f"导入{spec.label}…", lambda s=spec: self.files.import_sheet(s))
            self.actions[f"export:{spec.label}"] = self._action(file_menu, f"导出{spec.label}…", lambda s=spec: self.files.export_sheet(s))
        file_menu.addSeparator()
        for spec in SHEETS:
            text = "下载导入模板…" if len(SHEETS) == 1 else f"下载{spec.label}导入模板…"
            self.actions[f"template:{spec.label}"] = self._action(file_menu, text, lambda s=spec: self.files.save_template(s))
        file_menu.addSeparator()
        self.actions["settings"] = self._action(file_menu, "单位设置…", self.open_settings)
        self.actions["backup"] = self._action(file_menu, "立即备份…", self.files.backup_now)
        self.actions["restore"] = self._action(file_menu, "恢复备份…", self.files.restore)
        file_menu.addSeparator()
        # Spelled out: the platform's standard Quit key is empty on Windows (and under some Linux desktops).
        self.actions["quit"] = self._action(file_menu, "退出", self.close, QKeySequence("Ctrl+Q"))
        self._build_edit_menu()
        self._build_paper_menu()
        help_menu = self.menuBar().addMenu("帮助(&H)")
        self.actions["manual"] = self._action(help_menu, "使用说明", self.open_manual, QKeySequence.StandardKey.HelpContents)
        self.actions["keys"] = self._action(help_menu, "快捷键", lambda: messages.info(self, KEYS))
        self.actions["about"] = self._action(help_menu, "关于", self._about)

    def _build_edit_menu(self) -> None:
        """Ctrl+F and Ctrl+N act on the tab on screen: each tab says what finding and adding mean there."""
        menu = self.menuBar().addMenu("编辑(&E)")
        self.actions["find"] = self._action(menu, "查找", lambda: self._on_tab("focus_find", "本页没有可查找的内容"),
                                            QKeySequence.StandardKey.Find)
        self.actions["new"] = self._action(menu, "新增", lambda: self._on_tab("new_record", "本页没有可新增的记录"),
                                           QKeySequence.StandardKey.New)

    def _on_tab(self, name: str, otherwise: str) -> None:
        act = getattr(self.tabs.currentWidget().widget(), name, None)
        if act is None:
            self.statusBar().showMessage(otherwise, 4000)
        else:
            act()

    def open_package(self) -> None:
        """打开评分包 from the start page (a laptop's database is empty until then), as the 评分会
        page's menu does: the page shows the session once it is opened."""
        tab = self.tab(EvaluationTab)
        assert isinstance(tab, EvaluationTab)
        self.tabs.setCurrentWidget(tab.parentWidget().parentWidget())  # its scroll area
        tab.pages.setCurrentWidget(tab.scoring)
        tab.scoring.laptop.open_package()

    def open_manual(self) -> None:
        from desktop.ui.manual_dialog import open_manual

        open_manual(self)

    def _build_paper_menu(self) -> None:
        # The print dialogs pull in ReportLab: imported when first opened, not at start.
        def open_dialog(name: str) -> None:
            from desktop.ui import paper_dialog

            getattr(paper_dialog, name)(self.context, self).exec()

        menu = self.menuBar().addMenu("打印(&P)")
        self.actions["print"] = self._action(menu, "打印文件…", lambda: open_dialog("PrintDialog"), QKeySequence.StandardKey.Print)
        self.actions["verify_paper"] = self._action(menu, "核对验证码…", lambda: open_dialog("VerifyPaperDialog"))

    def open_settings(self) -> None:
        from desktop.ui.settings_dialog import open_settings

        open_settings(self.context, self)

    def check_on_open(self) -> None:
        """Once the window is up: the day's automatic backup, then a look for stored values this app
        does not know. Both run quietly on the worker: a verified backup of a district database takes
        seconds (integrity_check), and the clerk should not wait for it to see the window; the
        backup's steps leave the worker free for the clerk's writes in between (ui/auto_backup.py)."""
        from desktop.services import meetings
        from desktop.services.stored_values import WINDOW_GOES_ON, refuse_unknown_values
        from desktop.ui.auto_backup import DailyBackup

        ops = self.context.ops
        self.daily_backup = DailyBackup(self, ops)
        self.daily_backup.start()
        ops.query(self, lambda ws: refuse_unknown_values(ws, WINDOW_GOES_ON), quiet=True)
        # And what attachment copies killed half way left behind (none of it is shown to the clerk).
        ops.query(self, meetings.clean_attachment_temporaries, quiet=True)
        # Then, once the worker has nothing queued, matplotlib on a thread of its own (趋势图表's first show).
        self.context.charts.start_when_idle(self.context.tasks)

    def ask_for_missing_names(self) -> None:
        """First start on a database whose committee has no name: the 单位设置 dialog asks for it,
        unless the start page shows (an empty database), whose first step is that. Its look was
        queued first on the one worker, so it has landed when the issuer's has."""
        from desktop.ui.settings_dialog import ask_for_missing_names

        ask_for_missing_names(self.context, self, unless=lambda: self.pages.currentWidget() is self.start_page)

    def _about(self) -> None:
        messages.info(
            self,
            f"{APP_TITLE}\n版本 {__version__}\n\n数据库：{self.context.where}\n"
            "数据保存在本机；每天首次启动时自动备份到数据库旁的 backups 文件夹。",
        )

    def _restore_geometry(self) -> None:
        geometry = window_settings().value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._fitted:  # the frame (title bar, borders) is known only once the window is shown
            self._fitted = True
            keep_on_screen(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        # Every way out (文件→退出, Ctrl+Q, the title bar) comes here: a tab holding unsaved input
        # (settle_unsaved) may drop it, keep the window open, or save it: once the save has landed,
        # the window closes (a refused save keeps it open).
        for index in range(self.tabs.count()):
            settle = getattr(self.tabs.widget(index).widget(), "settle_unsaved", None)
            if settle is not None and not settle(self.close):
                self.tabs.setCurrentIndex(index)
                event.ignore()
                return
        settings = window_settings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.sync()
        super().closeEvent(event)
