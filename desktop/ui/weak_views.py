"""What the pages of the 整顿提升 tab share: their read-only tables, the selected row, and the print
dialog opened on one of the tab's documents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.ui.context import AppContext
from desktop.ui.rows_model import FilterProxy, RowsModel


def table(model, stretch: int | None = None) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if isinstance(model, FilterProxy):  # a plain model keeps its rows' order (dates, as recorded)
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt starts descending
    view.verticalHeader().hide()
    view.setWordWrap(False)
    if stretch is not None:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def selected(view: QTableView, model: RowsModel):
    rows = view.selectionModel().selectedRows()
    if not rows:
        return None
    proxy = view.model()
    index = proxy.mapToSource(rows[0]) if isinstance(proxy, FilterProxy) else rows[0]
    return model.row_at(index.row())


def open_printing(context: AppContext, parent: QWidget, kind: str, year: int, branch_ids: list[int] | None = None):
    """The 打印 menu's dialog, on one document, year and branches (ReportLab loads only now)."""
    from desktop.ui.paper_dialog import PrintDialog

    dialog = PrintDialog(context, parent)
    dialog.choose(kind, year, branch_ids)
    dialog.open()
    return dialog
