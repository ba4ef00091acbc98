"""Tombstones: a travelling record is deleted by marking it (when, by whom), every ORM query leaves it
out unless asked with include_deleted, and uniqueness holds among live records only, so a deleted
branch's name, meeting or score cell can be taken again."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import selectinload

from desktop.errors import NotFoundError
from desktop.models import Branch, Meeting, MeetingAttachment, Score, SecretaryTraining
from desktop.services import branches, meetings, scoring
from desktop.store import changelog
from desktop.store.changelog import INCLUDE_DELETED
from desktop.store.workspace import Workspace

WHEN = datetime(2026, 3, 1, 2, 0)


@pytest.fixture
def fixed(db):
    return Workspace(db.engine, db.workspace.files_root, actor="王丽华", clock=lambda: WHEN)


def new_branch(ws, name: str, **values) -> int:
    return branches.save_branch(ws, {"name": name, "branch_kind": "community", "full_members": 10, **values})


def new_meeting(ws, branch_id: int, topic: str = "三月主题党日") -> int:
    return meetings.save_meeting(ws, {"branch_id": branch_id, "meeting_type": "theme_day", "held_on": date(2025, 3, 5),
                                      "topic": topic})


def raw(ws, sql: str, **params) -> list[tuple]:
    with ws.engine.connect() as conn:  # past the seam: what the file holds
        return [tuple(row) for row in conn.execute(text(sql), params)]


def attach(ws, meeting_id: int, name: str) -> int:
    with ws.write() as session:
        attachment = MeetingAttachment(meeting_id=meeting_id, file_name=name, stored_path=f"meetings/x/{name}",
                                       sha256="0" * 64, size=1)
        session.add(attachment)
        session.flush()
        return attachment.id


# ---------------------------------------------------------------- marking


def test_a_travelling_record_is_marked_when_and_by_whom_and_stays(fixed):
    branch_id = new_branch(fixed, "和平社区党支部")
    branches.delete_branch(fixed, branch_id)
    assert raw(fixed, "SELECT name, deleted_at, deleted_by, version FROM branch") == [
        ("和平社区党支部", "2026-03-01 02:00:00.000000", "王丽华", 2)]


def test_a_record_that_does_not_travel_is_removed(fixed):
    branch_id = new_branch(fixed, "和平社区党支部", trained_years={2025})
    with fixed.write() as session:
        changelog.delete(session, session.scalar(select(SecretaryTraining)))
    assert raw(fixed, "SELECT count(*) FROM secretary_training") == [(0,)]
    assert branches.get_branch(fixed, branch_id)["trained_years"] == frozenset()


def test_session_delete_of_a_travelling_record_is_refused(fixed):
    branch_id = new_branch(fixed, "和平社区党支部")
    with pytest.raises(RuntimeError, match=r"changelog\.delete"), fixed.write() as session:
        session.delete(session.get(Branch, branch_id))
    assert raw(fixed, "SELECT deleted_at FROM branch") == [(None,)]


# ---------------------------------------------------------------- queries leave them out


@pytest.fixture
def two(fixed):
    """A live and a deleted branch, a live meeting with a live and a removed attachment, and a
    deleted meeting."""
    kept, gone = new_branch(fixed, "和平社区党支部"), new_branch(fixed, "幸福社区党支部")
    branches.delete_branch(fixed, gone)
    meeting = new_meeting(fixed, kept)
    live, removed = attach(fixed, meeting, "签到表.pdf"), attach(fixed, meeting, "照片.jpg")
    meetings.remove_attachment(fixed, removed)
    dropped = new_meeting(fixed, kept, "已删的会议")
    meetings.delete_meeting(fixed, dropped)
    return {"kept": kept, "gone": gone, "meeting": meeting, "live": live, "removed": removed, "dropped": dropped}


def test_entity_column_and_count_queries_leave_tombstones_out(fixed, two):
    with fixed.read() as session:
        assert [b.id for b in session.scalars(select(Branch))] == [two["kept"]]
        assert session.scalars(select(Branch.name)).all() == ["和平社区党支部"]
        assert session.scalar(select(func.count()).select_from(Branch)) == 1
        assert session.scalar(select(func.count(Meeting.id))) == 1
        assert session.get(Branch, two["gone"]) is None
        assert session.get(Meeting, two["dropped"]) is None


def test_joins_subqueries_unions_and_ctes_leave_tombstones_out(fixed, two):
    with fixed.read() as session:
        joined = select(Meeting.topic, Branch.name).join(Branch, Branch.id == Meeting.branch_id)
        assert session.execute(joined).all() == [("三月主题党日", "和平社区党支部")]
        inside = select(Branch.name).where(Branch.id.in_(select(Meeting.branch_id).where(Meeting.topic == "已删的会议")))
        assert session.scalars(inside).all() == []
        count = select(func.count()).where(MeetingAttachment.meeting_id == Meeting.id).correlate(Meeting).scalar_subquery()
        assert session.execute(select(Meeting.id, count)).all() == [(two["meeting"], 1)]
        assert session.scalars(select(Branch.id).union_all(select(Branch.id))).all() == [two["kept"]] * 2
        cte = select(Branch.name).cte()
        assert session.scalars(select(cte.c.name)).all() == ["和平社区党支部"]


def test_relationship_loads_leave_tombstones_out(fixed, two):
    with fixed.read() as session:
        assert [a.file_name for a in session.get(Meeting, two["meeting"]).attachments] == ["签到表.pdf"]
    with fixed.read() as session:
        eager = session.scalar(select(Meeting).options(selectinload(Meeting.attachments)))
        assert [a.id for a in eager.attachments] == [two["live"]]


def test_services_do_not_find_what_was_deleted(fixed, two):
    with pytest.raises(NotFoundError):
        branches.get_branch(fixed, two["gone"])
    with pytest.raises(NotFoundError):
        meetings.get_meeting(fixed, two["dropped"])
    with pytest.raises(NotFoundError):
        meetings.remove_attachment(fixed, two["removed"])
    with pytest.raises(NotFoundError):
        branches.delete_branch(fixed, two["gone"])
    assert [a.file_name for a in meetings.get_meeting(fixed, two["meeting"])["attachments"]] == ["签到表.pdf"]
    assert [(m.topic, m.attachments) for m in meetings.list_meetings(fixed)] == [("三月主题党日", 1)]


def test_include_deleted_sees_the_tombstones(fixed, two):
    with fixed.read() as session:
        every = select(Branch.name, Branch.deleted_by).order_by(Branch.id).execution_options(**{INCLUDE_DELETED: True})
        assert session.execute(every).all() == [("和平社区党支部", None), ("幸福社区党支部", "王丽华")]
        gone = session.get(Branch, two["gone"], execution_options={INCLUDE_DELETED: True})
        assert gone.deleted_at == WHEN
        deleted = select(MeetingAttachment.file_name).where(MeetingAttachment.deleted_at.is_not(None))
        assert session.scalars(deleted.execution_options(include_deleted=True)).all() == ["照片.jpg"]
        assert session.scalars(select(Meeting.topic).where(Meeting.deleted_at.is_not(None))
                               .execution_options(include_deleted=True)).all() == ["已删的会议"]


def test_a_record_tombstoned_in_the_unit_can_still_be_refreshed(fixed):
    """Loading a marked record's own expired columns is no query for records: it is not filtered."""
    branch_id = new_branch(fixed, "和平社区党支部")
    with fixed.write() as session:
        branch = session.get(Branch, branch_id)
        changelog.delete(session, branch)
        session.flush()
        session.expire(branch)
        assert (branch.name, branch.deleted_by) == ("和平社区党支部", "王丽华")


