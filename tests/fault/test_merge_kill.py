"""A merge killed (SIGKILL) at any moment leaves the office database as it was before the merge or
as it is after it, never between: killed after every cell is written but before the commit, the
database is the one before; a merge that finished is there whole after reopening."""

from __future__ import annotations

import shutil
import textwrap

import pytest
from sqlalchemy import text

from desktop.services import checkout, laptop, merge
from desktop.store.database import open_database
from tests.fault.kills import kill_when
from tests.services.checkout_helpers import BRANCHES, SCORERS, dump, place, seed_office, type_score

# Stops for good in the merge's own check before its commit: every write of the merge is flushed
# to SQLite (in its WAL, uncommitted) at that moment.
KILLED_MERGE = textwrap.dedent(
    """
    import sys, time
    from desktop.services import merge
    from desktop.store.database import open_database

    checked = merge._verify

    def hang(*args):
        checked(*args)
        print("checked", flush=True)
        time.sleep(600)

    merge._verify = hang
    db = open_database(sys.argv[1])
    merge.merge(db.workspace, sys.argv[2])
    """
)


@pytest.fixture
def returned(tmp_path, monkeypatch):
    from tests.services.checkout_helpers import cheap_kdf

    cheap_kdf(monkeypatch)
    office, a = place(tmp_path, "office"), place(tmp_path, "laptop")
    session_id = seed_office(office.ws)
    type_score(office.ws, session_id, "甲", BRANCHES[0], 0, 1)
    made = checkout.export_part(office.ws, session_id, tmp_path / "a")
    there = laptop.open_package(a.ws, made.file, made.code).session_id
    for scorer in SCORERS:
        for number, branch in enumerate(BRANCHES):
            type_score(a.ws, there, scorer, branch, number, 0.5)
    back = laptop.make_return(a.ws, there, tmp_path / "back").file
    office.db.close()
    a.db.close()
    return office.file, back


@pytest.mark.slow
def test_a_merge_killed_before_its_commit_leaves_the_database_as_before(returned):
    office_file, back = returned
    before = dump(office_file)
    kill_when("checked", KILLED_MERGE, str(office_file), str(back))
    db = open_database(str(office_file))
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        db.close()
    assert dump(office_file) == before
    db = open_database(str(office_file))  # and the same return merges whole afterwards
    try:
        assert merge.merge(db.workspace, back).merged == 9
    finally:
        db.close()


def test_a_finished_merge_is_there_whole_after_reopening(returned, tmp_path):
    office_file, back = returned
    db = open_database(str(office_file))
    try:
        merged = merge.merge(db.workspace, back).merged
    finally:
        db.close()
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(office_file, copy)
    db = open_database(str(copy))
    try:
        assert merged == 9 and merge.merge(db.workspace, back).written is False
    finally:
        db.close()
