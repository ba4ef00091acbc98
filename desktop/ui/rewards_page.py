"""创建计划与激励 page (考评打分 tab): the year's 创建计划 (分类排队 and the plan, editable in place and
saved cell by cell, with the count against the year's target) and the 专项绩效奖励及经费倾斜 calculator
(every figure computed from the workflow, with the rule that produced it), each printable and
exportable. The plan's suggestion comes from the ledgers, last year's result and open 软弱涣散 cases;
the clerk decides, and 按数据预填 adopts it only for the branches not decided yet."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import BranchdeskError
from desktop.glossary import DOCUMENT_LABELS, branch_kind_label
from desktop.rules.plan import CLASSIFICATION_BY_LABEL, CLASSIFICATIONS
from desktop.rules.rewards import yuan
from desktop.services.plan import PlanEntry, PlanRow, YearPlan, prefill_plan, save_plan, year_plan
from desktop.services.rewards import KEEP, RewardRow, YearRewards, parse_yuan, save_pay, year_rewards
from desktop.ui import folders, messages
from desktop.ui.context import AppContext
from desktop.ui.follow import BRANCHES, MEETINGS, SETTINGS, TARGETS, WORKFLOW, Follower
from desktop.ui.import_dialog import EXCEL_FILTER, EXCEL_MODULES
from desktop.ui.message_line import MessageLine
from desktop.ui.rows_model import Col, RowsModel

GREEN, RED, GREY = "#1e8449", "#c0392b", "#7f8c8d"
RESIZE_ROWS = 200
REWARDS_SHOWS = {"branch_pay", "city_grant"} | WORKFLOW | BRANCHES | SETTINGS
CLASS_COLORS = {"advanced": GREEN, "average": None, "lagging": RED}


def _entry(row: PlanRow) -> PlanEntry:
    """The row's decision, or the suggestion as the starting point of the clerk's first edit."""
    if row.stored is not None:
        return row.stored
    return PlanEntry(row.branch_id, row.suggestion.classification, row.suggestion.planned)


def _edited(field: str, parse=lambda value: value):
    def set_value(row: PlanRow, value) -> PlanRow:
        return replace(row, stored=replace(_entry(row), **{field: parse(value)}))

    return set_value


def _classification(text: str) -> str:
    return CLASSIFICATION_BY_LABEL.get(str(text).strip(), "")  # an unknown label is refused by the save


# The stored plan and the data's suggestion in columns apart: 类别 and the check box are the clerk's
# decision only (empty and unticked while undecided), so the ticks are what the count counts;
# 数据建议 says what 按数据预填 would adopt.
PLAN_COLUMNS = [
    Col("支部", lambda r: r.name),
    Col("类型", lambda r: branch_kind_label(r.branch_kind)),
    Col("类别", lambda r: CLASSIFICATIONS.get(r.stored.classification, r.stored.classification) if r.stored else "",
        set=_edited("classification", _classification), color=lambda r: CLASS_COLORS.get(r.classification)),
    Col("本年度计划达标", lambda r: bool(r.stored and r.stored.planned), set=_edited("planned", bool), check=True),
    Col("措施", lambda r: r.stored.measures if r.stored else None, set=_edited("measures")),
    Col("责任人", lambda r: r.stored.responsible if r.stored else None, set=_edited("responsible")),
    Col("备注", lambda r: r.stored.notes if r.stored else None, set=_edited("notes")),
    Col("状态", lambda r: "已定" if r.stored else "未定", color=lambda r: None if r.stored else RED),
    Col("数据建议", lambda r: r.suggestion.short, color=lambda _r: GREY,
        tip=lambda r: "按数据预填将采用此建议" if r.stored is None else "已定：以左侧类别和勾选为准"),
    Col("研判依据", lambda r: r.suggestion.text, tip=lambda r: r.suggestion.text.replace("；", "\n")),
]


def _money(header: str, get) -> Col:
    """A computed amount; one that needs an amount nobody recorded says so, in red."""
    return Col(header, lambda r: "待录入" if get(r) is None else yuan(get(r)), sort=get, align_right=True,
               color=lambda r: RED if get(r) is None else None)


PAY_FIELDS = {"pay_total_fen": "班子年待遇报酬总额", "base_funding_fen": "一般保障标准"}
PAY_TIP = "双击或按 F2 录入，单位元，最多两位小数；清空表示未录入"


def _pay(field: str, typed) -> Col:
    """A recorded amount, typed in place: `typed(row, field, text)` checks and saves it."""
    return Col(PAY_FIELDS[field], lambda r: "" if getattr(r, field) is None else yuan(getattr(r, field)),
               set=lambda r, text: typed(r, field, text), sort=lambda r: getattr(r, field), align_right=True,
               tip=lambda _r: PAY_TIP)


def reward_columns(typed) -> list[Col]:
    return [
        Col("支部", lambda r: r.name),
        Col("类型", lambda r: branch_kind_label(r.branch_kind)),
        Col("创建情况", lambda r: r.standing),
        _pay("pay_total_fen", typed),
        _pay("base_funding_fen", typed),
        _money("专项绩效奖励", lambda r: r.figures.bonus_fen),
        Col("奖励依据", lambda r: r.figures.bonus_rule, tip=lambda r: r.figures.bonus_rule),
        _money("经费上浮", lambda r: r.figures.uplift_fen),
        _money("经费合计", lambda r: r.figures.funding_fen),
        Col("经费依据", lambda r: r.figures.funding_rule, tip=lambda r: r.figures.funding_rule),
    ]


class ClassificationDelegate(QStyledItemDelegate):
    """类别 is chosen from the three classes, not typed."""

    def createEditor(self, parent, _option, _index):  # noqa: N802 - Qt API
        box = QComboBox(parent)
        box.addItems(list(CLASSIFICATIONS.values()))
        return box

    def setEditorData(self, editor, index):  # noqa: N802
        # An undecided row shows no class: the list starts at the suggested one.
        row = index.model().rows[index.row()]
        editor.setCurrentText(index.data() or CLASSIFICATIONS[row.suggestion.classification])

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentText())


def _table(model: RowsModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)  # the rule or the reasons take what is left
    # Column widths from the first rows only: measuring a district's 2,000 rows of Chinese text in
    # every column took longer than reading them.
    table.horizontalHeader().setResizeContentsPrecision(RESIZE_ROWS)
    return table


def _fit_columns(table: QTableView, wide: tuple[int, ...]) -> None:
    table.resizeColumnsToContents()
    table.setColumnWidth(0, min(table.columnWidth(0), 220))
    for column in wide:
        table.setColumnWidth(column, max(120, min(table.columnWidth(column), 360)))


class RewardsPage(QWidget):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context, self.year = context, None
        self.plan_model = RowsModel(PLAN_COLUMNS, self)
        self.plan_table = _table(self.plan_model)
        self.plan_table.setItemDelegateForColumn(2, ClassificationDelegate(self.plan_table))
        self.plan_model.dataChanged.connect(self._plan_edited)
        self.plan_count = QLabel()
        self.prefill_button = QPushButton("按数据预填")
        self.prefill_button.setToolTip("为尚未定类的支部采用“研判依据”给出的建议；已定的不改")
        self.prefill_button.clicked.connect(self._prefill)
        self.rewards_model = RowsModel(reward_columns(self._pay_typed), self)
        self.rewards_table = _table(self.rewards_model)
        self.rewards_table.selectionModel().currentRowChanged.connect(lambda *_: self._update_grant())
        self.rewards_total = QLabel()
        self.pay_message = MessageLine()  # a refused amount, or what was saved
        self.grant_button = QPushButton("录入市委奖补…")
        self.grant_button.setToolTip("为被市委评定为最强党支部的所选支部录入市委组织部一次性奖补")
        self.grant_button.clicked.connect(self._open_grant)
        self.print_buttons: dict[str, QPushButton] = {}
        self.export_buttons: dict[str, QPushButton] = {}
        split = QSplitter(Qt.Orientation.Vertical)
        plan_box = self._group("年度创建计划（调研摸底、分类排队）", "plan", self.plan_table,
                               (self.prefill_button, self.plan_count))
        rewards_box = self._group("专项绩效奖励及经费倾斜测算", "rewards", self.rewards_table,
                                  (self.rewards_total, self.grant_button), self.pay_message)
        split.addWidget(plan_box)
        split.addWidget(rewards_box)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        # Two followers, one per table: the plan's 研判 reads every ledger (the meetings' compliance
        # above all, seconds on a district), the calculator only the workflow and the amounts, so an
        # amount typed in the calculator reloads the calculator alone, and the page shows its figures
        # without waiting for the plan.
        plan_shows = {"branch_plan"} | WORKFLOW | BRANCHES | TARGETS | MEETINGS | {"weak_case"}
        self.followers = (Follower(plan_box, context.ops, plan_shows, self.reload_plan),
                          Follower(rewards_box, context.ops, REWARDS_SHOWS, self.reload_rewards))

    def _group(self, title: str, kind: str, table: QTableView, extra: tuple[QWidget, ...],
               below: QWidget | None = None) -> QGroupBox:
        box = QGroupBox(title)
        top = QHBoxLayout()
        for widget in extra:
            top.addWidget(widget)
        top.addStretch()
        self.print_buttons[kind] = QPushButton(f"打印{DOCUMENT_LABELS[kind]}…")
        self.print_buttons[kind].clicked.connect(lambda: self._print(kind))
        self.export_buttons[kind] = QPushButton("导出 Excel…")
        self.export_buttons[kind].clicked.connect(lambda: self._export(kind))
        top.addWidget(self.print_buttons[kind])
        top.addWidget(self.export_buttons[kind])
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addWidget(table)
        if below is not None:
            layout.addWidget(below)
        return box

    def set_year(self, year: int) -> None:
        self.year = year
        self.pay_message.clear()  # it spoke of the year before
        for follower in self.followers:
            follower.invalidate()

    def reload(self) -> None:
        self.reload_rewards()
        self.reload_plan()

    def reload_rewards(self) -> None:
        year = self.year
        self.context.ops.query(self, lambda ws: year_rewards(ws, year), lambda found: self._show_rewards(year, found),
                               label="正在测算…")

    def reload_plan(self) -> None:
        # Queued after the calculator's read when both are due (the page shown, a new year): the
        # figures come first, the plan's 研判 takes seconds on a district.
        QTimer.singleShot(0, self, self._read_plan)

    def _read_plan(self) -> None:
        year = self.year
        if not self.plan_model.rows:
            self.plan_count.setText("正在研判…")
        self.context.ops.query(self, lambda ws: year_plan(ws, year), lambda found: self._show_plan(year, found),
                               label="正在研判年度创建计划…")

    def _show_plan(self, year: int, plan: YearPlan) -> None:
        if year != self.year:
            return
        self.plan_model.set_rows(list(plan.rows))  # a reset, not an edit: nothing is saved
        self.plan_count.setText(plan.count.text + plan.undecided_note)
        self.plan_count.setStyleSheet(f"color: {RED if plan.count.short else GREEN};")
        _fit_columns(self.plan_table, (4, 6, 9))
        self.plan_table.setColumnWidth(5, max(self.plan_table.columnWidth(5), 70))  # 责任人, to type into
        # 数据建议 whole, whichever the first rows measured: “一般，暂不计划” is its longest text.
        wide = self.plan_table.fontMetrics().horizontalAdvance("一般，暂不计划。") + 16  # a character to spare
        self.plan_table.setColumnWidth(8, max(self.plan_table.columnWidth(8), wide))

    def _show_rewards(self, year: int, rewards: YearRewards) -> None:
        if year != self.year:
            return
        self.rewards_model.set_rows(list(rewards.rows))
        missing = f"；{rewards.missing} 个支部缺少金额，未计入" if rewards.missing else ""
        self.rewards_total.setText(f"{year} 年：奖励合计 {yuan(rewards.total_bonus_fen)} 元，"
                                   f"经费合计 {yuan(rewards.total_funding_fen)} 元{missing}"
                                   + ("（部分测算标准未设定，见提示）" if rewards.unset_note else ""))
        self.rewards_total.setToolTip(rewards.unset_note)
        _fit_columns(self.rewards_table, (6, 9))
        self._update_grant()

    def _plan_edited(self, index, _bottom=None, _roles=None) -> None:
        """Save the edited row at once (the version it was loaded at guards a change made meanwhile);
        the page reloads from what was stored."""
        entry = self.plan_model.rows[index.row()].stored
        if entry is None:
            return
        year = self.year
        self.context.ops.write(self, lambda ws: save_plan(ws, year, [entry]), quiet=True)

    def _pay_typed(self, row: RewardRow, field: str, text) -> RewardRow:
        """An amount typed in the calculator: refused with the reason under the table (nothing is
        written), or saved alone (the other amount stays as stored); the followers reload the figures."""
        label = PAY_FIELDS[field]
        try:
            amount = parse_yuan(str(text), label)
        except BranchdeskError as error:
            self._pay_said(f"{row.name}：{error.message}", RED)
            return row
        if amount == getattr(row, field):
            return row
        amounts = {key: KEEP for key in PAY_FIELDS} | {field: amount}
        branch_id, year = row.branch_id, self.year
        shown = "未录入（已清空）" if amount is None else f"{yuan(amount)} 元"
        self.context.ops.write(self, lambda ws: save_pay(ws, branch_id, year, **amounts),
                               lambda _: self._pay_said(f"已保存：{row.name} {year} 年{label} {shown}", GREEN), quiet=True)
        return replace(row, **{field: amount})

    def _pay_said(self, text: str, color: str) -> None:
        self.pay_message.setStyleSheet(f"color: {color};")
        self.pay_message.setText(text)

    def _selected_reward(self) -> RewardRow | None:
        index = self.rewards_table.currentIndex()
        return self.rewards_model.rows[index.row()] if index.isValid() else None

    def _update_grant(self) -> None:
        row = self._selected_reward()
        self.grant_button.setEnabled(row is not None and row.city_rated)

    def _open_grant(self) -> None:
        from desktop.ui.grant_dialog import GrantDialog

        row = self._selected_reward()
        if row is not None and row.city_rated:
            GrantDialog(self.context, self.year, row, self).open()

    def _prefill(self) -> None:
        year = self.year
        self.context.ops.write(self, lambda ws: prefill_plan(ws, year),
                               lambda added: messages.info(self, f"已为 {added} 个尚未定类的支部按数据预填。"),
                               label="正在预填…")

    def _print(self, kind: str) -> None:
        from desktop.ui.paper_dialog import PrintDialog

        dialog = PrintDialog(self.context, self)
        dialog.choose(kind, self.year)
        dialog.show()

    def _export(self, kind: str) -> None:
        from desktop.services import documents  # the printing: loaded when first used, not at start

        label = DOCUMENT_LABELS[kind]
        path = folders.save_file(self, folders.EXPORTS, f"导出{label}", f"{self.year}年{label}.xlsx", EXCEL_FILTER)[0]
        if not path:
            return
        params = {"year": self.year}
        self.context.ops.query(
            self, lambda ws: documents.export_sheet(ws, kind, params, path),
            lambda written: messages.info(self, f"已导出到 {written}"),
            label=f"正在导出{label}…", writes=Path(path), imports=EXCEL_MODULES,
        )
