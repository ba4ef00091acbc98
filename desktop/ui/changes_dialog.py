"""The changes made to a finalized scoring session: who, when, why, from what to what."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableView, QVBoxLayout

from desktop.services.scoring import ChangeView
from desktop.ui.rows_model import Col, RowsModel
from desktop.ui.score_grid import fmt
from desktop.ui.screen_fit import resize_on_screen

COLUMNS = [
    Col("时间", lambda c: f"{c.changed_at:%Y-%m-%d %H:%M}"),
    Col("修改人", lambda c: c.changed_by),
    Col("评委", lambda c: c.scorer),
    Col("支部", lambda c: c.branch),
    Col("项目", lambda c: c.item),
    Col("原分", lambda c: fmt(c.old_points) or "空"),
    Col("新分", lambda c: fmt(c.new_points) or "空"),
    Col("原因", lambda c: c.reason),
]


class ChangesDialog(QDialog):
    def __init__(self, rows: list[ChangeView], parent=None):
        super().__init__(parent)
        self.setWindowTitle("锁定后的修改记录")
        resize_on_screen(self, 900, 400)
        self.model = RowsModel(COLUMNS, self)
        self.model.set_rows(rows)
        view = QTableView()
        view.setModel(self.model)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
