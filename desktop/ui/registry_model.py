"""The registry table: a model over BranchRow, a filtering/sorting proxy, and the findings badges.

Filtering runs over keys computed once per load (lower-cased name and secretary, kind, finding
codes), so a keystroke costs one pass over plain Python data and no database query.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRect, QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.services.branches import BranchRow
from desktop.ui.collation import pinyin_ranks

COLUMNS = ("支部名称", "类型", "上级党组织", "书记", "党员（正式+预备）", "任期届满", "问题")
NAME, KIND, PARENT, SECRETARY, MEMBERS, TERM_END, FINDINGS = range(len(COLUMNS))
TEXT_COLUMNS = (NAME, KIND, PARENT, SECRETARY)  # sorted in pinyin order, as a clerk's ledger is

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


class RegistryModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[BranchRow] = []
        self.search_keys: list[str] = []
        self._ranks: dict[int, list[int]] = {}

    def set_rows(self, rows: list[BranchRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.search_keys = [f"{r.name}\n{r.secretary or ''}".lower() for r in self._rows]
        self._ranks = {c: pinyin_ranks([_display(r, c) or "" for r in self._rows]) for c in TEXT_COLUMNS}
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
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == SORT_ROLE:
            return self._ranks[column][index.row()] if column in self._ranks else _sort_key(row, column)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and row.archived:
            return QBrush(ARCHIVED_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole and column == FINDINGS and row.findings:
            return "\n".join(f.message for f in row.findings)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MEMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RegistryProxy(QSortFilterProxyModel):
    """Text (name, secretary), kind, finding and archived filters; sorts on SORT_ROLE."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self._kind: str | None = None
        self._finding: str | None = None
        self._show_archived = False
        self._accepted: list[bool] | None = None

    def setSourceModel(self, model: RegistryModel) -> None:  # noqa: N802 - Qt override
        super().setSourceModel(model)
        # Forget the verdicts before the reset, recompute on first use: the proxy's own reset
        # handler runs before any slot of ours on modelReset and would filter the new rows with
        # the old verdicts (a just-archived branch stayed listed).
        model.modelAboutToBeReset.connect(self._forget)
        self._forget()

    def _forget(self) -> None:
        self._accepted = None

    def set_filters(self, *, text: str | None = None, kind: str | bool | None = False,
                    finding: str | bool | None = False, show_archived: bool | None = None) -> None:
        """Change any of the filters (False = leave unchanged) and re-filter once."""
        if text is not None:
            self._text = text.strip().lower()
        if kind is not False:
            self._kind = kind
        if finding is not False:
            self._finding = finding
        if show_archived is not None:
            self._show_archived = show_archived
        self.beginFilterChange()
        self._recompute()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _recompute(self) -> None:
        model: RegistryModel = self.sourceModel()
        text, kind, finding, archived = self._text, self._kind, self._finding, self._show_archived
        self._accepted = [
            (archived or not row.archived)
            and (not text or text in key)
            and (kind is None or row.branch_kind == kind)
            and (finding is None or _has_finding(row, finding))
            for row, key in zip(model.rows(), model.search_keys, strict=True)
        ]

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802 - Qt override
        if self._accepted is None:
            self._recompute()
        return self._accepted[source_row] if source_row < len(self._accepted) else True


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

