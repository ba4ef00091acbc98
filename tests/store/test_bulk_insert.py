"""A bulk insert through the seam (session.execute(insert(Model), rows)) handed to SQLite's driver
as tuples, and its log rows built by SQLite: the same rows stored and the same log text as the ORM's
own bulk path and the Python encoder would write, for scores (floats) as for every other table."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select, text

from desktop.models import Branch, RubricItem, Score, SessionScorer
from desktop.services import scoring
from desktop.store import changelog, sql_json, stable_json
from tests.services.helpers import add_branch


@settings(max_examples=500, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
@example(2.5)
@example(0.0)
@example(-0.0)
@example(0.1)
@example(1e-4)
@example(99999999999999.9)
@example(1 / 3)
@example(1e15)
@example(123456789012345.5)
def test_sqlite_writes_a_float_as_python_does_whenever_it_is_said_to(value):
    """prints_alike may say no to a float SQLite would print alike; it must never say yes wrongly."""
    with sqlite3.connect(":memory:") as conn:
        built = conn.execute("SELECT json_object('p', ?)", (value,)).fetchone()[0]
    if sql_json.prints_alike(value):
        assert built == '{"p":' + stable_json.value(value) + "}"


def test_what_sqlite_would_print_otherwise_is_left_to_python():
    assert sql_json.insert_select(Score.__table__, [{"points": 1.5}, {"points": None}], ()) is not None
    for points in (1 / 3, 1e15, -0.0, 3):  # 16 digits, an exponent, a sign lost, an int stored as 3.0
        assert sql_json.insert_select(Score.__table__, [{"points": 1.5}, {"points": points}], ()) is None


def _session(ws):
    ids = [add_branch(ws, f"第{n}社区党支部") for n in range(3)]
    session_id = scoring.create_session(ws, 2025, "年度考评", date(2025, 12, 20), ids, ["甲", "乙"])
    with ws.read() as session:
        scorers = list(session.scalars(select(SessionScorer.id).where(SessionScorer.session_id == session_id)))
        items = list(session.scalars(select(RubricItem.id).order_by(RubricItem.id)))[:4]
    return session_id, ids, scorers, items


def _stored_and_logged(ws, table: str):
    with ws.engine.connect() as conn:
        stored = conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings().all()
        logged = dict(conn.execute(text("SELECT record_uuid, fields FROM change_log WHERE table_name = :t AND op = 'insert'"),
                                   {"t": table}).all())
    return [dict(row) for row in stored], logged


@pytest.mark.parametrize("odd", [2.5, 1 / 3], ids=["half points", "a float only python prints exactly"])
def test_scores_written_by_the_driver_are_the_orm_s_and_logged_as_python_encodes_them(db, tmp_path, monkeypatch, odd):
    from desktop.store.database import open_database

    twin = open_database(str(tmp_path / "twin.sqlite3"))
    try:
        results, taken = [], []
        for ws, driver in ((db.workspace, True), (twin.workspace, False)):
            session_id, ids, scorers, items = _session(ws)
            rows = [{"session_id": session_id, "scorer_id": s, "branch_id": b, "item_id": i, "points": odd if n == 5 else n / 2}
                    for n, (s, b, i) in enumerate((s, b, i) for s in scorers for b in ids for i in items)]
            if driver:
                def spied(*args, real=changelog._driver_insert):
                    taken.append(real(*args))
                    return taken[-1]

                monkeypatch.setattr(changelog, "_driver_insert", spied)
            else:  # the ORM's own bulk insert, and every log row encoded in Python
                monkeypatch.setattr(changelog, "_driver_insert", lambda *_: None)
                monkeypatch.setattr(sql_json, "insert_select", lambda *_: None)
            with ws.write() as session:
                session.execute(insert(Score), rows)
            monkeypatch.undo()
            results.append(_stored_and_logged(ws, "score"))
    finally:
        twin.close()
    (stored, logged), (orm_stored, python_logged) = results
    assert len(taken) == 1 and taken[0] is not None
    assert len(stored) == 24 and {r["deleted_at"] for r in stored} == {None} and {r["version"] for r in stored} == {1}
    # The stamps are the database's clock (server_default now()) at each write: the two writes may
    # fall either side of a second, so they are held to one second apart rather than to equality.
    clock = ("uuid", "created_at", "updated_at")
    assert [{k: v for k, v in r.items() if k not in clock} for r in stored] == [
        {k: v for k, v in r.items() if k not in clock} for r in orm_stored]
    for mine, theirs in zip(stored, orm_stored, strict=True):
        assert mine["created_at"] == mine["updated_at"] and theirs["created_at"] == theirs["updated_at"]
        apart = datetime.fromisoformat(theirs["created_at"]) - datetime.fromisoformat(mine["created_at"])
        assert timedelta(0) <= apart <= timedelta(seconds=1)
    assert sorted(logged) == sorted(r["uuid"] for r in stored)
    assert [logged[r["uuid"]] for r in stored] == [python_logged[r["uuid"]] for r in orm_stored]


def test_rows_the_driver_cannot_take_as_they_are_go_the_orm_s_way(ws):
    """Rows of two shapes; a left-out column whose default Python computes (a record's UUID given in
    one row only is such a shape): stored and logged all the same."""
    with ws.write() as session:
        session.execute(insert(Branch), [{"name": "甲党支部", "branch_kind": "community"},
                                         {"name": "乙党支部", "branch_kind": "village", "notes": "备注"}])
    with ws.read() as session:
        rows = session.execute(select(Branch.name, Branch.notes, Branch.uuid)).all()
    assert sorted((n, notes or "") for n, notes, _u in rows) == [("乙党支部", "备注"), ("甲党支部", "")]
    _stored, logged = _stored_and_logged(ws, "branch")
    assert sorted(logged) == sorted(u for _n, _notes, u in rows)
