"""Yearly targets (目标) of the program: the share of branches standardized, the share rated 最强,
and whether 软弱涣散 branches must be cleared that year (DOMAIN.md R1-R3).

A row exists only for a year the clerk has edited; the plan's defaults live in desktop.rules.targets
so that a corrected default reaches every database that never overrode it.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Record

__all__ = ["Target"]


class Target(Record, Base):
    __tablename__ = "target"

    year: Mapped[int] = mapped_column(Integer, unique=True)
    # Shares are fractions 0..1 (0.9 = 90%); the UI shows and takes percentages.
    standardized_share: Mapped[float] = mapped_column(Float)
    strongest_share: Mapped[float | None] = mapped_column(Float)
    weak_cleared: Mapped[bool] = mapped_column(Boolean, default=False)
    weak_goal: Mapped[str | None] = mapped_column(Text)
