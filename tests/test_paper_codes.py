"""Verification codes typed as a clerk types them (a Chinese IME gives full-width ＫＣＸＰ－ＫＰＤＴ,
lower case, spaces, other dashes) find the print, in `verify-paper` and in the 核对验证码 dialog."""

from __future__ import annotations

import pytest

from desktop.cli import main
from desktop.services import documents
from tests.paper_support import add_branches


def full_width(text: str) -> str:
    """As a Chinese IME in full-width mode types it: letters, digits and '-' at U+FF01..U+FF5E."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def spellings(code: str) -> list[str]:
    plain = code.replace("-", "")
    return [
        code, full_width(code), code.lower(), full_width(code.lower()), plain, f"  {code}  ",
        f"{plain[:4]} {plain[4:]}", f"{plain[:4]}—{plain[4:]}", f"{plain[:4]}–{plain[4:]}",
        f"\u3000{full_width(plain[:4])}\u3000{full_width(plain[4:])}\u3000", f"{plain[:4]}_{plain[4:]}",
    ]


@pytest.fixture
def printed(db, tmp_path):
    add_branches(db.workspace, 2)
    return documents.print_document(db.workspace, "registry", {"year": 2025}, tmp_path / "r.pdf")


def test_normalize_code_folds_what_an_ime_types():
    assert documents.normalize_code("ＫＣＸＰ－ＫＰＤＴ") == "KCXPKPDT"
    assert documents.normalize_code(" kcxp ‐ kpdt ") == "KCXPKPDT"
    assert documents.normalize_code("验证码：ＫＣＸＰ—ＫＰＤＴ") == "KCXPKPDT"
    assert documents.normalize_code("") == "" and documents.normalize_code("－　－") == ""


def test_every_spelling_finds_the_print(db, printed):
    for typed in spellings(printed.code_text):
        found = documents.verify(db.workspace, typed)
        assert found is not None, typed
        assert found.code == printed.code_text


def test_verify_paper_accepts_a_full_width_code(db, printed, capsys):
    typed = full_width(printed.code_text.lower())
    assert main(["--db", str(db.file), "verify-paper", typed]) == 0
    assert f"验证码 {printed.code_text}：" in capsys.readouterr().out
    assert main(["--db", str(db.file), "verify-paper", full_width("QQQQ-QQQQ")]) == 1


def ime_commit(widget, text: str) -> None:
    """What a Chinese input method sends when the clerk picks its text (QTest types ASCII only)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_the_dialog_accepts_a_full_width_code_typed_in(qtbot, db, printed):
    from PySide6.QtCore import Qt

    from desktop.ui.paper_dialog import VerifyPaperDialog
    from tests.ui.conftest import gui_context, settle

    context = gui_context(db)
    dialog = VerifyPaperDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.code_edit, Qt.MouseButton.LeftButton)
    ime_commit(dialog.code_edit, f"\u3000{full_width(printed.code_text)}")
    qtbot.keyClicks(dialog.code_edit, " ")
    assert dialog.code_edit.text() == f"\u3000{full_width(printed.code_text)} "
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)  # looked up on the worker
    assert f"验证码 {printed.code_text}：" in dialog.result_label.text() and "未变化" in dialog.result_label.text()


def test_an_unknown_code_is_echoed_as_printed_not_as_typed(tmp_path, capsys):
    from desktop.cli import main
    from desktop.store.database import open_database

    open_database(str(tmp_path / "p.sqlite3")).close()
    assert main(["--db", str(tmp_path / "p.sqlite3"), "verify-paper", "ｚｚｚｚ－ｚｚｚｚ"]) == 1
    assert "验证码 ZZZZ-ZZZZ 不存在" in capsys.readouterr().out
