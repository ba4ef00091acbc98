"""The registry table: a model over BranchRow, a filtering and sorting view of it, and the
findings badges.

Filtering and sorting run over keys computed once per load (lower-cased name and secretary, kind,
finding codes; each column's rank in the one order of names, or its number), so a keystroke or a
click on a header costs a few passes over plain Python lists and no database query. Neither calls
back into Python per row or per comparison, as a QSortFilterProxyModel would (filterAcceptsRow and
lessThan through data(): half a second to clear the filter at 10,000 branches); the view only asks
for the rows it paints.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.rules.collation import order_ranks
from desktop.services.branches import BranchRow
from desktop.ui.list_proxy import ListProxy

COLUMNS = ("支部名称", "类型", "上级党组织", "书记", "党员（正式+预备）", "任期届满", "问题")
NAME, KIND, PARENT, SECRETARY, MEMBERS, TERM_END, FINDINGS = range(len(COLUMNS))
TEXT_COLUMNS = (NAME, KIND, PARENT, SECRETARY)  # in the one order of names, as every list and sheet

SORT_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ANY_FINDING = "*"  # finding filter value: branches with at least one finding
NO_DATE = 10**7  # sorts branches without a recorded term after every real date

SEVERE_COLOURS = (QColor("#c62828"), QColor("#ffffff"))
OTHER_COLOURS = (QColor("#f2a900"), QColor("#3b2a00"))
ARCHIVED_TEXT = QColor("#9e9e9e")


def _sort_key(row: BranchRow, column: int):
    if column == MEMBERS:
        return row.members_total
    if column == TERM_END:
        return row.term_end.toordinal() if row.term_end else NO_DATE
    # Severe findings first, then by how many: the branches needing attention come up together.
    return sum(10 if f.severe else 1 for f in row.findings)


def _display(row: BranchRow, column: int) -> str | None:
    if column == NAME:
        return row.name + ("（已归档）" if row.archived else "")
    if column == KIND:
        return row.kind_label
    if column == PARENT:
        return row.parent_org
    if column == SECRETARY:
        return row.secretary
    if column == MEMBERS:
        return f"{row.members_total}（{row.full_members}+{row.probationary_members}）"
    if column == TERM_END:
        return f"{row.term_end:%Y-%m-%d}" if row.term_end else "未登记"
    if column == FINDINGS:
        return "、".join(f.label for f in row.findings)
    return None


@dataclass(frozen=True)
class RowKeys:
    """What filtering and sorting read, per row: computed with the rows on the worker (the ranks
    of 10,000 names in the one order cost ~0.2 s, which the GUI thread would not answer for)."""

    search: list[str]
    sort: list[list[int]]


def row_keys(rows: list[BranchRow]) -> RowKeys:
    return RowKeys(
        [f"{r.name}\n{r.secretary or ''}".lower() for r in rows],
        [order_ranks([_display(r, c) for r in rows]) if c in TEXT_COLUMNS else [_sort_key(r, c) for r in rows]
         for c in range(len(COLUMNS))],
    )


class RegistryModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[BranchRow] = []
        self.search_keys: list[str] = []
        self.sort_keys: list[list[int]] = [[] for _ in COLUMNS]

    def set_rows(self, rows: list[BranchRow], keys: RowKeys | None = None) -> None:
        """The rows, with their `row_keys` when they were computed beside them."""
        keys = keys or row_keys(rows)
        self.beginResetModel()
        self._rows = list(rows)
        self.search_keys, self.sort_keys = keys.search, keys.sort
        self.endResetModel()

    def row_at(self, row: int) -> BranchRow:
        return self._rows[row]

    def rows(self) -> list[BranchRow]:
        return self._rows

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return self.value(index.row(), index.column(), role) if index.isValid() else None

    def value(self, source_row: int, column: int, role) -> object:
        """What data() gives for a cell, by row and column: the proxy asks this without making
        an index of ours for every cell it paints."""
        row = self._rows[source_row]
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == SORT_ROLE:
            return self.sort_keys[column][source_row]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and row.archived:
            return QBrush(ARCHIVED_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole and column == FINDINGS and row.findings:
            return "\n".join(f.message for f in row.findings)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MEMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RegistryProxy(ListProxy):
    """The rows that pass the text (name, secretary), kind, finding and archived filters, in the
    order of the sorted column. The whole mapping is lists of source rows: `_order` (all, sorted)
    and `_shown` (the accepted ones in that order); a change of filter or sort rebuilds them and
    moves the selection along (a layout change), like QSortFilterProxyModel but without a Python
    call per row or per comparison."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""
        self._kind: str | None = None
        self._finding: str | None = None
        self._show_archived = False
        self._column, self._descending = NAME, False
        self._order: list[int] = []  # every source row, in the sorted column's order
        self._base: list[int] | None = None  # see _passing_all_but_text

    def source_reset(self) -> None:
        self._order, self._base = self._sorted(), None

    def shown(self) -> list[int]:
        return self._accepted()

    # -- filtering and sorting -----------------------------------------------------------------

    def set_filters(self, *, text: str | None = None, kind: str | bool | None = False,
                    finding: str | bool | None = False, show_archived: bool | None = None) -> None:
        """Change any of the filters (False = leave unchanged) and re-filter once."""
        before = self._text
        if text is not None:
            self._text = text.strip().lower()
        if (kind is not False and kind != self._kind) or (finding is not False and finding != self._finding) \
                or (show_archived is not None and show_archived != self._show_archived):
            self._base = None
        if kind is not False:
            self._kind = kind
        if finding is not False:
            self._finding = finding
        if show_archived is not None:
            self._show_archived = show_archived
        if self._base is not None and before and before in self._text:
            # One more character typed: the rows to keep are among those shown.
            keys, typed = self.sourceModel().search_keys, self._text
            self._relayout(lambda: [i for i in self._shown if typed in keys[i]])
        else:
            self._relayout(self._accepted)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Called by the view when a header is clicked (and by sortByColumn)."""
        if not 0 <= column < len(COLUMNS):
            return
        self._column, self._descending = column, order == Qt.SortOrder.DescendingOrder

        def shown() -> list[int]:
            self._order, self._base = self._sorted(), None
            return self._accepted()

        self._relayout(shown)

    def _sorted(self) -> list[int]:
        model: RegistryModel = self.sourceModel()
        keys = model.sort_keys[self._column] if model is not None else []
        # Stable: equal keys keep the source's order, which is the one order of names.
        return sorted(range(len(keys)), key=keys.__getitem__, reverse=self._descending)

    def _accepted(self) -> list[int]:
        base = self._passing_all_but_text()
        keys, text = self.sourceModel().search_keys, self._text
        return [i for i in base if text in keys[i]] if text else list(base)

    def _passing_all_but_text(self) -> list[int]:
        """The sorted rows that pass the kind, finding and archived filters: what clearing the
        text shows at once. Kept until the sort, those filters or the rows change."""
        if self._base is None:
            rows, found = self.sourceModel().rows(), self._order
            if not self._show_archived:
                found = [i for i in found if not rows[i].archived]
            if self._kind is not None:
                found = [i for i in found if rows[i].branch_kind == self._kind]
            if self._finding is not None:
                found = [i for i in found if _has_finding(rows[i], self._finding)]
            self._base = found
        return self._base

    def index_of(self, branch_id: int) -> QModelIndex:
        """The name cell of the branch, if it is shown."""
        rows = self.sourceModel().rows()
        return next((self.index(place, NAME) for place, i in enumerate(self._shown) if rows[i].id == branch_id), QModelIndex())


def _has_finding(row: BranchRow, code: str) -> bool:
    if code == ANY_FINDING:
        return bool(row.findings)
    return any(f.code == code for f in row.findings)


class FindingsDelegate(QStyledItemDelegate):
    """Paints each finding as a rounded badge: severe ones red, the others amber."""

    PAD_X, PAD_Y, GAP = 6, 3, 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        row: BranchRow = index.data(ROW_ROLE)
        style_option = QStyleOptionViewItem(option)
        self.initStyleOption(style_option, index)
        style_option.text = ""  # background/selection only; the badges replace the text
        style = option.widget.style() if option.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, style_option, painter, option.widget)
        if not row or not row.findings:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(option.font)
        height = metrics.height() + self.PAD_Y
        x = option.rect.x() + self.GAP
        y = option.rect.y() + (option.rect.height() - height) // 2
        for finding in row.findings:
            width = metrics.horizontalAdvance(finding.label) + 2 * self.PAD_X
            if x + width > option.rect.right():
                painter.setPen(option.palette.color(QPalette.ColorRole.Text))
                painter.drawText(QRect(x, y, option.rect.right() - x, height), Qt.AlignmentFlag.AlignVCenter, "…")
                break
            background, foreground = SEVERE_COLOURS if finding.severe else OTHER_COLOURS
            if row.archived:
                background, foreground = QColor("#e0e0e0"), ARCHIVED_TEXT
            rect = QRect(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(background)
            painter.drawRoundedRect(rect, height / 2, height / 2)
            painter.setPen(foreground)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, finding.label)
            x += width + self.GAP
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 - Qt override
        row: BranchRow = index.data(ROW_ROLE)
        metrics = QFontMetrics(option.font)
        findings = row.findings if row else ()
        width = sum(metrics.horizontalAdvance(f.label) + 2 * self.PAD_X + self.GAP for f in findings)
        return QSize(width + self.GAP, metrics.height() + 2 * self.PAD_Y + 4)

