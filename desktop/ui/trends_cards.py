"""The 趋势图表 tab's three cards: this year's standardized and 最强 shares against their targets,
and the branches per workflow state with the year's 软弱涣散 goal."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.rules.trends import Dashboard, Goal, pct

CARD_STYLE = "QFrame#card { border: 1px solid #D5D8DC; border-radius: 6px; background: #FBFCFC; }"


def weak_goal_text(goal: str) -> str:
    """The year's 软弱涣散 goal, naming 软弱涣散 once (the default goal already says it)."""
    if goal == "—":
        return "软弱涣散整顿未定目标"
    return goal if "软弱涣散" in goal else f"软弱涣散：{goal}"


def goal_text(goal: Goal, verb: str) -> str:
    if goal.target is None:
        return f"{goal.achieved}/{goal.total} 个；本年度未设目标"
    if goal.shortfall:
        return f"{goal.achieved}/{goal.total} 个，目标 {pct(goal.target)}（需 {goal.required} 个）；还需 {goal.shortfall} 个支部{verb}"
    return f"{goal.achieved}/{goal.total} 个，目标 {pct(goal.target)}，已达到"


def _card(title: str) -> tuple[QFrame, QLabel, QLabel]:
    frame = QFrame(objectName="card")
    frame.setStyleSheet(CARD_STYLE)
    heading = QLabel(title)
    heading.setStyleSheet("color: #5D6D7E;")
    value = QLabel("—")
    value.setStyleSheet("font-size: 22px; font-weight: bold; color: #C0392B;")
    detail = QLabel()
    detail.setWordWrap(True)
    layout = QVBoxLayout(frame)
    layout.addWidget(heading)
    layout.addWidget(value)
    layout.addWidget(detail)
    return frame, value, detail


class DashboardCards(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        frame, self.standardized_value, self.standardized_detail = _card("标准化规范化党支部")
        row.addWidget(frame, 2)
        frame, self.strongest_value, self.strongest_detail = _card("最强党支部")
        row.addWidget(frame, 2)
        frame, self.states_value, self.states_detail = _card("工作进度")
        self.states_value.setStyleSheet("font-size: 14px; color: #34495E;")
        self.states_value.setWordWrap(True)  # one figure per state: a street using every state would widen the tab
        row.addWidget(frame, 3)

    def show_board(self, board: Dashboard) -> None:
        self.standardized_value.setText(f"{board.year} 年 {pct(board.standardized.share)}")
        self.standardized_detail.setText(goal_text(board.standardized, "通过验收"))
        self.strongest_value.setText(f"{board.year} 年 {pct(board.strongest.share)}")
        self.strongest_detail.setText(goal_text(board.strongest, "评为最强"))
        self.states_value.setText("　".join(f"{label} {len(ids)}" for _s, label, ids in board.states) or "暂无支部")
        self.states_detail.setText(f"在册支部 {board.active} 个；年度目标：{weak_goal_text(board.weak_text)}")
