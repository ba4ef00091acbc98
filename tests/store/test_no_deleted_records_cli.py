"""No command shows a deleted record: every reading `branchdesk` command (check, evaluate, export,
report, chart, targets, workflow show, settings, verify, verify-paper), in text and JSON, and every
file it writes (PDF, .xlsx, SVG, read back) is free of the deleted records' texts and UUIDs, on the
database of tests/store/deleted_records.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.services.datasets import DATASETS
from desktop.store.database import open_database
from tests.store.deleted_records import KEPT_A, KEPT_B, MARK, YEAR, build

SHOWN_MARK = "已删"  # the brackets of MARK may have no glyph in a PDF's font: look for the words


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    work = tmp_path_factory.mktemp("deleted-cli")
    database = open_database(str(work / "data.sqlite3"))
    built = build(database.workspace, work)
    database.close()
    return work / "data.sqlite3", built, work


def run(capsys, db: Path, *argv: str) -> tuple[int, str]:
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out + err


def free_of_deleted(shown: str, built) -> list[str]:
    squeezed = re.sub(r"\s+", "", shown)
    found = [word for word in (MARK, SHOWN_MARK) if word in squeezed]
    return found + [uuid for uuid in built.deleted_uuids if uuid in shown]


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def xlsx_text(path: Path) -> str:
    book = load_workbook(path, read_only=True)
    try:
        return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    finally:
        book.close()


COMMANDS = {
    "check": ["check", "--year", str(YEAR), "--as-of", f"{YEAR}-12-31"],
    "check --json": ["check", "--year", str(YEAR), "--as-of", f"{YEAR}-12-31", "--json"],
    "evaluate": ["evaluate", "--year", str(YEAR)],
    "evaluate --json": ["evaluate", "--year", str(YEAR), "--json"],
    "targets": ["targets", "--year", str(YEAR)],
    "targets --json": ["targets", "--year", str(YEAR), "--json"],
    "workflow show": ["workflow", "show", "--year", str(YEAR)],
    "workflow show --json": ["workflow", "show", "--year", str(YEAR), "--json"],
    "workflow show --branch": ["workflow", "show", "--year", str(YEAR), "--branch", KEPT_B, "--json"],
    "settings": ["settings"],
    "settings --json": ["settings", "--json"],
    "verify": ["verify"],
    "plan": ["plan", "--year", str(YEAR)],
    "plan --json": ["plan", "--year", str(YEAR), "--json"],
    "rewards": ["rewards", "--year", str(YEAR)],
    "rewards --json": ["rewards", "--year", str(YEAR), "--json"],
    "honours": ["honours", "--year", str(YEAR)],
    "honours --json": ["honours", "--year", str(YEAR), "--level", "autonomous_region", "--json"],
}
# What each listing must show: proof that it read the data it was asked for.
SHOWS = {"check": KEPT_A, "evaluate": KEPT_A, "workflow show": KEPT_B, "settings": "中共和平街道工作委员会",
         "plan": KEPT_A, "rewards": KEPT_A, "honours": KEPT_A}


@pytest.mark.parametrize("name", COMMANDS)
def test_a_reading_command_shows_no_deleted_record(capsys, world, name):
    db, built, _ = world
    code, shown = run(capsys, db, *COMMANDS[name])
    assert code == 0, shown
    assert free_of_deleted(shown, built) == []
    wanted = next((text for prefix, text in SHOWS.items() if name.startswith(prefix)), None)
    assert wanted is None or wanted in shown


REPORTS = ["summary", "progress", "meetings", "registry", "branch-file", "score-sheets", "ballots", "certificates", "plan",
           "rewards"]


@pytest.mark.parametrize("document", REPORTS)
def test_a_printed_document_shows_no_deleted_record(capsys, world, document):
    db, built, work = world
    path = work / f"{document}.pdf"
    code, shown = run(capsys, db, "report", document, "--year", str(YEAR), "-o", str(path), "--as-of", f"{YEAR}-12-31")
    assert code == 0, shown
    printed = pdf_text(path)
    assert free_of_deleted(shown + printed, built) == []
    if document != "progress":  # counts by kind, no names (see the .xlsx test for its counts)
        assert re.sub(r"\s+", "", KEPT_A) in re.sub(r"\s+", "", printed)


def test_a_deleted_certificate_is_not_printed_again(capsys, world):
    db, built, work = world
    code, shown = run(capsys, db, "report", "certificates", "--year", str(YEAR), "--kind", "strongest",
                      "-o", str(work / "strongest.pdf"))
    assert code == 2 and "没有可打印的" in shown and free_of_deleted(shown, built) == []


@pytest.mark.parametrize("document", ["summary", "progress", "meetings", "registry", "plan", "rewards"])
def test_a_sheet_exported_to_excel_shows_no_deleted_record(capsys, world, document):
    db, built, work = world
    path = work / f"{document}.xlsx"
    code, shown = run(capsys, db, "report", document, "--year", str(YEAR), "-o", str(path))
    assert code == 0, shown
    exported = xlsx_text(path)
    assert free_of_deleted(shown + exported, built) == []
    if document == "progress":  # one 社区 branch: the deleted one was a 社区 too
        assert community_row(path)[:3] == ("社区", 1, 1)
    else:
        assert KEPT_A in exported


def community_row(path: Path) -> tuple:
    book = load_workbook(path, read_only=True)
    try:
        return next(row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) if row[0] == "社区")
    finally:
        book.close()


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_a_dataset_exported_to_excel_and_read_back_shows_no_deleted_record(capsys, world, dataset):
    db, built, work = world
    path = work / f"export-{dataset}.xlsx"
    code, shown = run(capsys, db, "export", dataset, str(path))
    assert code == 0, shown
    exported = xlsx_text(path)
    assert free_of_deleted(shown + exported, built) == [] and KEPT_A in exported
    code, shown = run(capsys, db, "export", dataset, str(path), "--year", str(YEAR))
    assert code == 0 and free_of_deleted(shown + xlsx_text(path), built) == []


def test_an_exported_branch_ledger_imports_back_as_it_is(capsys, world):
    """The deleted branch is in no file, and so a dry run of the export finds nothing to do."""
    db, _, work = world
    path = work / "again-branches.xlsx"
    assert run(capsys, db, "export", "branches", str(path))[0] == 0
    code, shown = run(capsys, db, "import", "branches", str(path), "--dry-run", "--json")
    assert code == 0 and '"imported": 0' in shown and '"updated": 0' in shown


def test_the_trends_report_and_charts_show_no_deleted_record(capsys, world):
    db, built, work = world
    path = work / "trends.pdf"
    code, shown = run(capsys, db, "report", "trends", "--from", str(YEAR - 1), "--to", str(YEAR), "-o", str(path))
    assert code == 0, shown
    assert free_of_deleted(shown + pdf_text(path), built) == []
    for chart in ("standardized", "strongest", "by-kind", "compliance", "scores", "findings"):
        picture = work / f"{chart}.svg"
        code, shown = run(capsys, db, "chart", chart, "--from", str(YEAR - 1), "--to", str(YEAR), "-o", str(picture))
        assert code == 0, shown
        assert free_of_deleted(shown + picture.read_text(encoding="utf-8"), built) == [], chart


def test_verify_paper_rebuilds_from_live_records_only(capsys, world):
    db, built, _ = world
    code, shown = run(capsys, db, "verify-paper", built.summary_code)
    assert code == 0 and "年度考评汇总表" in shown and free_of_deleted(shown, built) == []


def test_a_scorers_record_shows_no_deleted_record(capsys, world):
    """评分记录表 takes its session and scorer by name; the deleted session is not found, the live
    one prints its branches without the deleted ones."""
    db, built, work = world
    path = work / "score-record.pdf"
    code, shown = run(capsys, db, "report", "score-record", "--year", str(YEAR), "--session", "2025年度考评",
                      "--scorer", "张评委", "-o", str(path))
    assert code == 0, shown
    printed = pdf_text(path)
    assert free_of_deleted(shown + printed, built) == [] and "张评委" in printed
    assert re.sub(r"\s+", "", KEPT_A) in re.sub(r"\s+", "", printed)
    code, shown = run(capsys, db, "report", "score-record", "--year", str(YEAR), "--session", f"{MARK}复评会",
                      "--scorer", "张评委", "-o", str(work / "gone.pdf"))
    assert code == 2 and "找不到评分会" in shown
