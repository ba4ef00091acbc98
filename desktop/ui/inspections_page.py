"""督查与约谈 page of the 整顿提升 tab: the year's inspections (with the branches each visited and the
follow-up owed), and the year's 约谈 records; their forms are in desktop.ui.inspection_dialog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget

from desktop.services import inspections
from desktop.services.inspections import InspectionView, TalkView
from desktop.ui import messages
from desktop.ui.context import AppContext
from desktop.ui.follow import BRANCHES, INSPECTIONS, Follower
from desktop.ui.inspection_dialog import InspectionDialog, TalkDialog, open_with_branches
from desktop.ui.rows_model import Col, RowsModel
from desktop.ui.weak_views import open_printing, selected, table


class Tab(Protocol):
    """What the page reads of the 整顿提升 tab it sits in."""

    year: QSpinBox
    printing: object

    def show_dialog(self, dialog) -> None: ...

RED = "#c62828"


@dataclass(frozen=True)
class Log:
    inspections: list[InspectionView]
    talks: list[TalkView]


def _day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


class InspectionsPage(QWidget):
    SHOWS = BRANCHES | INSPECTIONS

    def __init__(self, context: AppContext, tab: Tab):
        super().__init__()
        self.context, self.tab = context, tab
        self.model = RowsModel([
            ("检查日期", lambda i: _day(i.held_on)), ("检查方式", lambda i: i.kind_label), ("检查主题", lambda i: i.topic),
            ("检查人员", lambda i: i.inspectors), Col("支部数", lambda i: len(i.visits), align_right=True),
            Col("整改", lambda i: "待整改" if i.open else ("已完成" if i.closed_on else "无需整改"),
                color=lambda i: RED if i.open else None),
            ("完成日期", lambda i: _day(i.closed_on)),
        ], self)
        self.view = table(self.model, stretch=2)
        self.visits_model = RowsModel([
            ("支部", lambda v: v.name), ("发现问题", lambda v: v.findings), ("整改要求", lambda v: v.follow_up),
            Col("整改时限", lambda v: _day(v.deadline), color=lambda v: RED if v.overdue else None),
            Col("完成日期", lambda v: _day(v.closed_on) or ("逾期" if v.overdue else "")),
        ], self)
        self.visits_view = table(self.visits_model, stretch=1)
        self.talks_model = RowsModel([
            ("约谈日期", lambda t: _day(t.held_on)), ("支部", lambda t: t.name), ("约谈对象", lambda t: t.person),
            ("职务", lambda t: t.role), ("约谈人", lambda t: t.by_whom), ("约谈事由", lambda t: t.reason),
            ("约谈意见", lambda t: t.agreed),
        ], self)
        self.talks_view = table(self.talks_model, stretch=5)
        # Branch names and dates in full; the two texts of a visit share the rest of the width.
        fit, stretch = QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch
        for view, fitted, stretched in ((self.visits_view, (0, 3, 4), (1, 2)), (self.talks_view, (0, 1, 2, 3), (5, 6))):
            for column in fitted:
                view.horizontalHeader().setSectionResizeMode(column, fit)
            for column in stretched:
                view.horizontalHeader().setSectionResizeMode(column, stretch)

        self.add_button = QPushButton("登记检查…")
        self.delete_button = QPushButton("删除检查…")
        self.close_visit_button = QPushButton("所选支部整改完成")
        self.add_talk_button = QPushButton("登记约谈…")
        self.delete_talk_button = QPushButton("删除约谈…")
        self.print_button = QPushButton("打印督查检查和约谈汇总表…")
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>督查检查</b>"))
        top.addWidget(self.summary, 1)
        for button in (self.add_button, self.delete_button, self.print_button):
            top.addWidget(button)
        visits_bar = QHBoxLayout()
        visits_bar.addWidget(QLabel("所选检查的被检查支部"))
        visits_bar.addStretch()
        visits_bar.addWidget(self.close_visit_button)
        talks_bar = QHBoxLayout()
        talks_bar.addWidget(QLabel("<b>约谈</b>"))
        talks_bar.addStretch()
        talks_bar.addWidget(self.add_talk_button)
        talks_bar.addWidget(self.delete_talk_button)

        split = QSplitter(Qt.Orientation.Vertical)
        for bar, view in ((top, self.view), (visits_bar, self.visits_view), (talks_bar, self.talks_view)):
            part = QWidget()
            box = QVBoxLayout(part)
            box.setContentsMargins(0, 0, 0, 0)
            box.addLayout(bar)
            box.addWidget(view, 1)
            split.addWidget(part)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)

        self.view.selectionModel().selectionChanged.connect(self._show_visits)
        self.add_button.clicked.connect(self.add_inspection)
        self.delete_button.clicked.connect(self.delete_inspection)
        self.close_visit_button.clicked.connect(self.close_visit)
        self.add_talk_button.clicked.connect(self.add_talk)
        self.delete_talk_button.clicked.connect(self.delete_talk)
        self.print_button.clicked.connect(self.print)
        self.follower = Follower(self, context.ops, self.SHOWS, self.reload)

    def reload(self) -> None:
        year = self.tab.year.value()
        self.context.ops.query(self, lambda ws: Log(inspections.list_inspections(ws, year), inspections.list_talks(ws, year)),
                               self.show_log, label="正在读取督查记录…")

    def show_log(self, log: Log) -> None:
        chosen = selected(self.view, self.model)
        self.model.set_rows(log.inspections)
        self.talks_model.set_rows(log.talks)
        self.visits_model.set_rows([])
        owed = sum(1 for i in log.inspections if i.open)
        self.summary.setText(f"　{self.tab.year.value()} 年 {len(log.inspections)} 次" + (f"，{owed} 次尚待整改" if owed else "")
                             + f"；约谈 {len(log.talks)} 次")
        for row, inspection in enumerate(log.inspections):
            if chosen is not None and inspection.id == chosen.id:
                self.view.selectRow(row)

    def _show_visits(self, *_args) -> None:
        inspection = selected(self.view, self.model)
        self.visits_model.set_rows(list(inspection.visits) if inspection else [])

    def add_inspection(self) -> None:
        open_with_branches(self.context, self, lambda branches: InspectionDialog(self.context, branches, self),
                           then=self.tab.show_dialog)

    def add_talk(self) -> None:
        open_with_branches(self.context, self, lambda branches: TalkDialog(self.context, branches, self), then=self.tab.show_dialog)

    def delete_inspection(self) -> None:
        inspection = selected(self.view, self.model)
        if inspection is None:
            messages.info(self, "请先选择一次检查。")
            return
        if messages.confirm(self, f"删除 {inspection.held_on:%Y-%m-%d} 的{inspection.kind_label}记录（含各支部的检查情况）？"):
            inspection_id = inspection.id
            self.context.ops.write(self, lambda ws: inspections.delete_inspection(ws, inspection_id), lambda _: None,
                                   label="正在删除…")

    def close_visit(self) -> None:
        visit = selected(self.visits_view, self.visits_model)
        if visit is None:
            messages.info(self, "请先选择一次检查，再在下方选择被检查支部。")
            return
        if visit.closed_on is not None:
            messages.info(self, f"{visit.name}的整改已于 {visit.closed_on:%Y-%m-%d} 完成。")
            return
        today = date.today()
        if messages.confirm(self, f"登记{visit.name}的整改已于今天（{today:%Y-%m-%d}）完成？"):
            visit_id = visit.id
            self.context.ops.write(self, lambda ws: inspections.close_visit(ws, visit_id, today), lambda _: None,
                                   label="正在保存…")

    def delete_talk(self) -> None:
        talk = selected(self.talks_view, self.talks_model)
        if talk is None:
            messages.info(self, "请先选择一条约谈记录。")
            return
        if messages.confirm(self, f"删除 {talk.held_on:%Y-%m-%d} 对{talk.name}{talk.person}的约谈记录？"):
            talk_id = talk.id
            self.context.ops.write(self, lambda ws: inspections.delete_talk(ws, talk_id), lambda _: None, label="正在删除…")

    def print(self) -> None:
        self.tab.printing = open_printing(self.context, self, "inspections", self.tab.year.value())
