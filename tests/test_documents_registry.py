"""One registry of printable documents: the print dialog, `report`, `verify-paper` and the stored-value
check read it, so a new kind of document is one entry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop import glossary
from desktop.cli import build_parser
from desktop.errors import BranchdeskError
from desktop.paper import sheets
from desktop.services import documents, paper, stored_values
from tests.paper_support import add_branches, page_texts, squeeze


def _names_sheet(ws, params) -> paper.Built:
    """A one-column list of the branches: the smallest real sheet a new kind could print."""
    from desktop.paper.layout import Col, Section, layout_sections
    from desktop.services.paper_sources import branch_briefs

    names = [[b.name] for b in branch_briefs(ws, params.get("branch_ids"))]
    section = Section("支部名单", [f"{params['year']} 年"], [Col("支部名称", 100.0)], names)
    return paper.Built("支部名单", "全部党支部", sheets.fingerprint(names), lambda: layout_sections([section]))


@pytest.fixture
def roster(monkeypatch):
    # A new kind: its name in the glossary (for the window and the stored-value check), its entry here.
    monkeypatch.setitem(glossary.DOCUMENT_LABELS, "roster", "支部名单")
    entry = documents._sheet("roster", "roster", ("year", "branch_ids"), _names_sheet)
    monkeypatch.setitem(documents.REGISTRY, "roster", entry)
    return entry


def test_the_registry_is_what_report_offers():
    report = next(a for a in build_parser()._subparsers._group_actions[0].choices["report"]._actions
                  if a.dest == "document")
    assert list(report.choices) == [entry.cli_name for entry in documents.REGISTRY.values()]
    assert list(report.choices) == ["summary", "progress", "meetings", "registry", "branch-file", "certificates", "score-sheets",
                                    "ballots", "score-record", "weak-cases", "weak-closure", "inspections", "plan", "rewards", "trends"]


def test_every_kind_has_what_printing_and_verification_need():
    for kind, entry in documents.REGISTRY.items():
        assert entry.kind == kind and entry.label and entry.cli_name
        assert set(entry.parameters) <= set(documents.PARAMETERS), kind
        assert callable(entry.print) and callable(entry.rebuild)
        assert not entry.excel or entry.build is not None
    assert tuple(stored_values._document_kinds()) == tuple(documents.REGISTRY)
    assert {kind: entry.label for kind, entry in documents.REGISTRY.items()} == glossary.DOCUMENT_LABELS


def test_parameters_are_checked_and_defaulted_once():
    summary, ballots = documents.document("summary"), documents.document("ballots")
    assert summary.normalize({"year": 2025, "copies": 9, "branch_ids": [3, 1]}) == {"year": 2025, "branch_ids": [1, 3]}
    assert ballots.normalize({"year": 2025}) == {"year": 2025, "copies": 1, "ballot": "both"}
    for bad, message in (({"year": 1999}, "有效的年度"), ({"year": 2025, "copies": 0}, "1–500"),
                         ({"year": 2025, "copies": True}, "1–500"), ({"year": 2025, "ballot": "x"}, "评议票类型")):
        with pytest.raises(BranchdeskError, match=message):
            ballots.normalize(bad)
    with pytest.raises(BranchdeskError, match="未知的文件类型“memo”"):
        documents.print_document(None, "memo", {"year": 2025}, "x.pdf")


def test_a_new_kind_is_one_entry_printed_verified_and_offered(qtbot, db, ws, tmp_path, roster, capsys):
    from desktop.ui.paper_dialog import PrintDialog
    from tests.ui.conftest import gui_context

    add_branches(ws, 3)
    result = documents.print_document(ws, "roster", {"year": 2025}, tmp_path / "名单.pdf")
    assert "测试0002社区党支部" in squeeze("".join(page_texts(result.path)))
    found = documents.verify(ws, result.code)
    assert found.document_kind == "roster" and found.changed is False and found.description.startswith("支部名单（2025 年）")

    context = gui_context(db)
    context.db_file = tmp_path / "db.sqlite3"  # its prints go beside a database file in tmp_path
    dialog = PrintDialog(context)
    qtbot.addWidget(dialog)
    labels = [dialog.document_box.itemText(i) for i in range(dialog.document_box.count())]
    assert labels[-1] == "支部名单" and "趋势分析报告" not in labels  # the trends report needs a year range
    dialog.document_box.setCurrentIndex(len(labels) - 1)
    assert not dialog.copies_box.isEnabled() and not dialog.honour_box.isEnabled()
    assert not dialog.excel_button.isEnabled()
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=20_000)
    assert documents.verify(ws, dialog.last_result.code).document_kind == "roster"
    if dialog.preview is not None:
        dialog.preview.close()
    context.tasks.wait()
