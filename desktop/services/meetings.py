"""Meeting log use cases: list, read, validate, save, delete, bulk entry, attachments."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import paths
from desktop.errors import BranchdeskError, NotFoundError, ValidationError
from desktop.excel import meetings as sheet
from desktop.excel.sheet import parse_fields
from desktop.glossary import MeetingType, meeting_type_label
from desktop.models import Branch, Meeting, MeetingAttachment
from desktop.rules.collation import in_branch_order
from desktop.rules.compliance import counts_toward
from desktop.services import versions
from desktop.store import attachments as attachment_files
from desktop.store import changelog
from desktop.store.workspace import Workspace

FIELDS = ("meeting_type", "held_on", "expected", "attended", "topic", "host", "recorder", "minutes")
GONE = "该会议记录已不存在（可能已被删除）。"
STALE = versions.changed_message("该会议记录")
STORED_NAME_BYTES = 180  # plus the 9-character prefix and a temporary name's extra characters


@dataclass(frozen=True)
class MeetingRow:
    id: int
    branch_id: int
    branch_name: str
    meeting_type: str
    held_on: date
    expected: int | None
    attended: int | None
    topic: str
    host: str | None
    recorder: str | None
    attachments: int

    @property
    def type_label(self) -> str:
        return meeting_type_label(self.meeting_type)

    @property
    def valid(self) -> bool:
        return counts_toward(self.meeting_type, self.expected, self.attended)


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    file_name: str
    stored_path: str
    size: int


def row_problems(values: dict) -> dict[str, str]:
    """Cross-field rules shared by the form and the import: key -> reason."""
    problems = {}
    expected, attended = values.get("expected"), values.get("attended")
    if expected is not None and attended is not None and attended > expected:
        problems["attended"] = f"实到人数 {attended} 多于应到人数 {expected}"
    elif values.get("meeting_type") == MeetingType.general_meeting:
        if expected is None:
            problems["expected"] = "支部党员大会须填写应到人数（用于判断是否过半数）"
        elif attended is None:
            problems["attended"] = "支部党员大会须填写实到人数（用于判断是否过半数）"
        elif expected == 0:
            problems["expected"] = "支部党员大会的应到人数不能为 0"
    return problems


def parse_form(raw: dict[str, object], today: date) -> tuple[dict, dict[str, str]]:
    """Parse form text with the same rules as the Excel import. Returns (values, errors by field)."""
    values, errors = parse_fields(sheet.columns(today), raw)
    if not errors:
        errors.update(row_problems(values))
    return values, errors


def branch_choices(ws: Workspace) -> list[tuple[int, str]]:
    """Active branches (id, name) for pickers, by name."""
    with ws.read() as session:
        query = select(Branch.id, Branch.name).where(Branch.archived_at.is_(None))
        return [(branch_id, name) for branch_id, name in in_branch_order(session.execute(query))]


def voting_members(ws: Workspace) -> dict[str, int]:
    """Full members (正式党员: those with a vote) of each active branch, by name: who is expected at
    a 党员大会 and counts for its quorum."""
    with ws.read() as session:
        query = select(Branch.name, Branch.full_members).where(Branch.archived_at.is_(None))
        return {name: full for name, full in session.execute(query) if full is not None}


def list_meetings(
    ws: Workspace, branch_id: int | None = None, meeting_type: str | None = None,
    start: date | None = None, end: date | None = None,
) -> list[MeetingRow]:
    with ws.read() as session:
        count = (
            select(func.count()).where(MeetingAttachment.meeting_id == Meeting.id).correlate(Meeting).scalar_subquery()
        )
        query = select(Meeting, Branch.name, count).join(Branch, Branch.id == Meeting.branch_id)
        if branch_id is not None:
            query = query.where(Meeting.branch_id == branch_id)
        if meeting_type is not None:
            query = query.where(Meeting.meeting_type == meeting_type)
        if start is not None:
            query = query.where(Meeting.held_on >= start)
        if end is not None:
            query = query.where(Meeting.held_on <= end)
        rows = []
        for m, name, attachments in session.execute(query.order_by(Meeting.held_on, Meeting.id)):
            rows.append(MeetingRow(
                m.id, m.branch_id, name, m.meeting_type, m.held_on, m.expected, m.attended, m.topic,
                m.host, m.recorder, attachments,
            ))
        return rows


def get_meeting(ws: Workspace, meeting_id: int) -> dict:
    with ws.read() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError(GONE)
        branch = session.get(Branch, meeting.branch_id)
        assert branch is not None, "a branch with meetings is never deleted (delete_branch refuses)"
        values = {name: getattr(meeting, name) for name in FIELDS}
        values.update(id=meeting.id, branch_id=meeting.branch_id, branch_name=branch.name,
                      version=meeting.version)
        values["attachments"] = [
            AttachmentRow(a.id, a.file_name, a.stored_path, a.size) for a in meeting.attachments
        ]
        return values


def _branch_id(session: Session, values: dict) -> int:
    if values.get("branch_id") is not None:
        return values["branch_id"]
    branch_id = session.scalar(select(Branch.id).where(Branch.name == values.get("branch_name")))
    if branch_id is None:
        raise ValidationError({"branch_name": f"没有名为“{values.get('branch_name')}”的支部"})
    return branch_id


def _check_unique(session: Session, branch_id: int, values: dict, meeting_id: int | None) -> None:
    clash = session.scalar(select(Meeting.id).where(
        Meeting.branch_id == branch_id, Meeting.meeting_type == values["meeting_type"],
        Meeting.held_on == values["held_on"], Meeting.topic == (values.get("topic") or ""),
    ))
    if clash is not None and clash != meeting_id:
        raise ValidationError({"topic": "该支部当天已登记过同类型、同主题的会议"})


def save_meeting(ws: Workspace, values: dict, meeting_id: int | None = None, version: int | None = None) -> int:
    """Create (meeting_id None) or update a meeting from parsed values. Returns its id. `version` is
    the one the form loaded (get_meeting): if the meeting changed since, StaleError and no write."""
    problems = row_problems(values)
    if problems:
        raise ValidationError(problems)
    with versions.refused_if_stale(STALE), ws.write() as session:
        branch_id = _branch_id(session, values)
        _check_unique(session, branch_id, values, meeting_id)
        meeting: Meeting | None  # a new one, or the stored one (None if it is gone: refused below)
        if meeting_id is None:
            meeting = Meeting()
            session.add(meeting)
        else:
            meeting = session.get(Meeting, meeting_id)
            if meeting is None:
                raise NotFoundError(GONE)
            versions.expect_version(meeting, version, "该会议记录")
        apply_values(meeting, branch_id, values)
        session.flush()
        return meeting.id


def apply_values(meeting: Meeting, branch_id: int, values: dict) -> None:
    meeting.branch_id = branch_id
    for name in FIELDS:
        if name in values:
            setattr(meeting, name, values[name] if name != "topic" else (values[name] or ""))


def bulk_create(ws: Workspace, meeting_type: str, held_on: date, branch_ids: list[int], topic: str = "",
                host: str | None = None) -> tuple[int, int]:
    """The same meeting for many branches on one date. Returns (created, already logged)."""
    if meeting_type == MeetingType.general_meeting:
        raise BranchdeskError("支部党员大会须逐个支部登记应到、实到人数，不能批量登记。")
    if not branch_ids:
        raise BranchdeskError("请至少选择一个支部。")
    topic = topic or ""
    with ws.write() as session:
        existing = set(session.scalars(select(Meeting.branch_id).where(
            Meeting.branch_id.in_(branch_ids), Meeting.meeting_type == meeting_type,
            Meeting.held_on == held_on, Meeting.topic == topic,
        )))
        for branch_id in branch_ids:
            if branch_id not in existing:
                session.add(Meeting(branch_id=branch_id, meeting_type=meeting_type, held_on=held_on, topic=topic, host=host))
    return len(set(branch_ids) - existing), len(existing)


def _stored_files(session: Session, meeting_ids: list[int]) -> list[tuple[str, str]]:
    query = select(MeetingAttachment.stored_path, MeetingAttachment.file_name).where(
        MeetingAttachment.meeting_id.in_(meeting_ids))
    return [(stored_path, file_name) for stored_path, file_name in session.execute(query)]


def delete_meeting(ws: Workspace, meeting_id: int) -> list[str]:
    """Delete a meeting and its attachment files (the files only once the delete is committed).
    Returns a note for each file that was left alone (see remove_attachment)."""
    with ws.write() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError(GONE)
        stored = _stored_files(session, [meeting_id])
        for attachment in meeting.attachments:
            changelog.delete(session, attachment)
        changelog.delete(session, meeting)
    return _remove_files(ws, stored)


def _remove_files(ws: Workspace, stored: list[tuple[str, str]]) -> list[str]:
    notes = (attachment_files.remove(paths.attachment_in(ws.files_root, path), name) for path, name in stored)
    return [note for note in notes if note]


def attachment_path(ws: Workspace, stored_path: str) -> Path | None:
    """The file of an attachment, or None when its record points outside the attachments folder."""
    return paths.attachment_in(ws.files_root, stored_path)


def _stored_name(name: str) -> str:
    """The clerk's file name, shortened to fit a file system's 255-byte names with room to spare."""
    stem, suffix = os.path.splitext(name)
    suffix = suffix if len(suffix.encode()) <= 16 else ""
    while len((stem + suffix).encode()) > STORED_NAME_BYTES:
        stem = stem[:-1]
    return stem + suffix


def add_attachment(ws: Workspace, meeting_id: int, source: Path | str) -> AttachmentRow:
    """Copy `source` into the attachments folder and record it with its SHA-256 and size. The
    original is left alone; the copy is whole or absent (see desktop.store.attachments)."""
    source = Path(source)
    with ws.read() as session:
        meeting_uuid = session.scalar(select(Meeting.uuid).where(Meeting.id == meeting_id))
    if meeting_uuid is None:
        raise NotFoundError(GONE)
    if not source.exists():
        raise BranchdeskError(f"找不到文件：{source}")
    # A fresh prefix per attachment: attaching the same file twice must not share one copy.
    relative = f"meetings/{meeting_uuid}/{uuid.uuid4().hex[:8]}-{_stored_name(source.name)}"
    target = paths.attachment_in(ws.files_root, relative)
    if target is None:  # a folder inside was replaced by a link to elsewhere
        raise BranchdeskError(f"附件文件夹 {paths.attachments_in(ws.files_root)} 中有指向别处的链接，未复制附件。")
    copied = attachment_files.copy_in(source, target)
    try:
        with ws.write() as session:
            if session.get(Meeting, meeting_id) is None:
                raise NotFoundError(GONE)
            attachment = MeetingAttachment(
                meeting_id=meeting_id, file_name=source.name, stored_path=relative, sha256=copied.sha256,
                size=copied.size,
            )
            session.add(attachment)
            session.flush()
    except BaseException:
        target.unlink(missing_ok=True)  # no record, no file
        raise
    return AttachmentRow(attachment.id, attachment.file_name, attachment.stored_path, attachment.size)


def remove_attachment(ws: Workspace, attachment_id: int) -> list[str]:
    """Drop one attachment record, then its file. Returns notes for a file left alone: one whose
    record points outside the attachments folder, or that is not a regular file, is never deleted."""
    with ws.write() as session:
        attachment = session.get(MeetingAttachment, attachment_id)
        if attachment is None:
            raise NotFoundError("该附件已不存在。")
        stored = [(attachment.stored_path, attachment.file_name)]
        changelog.delete(session, attachment)
    return _remove_files(ws, stored)


def clean_attachment_temporaries(ws: Workspace) -> list[Path]:
    """Remove what attachment copies killed half way left in the attachments folder, sparing every
    file a record points to (see store.attachments.remove_stale_temporaries)."""
    with ws.read() as session:
        stored = session.scalars(select(MeetingAttachment.stored_path)).all()
    kept = {file for path in stored if (file := paths.attachment_in(ws.files_root, path)) is not None}
    return attachment_files.remove_stale_temporaries(paths.attachments_in(ws.files_root), kept)
