"""The scoring session aggregate (评分会): scorers, branches, every cell typed, and later changes.

Sessions travel to the meeting laptop and are merged back by UUID, so every row is a Record.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Record, Tombstoned, live_unique

__all__ = ["Score", "ScoreChange", "ScoringSession", "SessionBranch", "SessionScorer"]

OPEN, FINALIZED = "open", "finalized"


class ScoringSession(Record, Tombstoned, Base):
    __tablename__ = "scoring_session"

    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(120))
    held_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    finalized_at: Mapped[datetime | None] = mapped_column(DateTime)
    finalized_by: Mapped[str | None] = mapped_column(String(60))


class SessionScorer(Record, Tombstoned, Base):
    """A committee member scoring in this session (by name: scorers are not app users)."""

    __tablename__ = "session_scorer"
    __table_args__ = (live_unique("uq_session_scorer_session_id_name", "session_id", "name"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("scoring_session.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, default=0)


class SessionBranch(Record, Tombstoned, Base):
    __tablename__ = "session_branch"
    __table_args__ = (live_unique("uq_session_branch_session_id_branch_id", "session_id", "branch_id"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("scoring_session.id", ondelete="CASCADE"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Score(Record, Tombstoned, Base):
    __tablename__ = "score"
    __table_args__ = (live_unique("uq_score_session_id_scorer_id_branch_id_item_id", "session_id", "scorer_id", "branch_id", "item_id"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("scoring_session.id", ondelete="CASCADE"))
    scorer_id: Mapped[int] = mapped_column(ForeignKey("session_scorer.id", ondelete="CASCADE"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("rubric_item.id", ondelete="RESTRICT"), index=True)
    points: Mapped[float] = mapped_column(Float)
    # Filled in from the ledger's suggestion (采用建议分) and not yet confirmed by the scorer: typing
    # into the cell or 确认建议分 clears it. Until then the score is not the scorer's judgment.
    suggested: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ScoreChange(Record, Base):
    """A score changed after the session was finalized: who, when, why, from what to what."""

    __tablename__ = "score_change"

    session_id: Mapped[int] = mapped_column(ForeignKey("scoring_session.id", ondelete="CASCADE"), index=True)
    scorer_id: Mapped[int] = mapped_column(ForeignKey("session_scorer.id", ondelete="CASCADE"))
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("rubric_item.id", ondelete="RESTRICT"))
    old_points: Mapped[float | None] = mapped_column(Float)
    new_points: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(60))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
