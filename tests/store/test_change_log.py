"""The change log the seam writes from the ORM's own flush: one row per insert, update and delete of a
record, in commit order, with who, when (the workspace's UTC clock) and the unit it belonged to; the
fields as stable JSON. Bulk inserts are logged row by row; bulk UPDATE/DELETE is refused; versions
and timestamps move only through the seam."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text, update

from desktop.models import Base, Branch, ChangeLog, Complaint, Meeting, MeetingAttachment, SecretaryTraining, Target
from desktop.models.base import Record
from desktop.rules.targets import YearTarget
from desktop.services import branches, demo, meetings, targets
from desktop.store import changelog
from desktop.store.workspace import Workspace

T1, T2, T3 = datetime(2026, 3, 1, 0, 30), datetime(2026, 3, 2, 9, 15, 7), datetime(2026, 3, 3, 23, 59, 59)
ROOT = Path(__file__).resolve().parents[2]


class Clock:
    """A fixed clock the test moves by hand."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock(T1)


@pytest.fixture
def fixed(db, clock):
    """The database's workspace with a known actor and a fixed clock."""
    return Workspace(db.engine, db.workspace.files_root, actor="王丽华", clock=clock)


def log(ws, after: int = 0) -> list[ChangeLog]:
    with ws.read() as session:
        rows = session.scalars(select(ChangeLog).where(ChangeLog.seq > after).order_by(ChangeLog.seq)).all()
        session.expunge_all()
    return list(rows)


def last_seq(ws) -> int:
    with ws.read() as session:
        return session.scalar(select(func.max(ChangeLog.seq))) or 0


def fields(row: ChangeLog) -> dict:
    return json.loads(row.fields)


def new_branch(ws, name="和平社区党支部", **values) -> int:
    return branches.save_branch(ws, {"name": name, "branch_kind": "community", "full_members": 10,
                                     "established_on": date(2001, 7, 1), **values})


def stored_branch(ws, branch_id: int) -> Branch:
    with ws.read() as session:
        return session.get(Branch, branch_id)


# ---------------------------------------------------------------- one row per change


def test_insert_update_delete_each_log_one_row_with_table_uuid_op_actor_time_and_unit(fixed, clock):
    branch_id = new_branch(fixed)
    uuid = stored_branch(fixed, branch_id).uuid
    clock.now = T2
    values = branches.get_branch(fixed, branch_id)
    branches.save_branch(fixed, {**values, "full_members": 12}, branch_id, values["version"])
    clock.now = T3
    branches.delete_branch(fixed, branch_id)

    rows = log(fixed)
    assert [(r.table_name, r.record_uuid, r.op, r.actor, r.at) for r in rows] == [
        ("branch", uuid, "insert", "王丽华", T1),
        ("branch", uuid, "update", "王丽华", T2),
        ("branch", uuid, "delete", "王丽华", T3),
    ]
    assert len({r.tx for r in rows}) == 3  # one unit each
    assert [r.seq for r in rows] == sorted(r.seq for r in rows) and len({r.seq for r in rows}) == 3


def test_an_insert_logs_its_values_and_never_the_row_number_the_uuid_or_the_times(fixed):
    branch_id = new_branch(fixed, notes="新建")
    (row,) = log(fixed)
    assert fields(row) == {
        "name": "和平社区党支部", "branch_kind": "community", "full_members": 10, "probationary_members": 0,
        "established_on": "2001-07-01", "notes": "新建", "version": 1,
    }
    assert row.record_uuid == stored_branch(fixed, branch_id).uuid


def test_an_update_carries_only_the_changed_fields_as_old_and_new(fixed):
    branch_id = new_branch(fixed, phone="0471-1234567")
    seq = last_seq(fixed)
    values = branches.get_branch(fixed, branch_id)
    branches.save_branch(fixed, {**values, "full_members": 12, "established_on": date(2002, 1, 9), "phone": None},
                         branch_id, values["version"])
    (row,) = log(fixed, seq)
    assert row.op == "update"
    assert fields(row) == {"full_members": [10, 12], "established_on": ["2001-07-01", "2002-01-09"],
                           "phone": ["0471-1234567", None]}


