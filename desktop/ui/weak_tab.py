"""整顿提升: 排查 (screening) of 软弱涣散 branches, the rectification ledger with the 动态清零 figures,
and the committee's inspections and 约谈 (desktop.ui.inspections_page).

Each page loads when first shown and follows the tables it shows (desktop.ui.follow); a new year or
as-of date makes them stale. The screening and the ledger are read by queries on the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.rules.weak import Thresholds, percent_text
from desktop.services import inspections, weak_cases, weak_screening
from desktop.services.inspections import BranchHistory
from desktop.services.weak_cases import CaseView, Clearing
from desktop.services.weak_screening import Candidate, Screening
from desktop.ui import messages
from desktop.ui.context import AppContext
from desktop.ui.follow import BRANCHES, MEETINGS, TALLIES, WEAK, WORKFLOW, Follower
from desktop.ui.inspections_page import InspectionsPage
from desktop.ui.meeting_dialog import date_edit
from desktop.ui.rows_model import Col, FilterProxy, RowsModel
from desktop.ui.trends_cards import CARD_STYLE  # the figures look like the trends tab's cards
from desktop.ui.weak_case_dialog import CaseDialog, NewCase, open_case_dialog
from desktop.ui.weak_views import open_printing, selected, table
from desktop.ui.year_box import LABEL as YEAR_LABEL
from desktop.ui.year_box import YearBox

OVERDUE_RED = "#c62828"
FIGURE_YEARS = 5  # the 动态清零 table shows the chosen year and the four before it


def as_of_for(year: int, today: date) -> date:
    return min(date(year, 12, 31), today)


def thresholds_text(t: Thresholds) -> str:
    return (f"群众满意率低于 {percent_text(t.satisfaction_percent)}、连续 {t.empty_months} 个月未开展组织生活、"
            f"书记空缺超过 {t.vacancy_months} 个月")


@dataclass(frozen=True)
class Screened:
    screening: Screening
    cases: dict[int, CaseView]  # the year's cases by branch


@dataclass(frozen=True)
class Ledger:
    cases: list[CaseView]
    clearing: Clearing


class ScreeningPage(QWidget):
    SHOWS = BRANCHES | MEETINGS | TALLIES | WORKFLOW | WEAK

    def __init__(self, context: AppContext, tab: WeakTab):
        super().__init__()
        self.context, self.tab = context, tab
        self.screened: Screened | None = None
        self.summary = QLabel("正在排查…")
        self.summary.setWordWrap(True)
        self.model = RowsModel([
            ("支部", lambda c: c.name),
            Col("情形数", lambda c: len(c.grounds), align_right=True),
            ("认定情形", lambda c: "、".join(g.label for g in c.grounds)),
            Col("整顿台账", self._case_text, color=lambda c: None if self._case(c) else OVERDUE_RED),
        ], self)
        self.proxy = FilterProxy(self.model, self)
        self.view = table(self.proxy, stretch=2)
        self.detail = QLabel("选择一个支部查看排查依据。")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumWidth(360)
        self.open_button = QPushButton("认定…")
        self.open_button.setToolTip("为所选支部建立整顿台账，排查得出的情形已勾选")
        self.thresholds_button = QPushButton("排查阈值…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.thresholds_button)
        split = QSplitter()
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self.view.selectionModel().selectionChanged.connect(self._show_detail)
        self.view.doubleClicked.connect(lambda _index: self.open_case())
        self.open_button.clicked.connect(self.open_case)
        self.thresholds_button.clicked.connect(self.edit_thresholds)
        self.follower = Follower(self, context.ops, self.SHOWS, self.reload)

    def _case(self, candidate: Candidate) -> CaseView | None:
        return self.screened.cases.get(candidate.branch_id) if self.screened else None

    def _case_text(self, candidate: Candidate) -> str:
        case = self._case(candidate)
        return case.state_label if case else "未认定"

    def reload(self) -> None:
        year, as_of = self.tab.year.value(), self.tab.as_of()

        def work(ws) -> Screened:
            found = weak_screening.screen(ws, year, as_of)
            return Screened(found, {c.branch_id: c for c in weak_cases.list_cases(ws, year)})

        self.context.ops.query(self, work, self.show_screening, label="正在排查…")

    def show_screening(self, screened: Screened) -> None:
        self.screened = screened
        found = screened.screening
        self.model.set_rows(list(found.candidates))
        self.view.resizeColumnToContents(0)
        pending = sum(1 for c in found.candidates if c.branch_id not in screened.cases)
        self.summary.setText(f"{found.year} 年截至 {found.as_of:%Y-%m-%d}：{len(found.candidates)} 个支部触发认定情形，"
                             f"其中 {pending} 个尚未认定。阈值：{thresholds_text(found.thresholds)}。")
        self.detail.setText("选择一个支部查看排查依据。")

    def _show_detail(self, *_args) -> None:
        candidate = selected(self.view, self.model)
        if candidate is None:
            return
        parts = [f"<b>{escape(candidate.name)}</b>"]
        for ground in candidate.grounds:
            parts.append(f"<p><b>{escape(ground.label)}</b><br>{escape(ground.message)}"
                         + (f"<br><span style='color:#5D6D7E'>依据：{escape(ground.evidence)}</span>" if ground.evidence else "")
                         + "</p>")
        self.detail.setText("".join(parts))
        branch_id = candidate.branch_id
        self.context.ops.query(self, lambda ws: inspections.branch_history(ws, branch_id),
                               lambda history: self._show_history(candidate, parts, history), quiet=True)

    def _show_history(self, candidate: Candidate, parts: list[str], history: BranchHistory) -> None:
        """What the 整顿 line recorded of the branch before: earlier cases, inspections, 约谈."""
        if selected(self.view, self.model) is not candidate:
            return  # another branch was chosen meanwhile
        lines = [f"{c.year} 年整顿台账：{c.state_label}" + ("（逾期）" if c.overdue else "") for c in history.cases]
        lines += [f"{i.held_on:%Y-%m-%d} {i.kind_label}：{v.findings or '无问题记录'}" for i, v in history.visits]
        lines += [f"{t.held_on:%Y-%m-%d} 约谈{t.person}：{t.reason}" for t in history.talks]
        if lines:
            parts = [*parts, "<p><b>整顿记录</b><br>" + "<br>".join(escape(line) for line in lines) + "</p>"]
        self.detail.setText("".join(parts))

    def open_case(self) -> CaseDialog | None:
        """认定 the chosen candidate (or open its case if it has one this year)."""
        candidate = selected(self.view, self.model)
        if candidate is None or self.screened is None:
            messages.info(self, "请先在列表中选择一个支部。")
            return None
        case = self._case(candidate)
        if case is not None:
            open_case_dialog(self.context, self, case.id, then=self.tab.show_dialog)
            return None
        new = NewCase(candidate.branch_id, candidate.name, self.screened.screening.year,
                      tuple(g.code for g in candidate.grounds))
        dialog = CaseDialog(self.context, new=new, parent=self)
        self.tab.show_dialog(dialog)
        return dialog

    def edit_thresholds(self) -> None:
        from desktop.ui.weak_rules_dialog import open_thresholds_dialog

        open_thresholds_dialog(self.context, self.tab.year.value(), self, then=self.tab.show_dialog)


def goal_text(clearing: Clearing) -> str:
    """The 动态清零 target in words: no case left open at a year's end."""
    this, earlier = clearing.years[-1], clearing.years[:-1]
    text = f"动态清零目标：每年末未销号的整顿台账为 0。{this.year} 年"
    text += "已清零。" if this.open_at_end == 0 else f"尚有 {this.open_at_end} 个未销号，其中逾期 {this.overdue_at_end} 个。"
    missed = [f"{f.year} 年 {f.open_at_end} 个" for f in earlier if f.open_at_end]
    if earlier:
        text += f"{earlier[0].year}–{earlier[-1].year} 年末" + ("均已清零。" if not missed else "未清零：" + "、".join(missed) + "。")
    return text


