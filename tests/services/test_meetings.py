"""Meeting use cases: save with validation, bulk entry, delete, attachments."""

from datetime import date

import pytest

from desktop.errors import BranchdeskError, ValidationError
from desktop.services import meetings
from tests.meeting_helpers import add_branch

GM = {"branch_name": "和平社区党支部", "meeting_type": "general_meeting", "held_on": date(2025, 3, 1),
      "expected": 10, "attended": 6, "topic": "一季度", "host": "王", "recorder": "李", "minutes": "记录"}


def test_save_edit_and_refuse_clashes(ws):
    add_branch(ws)
    meeting_id = meetings.save_meeting(ws, GM)
    assert meetings.get_meeting(ws, meeting_id)["minutes"] == "记录"
    meetings.save_meeting(ws, dict(GM, attended=7), meeting_id)
    assert meetings.get_meeting(ws, meeting_id)["attended"] == 7
    with pytest.raises(ValidationError) as clash:
        meetings.save_meeting(ws, GM)
    assert "topic" in clash.value.fields
    with pytest.raises(ValidationError) as too_many:
        meetings.save_meeting(ws, dict(GM, attended=11))
    assert "attended" in too_many.value.fields
    with pytest.raises(ValidationError):
        meetings.save_meeting(ws, dict(GM, branch_name="无此支部", topic="x"))


def test_bulk_entry_skips_already_logged(ws):
    ids = [add_branch(ws, f"支部{i}") for i in range(3)]
    assert meetings.bulk_create(ws, "theme_day", date(2025, 7, 1), ids[:2], "建党节") == (2, 0)
    assert meetings.bulk_create(ws, "theme_day", date(2025, 7, 1), ids, "建党节") == (1, 2)
    assert len(meetings.list_meetings(ws, meeting_type="theme_day")) == 3
    with pytest.raises(BranchdeskError):
        meetings.bulk_create(ws, "general_meeting", date(2025, 7, 1), ids)
    with pytest.raises(BranchdeskError):
        meetings.bulk_create(ws, "theme_day", date(2025, 7, 2), [])


def test_attachments_are_copied_and_removed_with_the_meeting(ws, db, tmp_path):
    add_branch(ws)
    meeting_id = meetings.save_meeting(ws, GM)
    scan = tmp_path / "签到表.jpg"
    scan.write_bytes(b"\xff\xd8 scan")
    first = meetings.add_attachment(ws, meeting_id, scan)
    second = meetings.add_attachment(ws, meeting_id, scan)
    stored = meetings.attachment_path(db.workspace, first.stored_path)
    assert stored.read_bytes() == scan.read_bytes() and stored != scan
    assert stored.is_relative_to(db.file.parent / "attachments")
    assert first.stored_path != second.stored_path and first.file_name == "签到表.jpg"
    assert [a.id for a in meetings.get_meeting(ws, meeting_id)["attachments"]] == [first.id, second.id]
    meetings.remove_attachment(ws, second.id)
    assert not meetings.attachment_path(db.workspace, second.stored_path).exists()
    meetings.delete_meeting(ws, meeting_id)
    assert not stored.exists() and scan.exists()
    with pytest.raises(BranchdeskError):
        meetings.add_attachment(ws, meeting_id, scan)
    with pytest.raises(BranchdeskError):
        meetings.add_attachment(ws, 1, tmp_path / "missing.pdf")