def test_a_save_that_changes_nothing_logs_nothing_and_keeps_the_version(fixed):
    branch_id = new_branch(fixed)
    seq = last_seq(fixed)
    values = branches.get_branch(fixed, branch_id)
    branches.save_branch(fixed, values, branch_id, values["version"])
    assert log(fixed, seq) == []
    assert stored_branch(fixed, branch_id).version == 1


def test_a_unit_writing_several_records_logs_each_in_one_transaction(fixed):
    branch_id = new_branch(fixed, trained_years={2024, 2025})
    rows = log(fixed)
    assert sorted((r.table_name, r.op) for r in rows) == [
        ("branch", "insert"), ("secretary_training", "insert"), ("secretary_training", "insert")]
    assert len({r.tx for r in rows}) == 1
    assert {fields(r)["year"] for r in rows if r.table_name == "secretary_training"} == {2024, 2025}
    assert {fields(r)["branch_id"] for r in rows if r.table_name == "secretary_training"} == {branch_id}


def test_a_removed_record_that_does_not_travel_is_logged_with_its_last_values(fixed):
    branch_id = new_branch(fixed, trained_years={2024, 2025})
    with fixed.read() as session:
        gone = session.scalar(select(SecretaryTraining.uuid).where(SecretaryTraining.year == 2024))
    seq = last_seq(fixed)
    values = branches.get_branch(fixed, branch_id)
    branches.save_branch(fixed, {**values, "trained_years": {2025}}, branch_id, values["version"])
    rows = [r for r in log(fixed, seq) if r.table_name == "secretary_training"]
    assert [(r.op, r.record_uuid) for r in rows] == [("delete", gone)]
    assert fields(rows[0])["year"] == 2024 and fields(rows[0])["branch_id"] == branch_id

    targets.save_targets(fixed, [YearTarget(2031, 0.95, None, False, None, "edited")])
    seq = last_seq(fixed)
    targets.reset_targets(fixed, [2031])
    (row,) = log(fixed, seq)
    assert (row.table_name, row.op, fields(row)["standardized_share"], fields(row)["year"]) == ("target", "delete", 0.95, 2031)


def test_records_a_collection_drops_are_logged_as_deletes(fixed):
    """Replacing a tally's complaints removes the old ones through the delete-orphan cascade, which
    the session's own list of deletes does not show: the flush's list does."""
    from desktop.services import tallies
    from desktop.services.tallies import ComplaintEntry, TallyForm

    branch_id = new_branch(fixed)
    basis = tallies.save_tally(fixed, branch_id, 2025, TallyForm(complaints=(ComplaintEntry("楼道照明长期未修"),)))
    with fixed.read() as session:
        (old,) = session.scalars(select(Complaint.uuid)).all()
    seq = last_seq(fixed)
    tallies.save_tally(fixed, branch_id, 2025, TallyForm(complaints=(ComplaintEntry("活动室开放时间少", True),)), basis)
    rows = [(r.table_name, r.op, r.record_uuid if r.op == "delete" else fields(r)["text"]) for r in log(fixed, seq)]
    assert rows == [("complaint", "insert", "活动室开放时间少"), ("complaint", "delete", old)]


def test_a_travelling_record_dropped_from_a_collection_is_refused(fixed):
    branch_id = new_branch(fixed)
    meeting_id = meetings.save_meeting(fixed, {"branch_id": branch_id, "meeting_type": "theme_day", "held_on": date(2025, 3, 5)})
    with fixed.write() as session:
        session.add(MeetingAttachment(meeting_id=meeting_id, file_name="签到表.pdf", stored_path="meetings/x/签到表.pdf",
                                      sha256="0" * 64, size=1))
    seq = last_seq(fixed)
    with pytest.raises(RuntimeError, match=r"changelog\.delete"), fixed.write() as session:
        meeting = session.get(Meeting, meeting_id)
        meeting.attachments.remove(meeting.attachments[0])
    assert log(fixed, seq) == [] and len(meetings.get_meeting(fixed, meeting_id)["attachments"]) == 1


def test_a_tombstone_is_logged_as_a_delete_with_when_and_by_whom(fixed, clock):
    branch_id = new_branch(fixed)
    clock.now = T2
    seq = last_seq(fixed)
    branches.delete_branch(fixed, branch_id)
    (row,) = log(fixed, seq)
    assert row.op == "delete" and row.at == T2
    assert fields(row) == {"deleted_at": [None, "2026-03-02T09:15:07"], "deleted_by": [None, "王丽华"]}


