"""The 文件 menu's work: Excel import/export/template per dataset, backup and restore."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.services import backups
from desktop.services.datasets import DATASETS
from desktop.ui import folders, messages
from desktop.ui.context import AppContext
from desktop.ui.import_dialog import EXCEL_FILTER, EXCEL_MODULES, ImportDialog, SheetSpec
from desktop.ui.tasks import CancelToken

# The Excel datasets offered in the 文件 menu (and by tabs' own buttons); the datasets themselves
# are declared in desktop.services.datasets. What an import changed is announced by its operation.
MENU_DATASETS = ("branches", "meetings", "evaluations", "weak-cases", "inspections", "plan", "pay")
SHEETS: list[SheetSpec] = [SheetSpec(DATASETS[key]) for key in MENU_DATASETS]


def sheet_for(key: str) -> SheetSpec:
    return next(spec for spec in SHEETS if spec.dataset is DATASETS[key])


DATABASE_FILTER = "branchdesk 数据库 (*.sqlite3);;所有文件 (*)"


class FileActions:
    """Behaviour behind the 文件 menu; the main window only wires menu entries to these methods."""

    def __init__(self, context: AppContext, window: QWidget):
        self.context = context
        self.window = window

    # -- Excel ----------------------------------------------------------------------------------

    def import_sheet(self, spec: SheetSpec) -> ImportDialog | None:
        name = folders.open_file(self.window, folders.IMPORTS, f"选择要导入的{spec.label}", EXCEL_FILTER)
        if not name:
            return None
        dialog = ImportDialog(self.context, spec, Path(name), self.window)
        dialog.open()
        return dialog

    def export_sheet(self, spec: SheetSpec, year: int | None = None) -> None:
        """Export every record, or with `year` only that year's (a tab exports the year it shows)."""
        stamp = f"{year}年" if year is not None else f"{datetime.now():%Y%m%d}"
        name, _ = folders.save_file(self.window, folders.EXPORTS, f"导出{spec.label}", f"{spec.label}-{stamp}.xlsx", EXCEL_FILTER)
        if not name:
            return
        path = Path(name)
        export = spec.dataset.export_file
        what = f" {year} 年的" if year is not None else ""
        token = CancelToken()  # the busy dialog shows the rows written and offers 取消
        self.context.ops.query(
            self.window, lambda ws: export(ws, path, year, progress=token.report, cancel=token.is_cancelled),
            lambda count: messages.info(self.window, f"已导出{what} {count} 条到 {path.with_suffix('.xlsx')}"),
            label=f"正在导出{spec.label}…", writes=path.with_suffix(".xlsx"), imports=EXCEL_MODULES, token=token,
            on_cancel=lambda: messages.info(self.window, f"已取消导出{spec.label}，未生成文件。"),
        )

    def save_template(self, spec: SheetSpec, then: Callable[[Path], object] | None = None) -> None:
        """Ask where, write the empty template on the worker; `then(path)` once it is written."""
        name, _ = folders.save_file(self.window, folders.EXPORTS, f"保存{spec.label}导入模板", f"{spec.label}导入模板.xlsx",
                                    EXCEL_FILTER)
        if not name:
            return
        write_template = spec.dataset.write_template

        def written(path: Path) -> None:
            messages.info(self.window, f"已生成导入模板：{path}\n带红色底纹的列为必填。")
            if then is not None:
                then(path)

        self.context.ops.query(
            self.window, lambda _ws: write_template(Path(name)), written,
            label="正在生成模板…", writes=Path(name), imports=EXCEL_MODULES,
        )

    # -- backup and restore -----------------------------------------------------------------------

    def backup_now(self) -> None:
        if self.context.db_file is None:
            messages.warn(self.window, "只有本机 SQLite 数据库可以在软件内备份；服务器数据库请用数据库自带的备份工具。")
            return
        # The first time in the backups folder beside the database, where the daily copies are.
        name, _ = folders.save_file(self.window, folders.BACKUPS, "备份数据库到",
                                    f"branchdesk-{datetime.now():%Y%m%d-%H%M%S}{backups.SUFFIX}", DATABASE_FILTER,
                                    first=backups.folder(self.context.db_file))
        if not name:
            return
        self.context.ops.query(
            self.window, lambda ws: backups.backup_to(ws, Path(name)),
            lambda made: messages.info(self.window, f"已备份并通过完整性校验（数据和会议附件）：\n{made}"),
            label="正在备份…", writes=Path(name),
        )

    def restore(self) -> None:
        if self.context.db_file is None:
            messages.warn(self.window, "只有本机 SQLite 数据库可以在软件内恢复。")
            return
        name = folders.open_file(self.window, folders.BACKUPS, "选择要恢复的备份文件", DATABASE_FILTER,
                                 first=backups.folder(self.context.db_file))
        if not name:
            return
        source = Path(name)

        def checked(facts: backups.BackupFacts) -> None:  # a bad file was refused with its reason: nothing asked
            if messages.confirm(
                self.window,
                f"将用备份文件“{source.name}”替换当前的全部数据：\n{source}\n"
                f"备份时间：{facts.made:%Y-%m-%d %H:%M}，其中有 {facts.branches} 个在册支部。\n\n"
                "当前数据和会议附件会先自动备份到 backups 文件夹。确定恢复吗？",
            ):
                self._restore(source)

        self.context.ops.query(self.window, lambda _ws: backups.check_backup(source), checked,
                               label="正在校验备份文件…", reads=source)

    def _restore(self, source: Path) -> None:
        def done(restored: backups.Restored) -> None:  # every view has been told: everything changed
            kept = f"\n恢复前的数据已备份到：{restored.safety}" if restored.safety else ""
            if restored.problems:
                messages.warn(self.window, f"已从“{source.name}”恢复数据。{kept}\n\n"
                              f"有 {len(restored.problems)} 个会议附件的文件未能恢复（附件记录仍在）：\n"
                              f"{backups.listing(restored.problems)}")
            else:
                messages.info(self.window, f"已从“{source.name}”恢复（数据和会议附件）。{kept}")

        self.context.ops.write(self.window, lambda ws: backups.restore_from(ws, source), done, everything=True,
                               label="正在恢复…", reads=source)