def test_a_table_select_through_the_session_is_not_filtered(fixed, two):
    """Why services select ORM entities: a Core select of the table itself sees every row (the
    history check in services/branches.py adds `deleted_at IS NULL` by hand for that reason)."""
    with fixed.read() as session:
        assert len(session.execute(select(Branch.__table__.c.name)).all()) == 2


# ---------------------------------------------------------------- taken again


def test_a_deleted_branch_s_name_can_be_taken_again(fixed):
    first = new_branch(fixed, "和平社区党支部")
    branches.delete_branch(fixed, first)
    second = new_branch(fixed, "和平社区党支部")
    assert second != first
    assert branches.branch_names(fixed) == {"和平社区党支部": second}
    assert raw(fixed, "SELECT id, deleted_at IS NULL FROM branch ORDER BY id") == [(first, 0), (second, 1)]


def test_a_deleted_meeting_can_be_logged_again(fixed):
    branch_id = new_branch(fixed, "和平社区党支部")
    first = new_meeting(fixed, branch_id)
    meetings.delete_meeting(fixed, first)
    second = new_meeting(fixed, branch_id)
    assert [m.id for m in meetings.list_meetings(fixed)] == [second]
    assert meetings.bulk_create(fixed, "theme_day", date(2025, 3, 5), [branch_id], "三月主题党日") == (0, 1)


def test_a_cleared_score_cell_can_be_typed_again(fixed):
    branch_id = new_branch(fixed, "和平社区党支部")
    session_id = scoring.create_session(fixed, 2025, "年度考评", date(2025, 6, 1), [branch_id], ["张三"])
    grid = scoring.load_grid(fixed, session_id)
    key = (grid.scorers[0][0], branch_id, grid.rubric.items[0].id)
    scoring.save_score(fixed, session_id, key, 2)
    scoring.save_score(fixed, session_id, key, None, shown=2)
    assert key not in scoring.load_grid(fixed, session_id).scores
    scoring.save_score(fixed, session_id, key, 3, shown=None)
    assert scoring.load_grid(fixed, session_id).scores[key] == 3
    assert raw(fixed, "SELECT points, deleted_at IS NULL FROM score ORDER BY id") == [(2.0, 0), (3.0, 1)]
    with fixed.read() as session:
        every = select(Score.points).order_by(Score.id).execution_options(include_deleted=True)
        assert session.scalars(every).all() == [2.0, 3.0]


def test_deleting_a_session_marks_its_scorers_branches_and_scores(fixed):
    """None of them is left live, and none counts as the branch's history."""
    branch_id = new_branch(fixed, "和平社区党支部")
    session_id = scoring.create_session(fixed, 2025, "年度考评", date(2025, 6, 1), [branch_id], ["张三", "李四"])
    grid = scoring.load_grid(fixed, session_id)
    scoring.save_score(fixed, session_id, (grid.scorers[0][0], branch_id, grid.rubric.items[0].id), 2)
    scoring.delete_session(fixed, session_id)
    for table in ("scoring_session", "session_scorer", "session_branch", "score"):
        assert {row[0] for row in raw(fixed, f"SELECT deleted_by FROM {table}")} == {"王丽华"}, table
    assert scoring.list_sessions(fixed) == []
    assert branches.has_history(fixed, branch_id) is False
    branches.delete_branch(fixed, branch_id)  # the deleted session is no history of the branch
    assert branches.branch_names(fixed) == {}