def test_seq_follows_the_order_of_the_writes_across_units(fixed):
    first = new_branch(fixed, "甲党支部")
    second = new_branch(fixed, "乙党支部")
    meeting = meetings.save_meeting(fixed, {"branch_id": second, "meeting_type": "theme_day", "held_on": date(2025, 3, 5)})
    branches.set_archived(fixed, first, True)
    meetings.delete_meeting(fixed, meeting)
    rows = log(fixed)
    assert [(r.table_name, r.op) for r in rows] == [
        ("branch", "insert"), ("branch", "insert"), ("meeting", "insert"), ("branch", "update"), ("meeting", "delete")]
    assert [r.seq for r in rows] == list(range(rows[0].seq, rows[0].seq + 5))
    assert len({r.tx for r in rows}) == 5


def test_a_sequence_number_is_never_handed_out_twice(fixed):
    """sqlite_autoincrement: a rolled-back or removed newest row does not give its number again."""
    new_branch(fixed, "甲党支部")
    top = last_seq(fixed)
    with fixed.engine.begin() as conn:
        conn.execute(text("DELETE FROM change_log WHERE seq = :seq"), {"seq": top})
    new_branch(fixed, "乙党支部")
    assert last_seq(fixed) == top + 1


# ---------------------------------------------------------------- stable JSON


def test_stable_json_sorts_keys_is_compact_keeps_chinese_and_writes_dates_iso():
    assert changelog.stable_json({"b": 1, "a": date(2025, 1, 2), "c": datetime(2025, 1, 2, 3, 4, 5), "名": "和平"}) == (
        '{"a":"2025-01-02","b":1,"c":"2025-01-02T03:04:05","名":"和平"}')
    assert changelog.stable_json({"x": [None, True], "y": 0.5}) == '{"x":[null,true],"y":0.5}'
    with pytest.raises(TypeError, match="not loggable"):
        changelog.stable_json({"x": object()})


def test_every_logged_row_is_in_its_stable_form(fixed):
    branch_id = new_branch(fixed, trained_years={2025}, notes="备注：“引号”")
    values = branches.get_branch(fixed, branch_id)
    branches.save_branch(fixed, {**values, "elected_on": date(2024, 5, 6), "has_committee": True}, branch_id, values["version"])
    branches.set_archived(fixed, branch_id, True)
    meetings.save_meeting(fixed, {"branch_id": branch_id, "meeting_type": "general_meeting", "held_on": date(2025, 3, 5),
                                  "expected": 10, "attended": 8, "topic": "党员大会"})
    rows = log(fixed)
    assert len(rows) == 5
    for row in rows:
        assert row.fields == changelog.stable_json(fields(row))
        assert " " not in row.fields.replace("：“", "")  # compact: no space after separators
    archived = next(r for r in rows if "archived_at" in fields(r))
    assert fields(archived)["archived_at"] == [None, "2026-03-01T00:30:00"]


# ---------------------------------------------------------------- bulk statements


def record_tables() -> list[str]:
    return sorted(m.local_table.name for m in Base.registry.mappers if issubclass(m.class_, Record))


def test_a_bulk_insert_is_logged_row_by_row_in_its_unit(fixed):
    """The demo writes ~40,000 rows with session.execute(insert(Model), rows): every one is logged."""
    demo.generate(fixed, "street", today=date(2026, 11, 28))
    with fixed.engine.connect() as conn:
        for table in record_tables():
            stored = {u for (u,) in conn.execute(text(f"SELECT uuid FROM {table}"))}
            logged = [u for (u,) in conn.execute(
                text("SELECT record_uuid FROM change_log WHERE table_name = :t AND op = 'insert'"), {"t": table})]
            assert sorted(logged) == sorted(stored), table
        assert conn.execute(text("SELECT count(*) FROM meeting")).scalar() > 20_000
        assert conn.execute(text("SELECT count(DISTINCT tx), min(at), max(at), min(actor), max(actor) FROM change_log")).one() == (
            1, T1.strftime("%Y-%m-%d %H:%M:%S.000000"), T1.strftime("%Y-%m-%d %H:%M:%S.000000"), "王丽华", "王丽华")
        uuid, held_on, topic, meeting_type = conn.execute(
            text("SELECT uuid, held_on, topic, meeting_type FROM meeting ORDER BY id LIMIT 1")).one()
        logged = json.loads(conn.execute(text("SELECT fields FROM change_log WHERE record_uuid = :u"), {"u": uuid}).scalar())
    assert logged["held_on"] == held_on and logged["topic"] == topic and logged["meeting_type"] == meeting_type
    assert {"id", "uuid", "created_at", "updated_at"}.isdisjoint(logged) and logged["version"] == 1


