"""The 评分会 page's 笔记本打分 menu: 带出评分, 带出情况 (with 取消带出) and 带回评分 on the office
PC; 打开评分包 and 导出评分结果 on the laptop. Every step goes through the runner (context.ops);
a refused file shows the service's Chinese message and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import checkout, laptop, merge
from desktop.services.merge_choices import Preview, merge_choosing, preview
from desktop.ui import messages
from desktop.ui.checkout_dialogs import PACKAGE_FILTER, CheckoutDialog, OpenPackageDialog, ReasonAsk
from desktop.ui.context import AppContext
from desktop.ui.merge_dialogs import ConflictDialog, MergePreviewDialog, conflicts_of, table

STATES = {checkout.OPEN: "带出中", "merged": "已带回合并", "cancelled": "已取消"}


def run_dialog(dialog: QDialog) -> bool:
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return accepted


class LaptopActions:
    """Behind the menu; `session()` gives the page's current session as (id, title, scorer names)
    or None, `show_session(year, id)` brings a session onto the page."""

    def __init__(self, context: AppContext, page: QWidget, session: Callable[[], tuple[int, str, list[str]] | None],
                 show_session: Callable[[int, int], None]):
        self.context, self.page, self.session, self.show_session = context, page, session, show_session
        self.button = QToolButton()
        self.button.setText("笔记本打分 ▾")
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; }")  # Qt's would overlap the text
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self.actions = {}
        for key, text, slot in (("checkout", "带出评分…", self.check_out), ("checkouts", "带出情况 / 取消带出…", self.list_checkouts),
                                ("merge", "带回评分…", self.bring_back), (None, "", None),
                                ("open", "打开评分包…（笔记本）", self.open_package),
                                ("return", "导出评分结果…（笔记本）", self.export_return)):
            if key is None:
                menu.addSeparator()
                continue
            self.actions[key] = menu.addAction(text)
            self.actions[key].triggered.connect(slot)
        self.button.setMenu(menu)

    def folder(self) -> Path:
        return self.context.db_file.parent if self.context.db_file else Path.home()

    # Writes run with the menu's button as their parent, not the page: the page follows them
    # (its Follower skips only the cells it saved itself) and shows the merged scores.

    def _current(self) -> tuple[int, str, list[str]] | None:
        current = self.session()
        if current is None:
            messages.info(self.page, "请先选择一个评分会。")
        return current

    # -- office -----------------------------------------------------------------------------
    def check_out(self) -> CheckoutDialog | None:
        current = self._current()
        if current is None:
            return None
        dialog = CheckoutDialog(self.context, *current, self.folder(), self.page)
        run_dialog(dialog)
        return dialog

    def list_checkouts(self) -> None:
        current = self._current()
        if current is not None:
            session_id = current[0]
            self.context.ops.query(self.page, lambda ws: checkout.checkouts(ws, session_id),
                                   lambda rows: run_dialog(CheckoutsDialog(self.context, session_id, rows, self.page)),
                                   label="正在读取带出情况…")

    def bring_back(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.page, "带回评分：选择笔记本导出的评分结果", str(self.folder()), PACKAGE_FILTER)
        if not name:
            return
        path = Path(name)
        self.context.ops.query(self.page, lambda ws: preview(ws, path), lambda shown: self._preview(path, shown),
                               label="正在核对评分结果…")

    def _preview(self, path: Path, shown: Preview) -> None:
        if not run_dialog(MergePreviewDialog(shown, self.page)):
            return
        report = shown.report
        if conflicts_of(report):
            chooser = ConflictDialog(report, self.page)
            choices = chooser.choices() if chooser.exec() == QDialog.DialogCode.Accepted else None
            chooser.deleteLater()
            if choices is None:
                return
            self.context.ops.write(self.button, lambda ws: merge_choosing(ws, path, choices), self._merged, label="正在合并…")
        else:
            self.context.ops.write(self.button, lambda ws: merge.merge(ws, path), self._merged, label="正在合并…")

    def _merged(self, report: merge.MergeReport) -> None:
        chosen = len(conflicts_of(report))
        settled = f"，按您的选择处理了 {chosen} 处冲突" if chosen else ""
        messages.info(self.page, f"已合并“{report.title}”第 {report.number} 份评分结果：新增 {report.new} 格、修改 {report.changed} 格、"
                                 f"清空 {report.cleared} 格，四评录入 {report.tallies_merged} 项{settled}。这次带出已结束。")

    # -- laptop -----------------------------------------------------------------------------
    def open_package(self) -> None:
        dialog = OpenPackageDialog(self.context, self.folder(), self.page)
        if run_dialog(dialog) and dialog.opened:
            opened, year = dialog.opened
            again = "（本机已打开过这份评分包，未做改动）" if opened.already else ""
            messages.info(self.page, f"已打开评分包{again}：{opened.branches} 个支部，评委 {'、'.join(opened.scorers)}。"
                                     "打完分后请用“导出评分结果”写出结果文件，带回办公室。")
            self.show_session(year, opened.session_id)

    def export_return(self) -> None:
        current = self._current()
        if current is None:
            return
        session_id, title, _scorers = current
        suggested = str(self.folder() / f"{title}-评分结果.bdsession")
        name, _ = QFileDialog.getSaveFileName(self.page, "导出评分结果", suggested, PACKAGE_FILTER)
        if not name:
            return
        path = Path(name)
        self.context.ops.write(self.page, lambda ws: returns(ws, session_id, path), self._returned,
                               label="正在导出评分结果…", writes=path)

    def _returned(self, made: list[laptop.Returned]) -> None:
        lines = [f"第 {r.number} 份评分结果：{r.cells} 格评分{'和四评录入' if r.tallies else ''} → {r.file}" for r in made]
        messages.info(self.page, "已导出" + "\n".join(lines) + f"\n请把{'这个文件' if len(made) == 1 else '这些文件'}"
                                 "带回办公室，用“带回评分”合并。之后再改了分数，请重新导出。")


def returns(ws, session_id: int, path: Path) -> list[laptop.Returned]:
    """The session's return; one per package when this laptop opened several for it (parts of
    different scorers), each named after its scorers."""
    opened = [p for p in laptop.packages_of(ws, session_id) if not p.superseded]
    if len(opened) <= 1:
        return [laptop.make_return(ws, session_id, path)]
    return [laptop.make_return(ws, session_id, path.with_name(f"{path.stem}-{'、'.join(p.scorers)}{path.suffix}"), p.checkout)
            for p in opened]


class CheckoutsDialog(QDialog):
    """The session's check-outs; 取消带出 for an open one asks for the reason."""

    def __init__(self, context: AppContext, session_id: int, rows: list[checkout.CheckoutView], parent=None):
        super().__init__(parent)
        self.context, self.session_id = context, session_id
        self.setWindowTitle("带出情况")
        self.resize(860, 360)
        self.list = table(["评委", "四评录入", "评分包文件", "带出时间", "状态", "取消原因"], [])
        self.list.setSelectionMode(self.list.SelectionMode.SingleSelection)
        self.list.setSelectionBehavior(self.list.SelectionBehavior.SelectRows)
        self.cancel_button = QPushButton("取消带出…")
        self.cancel_button.clicked.connect(self._cancel)
        self.list.itemSelectionChanged.connect(self._update)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("U 盘遗失或笔记本不再带回时，取消那次带出，办公室即可修改这些评分。"))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.show_rows(rows)

    def show_rows(self, rows: list[checkout.CheckoutView]) -> None:
        self.rows = rows
        self.list.setRowCount(len(rows))
        for r, c in enumerate(rows):
            left = f"{c.left_at:%Y-%m-%d %H:%M}" if c.left_at else ""
            for col, text in enumerate(("、".join(c.scorers), "随带" if c.tallies else "", c.file_name, left,
                                        STATES.get(c.state, c.state), c.reason or "")):
                self.list.setItem(r, col, QTableWidgetItem(text))
        self.list.resizeColumnsToContents()
        self._update()

    def selected(self) -> checkout.CheckoutView | None:
        rows = self.list.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _update(self) -> None:
        chosen = self.selected()
        self.cancel_button.setEnabled(chosen is not None and chosen.state == checkout.OPEN)

    def _cancel(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        ask = ReasonAsk(f"取消带出评委 {'、'.join(chosen.scorers)} 的评分（文件“{chosen.file_name}”）。", self)
        reason = ask.reason.text() if ask.exec() == QDialog.DialogCode.Accepted else None
        ask.deleteLater()
        if not reason:
            return
        session_id, scorers = self.session_id, chosen.scorers

        def work(ws):
            checkout.cancel(ws, session_id, reason, scorers)
            return checkout.checkouts(ws, session_id)

        self.context.ops.write(self, work, self.show_rows, label="正在取消带出…")
