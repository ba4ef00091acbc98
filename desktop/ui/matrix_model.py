"""The compliance matrix as a table model, a cell delegate and a two-level header.

One row per branch; after the name and the rate, one column group per meeting type: 12 months, 4
quarters or 1 year depending on that year's rule. Cells are painted by one delegate from the
state the pure rules give, so 2,000 rows scroll without any widget per cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractProxyModel, QAbstractTableModel, QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHeaderView, QStyle, QStyledItemDelegate

from desktop.glossary import MeetingType, Period, meeting_type_label
from desktop.rules.collation import order_ranks
from desktop.rules.compliance import PERIODS_PER_YEAR, CellState, period_bounds, period_index, rate
from desktop.services.compliance import BranchCompliance, YearMatrix
from desktop.ui.list_proxy import ListProxy

STATE_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ORDER = {state: place for place, state in enumerate(CellState)}  # sorting a column of cells
OPEN = (CellState.due_soon, CellState.gap)  # on a period's last day it is already due
NAME_COLUMN, RATE_COLUMN, FIRST_CELL = 0, 1, 2
COLORS = {
    CellState.met: QColor("#5bb974"),
    CellState.gap: QColor("#e5534b"),
    CellState.due_soon: QColor("#f6e7a8"),
    CellState.not_required: QColor("#e3e3e3"),
    CellState.upcoming: QColor("#ffffff"),
}
STATE_TEXT = {
    CellState.met: "已完成",
    CellState.gap: "缺项",
    CellState.due_soon: "本期进行中，尚未登记",
    CellState.not_required: "无需开展",
    CellState.upcoming: "尚未到期",
}
ORDER = {Period.month: 0, Period.quarter: 1, Period.year: 2}
CELL_WIDTH, YEARLY_WIDTH = 22, 42
# Yearly types share one "年度" band, so each column names its type (three characters fit).
YEARLY_HEADERS = {
    MeetingType.life_meeting: "生活会", MeetingType.member_review: "评议",
    MeetingType.talk: "谈心", MeetingType.annual_study: "研究",
}


@dataclass(frozen=True)
class CellColumn:
    meeting_type: str
    period: str
    index: int

    @property
    def header(self) -> str:
        if self.period == Period.month:
            return str(self.index + 1)
        if self.period == Period.quarter:
            return f"Q{self.index + 1}"
        return YEARLY_HEADERS.get(self.meeting_type, meeting_type_label(self.meeting_type, short=True)[:3])

    @property
    def width(self) -> int:
        return YEARLY_WIDTH if self.period == Period.year else CELL_WIDTH


def cell_columns(matrix: YearMatrix) -> list[CellColumn]:
    """Monthly types first, then quarterly, then yearly; glossary order within each."""
    rules = sorted(matrix.rules.values(), key=lambda r: ORDER[Period(r.period)])
    return [
        CellColumn(r.meeting_type, r.period, i)
        for r in rules if r.minimum > 0 for i in range(PERIODS_PER_YEAR[Period(r.period)])
    ]


def due_this_month(matrix: YearMatrix) -> dict[str, int]:
    """Meeting type -> branches whose period ending this month (the as-of month) is not met yet."""
    as_of = matrix.as_of
    found: dict[str, int] = {}
    for branch in matrix.branches:
        for meeting_type, status in branch.types.items():
            index = period_index(as_of, status.period)
            end = period_bounds(matrix.year, status.period, index)[1]
            if (end.year, end.month) == (as_of.year, as_of.month) and status.state(index) in OPEN:
                found[meeting_type] = found.get(meeting_type, 0) + 1
    return found


@dataclass(frozen=True)
class PreparedMatrix:
    """A year matrix with what the tab reads of every row, computed on the worker beside it: at
    10,000 branches the rates, the gaps, the ranks of the names and the month's count are ~0.5 s of
    Python that the GUI thread would not answer for."""

    matrix: YearMatrix
    columns: list[CellColumn]
    name_ranks: list[int]
    rates: list[float | None]
    gaps: list[bool]
    due_cells: int
    met_cells: int
    due_now: dict[str, int]  # see due_this_month

    @property
    def rate(self) -> float | None:
        return rate(self.met_cells, self.due_cells)


def prepare(matrix: YearMatrix) -> PreparedMatrix:
    """What `PreparedMatrix` holds; pure Python, run on the worker."""
    due = [b.due_cells for b in matrix.branches]
    met = [b.met_cells for b in matrix.branches]
    return PreparedMatrix(
        matrix, cell_columns(matrix), order_ranks([b.name for b in matrix.branches]),
        [rate(m, d) for m, d in zip(met, due, strict=True)], [b.has_gaps for b in matrix.branches],
        sum(due), sum(met), due_this_month(matrix),
    )


class MatrixModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.matrix: YearMatrix | None = None
        self.prepared: PreparedMatrix | None = None
        self.rows: list[BranchCompliance] = []
        self.columns: list[CellColumn] = []

    def set_matrix(self, prepared: PreparedMatrix) -> None:
        matrix, columns = prepared.matrix, prepared.columns
        same_shape = columns == self.columns and [b.branch_id for b in matrix.branches] == [b.branch_id for b in self.rows]
        if same_shape:  # keep scroll position and selection: only the content changed
            self.prepared, self.matrix, self.rows = prepared, matrix, list(matrix.branches)
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self.prepared, self.matrix, self.rows, self.columns = prepared, matrix, list(matrix.branches), columns
        self.endResetModel()

    def sort_keys(self, column: int) -> list:
        """Each row's key for sorting by `column`: the name's rank, the rate, or the cell's state."""
        prepared = self.prepared
        if prepared is None:
            return []
        if column == NAME_COLUMN:
            return prepared.name_ranks
        if column == RATE_COLUMN:
            return [-1.0 if r is None else r for r in prepared.rates]
        cell = self.column(column)
        return [STATE_ORDER[row.types[cell.meeting_type].state(cell.index)] for row in self.rows]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else FIRST_CELL + len(self.columns)

    def column(self, column: int) -> CellColumn | None:
        return self.columns[column - FIRST_CELL] if column >= FIRST_CELL else None

    def state(self, row: int, column: int) -> CellState | None:
        cell = self.column(column)
        if cell is None:
            return None
        return self.rows[row].types[cell.meeting_type].state(cell.index)

    def _quorum_failed(self, branch: BranchCompliance, cell: CellColumn) -> bool:
        if cell.meeting_type != MeetingType.general_meeting or not branch.quorum_failures:
            return False
        start, end = period_bounds(self.matrix.year, cell.period, cell.index)
        return any(start <= f.held_on <= end for f in branch.quorum_failures)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        return self.value(index.row(), index.column(), role) if index.isValid() else None

    def value(self, row: int, column: int, role):
        """What data() gives for a cell, by row and column (the proxy asks this)."""
        branch = self.rows[row]
        if column == NAME_COLUMN:
            if role == Qt.ItemDataRole.DisplayRole:
                return branch.name
            return None
        if column == RATE_COLUMN:
            rate = self.prepared.rates[row]
            if role == Qt.ItemDataRole.DisplayRole:
                return "—" if rate is None else f"{rate:.0%}"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ForegroundRole and rate is not None and rate < 0.9:
                return QColor("#c0392b")
            return None
        cell = self.column(column)
        status = branch.types[cell.meeting_type]
        state = status.state(cell.index)
        if role == STATE_ROLE:
            return state
        if role == Qt.ItemDataRole.DisplayRole:
            # Marked as soon as it is logged, not only once the period has ended as a gap.
            if state not in (CellState.met, CellState.not_required) and self._quorum_failed(branch, cell):
                return "!"
            return {CellState.met: "✓", CellState.gap: "✗"}.get(state, "")
        if role == Qt.ItemDataRole.ToolTipRole:
            label = meeting_type_label(cell.meeting_type)
            when = self.period_text(cell)
            text = f"{branch.name}\n{label} · {when}：{STATE_TEXT[state]}"
            if state == CellState.not_required and not status.required:
                text += "（未设支委会/党小组，或该年规则不要求）"
            if self._quorum_failed(branch, cell):
                text += "\n有党员大会实到人数未过半，不计入"
            return text + "\n单击查看或登记该期会议"
        return None

    def period_text(self, cell: CellColumn) -> str:
        year = self.matrix.year
        if cell.period == Period.month:
            return f"{year}年{cell.index + 1}月"
        if cell.period == Period.quarter:
            return f"{year}年第{cell.index + 1}季度"
        return f"{year}年"

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == NAME_COLUMN:
            return "支部"
        if section == RATE_COLUMN:
            return "完成率"
        return self.column(section).header

    def groups(self) -> list[tuple[int, int, str]]:
        """(first column, last column, label) of each meeting-type group, for the header band."""
        found: list[tuple[int, int, str]] = []
        for offset, cell in enumerate(self.columns):
            column = FIRST_CELL + offset
            label = "年度" if cell.period == Period.year else meeting_type_label(cell.meeting_type, short=True)
            if found and found[-1][2] == label:
                found[-1] = (found[-1][0], column, label)
            else:
                found.append((column, column, label))
        return found


