"""Meeting attachments on real files: confined to their folder, only regular files, copied whole."""

from __future__ import annotations

import hashlib
import os
import subprocess
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from desktop.errors import BranchdeskError
from desktop.models import MeetingAttachment
from desktop.services import meetings
from tests.meeting_helpers import add_branch

THEME = {"branch_name": "和平社区党支部", "meeting_type": "theme_day", "held_on": date(2025, 3, 5), "topic": "学习"}


@pytest.fixture
def meeting_id(ws):
    add_branch(ws)
    return meetings.save_meeting(ws, THEME)


def _attachments(ws) -> list[MeetingAttachment]:
    with ws.read() as session:
        return list(session.query(MeetingAttachment))


def _point_record_at(ws, attachment_id: int, stored_path: str) -> None:
    """What a hand-edited or restored foreign database holds."""
    with ws.engine.begin() as conn:  # past the app's seam, as another program would
        conn.execute(update(MeetingAttachment).where(MeetingAttachment.id == attachment_id)
                     .values(stored_path=stored_path))


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if not p.is_dir())


def _attach_scan(ws, db, meeting_id, tmp_path):
    """A scan attached to the meeting: (its record row, its stored file)."""
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"scan")
    row = meetings.add_attachment(ws, meeting_id, scan)
    return row, meetings.attachment_path(db.workspace, row.stored_path)


def test_the_copy_records_its_sha256_and_size(ws, db, meeting_id, tmp_path):
    scan = tmp_path / "签到表.pdf"
    scan.write_bytes(os.urandom(3 * (1 << 20) + 17))  # more than one read chunk
    row = meetings.add_attachment(ws, meeting_id, scan)
    (record,) = _attachments(ws)
    assert record.sha256 == hashlib.sha256(scan.read_bytes()).hexdigest()
    assert record.size == row.size == scan.stat().st_size
    stored = meetings.attachment_path(db.workspace, row.stored_path)
    assert stored.read_bytes() == scan.read_bytes()
    # Only the finished file is left: no temporary file beside it.
    assert _files_under(db.file.parent / "attachments") == [stored]


@pytest.mark.parametrize("escape", ["../important.docx", "meetings/../../important.docx", "ABSOLUTE"])
def test_deleting_never_touches_a_file_outside_the_attachments_folder(ws, db, meeting_id, tmp_path, escape):
    row, _stored = _attach_scan(ws, db, meeting_id, tmp_path)
    important = db.file.parent / "important.docx"
    important.write_bytes(b"the clerk's report")
    _point_record_at(ws, row.id, str(important) if escape == "ABSOLUTE" else escape)
    assert meetings.attachment_path(db.workspace, str(important) if escape == "ABSOLUTE" else escape) is None

    notes = meetings.delete_meeting(ws, meeting_id)

    assert important.read_bytes() == b"the clerk's report"
    assert len(notes) == 1 and "不在附件文件夹内" in notes[0] and "scan.jpg" in notes[0]
    assert _attachments(ws) == []


