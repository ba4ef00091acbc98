"""File dialogs start where the clerk last put the same kind of file, and the first time in their
Documents folder: one place (desktop.ui.folders) for every file dialog of the window."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop.ui import folders
from desktop.ui.file_actions import sheet_for


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A user whose Documents folder exists (what QStandardPaths finds under $HOME)."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home


@pytest.fixture
def asked(monkeypatch):
    """The folder each file dialog opened in; the clerk's answer is the next name in `answers`."""
    record = {"folders": [], "answers": []}

    def dialog(_parent, _title, start, *_args, **_kwargs):
        record["folders"].append(start if os.path.isdir(start) else os.path.dirname(start))
        answer = record["answers"].pop(0) if record["answers"] else ""
        return answer, ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    return record


def test_the_first_dialog_starts_in_documents(home):
    assert folders.documents() == home / "Documents"
    for kind in (folders.IMPORTS, folders.EXPORTS, folders.PRINTS, folders.BACKUPS):
        assert folders.start_folder(kind) == home / "Documents"


def test_each_kind_remembers_its_own_folder_across_windows(qtbot, window, home, asked, tmp_path):
    ledgers, sheets = tmp_path / "台账", tmp_path / "报表"
    ledgers.mkdir()
    sheets.mkdir()
    branches = sheet_for("branches")
    asked["answers"] = [str(ledgers / "不存在.xlsx")]
    window.files.import_sheet(branches)  # the import itself is refused (no such file): the folder stays
    asked["answers"] = [""]
    window.files.import_sheet(branches)
    asked["answers"] = [str(sheets / "支部台账.xlsx")]
    window.files.export_sheet(branches)
    window.context.tasks.settle()
    asked["answers"] = [""]
    window.files.export_sheet(branches)
    window.files.import_sheet(branches)
    assert asked["folders"] == [str(home / "Documents"), str(ledgers), str(home / "Documents"), str(sheets), str(ledgers)]
    # The window settings keep them: the next start, the same folders.
    assert folders.start_folder(folders.IMPORTS) == ledgers
    assert folders.start_folder(folders.EXPORTS) == sheets


def test_a_remembered_folder_that_is_gone_falls_back(home, tmp_path):
    gone = tmp_path / "U盘"
    gone.mkdir()
    folders.remember(folders.PRINTS, gone / "汇总表.pdf")
    assert folders.start_folder(folders.PRINTS) == gone
    gone.rmdir()  # the USB stick was pulled out
    assert folders.start_folder(folders.PRINTS) == home / "Documents"
    backups = tmp_path / "backups"
    backups.mkdir()
    assert folders.start_folder(folders.BACKUPS, first=backups) == backups  # where such files are kept


def test_the_print_preview_saves_a_copy_where_prints_went_last(qtbot, home, asked, tmp_path):
    from desktop.ui.pdf_preview import PdfPreviewDialog

    pdf = tmp_path / "汇总表.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    preview = PdfPreviewDialog(pdf)
    qtbot.addWidget(preview)
    saved = tmp_path / "打印件"
    saved.mkdir()
    asked["answers"] = [str(saved / "汇总表.pdf"), ""]
    preview.save_copy()
    preview.save_copy()
    assert asked["folders"] == [str(home / "Documents"), str(saved)]
    assert (saved / "汇总表.pdf").read_bytes() == pdf.read_bytes()