class MatrixFilter(ListProxy):
    """Filter by name text and to branches with gaps; sort by a column's keys (MatrixModel.sort_keys),
    over plain lists: no Python call per row or per comparison."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.only_gaps = False
        self.text = ""
        self._column, self._descending = NAME_COLUMN, False
        self._order: list[int] = []

    def source_reset(self) -> None:
        self._order = self._sorted()

    def shown(self) -> list[int]:
        model: MatrixModel = self.sourceModel()
        rows, text = model.rows, self.text
        found = self._order
        if self.only_gaps and model.prepared is not None:
            gaps = model.prepared.gaps
            found = [i for i in found if gaps[i]]
        return [i for i in found if text in rows[i].name] if text else list(found)

    def _sorted(self) -> list[int]:
        keys = self.sourceModel().sort_keys(self._column)
        # Stable: equal keys keep the matrix's order, which is the one order of names.
        return sorted(range(len(keys)), key=keys.__getitem__, reverse=self._descending)

    def set_filter(self, text: str, only_gaps: bool) -> None:
        self.text, self.only_gaps = text.strip(), only_gaps
        self._relayout(self.shown)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Called by the view when a header is clicked (and by sortByColumn)."""
        if not 0 <= column < self.columnCount():
            return
        self._column, self._descending = column, order == Qt.SortOrder.DescendingOrder

        def shown() -> list[int]:
            self._order = self._sorted()
            return self.shown()

        self._relayout(shown)