def test_removing_through_a_linked_folder_is_refused(ws, db, meeting_id, tmp_path):
    row, _stored = _attach_scan(ws, db, meeting_id, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    (db.file.parent / "attachments" / "linked").symlink_to(elsewhere, target_is_directory=True)
    _point_record_at(ws, row.id, "linked/keep.txt")

    notes = meetings.remove_attachment(ws, row.id)

    assert (elsewhere / "keep.txt").read_text() == "keep"
    assert notes and "不在附件文件夹内" in notes[0]


def test_a_link_in_place_of_the_stored_file_is_removed_not_its_target(ws, db, meeting_id, tmp_path):
    row, stored = _attach_scan(ws, db, meeting_id, tmp_path)
    stored.unlink()
    precious = tmp_path / "precious.txt"
    precious.write_text("precious")
    stored.symlink_to(precious)
    assert meetings.remove_attachment(ws, row.id) == []
    assert not stored.is_symlink() and precious.read_text() == "precious"


def test_a_folder_where_the_file_should_be_is_left_and_reported(ws, db, meeting_id, tmp_path):
    _row, stored = _attach_scan(ws, db, meeting_id, tmp_path)
    stored.unlink()
    stored.mkdir()
    (stored / "inside.txt").write_text("x")
    notes = meetings.delete_meeting(ws, meeting_id)
    assert notes and "不是普通文件" in notes[0]
    assert (stored / "inside.txt").exists()


def _attach_in_thread(ws, db, meeting_id, source) -> BaseException | None:
    """add_attachment on a thread that must come back at once (a FIFO must not block the app)."""
    outcome: list[BaseException | None] = []

    def run():
        try:
            meetings.add_attachment(ws, meeting_id, source)
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 - handed to the test
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():
        with open(source, "wb"):  # unblock the reader so the thread can end
            pass
        pytest.fail("attaching a FIFO blocked")
    return outcome[0]


@pytest.mark.parametrize("kind", ["fifo", "link_to_fifo", "folder", "device"])
def test_only_regular_files_are_accepted(ws, db, meeting_id, tmp_path, kind):
    source = tmp_path / f"source-{kind}"
    if kind == "fifo":
        os.mkfifo(source)
    elif kind == "link_to_fifo":
        os.mkfifo(tmp_path / "pipe")
        source.symlink_to(tmp_path / "pipe")
    elif kind == "folder":
        source.mkdir()
    else:
        source = Path("/dev/null")
    error = _attach_in_thread(ws, db, meeting_id, source)
    assert isinstance(error, BranchdeskError) and "不是普通文件" in error.message
    assert _attachments(ws) == []
    assert _files_under(db.file.parent / "attachments") == []


def test_a_link_to_a_regular_file_copies_the_target(ws, db, meeting_id, tmp_path):
    real = tmp_path / "real.pdf"
    real.write_bytes(b"%PDF real")
    link = tmp_path / "会议记录.pdf"
    link.symlink_to(real)
    row = meetings.add_attachment(ws, meeting_id, link)
    stored = meetings.attachment_path(db.workspace, row.stored_path)
    assert row.file_name == "会议记录.pdf"
    assert not stored.is_symlink() and stored.read_bytes() == b"%PDF real"


def test_a_linked_attachments_subfolder_is_not_written_through(ws, db, meeting_id, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    attachments = db.file.parent / "attachments"
    attachments.mkdir(exist_ok=True)
    (attachments / "meetings").symlink_to(elsewhere, target_is_directory=True)
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"scan")
    with pytest.raises(BranchdeskError, match="指向别处"):
        meetings.add_attachment(ws, meeting_id, scan)
    assert list(elsewhere.iterdir()) == [] and _attachments(ws) == []


def test_a_very_long_file_name_is_stored_under_a_shorter_one(ws, db, meeting_id, tmp_path):
    name = "很" * 80 + ".pdf"  # 244 bytes: the prefix would push it past 255
    scan = tmp_path / name
    scan.write_bytes(b"scan")
    row = meetings.add_attachment(ws, meeting_id, scan)
    assert row.file_name == name
    stored = meetings.attachment_path(db.workspace, row.stored_path)
    assert stored.suffix == ".pdf" and stored.read_bytes() == b"scan"


@pytest.fixture
def full_disk(db):
    """The attachments folder on a 64 KiB tmpfs (root only)."""
    folder = db.file.parent / "attachments"
    folder.mkdir(exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_leaves_no_partial_copy_and_says_so(ws, db, meeting_id, tmp_path, full_disk):
    scan = tmp_path / "大扫描件.pdf"
    scan.write_bytes(os.urandom(256 * 1024))
    with pytest.raises(BranchdeskError) as refused:
        meetings.add_attachment(ws, meeting_id, scan)
    assert "磁盘空间不足" in refused.value.message and "大扫描件.pdf" in refused.value.message
    assert _files_under(full_disk) == []
    assert _attachments(ws) == []
    small = tmp_path / "签到表.jpg"
    small.write_bytes(b"fits")
    row = meetings.add_attachment(ws, meeting_id, small)
    assert meetings.attachment_path(db.workspace, row.stored_path).read_bytes() == b"fits"
