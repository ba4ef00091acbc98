"""The evaluation aggregate: one branch's tallies for one year (四评 raw counts), its complaints,
departments' feedback, and the workflow steps of its creation.

Raw counts only, never rates: a rate is computed by desktop.rules.scoring when it is shown.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Record, Tombstoned

__all__ = ["Complaint", "DepartmentFeedback", "Evaluation", "WorkflowStep"]


class Evaluation(Record, Tombstoned, Base):
    __tablename__ = "evaluation"
    __table_args__ = (UniqueConstraint("branch_id", "year"),)

    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    # When given, stands for the org score instead of the scoring sessions' mean (an imported count).
    org_score_override: Mapped[float | None] = mapped_column(Float)
    review_grade: Mapped[str | None] = mapped_column(String(12))  # excellent / good / fair / poor
    member_participants: Mapped[int | None] = mapped_column(Integer)
    member_excellent: Mapped[int | None] = mapped_column(Integer)
    member_qualified: Mapped[int | None] = mapped_column(Integer)
    member_basic: Mapped[int | None] = mapped_column(Integer)
    member_unqualified: Mapped[int | None] = mapped_column(Integer)
    public_satisfied: Mapped[int | None] = mapped_column(Integer)
    public_basic: Mapped[int | None] = mapped_column(Integer)
    public_dissatisfied: Mapped[int | None] = mapped_column(Integer)
    veto: Mapped[str | None] = mapped_column(Text)  # the veto item that applies; None = none

    complaints: Mapped[list[Complaint]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="Complaint.id"
    )
    feedback: Mapped[list[DepartmentFeedback]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="DepartmentFeedback.id"
    )


class Complaint(Record, Base):
    """One 不满意 from the public vote and the result of checking it."""

    __tablename__ = "complaint"

    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)

    evaluation: Mapped[Evaluation] = relationship(back_populates="complaints")


class DepartmentFeedback(Record, Base):
    __tablename__ = "department_feedback"

    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id", ondelete="CASCADE"), index=True)
    department: Mapped[str] = mapped_column(String(80))
    compliant: Mapped[bool] = mapped_column(Boolean, default=True)
    text: Mapped[str | None] = mapped_column(Text)

    evaluation: Mapped[Evaluation] = relationship(back_populates="feedback")


class WorkflowStep(Record, Tombstoned, Base):
    """One step of a branch's creation in a year; the latest step (by on_date, then id) is its state."""

    __tablename__ = "workflow_step"
    # Covering index in standing()'s order: ten years of a district are read without a sort. It ends
    # with deleted_at so that leaving deleted steps out still reads only the index.
    __table_args__ = (Index("ix_workflow_step_year_branch", "year", "branch_id", "on_date", "state", "outcome", "deleted_at"),)

    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(8))  # pass / fail for assessed and accepted
    on_date: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str | None] = mapped_column(Text)  # required for revoked
