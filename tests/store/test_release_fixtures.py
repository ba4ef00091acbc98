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
    "print_record": 49, "certificate": 48,
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


def test_upgraded_first_release_still_verifies_its_paper(tmp_path, capsys):
    path = unpack(FIXTURES[0], tmp_path)
    assert main(["--db", str(path), "verify-paper", "RV7G-JGVT"]) == 0
    out = capsys.readouterr().out
    assert "年度考评汇总表" in out and "2025" in out
    assert main(["--db", str(path), "evaluate", "--year", "2025", "--json"]) == 0
