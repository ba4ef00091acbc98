"""The screening thresholds of one year (services.weak_rules keeps them per year, like the meeting rules)."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtWidgets import QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout

from desktop.rules.weak import EMPTY_MONTHS_RANGE, VACANCY_MONTHS_RANGE, Thresholds
from desktop.services import weak_rules
from desktop.ui import messages
from desktop.ui.context import AppContext
from desktop.ui.meeting_dialog import button_box
from desktop.ui.write_dialog import WriteDialog


def open_thresholds_dialog(context: AppContext, year: int, parent=None, then=None) -> None:
    def show(loaded) -> None:
        dialog = ThresholdsDialog(context, year, *loaded, parent=parent)
        dialog.exec() if then is None else then(dialog)

    context.ops.query(parent, lambda ws: (weak_rules.thresholds_for_year(ws, year), year in weak_rules.own_years(ws)),
                      show, label="正在打开…")


class ThresholdsDialog(WriteDialog):
    def __init__(self, context: AppContext, year: int, thresholds: Thresholds, own: bool, parent=None):
        super().__init__(parent)
        self.context = context
        self.year = year
        self.setWindowTitle(f"{year} 年软弱涣散排查阈值")
        note = QLabel(("本年度已有单独阈值。" if own else "本年度沿用上一年度（或默认）阈值，保存后单独保存本年度阈值。")
                      + "\n修改只影响本年度及以后未单独设置的年度，不会改变往年的排查结果。")
        note.setWordWrap(True)
        self.satisfaction = QDoubleSpinBox()
        self.satisfaction.setRange(0.01, 100)
        self.satisfaction.setDecimals(2)
        self.satisfaction.setSuffix(" %")
        self.satisfaction.setValue(float(thresholds.satisfaction_percent))
        self.empty_months = QSpinBox()
        self.empty_months.setRange(*EMPTY_MONTHS_RANGE)
        self.empty_months.setSuffix(" 个月")
        self.empty_months.setValue(thresholds.empty_months)
        self.vacancy_months = QSpinBox()
        self.vacancy_months.setRange(*VACANCY_MONTHS_RANGE)
        self.vacancy_months.setSuffix(" 个月")
        self.vacancy_months.setValue(thresholds.vacancy_months)
        form = QFormLayout()
        form.addRow("群众满意率低于", self.satisfaction)
        form.addRow("连续未开展组织生活达到", self.empty_months)
        form.addRow("书记空缺超过", self.vacancy_months)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(button_box(self, "保存", self.save, QDialogButtonBox.StandardButton.Save))

    def thresholds(self) -> Thresholds:
        percent = Fraction(round(self.satisfaction.value() * 100), 100)
        return Thresholds(percent, self.empty_months.value(), self.vacancy_months.value())

    def save(self) -> None:
        year, thresholds = self.year, self.thresholds()
        self.write(self.context, lambda ws: weak_rules.save_thresholds(ws, year, thresholds), lambda _: self.accept(),
                   lambda error: messages.warn(self, f"未能保存：{error.message}"))
