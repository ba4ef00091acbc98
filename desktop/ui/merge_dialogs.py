"""带回评分 (office): what a laptop's return would change (a dry run), and the conflict chooser.

The preview shows `merge_choices.preview` (a dry run): per branch and scorer the cells it adds,
changes and clears, the branches whose tallies it changes, and the conflicts. 合并 then merges; when
there are conflicts the chooser asks, per cell or tally field, which side stays (or all one way),
and `merge_choices.merge_choosing` applies and records the choices in the same unit."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import merge
from desktop.services.merge_choices import Preview, choice_key
from desktop.ui.reason_dialog import ok_cancel_buttons

OFFICE_LABEL, LAPTOP_LABEL = "采用办公室", "采用评分电脑"


def shown(value: Any) -> str:
    """A value as the clerk reads it: 空 for none, 3 for 3.0, 是/否, lists of complaints joined."""
    if value is None:
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "；".join("，".join(shown(v) for v in entry) if isinstance(entry, list) else shown(entry) for entry in value) or "无"
    return str(value)


def table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    widget = QTableWidget(len(rows), len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.verticalHeader().setVisible(False)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            widget.setItem(r, c, QTableWidgetItem(text))
    widget.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    widget.horizontalHeader().setStretchLastSection(True)
    return widget


def conflicts_of(report: merge.MergeReport) -> list:
    return [*report.conflicts, *report.tally_conflicts]


class MergePreviewDialog(QDialog):
    """The dry run's report, with 合并 / 取消."""

    def __init__(self, shown: Preview, parent=None):
        super().__init__(parent)
        self.report = report = shown.report
        self.setWindowTitle("带回评分：合并预览")
        self.resize(760, 560)
        conflicts = conflicts_of(report)
        summary = QLabel(
            f"“{report.title}”第 {report.number} 份评分结果（{report.file}）已核对无误。合并将：\n"
            f"新增 {report.new} 格、修改 {report.changed} 格、清空 {report.cleared} 格评分（{report.unchanged} 格无变化）；"
            f"四评录入 {report.tallies_merged} 项；涉及 {len(report.branches)} 个支部。")
        summary.setWordWrap(True)
        self.matrix = matrix(shown)
        self.conflict_note = QLabel(
            f"有 {len(conflicts)} 处冲突：办公室和评分电脑都改过（取消带出后才会出现）。点“合并”后逐一选择保留哪一边。"
            if conflicts else "没有冲突。")
        self.conflict_note.setWordWrap(True)
        self.conflict_note.setStyleSheet("color:#9c2a00; font-weight:bold" if conflicts else "color:#1e8449")
        self.conflicts = table(["支部", "评委", "项目", "办公室", "评分电脑"], conflict_rows(report))
        self.conflicts.setVisible(bool(conflicts))
        self.buttons = ok_cancel_buttons()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("合并")
        nothing = not (report.merged or report.tallies_merged or conflicts)
        if nothing:
            self.conflict_note.setText("这份评分结果没有需要合并的改动（可能已经合并过）。点“合并”只记下已带回。")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(QLabel("各支部、各评委将写入的评分："))
        layout.addWidget(self.matrix, 2)
        layout.addWidget(self.conflict_note)
        layout.addWidget(self.conflicts, 1)
        layout.addWidget(self.buttons)


def matrix(shown: Preview) -> QTableWidget:
    """Branches × scorers: the cells the merge writes in each, and whether the tallies change."""
    branches = list(dict.fromkeys([*(b for b, _s in shown.cells), *sorted(shown.tallies)]))  # as the preview orders them: the session's
    scorers = list(dict.fromkeys(s for _b, s in shown.cells))
    rows = []
    for branch in branches:
        row = [branch]
        for scorer in scorers:
            counts = shown.cells.get((branch, scorer), [0, 0, 0])
            row.append("，".join(f"{label} {n}" for label, n in zip(("新增", "修改", "清空"), counts, strict=True) if n) or "—")
        rows.append([*row, "更新" if branch in shown.tallies else "—"])
    return table(["支部", *scorers, "四评录入"], rows or [["（没有要写入的评分）", *("" for _ in scorers), ""]])


def conflict_rows(report: merge.MergeReport) -> list[list[str]]:
    rows = [[c.branch, c.scorer, c.item, shown(c.office), shown(c.laptop)] for c in report.conflicts]
    rows += [[t.branch, "—", f"四评录入·{t.field}", shown(t.office), shown(t.laptop)] for t in report.tally_conflicts]
    return rows


class ConflictDialog(QDialog):
    """Per conflict: 采用办公室 / 采用评分电脑 (none preselected, so each is a decision), or all one way."""

    def __init__(self, report: merge.MergeReport, parent=None):
        super().__init__(parent)
        self.setWindowTitle("带回评分：处理冲突")
        self.resize(900, 460)
        self.items = conflicts_of(report)
        note = QLabel("以下格子在取消带出之后，办公室和评分电脑都改过，分数不同。请逐项选择保留哪一边；"
                      "选择会记录在案。未选完之前不能合并。")
        note.setWordWrap(True)
        self.table = table(["支部", "评委", "项目", "办公室", "评分电脑", "采用"], [[*r, ""] for r in conflict_rows(report)])
        self.groups: list[QButtonGroup] = []
        for row in range(len(self.items)):
            cell = QWidget()
            line = QHBoxLayout(cell)
            line.setContentsMargins(4, 0, 4, 0)
            group = QButtonGroup(cell)
            for side, label in ((merge.OFFICE, OFFICE_LABEL), (merge.LAPTOP, LAPTOP_LABEL)):
                button = QRadioButton(label)
                button.setProperty("side", side)
                group.addButton(button)
                line.addWidget(button)
            line.addStretch()
            group.buttonToggled.connect(lambda *_: self._update())
            self.groups.append(group)
            self.table.setCellWidget(row, 5, cell)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)  # the two choices side by side, the item's name takes the room
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.all_office = all_office = QPushButton("全部采用办公室")
        self.all_laptop = all_laptop = QPushButton("全部采用评分电脑")
        all_office.clicked.connect(lambda: self.choose_all(merge.OFFICE))
        all_laptop.clicked.connect(lambda: self.choose_all(merge.LAPTOP))
        self.left = QLabel()
        self.buttons = ok_cancel_buttons()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("按选择合并")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for widget in (all_office, all_laptop, self.left):
            row.addWidget(widget)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self._update()

    def choose(self, row: int, side: str) -> None:
        for button in self.groups[row].buttons():
            if button.property("side") == side:
                button.setChecked(True)

    def choose_all(self, side: str) -> None:
        for row in range(len(self.groups)):
            self.choose(row, side)

    def choices(self) -> dict[tuple, str]:
        """{merge_choices.choice_key: side} for every conflict decided so far."""
        found = {}
        for item, group in zip(self.items, self.groups, strict=True):
            if group.checkedButton() is not None:
                found[choice_key(item)] = group.checkedButton().property("side")
        return found

    def _update(self) -> None:
        left = len(self.items) - len(self.choices())
        self.left.setText(f"还有 {left} 处未选择" if left else "已全部选择")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(left == 0)


__all__ = ["ConflictDialog", "MergePreviewDialog"]
