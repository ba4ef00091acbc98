"""Saves made from a loaded version: refused once another writer (another ws: the CLI, another
process) has changed the record, and the database keeps that writer's data."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import StaleError
from desktop.services import branches, meetings, versions
from tests.meeting_helpers import add_branch
from tests.workspaces import second_workspace

NAME = "和平社区党支部"
THEME = {"branch_name": NAME, "meeting_type": "theme_day", "held_on": date(2025, 3, 5), "topic": "学习",
         "host": "王"}


@pytest.fixture
def other(db):
    """A second ws on the same file: what another process sees and writes."""
    ws = second_workspace(str(db.file))
    yield ws
    ws.engine.dispose()


def form_values(ws, branch_id: int) -> dict:
    values = branches.get_branch(ws, branch_id)
    return {k: v for k, v in values.items() if k not in ("id", "archived", "version")}


def test_a_branch_save_from_an_older_version_is_refused(ws, other):
    branch_id = add_branch(ws, NAME, full=5)
    loaded = branches.get_branch(ws, branch_id)
    branches.save_branch(other, dict(form_values(other, branch_id), full_members=42), branch_id)

    with pytest.raises(StaleError, match="该支部在您打开之后已被修改"):
        branches.save_branch(ws, dict(form_values(ws, branch_id), full_members=5, secretary="周"),
                             branch_id, loaded["version"])
    after = branches.get_branch(ws, branch_id)
    assert after["full_members"] == 42 and after["secretary"] is None
    assert after["version"] == loaded["version"] + 1


def test_the_current_version_saves_and_moves_on(ws):
    branch_id = add_branch(ws, NAME, full=5)
    loaded = branches.get_branch(ws, branch_id)
    branches.save_branch(ws, dict(form_values(ws, branch_id), full_members=6), branch_id, loaded["version"])
    assert branches.get_branch(ws, branch_id)["version"] == loaded["version"] + 1
    with pytest.raises(StaleError):  # the same form cannot save twice from its first version
        branches.save_branch(ws, dict(form_values(ws, branch_id), full_members=7), branch_id, loaded["version"])
    assert branches.get_branch(ws, branch_id)["full_members"] == 6


def test_training_years_alone_move_the_branch_version(ws):
    branch_id = add_branch(ws, NAME, full=5)
    before = branches.get_branch(ws, branch_id)["version"]
    branches.save_branch(ws, {"name": NAME, "trained_years": frozenset({2019})}, branch_id)
    assert branches.get_branch(ws, branch_id)["version"] == before + 1


def test_a_write_between_the_check_and_the_update_is_refused_too(ws, other, monkeypatch):
    """The version check passes, then another process commits before this UPDATE: SQLAlchemy's
    version condition catches it, and the refusal is the same Chinese message."""
    branch_id = add_branch(ws, NAME, full=5)
    loaded = branches.get_branch(ws, branch_id)
    check = versions.expect_version
    raced = []

    def check_then_race(record, version, what):
        check(record, version, what)
        if not raced:
            raced.append(True)
            branches.save_branch(other, dict(form_values(other, branch_id), full_members=42), branch_id)

    monkeypatch.setattr(versions, "expect_version", check_then_race)
    with pytest.raises(StaleError, match="该支部"):
        branches.save_branch(ws, dict(form_values(ws, branch_id), full_members=5, phone="1"),
                             branch_id, loaded["version"])
    assert raced and branches.get_branch(ws, branch_id)["full_members"] == 42


def test_a_meeting_save_from_an_older_version_is_refused(ws, other):
    add_branch(ws, NAME)
    meeting_id = meetings.save_meeting(ws, THEME)
    loaded = meetings.get_meeting(ws, meeting_id)
    meetings.save_meeting(other, dict(THEME, host="李"), meeting_id, loaded["version"])

    with pytest.raises(StaleError, match="该会议记录在您打开之后已被修改"):
        meetings.save_meeting(ws, dict(THEME, host="王", recorder="张"), meeting_id, loaded["version"])
    after = meetings.get_meeting(ws, meeting_id)
    assert after["host"] == "李" and after["recorder"] is None
    meetings.save_meeting(ws, dict(THEME, host="李", recorder="张"), meeting_id, after["version"])
    assert meetings.get_meeting(ws, meeting_id)["recorder"] == "张"
