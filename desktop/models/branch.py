"""The branch aggregate: 党支部 and its per-year secretary training record."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.glossary import BranchKind
from desktop.models.base import Base, Record, Tombstoned, live_unique

__all__ = ["Branch", "BranchKind", "SecretaryTraining"]


class Branch(Record, Tombstoned, Base):
    __tablename__ = "branch"
    __table_args__ = (live_unique("uq_branch_name", "name"),)

    name: Mapped[str] = mapped_column(String(120))
    branch_kind: Mapped[str] = mapped_column(String(24), index=True)
    parent_org: Mapped[str | None] = mapped_column(String(120))
    established_on: Mapped[date | None] = mapped_column(Date)
    secretary: Mapped[str | None] = mapped_column(String(60))
    secretary_is_director: Mapped[bool | None] = mapped_column(Boolean)
    # Since when the secretary's post is vacant (None: filled, or not recorded): 软弱涣散 screening.
    secretary_vacant_since: Mapped[date | None] = mapped_column(Date)
    elected_on: Mapped[date | None] = mapped_column(Date)
    term_years: Mapped[int | None] = mapped_column(Integer)
    full_members: Mapped[int] = mapped_column(Integer, default=0)
    probationary_members: Mapped[int] = mapped_column(Integer, default=0)
    has_committee: Mapped[bool | None] = mapped_column(Boolean)
    party_groups: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(String(40))
    has_college_cadre: Mapped[bool | None] = mapped_column(Boolean)
    has_service_center: Mapped[bool | None] = mapped_column(Boolean)
    notes: Mapped[str | None] = mapped_column(Text)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)

    trainings: Mapped[list[SecretaryTraining]] = relationship(
        back_populates="branch", cascade="all, delete-orphan", passive_deletes=True
    )


class SecretaryTraining(Record, Base):
    """The secretary attended a training in `year` (seed §二(二): at least once a year)."""

    __tablename__ = "secretary_training"
    __table_args__ = (UniqueConstraint("branch_id", "year"),)

    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    trained_on: Mapped[date | None] = mapped_column(Date)
    course: Mapped[str | None] = mapped_column(String(200))

    branch: Mapped[Branch] = relationship(back_populates="trainings")
