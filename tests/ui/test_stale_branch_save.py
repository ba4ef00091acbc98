"""The branch form does not save over a change made while it was open (a CLI import meanwhile)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.services import branches
from desktop.ui.branch_dialog import BranchDialog
from tests.sheets import HEADERS, branch_row, write_xlsx
from tests.ui.conftest import add_branch, settle, type_text
from tests.ui.test_registry_tab import opened_dialog, press_save, select

ROOT = Path(__file__).resolve().parents[2]
NAME = "和平社区党支部"


@pytest.fixture
def seed(ws):
    return {NAME: add_branch(ws, NAME, "community", 5, secretary="王建国")}


def cli_import(db_file: Path, sheet: Path, dataset: str = "branches") -> None:
    """The real command line, in its own process and with its own ws, as a colleague runs it."""
    env = dict(os.environ, LANG="C.UTF-8")
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db_file), "import", dataset, str(sheet)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr


def open_form(qtbot, registry) -> BranchDialog:
    select(qtbot, registry, NAME)
    qtbot.keyClick(registry.table, Qt.Key.Key_Return)
    return opened_dialog(qtbot, registry)


def test_a_save_after_a_cli_import_is_refused_and_shows_the_new_values(qtbot, registry, ws, seed, db, tmp_path):
    dialog = open_form(qtbot, registry)
    assert dialog.inputs["full_members"].text() == "5"
    dialog.inputs["secretary"].clear()
    type_text(qtbot, dialog.inputs["secretary"], "周春生")
    dialog.inputs["full_members"].clear()
    type_text(qtbot, dialog.inputs["full_members"], "6")

    sheet = write_xlsx(tmp_path / "台账.xlsx", [HEADERS, branch_row(NAME, full=42, 书记="王建国")])
    cli_import(db.file, sheet)
    press_save(qtbot, dialog)
    settle(qtbot, registry.context)  # refused on the worker, then the stored values read again

    stored = branches.get_branch(ws, seed[NAME])
    assert stored["full_members"] == 42 and stored["secretary"] == "王建国"  # the import stands
    assert dialog.isVisible()
    banner = dialog.conflict.text()
    assert dialog.conflict.isVisible()
    assert "该支部在您打开之后已被修改" in banner and "已显示最新数据" in banner and "正式党员数" in banner
    # The form now shows what is stored; what the clerk typed is kept beside it for comparison.
    assert dialog.inputs["full_members"].text() == "42"
    assert dialog.inputs["secretary"].text() == "王建国"
    assert dialog.errors["full_members"].text() == "您刚才填写的是：6（未保存）"
    assert dialog.errors["secretary"].text() == "您刚才填写的是：周春生（未保存）"

    # Entering the change again on top of the new data saves it, and keeps the imported count.
    dialog.inputs["secretary"].clear()
    type_text(qtbot, dialog.inputs["secretary"], "周春生")
    assert dialog.errors["secretary"].isHidden()
    with qtbot.waitSignal(registry.loaded):
        press_save(qtbot, dialog)
    stored = branches.get_branch(ws, seed[NAME])
    assert stored["full_members"] == 42 and stored["secretary"] == "周春生"


def test_a_change_of_training_years_alone_also_refuses_a_stale_form(qtbot, registry, ws, seed):
    dialog = open_form(qtbot, registry)
    trained = set(branches.get_branch(ws, seed[NAME])["trained_years"])
    # Another save that only adds a training year (a second ws: another process's view).
    from tests.workspaces import second_workspace

    other = second_workspace(ws.engine.url.database)
    try:
        branches.save_branch(other, {"name": NAME, "trained_years": frozenset(trained | {2019})}, seed[NAME])
    finally:
        other.engine.dispose()
    dialog.inputs["phone"].clear()
    type_text(qtbot, dialog.inputs["phone"], "12345")
    press_save(qtbot, dialog)
    settle(qtbot, registry.context)
    assert dialog.conflict.isVisible() and dialog.isVisible()
    assert "2019" in dialog.trained_note.text()  # the form shows the years stored meanwhile
    assert 2019 in branches.get_branch(ws, seed[NAME])["trained_years"]
    assert branches.get_branch(ws, seed[NAME])["phone"] is None


def test_an_unchanged_branch_saves_as_before(qtbot, registry, ws, seed):
    dialog = open_form(qtbot, registry)
    dialog.inputs["phone"].clear()
    type_text(qtbot, dialog.inputs["phone"], "12345")
    with qtbot.waitSignal(registry.loaded):
        press_save(qtbot, dialog)
    assert branches.get_branch(ws, seed[NAME])["phone"] == "12345"
