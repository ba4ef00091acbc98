"""趋势图表: this year's standing against the targets, and the trend charts.

Nothing of a chart is drawn on the GUI thread: matplotlib is loaded, and every chart painted, on the
charts' thread (ui/chart_painter.py), and the tab shows the picture (ui/chart_view.py). The figures
are read by query operations on the worker and painted when they land; once the chart on screen is
shown, the other charts' figures are read too, so a click on one paints at once.
The tab shows nearly everything (branches, meetings, the evaluation, targets): a change to any of it
empties the cache and redraws at once when the tab is visible, else on next show.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QTabBar, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop.errors import BranchdeskError
from desktop.glossary import BRANCH_KIND_LABELS
from desktop.rules.trends import Dashboard
from desktop.services import trends
from desktop.ui import folders, messages
from desktop.ui.chart_view import ChartView
from desktop.ui.context import AppContext
from desktop.ui.follow import BRANCHES, MEETINGS, RUBRIC, SCORING, TALLIES, TARGETS, WEAK, WORKFLOW, Follower
from desktop.ui.screen_fit import wrap_in_width
from desktop.ui.trends_cards import DashboardCards
from desktop.ui.year_box import LABEL as YEAR_LABEL
from desktop.ui.year_box import YearBox

SHOWS = BRANCHES | MEETINGS | TALLIES | SCORING | RUBRIC | WORKFLOW | TARGETS | WEAK  # WEAK: the 最强 bar, the weak chart
EXPORT_FILTERS = {"PNG 图片（300 dpi）(*.png)": ".png", "SVG 矢量图 (*.svg)": ".svg", "PDF 文件 (*.pdf)": ".pdf"}
# The report prints with a 验证码 as PDF; as Word it is for pasting into the year's 总结.
REPORT_FILTERS = {"PDF 文件，带验证码 (*.pdf)": ".pdf", "Word 文档 (*.docx)": ".docx"}


def export_path(name: str, chosen_filter: str, filters: dict[str, str] = EXPORT_FILTERS) -> Path:
    """The file to write: a name without a suffix takes the chosen filter's. A name with another
    suffix keeps it, so that x.jpg is refused by the exporter (not written as x.jpg.png)."""
    path = Path(name)
    return path if path.suffix else path.with_name(path.name + filters.get(chosen_filter, next(iter(filters.values()))))


class TrendsTab(QWidget):
    TITLE = "趋势图表"
    painted = Signal()  # a chart's picture is on screen (the benchmark and tests follow it)

    def __init__(self, context: AppContext, parent=None, today: date | None = None):
        super().__init__(parent)
        self._context = context
        self._today = today
        self._cache: dict[tuple, object] = {}
        self._pending: dict[tuple, list[tuple]] = {}  # charts being read: key -> (use, failed) waiting
        self._prefetch_due = False  # read the other charts once the current one is shown
        self._charts_asked = False  # the first show waits for matplotlib (context.charts)
        self.charts_ready = False
        self.branch_dialog = None
        self.targets_dialog = None
        self.dashboard: Dashboard | None = None
        this_year = self.today.year

        self.cards = DashboardCards()

        self.from_spin = YearBox(max(2000, this_year - 4))
        self.to_spin = YearBox(this_year)
        self.year_spin = YearBox(this_year)
        self.year_spin.setToolTip("只画一个年度的图表（分类型、得分、问题）所示的年度")
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("（不另画）", None)
        for kind, label in BRANCH_KIND_LABELS.items():
            self.kind_combo.addItem(label, kind.value)
        self.targets_button = QPushButton("目标设置…")
        self.export_button = QPushButton("导出图表…")
        self.report_button = QPushButton("导出分析报告…")
        controls = QGridLayout()
        for column, (label, widget) in enumerate(
            (("起始年度", self.from_spin), ("截止年度", self.to_spin), (YEAR_LABEL, self.year_spin), ("另画支部类型", self.kind_combo))
        ):
            controls.addWidget(QLabel(label), 0, column * 2)
            controls.addWidget(widget, 0, column * 2 + 1)
        controls.setColumnStretch(8, 1)
        for offset, button in enumerate((self.targets_button, self.export_button, self.report_button)):
            controls.addWidget(button, 0, 9 + offset)

        self.chart_bar = QTabBar()
        for title in trends.CHART_TITLES.values():
            self.chart_bar.addTab(title)
        self.chart_area = QVBoxLayout()
        self.view = ChartView()
        self.chart_area.addWidget(self.view, 1)
        self.message_label = QLabel()
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_area.addWidget(self.message_label)
        self.hover_label = QLabel("将鼠标移到柱或点上查看数字，单击查看其中的支部。")
        self.hover_label.setStyleSheet("color: #34495E;")
        for label in (self.message_label, self.hover_label):  # they name files: the tab's buttons stay on screen
            wrap_in_width(label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.cards)
        layout.addLayout(controls)
        layout.addWidget(self.chart_bar)
        layout.addLayout(self.chart_area, 1)
        layout.addWidget(self.hover_label)

        for spin in (self.from_spin, self.to_spin, self.year_spin):
            spin.valueChanged.connect(self._controls_changed)
        self.kind_combo.currentIndexChanged.connect(self._controls_changed)
        self.chart_bar.currentChanged.connect(self._controls_changed)
        self.targets_button.clicked.connect(self.edit_targets)
        self.export_button.clicked.connect(self.export_chart)
        self.report_button.clicked.connect(self.export_report)
        self.view.hovered.connect(self._hover)
        self.view.clicked.connect(self._click)
        self.view.resized.connect(self._repaint)
        self.follower = Follower(self, context.ops, SHOWS, self.refresh)
        self._enable_controls()

    @property
    def today(self) -> date:
        return self._today or date.today()

    @property
    def chart_name(self) -> str:
        return trends.CHART_NAMES[self.chart_bar.currentIndex()]

    @property
    def picture(self):
        """The Picture on screen (desktop.charts.picture), or None."""
        return self.view.picture

    def showEvent(self, event):  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._charts_asked:
            self._charts_asked = True
            self.message_label.setText("正在准备图表…")
            self._context.charts.when_ready(self._first_chart)

    def _first_chart(self) -> None:
        if not isValid(self):  # the window closed while matplotlib was loading
            return
        self.message_label.clear()
        self.charts_ready = True
        self.draw_chart()
        self._prefetch_due = True

    def _controls_changed(self, *_args) -> None:
        if self.from_spin.value() > self.to_spin.value():
            # Keep the range valid: move the other end instead of refusing the keystroke.
            other = self.to_spin if self.sender() is self.from_spin else self.from_spin
            other.blockSignals(True)
            other.setValue(self.from_spin.value() if other is self.to_spin else self.to_spin.value())
            other.blockSignals(False)
        self._enable_controls()
        if self.charts_ready and self.isVisible():
            self.draw_chart()

    def _enable_controls(self) -> None:
        self.year_spin.setEnabled(self.chart_name in trends.YEAR_CHARTS)
        self.kind_combo.setEnabled(self.chart_name == "compliance")

    def refresh(self) -> None:
        """Read the dashboard and the current chart again (the figures changed), then the others."""
        self._cache.clear()
        self._pending.clear()
        year, today = self.today.year, self.today
        self._context.ops.query(self, lambda ws: trends.dashboard_for(ws, year, today), self._show_dashboard,
                                label="正在统计…")
        if self.charts_ready:
            self.draw_chart()
            self._prefetch_due = True

    def chart_keys(self) -> list[tuple]:
        """The key of every chart for the controls as they are (the chart bar's order)."""
        _name, *rest = self.chart_key()
        return [(name, *rest) for name in trends.CHART_NAMES]

    def prefetch(self) -> None:
        """Read every other chart of the current controls on the worker, one query each after the
        current chart's (each lands as soon as it is read): a click on one then draws at once."""
        for key in self.chart_keys():
            self.with_chart_data(lambda _data: None, lambda _error: None, key, quiet=True)

    def _show_dashboard(self, board: Dashboard) -> None:
        self.dashboard = board
        self.cards.show_board(board)

    def chart_key(self) -> tuple:
        return (self.chart_name, self.from_spin.value(), self.to_spin.value(), self.year_spin.value(), self.kind_combo.currentData())

    def with_chart_data(self, use, failed, key: tuple | None = None, quiet: bool = False) -> None:
        """`use(data)` with the figures of the chart the controls name (or of `key`), from the cache,
        from the query already reading them, or read on the worker; `failed(error)` if they cannot
        be drawn."""
        key = key or self.chart_key()
        if key in self._cache:
            use(self._cache[key])
            return
        if key in self._pending:  # the prefetch is reading it
            self._pending[key].append((use, failed))
            return
        name, first, last, year, kind = key
        today = self.today
        waiting = self._pending[key] = [(use, failed)]

        def landed(data) -> None:
            if self._pending.get(key) is waiting:  # else a change emptied the cache meanwhile
                del self._pending[key]
                self._cache[key] = data
            for use_it, _failed in waiting:
                use_it(data)

        def broke(error: BranchdeskError) -> None:
            if self._pending.get(key) is waiting:
                del self._pending[key]
            for _use, failed_too in waiting:
                failed_too(error)

        self._context.ops.query(self, lambda ws: trends.chart_data(ws, name, first, last, year=year, kind=kind, today=today),
                                landed, on_error=broke, label="正在统计…", quiet=quiet)

    def draw_chart(self) -> None:
        key = self.chart_key()

        def draw_if_current(data) -> None:
            if key == self.chart_key():  # the controls moved on meanwhile: their chart is on the way
                self.paint(data)

        def failed(error: BranchdeskError) -> None:
            if key == self.chart_key():
                self.view.clear()
                self.message_label.setText(error.message)

        self.with_chart_data(draw_if_current, failed)

    def paint(self, data) -> None:
        """Paint `data` at the view's size on the charts' thread; shown when it lands, unless
        another paint was asked meanwhile."""
        from desktop.charts.picture import paint

        width, height, scale = self.view.size_wanted()
        self._context.charts.paint(self.view, lambda: paint(data, width, height, scale), self._show_picture)

    def _show_picture(self, picture) -> None:
        self.message_label.clear()
        self.view.show_picture(picture)
        if self._prefetch_due:
            # Only now read the others: the worker's Python and the painting share one interpreter
            # lock, and the first chart would come later.
            self._prefetch_due = False
            self.prefetch()
        self.painted.emit()  # last: whoever follows it finds the other charts' reads queued

    def _repaint(self) -> None:
        """The view's size settled: the chart on screen again at that size."""
        if self.picture is not None:
            self.paint(self.picture.data)

    def _hover(self, point) -> None:
        if point is not None:
            self.hover_label.setText(point.detail)

    def _click(self, point) -> None:
        if not point.groups:
            self.hover_label.setText(point.detail + "（此图不列出具体支部）")
            return
        from desktop.ui.branch_list_dialog import BranchListDialog

        self.branch_dialog = BranchListDialog(self._context, f"{self.picture.data.title} · {point.x}", point.groups, self)
        self.branch_dialog.open()

    def edit_targets(self) -> None:
        from desktop.ui.targets_dialog import open_targets

        def show(dialog) -> None:
            self.targets_dialog = dialog
            dialog.open()

        open_targets(self._context, max(self.to_spin.value(), self.today.year), self, show)

    def _ask_path(self, kind: str, title: str, name: str, filters: str) -> tuple[str, str]:
        return folders.save_file(self, kind, title, name, filters)

    def export_chart(self) -> None:
        self.with_chart_data(self._export_chart, lambda error: messages.warn(self, error.message))

    def _export_chart(self, data) -> None:
        name, chosen = self._ask_path(folders.EXPORTS, "导出图表", f"{data.title}.png", ";;".join(EXPORT_FILTERS))
        if not name:
            return
        path = export_path(name, chosen)
        from desktop.charts.export import check_format, export_chart

        try:
            check_format(path)  # before drawing: .jpg and the like are refused with the formats offered
        except BranchdeskError as error:
            messages.warn(self, error.message)
            return

        def export():  # on the charts' thread: a 300-dpi drawing takes a second
            try:
                return export_chart(data, path)
            except BranchdeskError as error:
                return error

        self.export_button.setEnabled(False)
        self._context.charts.paint(self.export_button, export, self._exported)

    def _exported(self, outcome) -> None:
        self.export_button.setEnabled(True)
        if isinstance(outcome, BranchdeskError):
            messages.warn(self, outcome.message)
        else:
            self.hover_label.setText(f"已导出到 {outcome}")

    def export_report(self) -> None:
        first, last = self.from_spin.value(), self.to_spin.value()
        path, chosen = self._ask_path(folders.PRINTS, "导出趋势分析报告", f"趋势分析报告{first}-{last}.pdf",
                                      ";;".join(REPORT_FILTERS))
        if not path:
            return
        path = export_path(path, chosen, REPORT_FILTERS)
        from desktop.services.trends_report import trends_report, trends_word

        kind, today = self.kind_combo.currentData(), self.today
        if path.suffix.lower() == ".docx":  # for pasting into the year's 总结: not a print, no 验证码
            self.report_button.setEnabled(False)
            self._context.ops.query(
                self, lambda ws: trends_word(ws, first, last, path, kind=kind, today=today),
                lambda written: self._report_done(written, None), label="正在导出趋势分析报告…",
                on_error=self._report_failed, writes=path, imports=("docx",),
            )
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        # A few seconds of drawing and typesetting, and a print record: a write on the worker (it
        # touches no widget; a file error is explained by the runner), with a busy dialog that
        # appears only if it takes long enough to notice.
        self.report_button.setEnabled(False)
        self._context.ops.write(
            self, lambda ws: trends_report(ws, first, last, path, kind=kind, today=today),
            lambda printed: self._report_done(path, printed), label="正在生成趋势分析报告…",
            on_error=self._report_failed, writes=path,
        )

    def _report_done(self, path: Path, printed) -> None:
        self.report_button.setEnabled(True)
        code = f"（验证码：{printed.code_text}）" if printed is not None else ""
        self.hover_label.setText(f"已导出到 {path}{code}")

    def _report_failed(self, error: BranchdeskError) -> None:
        self.report_button.setEnabled(True)
        self.hover_label.setText("")  # no stale "已导出到 …" from an earlier export
        messages.warn(self, error.message)