class CellDelegate(QStyledItemDelegate):
    """Paints a state cell as a coloured square with a one-glyph mark."""

    def paint(self, painter: QPainter, option, index) -> None:
        if index.column() < FIRST_CELL:
            super().paint(painter, option, index)
            return
        state = index.data(STATE_ROLE)
        painter.save()
        rect = option.rect.adjusted(1, 1, -1, -1)
        painter.fillRect(rect, COLORS[state])
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(QColor("#1a5fb4"), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text:
            painter.setPen(QColor("#ffffff") if state in (CellState.met, CellState.gap) else QColor("#333333"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


class GroupedHeader(QHeaderView):
    """Horizontal header with a band naming each meeting type above its period columns."""

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(False)

    def _groups(self) -> list[tuple[int, int, str]]:
        source = self.model()
        while isinstance(source, QAbstractProxyModel):
            source = source.sourceModel()
        return source.groups() if isinstance(source, MatrixModel) else []

    def sizeHint(self):  # noqa: N802 - Qt API
        size = super().sizeHint()
        size.setHeight(self.fontMetrics().height() * 2 + 12)
        return size

    def paintSection(self, painter, rect, logical) -> None:  # noqa: N802 - Qt API
        if logical >= FIRST_CELL:
            rect = QRect(rect.left(), rect.top() + rect.height() // 2, rect.width(), rect.height() - rect.height() // 2)
        super().paintSection(painter, rect, logical)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        half = self.height() // 2
        for first, last, label in self._groups():
            left = self.sectionViewportPosition(first)
            right = self.sectionViewportPosition(last) + self.sectionSize(last)
            band = QRect(left, 0, right - left, half)
            painter.fillRect(band, QColor("#eef2f7"))
            painter.setPen(QColor("#9aa5b1"))
            painter.drawRect(band.adjusted(0, 0, -1, 0))
            painter.setPen(QColor("#1f2d3d"))
            painter.drawText(band, Qt.AlignmentFlag.AlignCenter, label)
        painter.end()