def test_sqlite_writes_a_bulk_insert_s_fields_exactly_as_python_does(fixed, tmp_path, monkeypatch):
    """Where SQLite builds the log rows of a bulk insert (store/sql_json.py), every one of them is the
    text the Python encoder writes for the same row: the street demo made both ways, row for row."""
    from desktop.store import sql_json
    from desktop.store.database import open_database

    built_by_sqlite = []
    real = sql_json.insert_select

    def spied(table, rows, left_out):
        built = real(table, rows, left_out)
        if built is not None:
            built_by_sqlite.append(table.name)
        return built

    monkeypatch.setattr(sql_json, "insert_select", spied)
    demo.generate(fixed, "street", today=date(2026, 11, 28))
    monkeypatch.setattr(sql_json, "insert_select", lambda *_: None)
    other = open_database(str(tmp_path / "python.sqlite3"))
    try:
        demo.generate(other.workspace, "street", today=date(2026, 11, 28))
        query = text("SELECT table_name, record_uuid, fields FROM change_log")
        with fixed.engine.connect() as conn:
            by_sqlite = {(t, u): f for t, u, f in conn.execute(query)}
        with other.engine.connect() as conn:
            by_python = {(t, u): f for t, u, f in conn.execute(query)}
    finally:
        other.close()
    assert {"meeting", "branch", "secretary_training", "workflow_step"} <= set(built_by_sqlite)
    shared = by_sqlite.keys() & by_python.keys()
    assert len(shared) > 30_000 and {t for t, _ in shared} >= set(built_by_sqlite)
    assert [key for key in shared if by_sqlite[key] != by_python[key]] == []


def test_sqlite_leaves_to_python_what_it_would_write_otherwise():
    from desktop.models import Score, ScoringSession
    from desktop.store import sql_json

    assert sql_json.insert_select(Score.__table__, [{"points": 1 / 3}], ()) is None  # 15 digits, not the shortest
    assert sql_json.insert_select(ScoringSession.__table__, [{"finalized_at": T1}], ()) is None  # a space, not T
    assert sql_json.insert_select(Branch.__table__, [{"name": "甲"}, {"notes": "乙"}], ()) is None  # two shapes
    assert sql_json.insert_select(Branch.__table__, [{"nickname": "甲"}], ()) is None  # not a column
    built = sql_json.insert_select(Branch.__table__, [{"name": "甲", "has_committee": True, "id": 1}], {"id"})
    assert "json_object('has_committee', CASE" in built and "'name', \"name\")" in built


def test_a_bulk_insert_stamps_uuid_version_and_times(fixed):
    from sqlalchemy import insert

    with fixed.write() as session:
        session.execute(insert(Branch), [{"name": "甲党支部", "branch_kind": "community"},
                                         {"name": "乙党支部", "branch_kind": "village"}])
    with fixed.read() as session:
        rows = session.execute(select(Branch.uuid, Branch.version, Branch.created_at, Branch.updated_at).order_by(Branch.id)).all()
    assert [r[1:] for r in rows] == [(1, T1, T1)] * 2
    assert len({r[0] for r in rows}) == 2 and [r.record_uuid for r in log(fixed)] == [r[0] for r in rows]


@pytest.mark.parametrize("statement", [
    update(Branch).values(notes="批量"),
    delete(Meeting),
    Branch.__table__.update().values(full_members=0),
    Meeting.__table__.delete(),
], ids=["orm update", "orm delete", "core update", "core delete"])
def test_a_bulk_update_or_delete_through_a_session_is_refused(fixed, statement):
    branch_id = new_branch(fixed)
    meetings.save_meeting(fixed, {"branch_id": branch_id, "meeting_type": "theme_day", "held_on": date(2025, 3, 5)})
    seq = last_seq(fixed)
    with pytest.raises(RuntimeError, match="would bypass the change log"), fixed.write() as session:
        session.execute(statement)
    assert log(fixed, seq) == []
    assert stored_branch(fixed, branch_id).notes is None
    assert len(meetings.list_meetings(fixed)) == 1


