"""A meeting attachment's copy killed half way (SIGKILL: no cleanup) leaves its hidden temporary in
attachments/meetings/<uuid>/, which no record points to. The window's start removes such files: only
the app's own temporary names, only old ones (a running copy's is fresh), never a file a record
points to, never through a link."""

from __future__ import annotations

import os
import textwrap
import time
from datetime import date
from pathlib import Path

from desktop import paths
from desktop.models import MeetingAttachment
from desktop.services import meetings
from desktop.store import attachments
from tests.fault.kills import kill_when
from tests.meeting_helpers import add_branch, add_meeting

OLD = time.time() - attachments.STALE_AFTER_SECONDS - 60

# Attaches a 4 MiB file in 64 KiB chunks and stops for good after the second chunk, with the copy's
# temporary half written: the SIGKILL then leaves a real one behind.
KILLED_COPY = textwrap.dedent(
    """
    import hashlib, sys, time
    from desktop.services import meetings
    from desktop.store import attachments
    from desktop.store.database import open_database

    class Stalling:
        def __init__(self):
            self.digest, self.chunks = hashlib.sha256(), 0

        def update(self, chunk):
            self.digest.update(chunk)
            self.chunks += 1
            if self.chunks == 2:
                print("copying", flush=True)
                time.sleep(600)

    attachments.CHUNK = 64 * 1024
    attachments.hashlib = type("hashlib", (), {"sha256": Stalling})
    db = open_database(sys.argv[1])
    meetings.add_attachment(db.workspace, int(sys.argv[2]), sys.argv[3])
    """
)


def killed_copy(db_file: Path, meeting_id: int, source: Path) -> list[Path]:
    """Temporaries in the attachments folder after one copy was killed half way."""
    before = set(temporaries(db_file))
    kill_when("copying", KILLED_COPY, str(db_file), str(meeting_id), str(source))
    return sorted(set(temporaries(db_file)) - before)


def temporaries(db_file: Path) -> list[Path]:
    return [p for p in (paths.attachments_dir(db_file) / "meetings").glob("*/.*") if p.is_file()]


def age(path: Path) -> Path:
    os.utime(path, (OLD, OLD), follow_symlinks=False)
    return path


def test_the_temporary_of_a_killed_copy_is_removed_and_nothing_else(db, ws, tmp_path):
    meeting = add_meeting(ws, add_branch(ws), "theme_day", date(2025, 3, 5))
    source = tmp_path / "会议记录.pdf"
    source.write_bytes(os.urandom(4 << 20))
    (stale,) = killed_copy(db.file, meeting, source)
    assert attachments.TEMPORARY.fullmatch(stale.name) and 0 < stale.stat().st_size < source.stat().st_size
    assert meetings.get_meeting(ws, meeting)["attachments"] == []  # the killed copy recorded nothing
    age(stale)
    (running,) = killed_copy(db.file, meeting, source)  # as fresh as a copy still being written

    kept_copy = meetings.add_attachment(ws, meeting, source)
    folder = stale.parent
    recorded = age(paths.attachment_file(db.file, kept_copy.stored_path))
    # A record whose file happens to look like a temporary (written by hand, restored from elsewhere).
    odd = folder / f".{'0' * 8}-手写-abcdefgh.pdf"
    odd.write_bytes(b"%PDF")
    second = meetings.add_attachment(ws, meeting, source)
    paths.attachment_file(db.file, second.stored_path).unlink()
    with ws.write() as session:
        session.get(MeetingAttachment, second.id).stored_path = f"meetings/{folder.name}/{odd.name}"
    age(odd)
    not_ours = folder / ".directory"
    not_ours.write_text("[Desktop Entry]")
    age(not_ours)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outside = elsewhere / f".{'1' * 8}-x-abcdefgh.pdf"
    outside.write_bytes(b"x")
    age(outside)
    (folder.parent / "linked").symlink_to(elsewhere)  # a meeting folder replaced by a link

    removed = meetings.clean_attachment_temporaries(ws)
    assert removed == [stale.resolve()]
    assert not stale.exists()
    assert running.exists() and recorded.exists() and odd.exists() and not_ours.exists() and outside.exists()
    assert recorded.read_bytes() == source.read_bytes()


def test_no_attachments_folder_yet_is_nothing_to_clean(db, ws):
    assert meetings.clean_attachment_temporaries(ws) == []

