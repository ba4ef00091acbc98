"""Every database a released version wrote still opens, upgrades to the current schema and keeps
all its records (tests/fixtures/README.md lists how each file was made)."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.store import migrate
from desktop.store.database import open_database
from desktop.store.integrity import verify_file

FIXTURES = sorted((Path(__file__).resolve().parent.parent / "fixtures").glob("release-*.sqlite3.gz"))

# Rows the 0.1.0 street fixture holds; an upgrade may add tables, never lose a row of these.
COUNTS_0_1_0 = {
    "branch": 60, "secretary_training": 529, "meeting": 27736, "evaluation": 392, "rubric": 10,
    "rubric_item": 280, "veto_item": 50, "scoring_session": 1, "session_branch": 60, "session_scorer": 5,
    "score": 8400, "workflow_step": 1612, "complaint": 156, "department_feedback": 784,
    "print_record": 112, "certificate": 57,
}


def unpack(fixture: Path, folder: Path) -> Path:
    target = folder / fixture.name.removesuffix(".gz")
    with gzip.open(fixture) as packed, target.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return target


def counts(path: Path, tables) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}


def test_there_is_a_fixture_of_the_first_release():
    assert [f.name for f in FIXTURES if f.name.startswith("release-0.1.0-")] == ["release-0.1.0-street.sqlite3.gz"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_release_database_upgrades_without_loss(fixture, tmp_path):
    path = unpack(fixture, tmp_path)
    before = counts(path, COUNTS_0_1_0)
    assert before == COUNTS_0_1_0 or not fixture.name.startswith("release-0.1.0-")
    database = open_database(str(path))
    try:
        assert migrate.current_revisions(database.engine) == migrate.head_revisions()
    finally:
        database.close()
    assert counts(path, before) == before
    verify_file(path)  # integrity, foreign keys and every table and column of the head schema
    assert list((tmp_path / "backups").glob("pre-migration-*"))  # the old file was kept first


# Every sheet 0.1.0 printed in the fixture, by code. An upgrade changes no data, so none of them may
# read "data changed"; the summary sheet's layout changed since (services/prints.py LAYOUTS), so it
# is reported as printed in an earlier edition, not comparable row by row.
PRINTED_0_1_0 = {
    "KGMD-TFYX": "年度考评汇总表", "A9QE-MKPQ": "创建进度统计表", "ANJ6-4VND": "组织生活落实情况表",
    "KK74-K9W7": "支部基本情况表", "4FFV-AJT3": "考评打分表", "TDYN-MQ6F": "评议票", "VJUT-N3EA": "趋势分析报告",
}

# Sheets and forms that list branches by name: a later edition since the one order of names.
LISTED_BY_NAME = {"年度考评汇总表", "组织生活落实情况表", "支部基本情况表", "考评打分表", "评议票"}
# And the 趋势分析报告, whose tables print 无数据 for a year without data since.
LATER_EDITION = LISTED_BY_NAME | {"趋势分析报告"}


def test_upgraded_first_release_verifies_every_print_without_a_false_change(tmp_path):
    from desktop.services import documents

    path = unpack(FIXTURES[0], tmp_path)
    database = open_database(str(path))
    try:
        for code, label in PRINTED_0_1_0.items():
            found = documents.verify(database.workspace, code)
            assert found is not None and label in found.description
            if label in LATER_EDITION:  # e.g. printed in the order of character codes, now of pinyin
                assert found.changed is None and "较早版本" in found.note
            else:
                assert found.changed is False, (code, found.description)
        with sqlite3.connect(path) as conn:
            certificate_codes = [row[0] for row in conn.execute(
                "SELECT code FROM print_record WHERE document_kind = 'certificate'")]
        assert len(certificate_codes) == 105
        assert all(documents.verify(database.workspace, code).changed is False for code in certificate_codes)
    finally:
        database.close()


def test_upgraded_first_release_answers_the_cli(tmp_path, capsys):
    path = unpack(FIXTURES[0], tmp_path)
    assert main(["--db", str(path), "verify-paper", "KGMD-TFYX"]) == 0
    out = capsys.readouterr().out
    assert "年度考评汇总表" in out and "较早版本" in out and "数据已有变化" not in out
    assert main(["--db", str(path), "evaluate", "--year", "2025", "--json"]) == 0
