"""The start page: what an empty database (no branch yet) shows instead of the tabs.

Four steps, each one click, each through the code the rest of the window uses: the names through the
单位设置 dialog (services/settings.py), the template and the import through the 文件 menu's own
actions (ui/file_actions.py: the remembered folders, the import preview), the demo through the
`demo` command's service on the worker. The page follows the branches: when the first one arrives
(an import, the demo, a branch added with Ctrl+N) it says so with `wanted(False)` and the window
shows its tabs; the window asks it once at start (`look`), and a database with branches never shows it.
A laptop opens its scoring package from here, and 跳过 shows the tabs for this session.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.services import demo, first_start, settings
from desktop.ui import messages
from desktop.ui.context import AppContext
from desktop.ui.file_actions import FileActions, sheet_for
from desktop.ui.follow import BRANCHES, SETTINGS, Follower
from desktop.ui.screen_fit import wrap_in_width

DEMO_SCALE = "street"
DONE_STYLE = "color: #2e7d32;"
PENDING_STYLE = "color: #777777;"

INTRO = ("数据库中还没有支部。按下面的步骤开始；第一个支部建立后（导入台账、打开演示数据，或按 Ctrl+N 逐个新增），"
         "这里会换成支部台账、组织生活等页签。")
DEMO_QUESTION = (
    "将在当前数据库中生成演示数据：虚构的和平街道，约 {count} 个支部和十年的组织生活、考评、整顿记录。\n\n"
    "这是示例数据，只用于熟悉软件，不是真实台账；写入后不能单独删除。正式建账请另用一个新的数据库"
    "（见“帮助 → 使用说明”的“第一次使用”）。已填写的单位名称保留不变。\n\n确定生成演示数据吗？"
)


class StartPage(QWidget):
    """`wanted(shown)` after each look at the database: True while it holds no branch."""

    wanted = Signal(bool)

    def __init__(self, context: AppContext, files: FileActions, open_package: Callable[[], object],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.files = files
        self.open_package = open_package
        self.state: first_start.StartState | None = None
        self.template: Path | None = None  # where this session saved the template
        self.status: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        self._build()
        self.follower = Follower(self, context.ops, BRANCHES | SETTINGS, self.reload)

    def _build(self) -> None:
        title = QLabel("开始使用")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        steps = QGridLayout()
        steps.setHorizontalSpacing(16)
        steps.setVerticalSpacing(6)
        count = demo.SCALES[DEMO_SCALE]
        for row, (key, heading, text, button, slot) in enumerate((
            ("names", "设置单位名称", "证书落款、汇总表和趋势分析报告上的街道名称和党工委全称（以后可在“文件 → 单位设置…”中修改）。",
             "设置名称…", self.set_names),
            ("template", "下载导入模板", "一张空白的支部台账 Excel 表：按表头逐行填写，带红色底纹的列必填，类型等列有下拉选项。",
             "下载模板…", self.save_template),
            ("import", "导入支部台账", "选择填好的 Excel 表：先预览新增几个、哪些行有问题（第几行、哪一列），确认后才写入。",
             "导入台账…", self.import_ledger),
            ("demo", "先看看演示数据", f"虚构的和平街道，约 {count} 个支部和十年的记录，用于熟悉软件，不是真实数据。",
             "打开演示数据…", self.open_demo),
        )):
            steps.addWidget(self._card(row + 1, key, heading, text, button, slot), row, 0)
        # A laptop's database stays empty until a scoring package is opened on it; other clerks may
        # want to look around first: neither has to build a ledger to reach the tabs.
        others = QHBoxLayout()
        for key, caption, text, slot in (
            ("package", "在笔记本电脑上为评分会打分：", "打开评分包…", self.open_package),
            ("skip", "暂不建账：", "跳过，先看看各页签", lambda: self.wanted.emit(False)),
        ):
            self.buttons[key] = QPushButton(text)
            self.buttons[key].clicked.connect(lambda _checked=False, slot=slot: slot())
            if others.count():
                others.addStretch(1)
            others.addWidget(QLabel(caption))
            others.addWidget(self.buttons[key])
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addLayout(steps)
        column.addSpacing(8)
        column.addLayout(others)
        column.addStretch(2)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(900)  # lines a reader's eye can follow on a wide screen
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 12)
        outer.addStretch(1)
        outer.addWidget(holder, 8)
        outer.addStretch(1)
        self._show_state()

    def _card(self, number: int, key: str, heading: str, text: str, button_text: str, slot) -> QFrame:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(card)
        grid.setColumnStretch(1, 1)
        step = QLabel(f"{number}")
        step.setAlignment(Qt.AlignmentFlag.AlignCenter)
        step.setFixedSize(32, 32)
        step.setStyleSheet("background: #c62828; color: white; border-radius: 16px; font-weight: bold;")
        heading_label = QLabel(f"<b>{heading}</b>")
        description = QLabel(text)
        description.setWordWrap(True)
        status = wrap_in_width(QLabel())  # names a file in a deep folder
        button = QPushButton(button_text)
        button.setMinimumWidth(130)
        button.clicked.connect(lambda _checked=False: slot())
        grid.addWidget(step, 0, 0, 3, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(heading_label, 0, 1)
        grid.addWidget(description, 1, 1)
        grid.addWidget(status, 2, 1)
        grid.addWidget(button, 0, 2, 3, 1, Qt.AlignmentFlag.AlignVCenter)
        self.status[key] = status
        self.buttons[key] = button
        return card

    # -- the database -------------------------------------------------------------------------

    def look(self) -> None:
        """The window's first look (the page is not on screen yet, so its follower would wait)."""
        self.follower.refresh()

    def reload(self) -> None:
        self.context.ops.query(self, first_start.start_state, self._loaded, quiet=True)

    def _loaded(self, state: first_start.StartState) -> None:
        self.state = state
        self._show_state()
        self.wanted.emit(not state.has_branches)

    def _show_state(self) -> None:
        names = self.state.names if self.state is not None else dict.fromkeys(first_start.NAMES)
        shown = "；".join(f"{settings.DECLARED[key].label}：{value or '尚未设置'}" for key, value in names.items())
        named = self.state is not None and self.state.named
        self._mark("names", named, f"✓ 已设置 {shown}" if named else shown)
        self._mark("template", self.template is not None,
                   f"✓ 已保存到 {self.template}" if self.template else "填好后在第 3 步导入")
        self._mark("import", False, "也可以用“文件 → 导入支部台账…”")
        self._mark("demo", False, "以后正式建账请用新的数据库")

    def _mark(self, key: str, done: bool, text: str) -> None:
        self.status[key].setText(text)
        self.status[key].setStyleSheet(DONE_STYLE if done else PENDING_STYLE)

    # -- the four steps -------------------------------------------------------------------------

    def set_names(self) -> None:
        from desktop.ui.settings_dialog import open_settings

        def show(dialog) -> None:
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            # 街道名称 is not a record of the change log (nothing announces it): look again.
            dialog.finished.connect(lambda _result: self.follower.invalidate())
            dialog.open()

        open_settings(self.context, self, first_start=True, then=show)

    def save_template(self) -> None:
        self.files.save_template(sheet_for("branches"), then=self._template_saved)

    def _template_saved(self, path: Path) -> None:
        self.template = path
        self._show_state()

    def import_ledger(self) -> None:
        self.files.import_sheet(sheet_for("branches"))

    def open_demo(self) -> None:
        if not messages.confirm(self, DEMO_QUESTION.format(count=demo.SCALES[DEMO_SCALE])):
            return
        self.context.ops.write(
            self, lambda ws: demo.generate(ws, DEMO_SCALE),
            lambda count: messages.info(self, f"已生成演示数据：{count} 个支部（虚构的和平街道）。"),
            label="正在生成演示数据…",
        )
