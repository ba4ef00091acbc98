"""Frequency rules per year: for each meeting type, the period and the minimum per period."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QGridLayout, QLabel, QSpinBox, QVBoxLayout

from desktop.glossary import MEETING_TYPE_LABELS, PERIOD_LABELS, MeetingType
from desktop.rules.compliance import Rule
from desktop.services import meeting_rules
from desktop.ui import messages
from desktop.ui.context import AppContext
from desktop.ui.meeting_dialog import button_box
from desktop.ui.write_dialog import WriteDialog


def open_rules_dialog(context: AppContext, year: int, parent=None) -> None:
    """Read the year's rules on the worker, then open the dialog (modal)."""
    context.ops.query(
        parent, lambda ws: (meeting_rules.rules_for_year(ws, year), meeting_rules.has_own_rules(ws, year)),
        lambda loaded: MeetingRulesDialog(context, year, *loaded, parent=parent).exec(), label="正在打开…",
    )


class MeetingRulesDialog(WriteDialog):
    def __init__(self, context: AppContext, year: int, rules: dict[str, Rule], own: bool, parent=None):
        super().__init__(parent)
        self.context = context
        self.year = year
        self.setWindowTitle(f"{year} 年组织生活频次规则")
        note = QLabel(
            ("本年度已有单独规则。" if own else "本年度沿用上一年度（或默认）规则，保存后单独保存本年度规则。")
            + "\n修改只影响本年度及以后未单独设置的年度，不会改变往年的统计结果。"
            + "\n支委会仅对设有支委会的支部、党小组会仅对设有党小组的支部要求；最少次数为 0 表示不作要求。",
            self,
        )
        note.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>会议类型</b>"), 0, 0)
        grid.addWidget(QLabel("<b>周期</b>"), 0, 1)
        grid.addWidget(QLabel("<b>每期至少（次）</b>"), 0, 2)
        self.periods: dict[str, QComboBox] = {}
        self.minimums: dict[str, QSpinBox] = {}
        for row, meeting_type in enumerate(MeetingType, start=1):
            rule = rules[meeting_type.value]
            period = QComboBox(self)
            for key, label in PERIOD_LABELS.items():
                period.addItem(label, key.value)
            period.setCurrentIndex(period.findData(rule.period))
            minimum = QSpinBox(self)
            minimum.setRange(0, meeting_rules.MAX_MINIMUM)
            minimum.setValue(rule.minimum)
            grid.addWidget(QLabel(MEETING_TYPE_LABELS[meeting_type]), row, 0)
            grid.addWidget(period, row, 1)
            grid.addWidget(minimum, row, 2)
            self.periods[meeting_type.value], self.minimums[meeting_type.value] = period, minimum
        buttons = button_box(self, "保存", self.save, QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def rules(self) -> dict[str, Rule]:
        return {t: Rule(t, self.periods[t].currentData(), self.minimums[t].value()) for t in self.periods}

    def save(self) -> None:
        year, rules = self.year, self.rules()
        self.write(self.context, lambda ws: meeting_rules.save_rules(ws, year, rules), lambda _: self.accept(),
                   lambda error: messages.warn(self, f"未能保存：{error.message}"))
