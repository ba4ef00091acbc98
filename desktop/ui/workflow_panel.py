"""One branch's workflow for the year: its steps (date, who, outcome, reason) and the next step.

Recording a step is a write operation: the results above follow it (their page reloads)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout

from desktop.errors import BranchdeskError
from desktop.rules.weak import STRONGEST_STEPS
from desktop.rules.workflow import (
    OUTCOME_LABELS,
    PASS,
    STATES,
    STEP_LABELS,
    WITH_OUTCOME,
    Step,
    date_problem,
    state_label,
    transition_problem,
)
from desktop.services import workflow
from desktop.ui import messages
from desktop.ui.context import AppContext
from desktop.ui.message_line import MessageLine
from desktop.ui.rows_model import Col, RowsModel
from desktop.ui.who import operator_field, remember_operator

STEPS_SHOWN = 4  # a standardization year's steps (自评, 申请, 街道考评, 区委验收) in view without scrolling


class WorkflowPanel(QGroupBox):
    def __init__(self, context: AppContext, parent=None):
        super().__init__("创建流程", parent)
        self.context, self.branch_id, self.name, self.year = context, None, "", None
        self.steps = RowsModel([
            Col("环节", lambda s: STEP_LABELS[s.state]),
            Col("结果", lambda s: OUTCOME_LABELS.get(s.outcome, "")),
            Col("日期", lambda s: f"{s.on_date:%Y-%m-%d}"),
            Col("记录人", lambda s: s.recorded_by),
            Col("原因", lambda s: s.reason or ""),
        ], self)
        self.steps_view = QTableView()
        self.steps_view.setModel(self.steps)
        self.steps_view.verticalHeader().hide()
        self.steps_view.horizontalHeader().setStretchLastSection(True)
        # The results table above takes what a splitter gives; without a floor the steps shrink to a row.
        self.steps_view.setMinimumHeight(self.steps_view.horizontalHeader().sizeHint().height()
                                         + STEPS_SHOWN * self.steps_view.verticalHeader().defaultSectionSize()
                                         + 2 * self.steps_view.frameWidth())
        self.state = QComboBox()
        for state in STATES[1:]:
            self.state.addItem(STEP_LABELS[state], state)
        self.state.currentIndexChanged.connect(self._state_changed)
        self.outcome = QComboBox()
        for code, label in OUTCOME_LABELS.items():
            self.outcome.addItem(label, code)
        self.on_date = QDateEdit(QDate.currentDate())
        self.on_date.setCalendarPopup(True)
        self.on_date.setDisplayFormat("yyyy-MM-dd")
        # No date range: a range would silently pull a mistyped year back into it. A date outside
        # the year is refused here, under the form, on a line kept free for it so nothing moves.
        self.on_date.dateChanged.connect(self._check_date)
        self.date_problem = MessageLine()
        self.date_problem.setStyleSheet("color:#c0392b")
        self.who = operator_field()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("撤销原因")
        self.record_button = QPushButton("记录")
        self.record_button.clicked.connect(self.record)
        # Two lines kept for it too: a refusal that wraps would otherwise lift the 记录 button.
        self.message = MessageLine(lines=2)
        row = QHBoxLayout()
        for widget in (self.state, self.outcome, self.on_date, QLabel("记录人"), self.who, self.reason, self.record_button):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        self.title = QLabel("在上表中选择一个支部")
        layout.addWidget(self.title)
        layout.addWidget(self.steps_view)
        layout.addLayout(row)
        layout.addWidget(self.date_problem)
        layout.addWidget(self.message)
        self._state_changed()

    def _state_changed(self) -> None:
        state = self.state.currentData()
        self.outcome.setEnabled(state in WITH_OUTCOME)
        self.reason.setEnabled(state == "revoked")

    def show_branch(self, branch_id: int | None, name: str, year: int) -> None:
        self.branch_id, self.name, self.year = branch_id, name, year
        self.title.setText(f"{name} · {year} 年" if branch_id else "在上表中选择一个支部")
        self.message.clear()
        if year is not None and self.on_date.date().year() != year:  # today, or the year's last day
            today = date.today()
            self.on_date.setDate(today if today.year == year else date(year, 12, 31))
        self._check_date()
        self.steps.set_rows([])
        self.reload_steps()

    def reload_steps(self) -> None:
        """Read the shown branch's steps again (the message under the form stays)."""
        branch_id, year = self.branch_id, self.year
        if branch_id is None or year is None:
            return
        self.context.ops.query(self, lambda ws: workflow.steps_of(ws, branch_id, year),
                               lambda steps: self._show_steps(branch_id, year, steps), quiet=True)

    def _show_steps(self, branch_id: int, year: int, steps: list) -> None:
        if (branch_id, year) != (self.branch_id, self.year):
            return  # another branch or year was chosen meanwhile
        self.steps.set_rows(steps)
        self._offer_next()

    def _check_date(self) -> str | None:
        problem = date_problem(self.year, self.on_date.date().toPython()) if self.year is not None else None
        self.date_problem.setText(problem or "")
        return problem

    def _offer_next(self) -> None:
        """Preselect the first step the rules allow after the latest one (the usual next step)."""
        last = self.steps.rows[-1] if self.steps.rows else None
        previous = Step(last.state, last.outcome, last.on_date) if last else None
        for index in range(self.state.count()):
            state = self.state.itemData(index)
            candidate = Step(state, PASS if state in WITH_OUTCOME else None, date.max)
            if transition_problem(previous, candidate, meets_standard=True, reason="-") is None:
                self.state.setCurrentIndex(index)
                return

    def record(self) -> bool:
        """Send the step to be recorded; False when the form refuses it first (no branch, a bad date)."""
        if self.branch_id is None:
            return False
        if self._check_date():
            self.message.clear()
            self.on_date.setFocus()
            return False
        if not self.who.text().strip():  # the step is recorded under this name: asked, never guessed
            self.message.setStyleSheet("color:#c0392b")
            self.message.setText("请填写记录人（您的姓名）。")
            self.who.setFocus()
            return False
        state = self.state.currentData()
        branch_id, year, on_date = self.branch_id, self.year, self.on_date.date().toPython()
        if state not in STRONGEST_STEPS:
            self._send(state)
            return True

        def asked(caution: str | None) -> None:
            if caution is None or messages.confirm(self, f"{self.name}：{caution}\n\n仍要记录“{STEP_LABELS[state]}”吗？"):
                self._send(state)
            else:
                self.record_button.setEnabled(True)
                self.message.setStyleSheet("color:#b9770e")
                self.message.setText("未记录：请先整改或核实软弱涣散认定情形，再推荐、评定最强党支部。")

        self.record_button.setEnabled(False)
        self.context.ops.query(self, lambda ws: workflow.strongest_caution(ws, branch_id, year, state, on_date), asked,
                               label="正在检查…")
        return True

    def _send(self, state: str) -> None:
        outcome = self.outcome.currentData() if state in WITH_OUTCOME else None
        branch_id, year, on_date, who, reason = (self.branch_id, self.year, self.on_date.date().toPython(),
                                                 self.who.text(), self.reason.text())

        def work(ws):
            workflow.record_step(ws, branch_id, year, state, on_date, who, outcome=outcome, reason=reason)
            return workflow.steps_of(ws, branch_id, year)

        def recorded(steps: list) -> None:
            remember_operator(who)
            self.record_button.setEnabled(True)
            self.message.setStyleSheet("color:#1e8449")
            self.message.setText(f"已记录：{state_label(state, outcome)}")
            self._show_steps(branch_id, year, steps)

        def refused(error: BranchdeskError) -> None:
            self.record_button.setEnabled(True)
            self.message.setStyleSheet("color:#c0392b")
            self.message.setText(error.message)

        self.record_button.setEnabled(False)  # one step at a time: the next is judged after this one
        self.context.ops.write(self, work, recorded, on_error=refused, label="正在记录…")
