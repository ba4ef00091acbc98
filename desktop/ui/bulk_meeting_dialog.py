"""Bulk entry: the same meeting (type, date, topic) for many branches at once, e.g. a 主题党日
organised by the 街道 for every branch."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListView, QPushButton, QVBoxLayout

from desktop.glossary import MeetingType
from desktop.services import meetings
from desktop.ui import messages
from desktop.ui.context import AppContext
from desktop.ui.meeting_dialog import button_box, date_edit, type_combo
from desktop.ui.write_dialog import WriteDialog

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def open_bulk_dialog(context: AppContext, parent=None) -> None:
    """Read the branches to choose from on the worker, then open the dialog (modal)."""
    context.ops.query(parent, meetings.branch_choices,
                      lambda choices: BulkMeetingDialog(context, choices, parent=parent).exec(), label="正在打开…")


class BulkMeetingDialog(WriteDialog):
    def __init__(self, context: AppContext, choices: list[tuple[int, str]], meeting_type: str | None = None,
                 held_on: date | None = None, parent=None):
        super().__init__(parent)
        self.context = context
        self.result_counts: tuple[int, int] | None = None
        self.setWindowTitle("批量登记会议")
        self.setMinimumSize(480, 560)
        # A 党员大会 needs each branch's own attendance for the quorum: logged one by one.
        self.meeting_type = type_combo(self, exclude=(MeetingType.general_meeting,))
        if meeting_type:
            self.meeting_type.setCurrentIndex(max(0, self.meeting_type.findData(meeting_type)))
        self.held_on = date_edit(self, held_on or date.today())
        self.topic = QLineEdit(self)
        self.host = QLineEdit(self)
        self.host.setPlaceholderText("可选")

        self.branches = QStandardItemModel(self)
        for branch_id, name in choices:
            item = QStandardItem(name)
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(branch_id, ID_ROLE)
            self.branches.appendRow(item)
        self.branches.itemChanged.connect(self._update_count)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.branches)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("筛选支部…")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        check_all, check_none = QPushButton("全选（筛选结果）"), QPushButton("全不选")
        check_all.clicked.connect(lambda: self._check_visible(True))
        check_none.clicked.connect(lambda: self._check_visible(False))
        self.count = QLabel(self)

        form = QFormLayout()
        form.addRow("会议类型*", self.meeting_type)
        form.addRow("日期*", self.held_on)
        form.addRow("主题", self.topic)
        form.addRow("主持人", self.host)
        picks = QHBoxLayout()
        picks.addWidget(check_all)
        picks.addWidget(check_none)
        picks.addStretch()
        picks.addWidget(self.count)
        buttons = button_box(self, "登记", self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addLayout(picks)
        layout.addWidget(buttons)
        self._update_count()

    def _check_visible(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.proxy.rowCount()):
            self.branches.itemFromIndex(self.proxy.mapToSource(self.proxy.index(row, 0))).setCheckState(state)

    def checked_ids(self) -> list[int]:
        return [
            self.branches.item(row).data(ID_ROLE) for row in range(self.branches.rowCount())
            if self.branches.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _update_count(self, *_):
        self.count.setText(f"已选 {len(self.checked_ids())} 个支部")

    def save(self) -> None:
        held = self.held_on.date()
        held_on = date(held.year(), held.month(), held.day())
        if held_on > date.today():
            messages.warn(self, "日期晚于今天：只能登记已经召开的会议。")
            return
        meeting_type, ids = self.meeting_type.currentData(), self.checked_ids()
        topic, host = self.topic.text().strip(), self.host.text().strip() or None
        self.write(self.context, lambda ws: meetings.bulk_create(ws, meeting_type, held_on, ids, topic, host),
                   self._saved, lambda error: messages.warn(self, f"未能登记：{error.message}"), label="正在登记…")

    def _saved(self, counts: tuple[int, int]) -> None:
        self.result_counts = counts
        created, skipped = self.result_counts
        text = f"已为 {created} 个支部登记。"
        if skipped:
            text += f"另有 {skipped} 个支部当天已登记过同一会议，已跳过。"
        messages.info(self, text)
        self.accept()
