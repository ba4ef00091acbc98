"""单位设置: the names printed on paper (街道名称, 党工委全称, 区委组织部, 制表人, 审核人).

Names kept per year take effect from the year chosen at the top until they are set again; the
dialog shows each one's history. On a database whose committee has no name yet, the window opens
this dialog once it is shown (`ask_for_missing_names`); the clerk may postpone it. A database without
branches shows the start page instead (ui/start_page.py), whose first step opens this dialog. The values are
read on the worker before the dialog opens and again for another year (保存 waits for them).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.services import settings
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import resize_on_screen
from desktop.ui.write_dialog import WriteDialog
from desktop.ui.year_box import YearBox

INTRO = ("打印在证书、汇总表和趋势分析报告上的名称。标“按年度”的名称自所选年度起生效，直到再次修改；"
         "以前年度的证书重印时仍用当年的名称。")
FIRST_START = ("首次使用：请填写街道名称和党工委全称。打印证书和汇总表时需要这两个名称，"
               "也可以以后在“文件 → 单位设置…”中填写。")


def history_text(view: settings.SettingView) -> str:
    if not view.history:
        return "尚未设置"
    return "；".join(f"{year} 年起：{value or '（空白）'}" for year, value in view.history)


def open_settings(context: AppContext, parent: QWidget | None = None, first_start: bool = False,
                  then: Callable[[SettingsDialog], object] | None = None) -> None:
    """Read this year's values on the worker, then open the dialog (modal, or hand it to `then`)."""
    year = date.today().year
    context.ops.query(parent, lambda ws: settings.listing(ws, year),
                      lambda views: (then or SettingsDialog.exec)(SettingsDialog(context, views, parent, first_start)),
                      label="正在读取单位设置…")


class SettingsDialog(WriteDialog):
    def __init__(self, context: AppContext, views: list[settings.SettingView], parent: QWidget | None = None,
                 first_start: bool = False):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("单位设置")
        resize_on_screen(self, 640, 420)
        intro = QLabel(FIRST_START if first_start else INTRO)
        intro.setWordWrap(True)
        self.year_box = YearBox()
        self.edits: dict[str, QLineEdit] = {}
        self.histories: dict[str, QLabel] = {}
        self.loaded: dict[str, str] = {}  # the text each field showed when (re)loaded
        form = QFormLayout()
        # The names kept for the whole unit first; the year box heads the names kept per year.
        ordered = sorted(settings.DECLARED.values(), key=lambda item: item.per_year)
        for item in ordered:
            if item is next(i for i in ordered if i.per_year):
                form.addRow("自哪一年起生效", self.year_box)
            edit = QLineEdit()
            edit.setMaxLength(item.max_length)
            edit.setPlaceholderText(item.hint)
            self.edits[item.key] = edit
            form.addRow(f"{item.label}{'（按年度）' if item.per_year else ''}", edit)
            if item.per_year:
                history = QLabel()
                history.setStyleSheet("color: #666666;")
                self.histories[item.key] = history
                form.addRow("", history)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #C0392B;")
        self.error_label.setWordWrap(True)
        Button = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(Button.Save | Button.Cancel)
        self.save_button = self.buttons.button(Button.Save)
        self.save_button.setText("保存")
        self.cancel_button = self.buttons.button(Button.Cancel)
        self.cancel_button.setText("以后再说" if first_start else "取消")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.year_box.valueChanged.connect(lambda _year: self.load())
        self._show_year(self.year_box.value(), views)
        first_empty = next((e for e in self.edits.values() if not e.text()), None)
        (first_empty or self.edits["subdistrict_name"]).setFocus()

    def load(self) -> None:
        """Read the values holding in the chosen year; 保存 waits until they are shown."""
        year = self.year_box.value()
        self.save_button.setEnabled(False)  # 保存 compares what is typed with what the year holds
        self.context.ops.query(self, lambda ws: settings.listing(ws, year), lambda views: self._show_year(year, views),
                               label="正在读取…")

    def _show_year(self, year: int, views: list[settings.SettingView]) -> None:
        """Show the values holding in `year`; a field the clerk already changed keeps its text."""
        if year != self.year_box.value():
            return  # another year was chosen meanwhile: its values are on the way
        self.save_button.setEnabled(True)
        for view in views:
            edit, text = self.edits[view.key], view.value or ""
            if edit.text() == self.loaded.get(view.key, ""):
                edit.setText(text)
            self.loaded[view.key] = text
            if view.key in self.histories:
                self.histories[view.key].setText(history_text(view))
        self.error_label.clear()

    def edited(self) -> list[settings.Change]:
        """The fields the clerk changed, as the changes to save."""
        year = self.year_box.value()
        return [
            settings.Change(key, edit.text(), year if settings.DECLARED[key].per_year else None)
            for key, edit in self.edits.items() if edit.text().strip() != self.loaded.get(key, "")
        ]

    def save(self) -> None:
        if not self.save_button.isEnabled():  # Enter while another year's values are on the way
            return
        changes = self.edited()
        if not changes:
            self.accept()
            return
        self.write(self.context, lambda ws: settings.save(ws, changes), lambda _: self.accept(),
                   lambda error: self.error_label.setText(error.message))


def ask_for_missing_names(context: AppContext, parent: QWidget | None = None,
                          asked: Callable[[bool], None] | None = None, unless: Callable[[], bool] | None = None) -> None:
    """At start: while the committee has no name, ask for it (the clerk may postpone). `asked(True)`
    once the dialog was shown and closed, `asked(False)` when the name is there (or, once it is
    known, `unless()` says the window asks elsewhere)."""
    def look(issuer) -> None:
        if issuer is not None or (unless is not None and unless()):
            if asked is not None:
                asked(False)
            return
        open_settings(context, parent, first_start=True, then=lambda dialog: (dialog.exec(), asked and asked(True)))

    context.ops.query(parent, lambda ws: settings.get(ws, "issuer_name"), look, quiet=True)
