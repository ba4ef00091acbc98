"""Where the file dialogs start: the folder last used for the same kind of file, remembered in the
window settings; the first time, the user's Documents folder. Every file dialog of the window goes
through here, so importing a ledger, exporting a sheet, saving a print or a backup each start where
the clerk left them last time, not in the program's or the data's folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop import paths

IMPORTS, EXPORTS, PRINTS, BACKUPS, ATTACHMENTS = "imports", "exports", "prints", "backups", "attachments"


def window_settings() -> QSettings:
    """Window layout and such (the data's own settings live in the database), beside the user's data."""
    return QSettings(str(paths.data_dir() / "window.ini"), QSettings.Format.IniFormat)


def documents() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start_folder(kind: str, first: Path | None = None) -> Path:
    """The folder last used for `kind`; else `first` (where such files are kept), else Documents."""
    remembered = window_settings().value(f"folders/{kind}")
    for folder in (remembered, first):
        if folder and Path(str(folder)).is_dir():
            return Path(str(folder))
    return documents()


def remember(kind: str, chosen: str | Path) -> None:
    settings = window_settings()
    settings.setValue(f"folders/{kind}", str(Path(chosen).parent))
    settings.sync()


def open_file(parent: QWidget | None, kind: str, title: str, filters: str = "", first: Path | None = None) -> str:
    """The chosen file ("" when cancelled), as QFileDialog.getOpenFileName."""
    name, _chosen = QFileDialog.getOpenFileName(parent, title, str(start_folder(kind, first)), filters)
    if name:
        remember(kind, name)
    return name


def open_files(parent: QWidget | None, kind: str, title: str, filters: str = "") -> list[str]:
    names, _chosen = QFileDialog.getOpenFileNames(parent, title, str(start_folder(kind)), filters)
    if names:
        remember(kind, names[0])
    return names


def save_file(parent: QWidget | None, kind: str, title: str, name: str, filters: str = "",
              first: Path | None = None) -> tuple[str, str]:
    """(the chosen path or "", the chosen filter), offering `name` in the kind's folder."""
    target, chosen = QFileDialog.getSaveFileName(parent, title, str(start_folder(kind, first) / name), filters)
    if target:
        remember(kind, target)
    return target, chosen