# ---------------------------------------------------------------- versions


def test_a_save_moves_the_version_by_one(fixed):
    branch_id = new_branch(fixed)
    for expected in (2, 3, 4):
        values = branches.get_branch(fixed, branch_id)
        branches.save_branch(fixed, {**values, "full_members": values["full_members"] + 1}, branch_id, values["version"])
        assert stored_branch(fixed, branch_id).version == expected
    branches.set_archived(fixed, branch_id, True)
    assert stored_branch(fixed, branch_id).version == 5


def test_a_change_to_the_training_years_alone_moves_the_branch_version(fixed, clock):
    branch_id = new_branch(fixed, trained_years={2024})
    before = stored_branch(fixed, branch_id)
    clock.now = T2
    seq = last_seq(fixed)
    values = branches.get_branch(fixed, branch_id)
    branches.save_branch(fixed, {**values, "trained_years": {2024, 2025}}, branch_id, values["version"])
    after = stored_branch(fixed, branch_id)
    assert (before.version, after.version) == (1, 2)
    assert (after.created_at, after.updated_at) == (T1, T2)
    assert [(r.table_name, r.op) for r in log(fixed, seq)] == [("secretary_training", "insert")]


def test_touch_moves_a_version_without_a_column_change(fixed):
    branch_id = new_branch(fixed)
    with fixed.write() as session:
        changelog.touch(session, session.get(Branch, branch_id))
    assert stored_branch(fixed, branch_id).version == 2


def test_no_code_outside_the_migrations_moves_a_version_by_hand():
    """Versions are SQLAlchemy's version_id_col (or changelog.touch): a hand-written bump would
    skip the stale-write check and the change log."""
    # A record's version assigned or incremented, or set in an UPDATE's values (a form keeping the
    # version it loaded, self.version, is no bump).
    by_hand = re.compile(r"(?<!self)\.version\s*(\+=|=(?!=))|version\s*\+\s*1|\.values\(.*\bversion\b")
    found = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if by_hand.search(line.split("#")[0]):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


# ---------------------------------------------------------------- times


def test_created_and_updated_at_come_from_the_workspace_clock(fixed, clock):
    branch_id = new_branch(fixed)
    assert (stored_branch(fixed, branch_id).created_at, stored_branch(fixed, branch_id).updated_at) == (T1, T1)
    clock.now = T2
    branches.get_branch(fixed, branch_id)  # a read stamps nothing
    assert stored_branch(fixed, branch_id).updated_at == T1
    branches.set_archived(fixed, branch_id, True)
    stored = stored_branch(fixed, branch_id)
    assert (stored.created_at, stored.updated_at, stored.archived_at) == (T1, T2, T2)


def test_stored_times_are_utc_whatever_the_computer_s_time_zone(db, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        branch_id = new_branch(db.workspace)
        now = datetime.now(UTC).replace(tzinfo=None)
        stored = stored_branch(db.workspace, branch_id)
        assert abs((stored.created_at - now).total_seconds()) < 5
        assert stored.updated_at == stored.created_at and stored.created_at.microsecond == 0
        (row,) = log(db.workspace)
        assert row.at == stored.created_at
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_record_table_is_stamped_and_logged_whichever_table_it_is(fixed):
    """Every Record table is known to the seam (a new model is logged without any registration)."""
    assert {"branch", "meeting", "meeting_attachment", "score", "target", "setting_year", "print_record",
            "certificate", "workflow_step", "evaluation"} <= set(record_tables())
    assert "change_log" not in record_tables() and "setting" not in record_tables()
    targets.save_targets(fixed, [YearTarget(2031, 0.95, None, False, None, "edited")])
    with fixed.read() as session:
        target = session.scalar(select(Target))
    assert (target.created_at, target.updated_at, target.version) == (T1, T1, 1)
    assert [(r.table_name, r.op) for r in log(fixed)] == [("target", "insert")]