def _card(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame(objectName="card")
    frame.setStyleSheet(CARD_STYLE)
    frame.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    heading = QLabel(title)
    heading.setStyleSheet("color: #5D6D7E;")
    value = QLabel("—")
    value.setStyleSheet("font-size: 20px; font-weight: bold; color: #34495E;")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 6, 10, 6)
    layout.addWidget(heading)
    layout.addWidget(value)
    return frame, value


class LedgerPage(QWidget):
    SHOWS = BRANCHES | WEAK
    SCOPES = (("year", "本年度认定"), ("open", "全部未销号"), ("all", "全部年度"))

    def __init__(self, context: AppContext, tab: WeakTab):
        super().__init__()
        self.context, self.tab = context, tab
        self.ledger: Ledger | None = None
        cards = QHBoxLayout()
        self.cards: dict[str, QLabel] = {}
        for key, title in (("open_now", "当前未销号"), ("overdue_now", "其中逾期"), ("opened", "本年新认定"),
                           ("closed", "本年销号"), ("open_at_end", "本年末未销号（目标 0）")):
            frame, self.cards[key] = _card(title)
            cards.addWidget(frame)
        self.years_model = RowsModel([
            ("年度", lambda f: f"{f.year} 年"), Col("新认定", lambda f: f.opened, align_right=True),
            Col("销号", lambda f: f.closed, align_right=True),
            Col("年末未销号", lambda f: f.open_at_end, align_right=True, color=lambda f: OVERDUE_RED if f.open_at_end else None),
            Col("年末逾期", lambda f: f.overdue_at_end, align_right=True, color=lambda f: OVERDUE_RED if f.overdue_at_end else None),
        ], self)
        self.years_view = table(self.years_model)
        self.years_view.setSortingEnabled(False)
        header = self.years_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.years_view.setFixedHeight(self.years_view.verticalHeader().defaultSectionSize() * FIGURE_YEARS
                                       + header.sizeHint().height() + 2 * self.years_view.frameWidth())
        self.years_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        cards_column = QVBoxLayout()  # the cards keep their own height beside the taller table
        cards_column.addLayout(cards)
        self.goal = QLabel()
        self.goal.setWordWrap(True)
        self.goal.setStyleSheet("color: #34495E; padding: 4px 2px;")
        cards_column.addWidget(self.goal)
        cards_column.addStretch()
        figures = QHBoxLayout()
        figures.addLayout(cards_column, 3)
        figures.addWidget(self.years_view, 2)

        self.scope = QComboBox()
        for code, label in self.SCOPES:
            self.scope.addItem(label, code)
        self.model = RowsModel([
            ("支部", lambda c: c.name), ("年度", lambda c: c.year),
            ("状态", lambda c: c.state_label),
            Col("逾期", lambda c: "逾期" if c.overdue else "", color=lambda c: OVERDUE_RED if c.overdue else None),
            ("认定情形", lambda c: "、".join(c.ground_labels)),
            Col("整改时限", lambda c: c.form.deadline, color=lambda c: OVERDUE_RED if c.overdue else None),
            ("责任人", lambda c: c.form.responsible), ("进展", lambda c: f"{len(c.progress)} 次" if c.progress else ""),
            ("验收", lambda c: f"{c.form.accepted_on:%Y-%m-%d}" if c.form.accepted_on else ""),
            ("销号日期", lambda c: c.form.closed_on),
        ], self)
        self.proxy = FilterProxy(self.model, self)
        self.view = table(self.proxy, stretch=4)
        self.open_button = QPushButton("打开…")
        self.delete_button = QPushButton("删除…")
        self.print_ledger_button = QPushButton("打印整顿台账…")
        self.print_closure_button = QPushButton("打印销号审批表…")
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("范围"))
        bar.addWidget(self.scope)
        bar.addWidget(self.count_label, 1)
        for button in (self.open_button, self.delete_button, self.print_ledger_button, self.print_closure_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(figures)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.scope.currentIndexChanged.connect(lambda _i: self.follower.invalidate())
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.print_ledger_button.clicked.connect(lambda: self.print("weak_cases"))
        self.print_closure_button.clicked.connect(lambda: self.print("weak_closure"))
        self.follower = Follower(self, context.ops, self.SHOWS, self.reload)

    def reload(self) -> None:
        year, scope = self.tab.year.value(), self.scope.currentData()

        def work(ws) -> Ledger:
            cases = weak_cases.list_cases(ws, year if scope == "year" else None, open_only=scope == "open")
            return Ledger(cases, weak_cases.clearing(ws, year - FIGURE_YEARS + 1, year))

        self.context.ops.query(self, work, self.show_ledger, label="正在读取整顿台账…")

    def show_ledger(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.model.set_rows(ledger.cases)
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        clearing = ledger.clearing
        this = clearing.years[-1]
        values = {"open_now": clearing.open_now, "overdue_now": clearing.overdue_now, "opened": this.opened,
                  "closed": this.closed, "open_at_end": this.open_at_end}
        for key, value in values.items():
            self.cards[key].setText(str(value))
            red = key in ("overdue_now", "open_at_end") and value > 0
            self.cards[key].setStyleSheet(f"font-size: 20px; font-weight: bold; color: {OVERDUE_RED if red else '#34495E'};")
        self.years_model.set_rows(list(reversed(clearing.years)))
        self.goal.setText(goal_text(clearing))
        overdue = sum(1 for c in ledger.cases if c.overdue)
        self.count_label.setText(f"　共 {len(ledger.cases)} 份" + (f"，逾期 {overdue} 份" if overdue else ""))

    def open_selected(self) -> None:
        case = selected(self.view, self.model)
        if case is None:
            messages.info(self, "请先在台账中选择一份。")
            return
        open_case_dialog(self.context, self, case.id, then=self.tab.show_dialog)

    def delete_selected(self) -> None:
        case = selected(self.view, self.model)
        if case is None:
            messages.info(self, "请先在台账中选择一份。")
            return
        if messages.confirm(self, f"删除{case.name} {case.year} 年的整顿台账（含进展记录）？删除后不可恢复。"):
            case_id = case.id
            self.context.ops.write(self, lambda ws: weak_cases.delete_case(ws, case_id), lambda _: None, label="正在删除…")

    def print(self, kind: str):
        case = selected(self.view, self.model)
        year = case.year if case is not None else self.tab.year.value()
        ids = [case.branch_id] if kind == "weak_closure" and case is not None else None
        self.tab.printing = open_printing(self.context, self, kind, year, ids)


class WeakTab(QWidget):
    TITLE = "整顿提升"

    def __init__(self, context: AppContext, parent=None, today: date | None = None):
        super().__init__(parent)
        self.context = context
        self.today = today or date.today()
        self.dialog: QWidget | None = None  # the last form opened (tests answer it)
        self.printing = None  # the last print dialog opened
        self.year = YearBox(self.today.year)
        self.as_of_edit = date_edit(self, as_of_for(self.today.year, self.today))
        self.as_of_edit.setToolTip("排查截至日期：组织生活看截至该月的 12 个月，书记空缺和任期算到该日")
        self.screening = ScreeningPage(context, self)
        self.ledger = LedgerPage(context, self)
        self.inspections = InspectionsPage(context, self)
        self.pages = QTabWidget()
        self.pages.addTab(self.screening, "排查")
        self.pages.addTab(self.ledger, "整顿台账")
        self.pages.addTab(self.inspections, "督查与约谈")
        top = QHBoxLayout()
        top.addWidget(QLabel(YEAR_LABEL))
        top.addWidget(self.year)
        top.addWidget(QLabel("排查截至"))
        top.addWidget(self.as_of_edit)
        top.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.year.valueChanged.connect(self._year_changed)
        self.as_of_edit.dateChanged.connect(lambda _d: self.screening.follower.invalidate())

    def as_of(self) -> date:
        return self.as_of_edit.date().toPython()

    def _year_changed(self, year: int) -> None:
        day = as_of_for(year, self.today)
        self.as_of_edit.blockSignals(True)
        self.as_of_edit.setDate(QDate(day.year, day.month, day.day))
        self.as_of_edit.blockSignals(False)
        for page in (self.screening, self.ledger, self.inspections):
            page.follower.invalidate()

    def show_dialog(self, dialog) -> None:
        """Forms open window-modal; kept so a test can fill the one on screen."""
        self.dialog = dialog
        dialog.open()
