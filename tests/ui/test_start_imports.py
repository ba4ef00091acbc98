"""The window starts without the heavy libraries that only some actions need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_main_window_module_leaves_heavy_libraries_unloaded():
    code = (
        "import sys, desktop.ui.main_window\n"
        "print(','.join(m for m in ('reportlab', 'matplotlib', 'openpyxl', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_print_menu_opens_the_dialogs_on_demand(qtbot, context, monkeypatch):
    from desktop.ui import paper_dialog
    from desktop.ui.main_window import MainWindow

    opened = []
    monkeypatch.setattr(paper_dialog.PrintDialog, "exec", lambda self: opened.append(type(self).__name__))
    monkeypatch.setattr(paper_dialog.VerifyPaperDialog, "exec", lambda self: opened.append(type(self).__name__))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.actions["print"].trigger()
    window.actions["verify_paper"].trigger()
    assert opened == ["PrintDialog", "VerifyPaperDialog"]
