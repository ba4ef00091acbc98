"""The workspace's units of work: one transaction per use case, inner units join the outer one,
reads never write, the tables a write touched are reported, and the GUI thread can be shut out."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from desktop.errors import ValidationError
from desktop.models import Branch, ChangeLog
from desktop.services import branches, meetings
from desktop.store.workspace import GuiThreadError, Workspace, local_time, utc_now, utc_of
from tests.services.helpers import add_branch


def names(ws) -> list[str]:
    with ws.engine.connect() as conn:  # past the seam: what the file holds, tombstones included
        return [name for (name,) in conn.execute(text("SELECT name FROM branch ORDER BY id"))]


def log_rows(ws) -> int:
    with ws.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM change_log")).scalar()


# ---------------------------------------------------------------- joining


def test_a_service_called_inside_a_write_joins_its_transaction(ws):
    with ws.write() as outer:
        first = add_branch(ws, "和平社区党支部")
        with ws.write() as inner, ws.read() as read:
            assert inner is outer and read is outer
        # The inner unit has not committed: another connection sees nothing yet.
        assert names(ws) == []
        assert outer.get(Branch, first).name == "和平社区党支部"
        add_branch(ws, "幸福社区党支部")
    assert names(ws) == ["和平社区党支部", "幸福社区党支部"]
    with ws.engine.connect() as conn:
        assert conn.execute(select(func.count(ChangeLog.tx.distinct()))).scalar() == 1


def test_a_failure_in_the_inner_call_rolls_back_the_outer_writes(ws):
    add_branch(ws, "和平社区党支部")
    before = log_rows(ws)
    with pytest.raises(ValidationError), ws.write() as session:
        session.add(Branch(name="幸福社区党支部", branch_kind="community"))
        session.flush()
        add_branch(ws, "光明社区党支部")
        add_branch(ws, "和平社区党支部")  # the name is taken: the whole use case fails
    assert names(ws) == ["和平社区党支部"]
    assert log_rows(ws) == before


def test_a_failure_after_the_inner_call_rolls_back_what_the_inner_call_wrote(ws):
    with pytest.raises(RuntimeError, match="later step"), ws.write():
        add_branch(ws, "和平社区党支部")
        raise RuntimeError("a later step of the use case failed")
    assert names(ws) == [] and log_rows(ws) == 0
    assert not ws.in_unit


def test_units_on_two_threads_are_two_transactions(ws):
    """Joining is per thread: a worker's unit never lands in the GUI thread's open unit."""
    seen = {}

    def worker():
        with ws.read() as session:
            seen["session"] = session
            seen["names"] = session.scalars(select(Branch.name)).all()

    with ws.write() as session:
        add_branch(ws, "和平社区党支部")
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    assert seen["session"] is not session
    assert seen["names"] == []  # the uncommitted branch is not visible to the other unit


# ---------------------------------------------------------------- reads never write


def test_a_read_unit_refuses_to_flush(ws):
    with pytest.raises(RuntimeError, match="a read unit tried to write"), ws.read() as session:
        session.add(Branch(name="和平社区党支部", branch_kind="community"))
        session.flush()
    assert names(ws) == [] and log_rows(ws) == 0


def test_a_change_to_a_loaded_record_in_a_read_unit_is_refused_at_the_next_query(ws):
    branch_id = add_branch(ws, "和平社区党支部")
    with pytest.raises(RuntimeError, match="a read unit tried to write"), ws.read() as session:
        session.get(Branch, branch_id).name = "改名党支部"
        session.scalars(select(Branch)).all()  # autoflush
    assert names(ws) == ["和平社区党支部"]


def test_a_bulk_insert_in_a_read_unit_is_refused(ws):
    from sqlalchemy import insert

    with pytest.raises(RuntimeError, match="a read unit tried to write"), ws.read() as session:
        session.execute(insert(Branch), [{"name": "和平社区党支部", "branch_kind": "community"}])
    assert names(ws) == []


def test_a_write_inside_a_read_raises(ws):
    branch_id = add_branch(ws, "和平社区党支部")
    with ws.read():
        with pytest.raises(RuntimeError, match="cannot be opened inside a read"), ws.write():
            pass
        with pytest.raises(RuntimeError, match="cannot be opened inside a read"):
            branches.set_archived(ws, branch_id, True)
    assert branches.get_branch(ws, branch_id)["archived"] is False


def test_a_read_inside_a_write_sees_the_writes_so_far(ws):
    with ws.write():
        branch_id = add_branch(ws, "和平社区党支部")
        assert branches.get_branch(ws, branch_id)["name"] == "和平社区党支部"
        assert [row.name for row in branches.list_branches(ws, 2025, datetime(2025, 6, 1).date())] == ["和平社区党支部"]


def test_records_read_in_a_unit_stay_readable_after_it(ws):
    branch_id = add_branch(ws, "和平社区党支部")
    with ws.read() as session:
        branch = session.get(Branch, branch_id)
    assert branch.name == "和平社区党支部" and branch.version == 1


# ---------------------------------------------------------------- what a write changed


def test_changes_collects_exactly_the_tables_written(ws):
    with ws.changes() as changed:
        branch_id = branches.save_branch(ws, {"name": "和平社区党支部", "branch_kind": "community", "full_members": 9,
                                              "trained_years": {2025}})
    assert changed == {"branch", "secretary_training"}

    with ws.changes() as changed:
        branches.list_branches(ws, 2025, datetime(2025, 6, 1).date())
        branches.get_branch(ws, branch_id)
    assert changed == set()

    with ws.changes() as changed:
        meeting_id = meetings.save_meeting(ws, {"branch_id": branch_id, "meeting_type": "theme_day",
                                                "held_on": datetime(2025, 3, 5).date(), "topic": "三月主题党日"})
    assert changed == {"meeting"}

    with ws.changes() as changed:
        meetings.delete_meeting(ws, meeting_id)
    assert changed == {"meeting"}


def test_changes_of_a_failed_or_empty_write_are_none(ws):
    add_branch(ws, "和平社区党支部")
    with ws.changes() as changed:
        with pytest.raises(ValidationError):
            add_branch(ws, "和平社区党支部")
        with ws.write():
            pass
    assert changed == set()


def test_changes_blocks_nest_and_a_joined_unit_is_reported_once_at_its_commit(ws):
    with ws.changes() as outer:
        add_branch(ws, "和平社区党支部")
        with ws.changes() as inner, ws.write():
            branch_id = add_branch(ws, "幸福社区党支部")
            assert inner == set()  # nothing is committed yet
            meetings.save_meeting(ws, {"branch_id": branch_id, "meeting_type": "theme_day",
                                       "held_on": datetime(2025, 3, 5).date()})
        assert inner == {"branch", "meeting"}
    assert outer == {"branch", "meeting"}


def test_changes_are_per_thread(ws):
    with ws.changes() as changed:
        thread = threading.Thread(target=add_branch, args=(ws, "和平社区党支部"))
        thread.start()
        thread.join()
    assert changed == set()


# ---------------------------------------------------------------- the GUI thread


def test_forbid_thread_refuses_units_on_that_thread_only(ws):
    add_branch(ws, "和平社区党支部")
    ws.forbid_thread(threading.current_thread())
    try:
        with pytest.raises(GuiThreadError):
            branches.branch_names(ws)
        with pytest.raises(GuiThreadError), ws.write():
            pass
        found = {}
        thread = threading.Thread(target=lambda: found.update(branches.branch_names(ws)))
        thread.start()
        thread.join()
        assert list(found) == ["和平社区党支部"]
    finally:
        ws.forbid_thread(None)
    assert list(branches.branch_names(ws)) == ["和平社区党支部"]


def test_forbid_thread_names_the_runner(ws):
    ws.forbid_thread(threading.current_thread())
    try:
        with pytest.raises(GuiThreadError, match="runner"), ws.read():
            pass
    finally:
        ws.forbid_thread(None)


# ---------------------------------------------------------------- UTC, shown local


@pytest.fixture
def shanghai(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_default_clock_is_utc_to_the_second(shanghai):
    now = utc_now()
    assert now.tzinfo is None and now.microsecond == 0
    assert abs(now - datetime.now(UTC).replace(tzinfo=None)).total_seconds() < 5


def test_stored_utc_is_shown_in_local_time_and_back(shanghai):
    assert local_time(datetime(2026, 3, 1, 0, 30)) == datetime(2026, 3, 1, 8, 30)
    assert utc_of(datetime(2026, 3, 1, 8, 30)) == datetime(2026, 3, 1, 0, 30)
    assert local_time(None) is None


def test_a_workspace_has_its_actor_and_clock(db):
    fixed = Workspace(db.engine, db.workspace.files_root, actor="王丽华", clock=lambda: datetime(2026, 3, 1, 0, 30))
    assert fixed.now() == datetime(2026, 3, 1, 0, 30) and fixed.actor == "王丽华"
    assert db.workspace.actor  # the login name when nobody signed in

