"""The meeting aggregate: 组织生活 records, their attached files, and the frequency rules per year."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Computed, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import column

from desktop.glossary import MeetingType, Period
from desktop.models.base import Base, Record, Tombstoned, live_unique
from desktop.models.month import month_of

__all__ = ["Meeting", "MeetingAttachment", "MeetingRule", "MeetingType", "Period"]


class Meeting(Record, Tombstoned, Base):
    """One meeting held by one branch. Branch + type + date + topic identify it (import idempotence)."""

    __tablename__ = "meeting"
    __table_args__ = (
        live_unique("uq_meeting_branch_id_meeting_type_held_on_topic", "branch_id", "meeting_type", "held_on", "topic"),
        # The year matrix reads one year of every branch; the meeting list reads one branch.
        Index("ix_meeting_branch_id_held_on", "branch_id", "held_on"),
        Index("ix_meeting_held_on", "held_on"),
        # Monthly rates over ten years read ~600,000 rows: this index hands them over already grouped
        # by (type, month), so SQLite counts distinct branches per month in one streaming pass. It
        # ends with deleted_at so that leaving deleted meetings out still reads only the index.
        Index("ix_meeting_type_month", "meeting_type", "held_month", "branch_id", "deleted_at"),
        CheckConstraint("attended IS NULL OR expected IS NULL OR attended <= expected", name="attended_le_expected"),
    )

    # RESTRICT: meetings are the branch's history; a branch that has any is archived, never deleted.
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"))
    meeting_type: Mapped[str] = mapped_column(String(24))
    held_on: Mapped[date] = mapped_column(Date)
    # YYYY-MM, derived by the database so it can never disagree with held_on (dates are ISO text).
    held_month: Mapped[str] = mapped_column(String(7), Computed(month_of(column("held_on"))))
    expected: Mapped[int | None] = mapped_column(Integer)
    attended: Mapped[int | None] = mapped_column(Integer)
    # NOT NULL with '' as "no topic": SQL unique constraints treat NULLs as distinct.
    topic: Mapped[str] = mapped_column(String(200), default="", server_default="")
    host: Mapped[str | None] = mapped_column(String(60))
    recorder: Mapped[str | None] = mapped_column(String(60))
    minutes: Mapped[str | None] = mapped_column(Text)

    attachments: Mapped[list[MeetingAttachment]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True,
        order_by="MeetingAttachment.id",
    )


class MeetingAttachment(Record, Tombstoned, Base):
    """A file (sign-in sheet, minutes scan, photo) copied into the attachments folder."""

    __tablename__ = "meeting_attachment"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))  # the name the clerk chose, for display
    stored_path: Mapped[str] = mapped_column(String(400))  # relative to paths.attachments_dir(db_file)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)

    meeting: Mapped[Meeting] = relationship(back_populates="attachments")


class MeetingRule(Record, Base):
    """Minimum number of `meeting_type` per period in `year`. Kept per year: 2024 is judged by 2024."""

    __tablename__ = "meeting_rule"
    __table_args__ = (UniqueConstraint("year", "meeting_type"),)

    year: Mapped[int] = mapped_column(Integer)
    meeting_type: Mapped[str] = mapped_column(String(24))
    period: Mapped[str] = mapped_column(String(8))
    minimum: Mapped[int] = mapped_column(Integer)
