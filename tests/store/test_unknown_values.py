"""A value this app never writes, stored in a vocabulary column by hand or by another program, is
named (table, record, value) instead of ending a command in a traceback; `verify` lists every one."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from desktop.cli import main
from desktop.services import demo, meeting_rules
from desktop.services.stored_values import VOCABULARIES, unknown_values
from desktop.store.database import open_database
from tests.sheets import HEADERS, branch_row, write_xlsx
from tests.store.sqlite_files import execute


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A street-sized demo with a row in every table that has a vocabulary column."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = open_database(str(path))
    demo.generate(db.workspace, "street", 3)
    meeting_rules.save_rules(db.workspace, 2025, meeting_rules.rules_for_year(db.workspace, 2025))
    db.close()
    return execute(
        path,
        "INSERT INTO certificate (uuid, version, honour, year, branch_id, serial, number, revoked)"
        " VALUES ('c-1', 1, 'standardized', 2025, 1, 1, '2025-标-001', 0)",
        "INSERT INTO print_record (uuid, version, code, document_kind, year, parameters, subject, printed_at,"
        " fingerprint, pages) VALUES ('p-1', 1, 'ACDEFGHJ', 'registry', 2025, '{}', '全部', '2025-03-01', 'x', 1)",
        "INSERT INTO branch_plan (uuid, version, branch_id, year, classification, planned)"
        " VALUES ('bp-1', 1, 1, 2025, 'average', 1)",
    )


@pytest.fixture
def copy(demo_file, tmp_path):
    path = tmp_path / "main.sqlite3"
    shutil.copy(demo_file, path)
    return path


def first_id(path, table) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT min(id) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_the_demo_has_only_known_values(demo_file):
    db = open_database(str(demo_file))
    with db.engine.connect() as conn:
        assert unknown_values(conn) == []
    db.close()


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: f"{v.table}.{v.column}")
def test_an_unknown_value_is_named_and_listed_by_verify(copy, tmp_path, capsys, vocabulary):
    record = first_id(copy, vocabulary.table)
    execute(copy, f"UPDATE {vocabulary.table} SET {vocabulary.column} = 'street' WHERE id = {record}")
    where = f"{vocabulary.table} 表第 {record} 条记录"

    for command in (["check", "--year", "2025"], ["export", "branches", str(tmp_path / "b.xlsx")],
                    ["report", "summary", "--year", "2025", "-o", str(tmp_path / "s.pdf")]):
        assert main(["--db", str(copy), *command]) == 2
        err = capsys.readouterr().err
        assert where in err and f"{vocabulary.label}（{vocabulary.column}）为“street”" in err
        assert "Traceback" not in err and "ValueError" not in err
    assert not (tmp_path / "b.xlsx").exists() and not (tmp_path / "s.pdf").exists()

    assert main(["--db", str(copy), "verify"]) == 1
    out = capsys.readouterr().out
    assert "1 处本软件不认识的取值" in out and where in out


def test_a_hand_edited_branch_kind_is_corrected_by_an_import(copy, tmp_path, capsys):
    execute(copy, "UPDATE branch SET branch_kind = 'street' WHERE id = 3")
    conn = sqlite3.connect(copy)
    name = conn.execute("SELECT name FROM branch WHERE id = 3").fetchone()[0]
    conn.close()
    assert main(["--db", str(copy), "check", "--year", "2025"]) == 2
    assert f"（{name}）的支部类型" in capsys.readouterr().err
    assert main(["--db", str(copy), "backup"]) == 0  # the file is copied as it is

    sheet = write_xlsx(tmp_path / "fix.xlsx", [HEADERS, branch_row(name, "社区", 12)])
    assert main(["--db", str(copy), "import", "branches", str(sheet)]) == 0
    assert main(["--db", str(copy), "check", "--year", "2025"]) == 0
    assert main(["--db", str(copy), "verify"]) == 0


def test_many_unknown_values_are_counted_not_all_printed(copy, capsys):
    execute(copy, "UPDATE meeting SET meeting_type = 'lunch' WHERE id <= 40")
    assert main(["--db", str(copy), "evaluate", "--year", "2025"]) == 2
    err = capsys.readouterr().err
    assert "共 40 处" in err and err.count("为“lunch”") == 10
    assert main(["--db", str(copy), "verify"]) == 1
    assert capsys.readouterr().out.count("为“lunch”") == 40
