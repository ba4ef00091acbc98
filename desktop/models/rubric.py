"""The rubric aggregate (考评细则): one per year, with its items and veto items.

A year's rubric is its own copy, never shared: editing the 2025 rubric cannot change a 2024 result.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Record

__all__ = ["Rubric", "RubricItem", "VetoItem"]


class Rubric(Record, Base):
    __tablename__ = "rubric"

    year: Mapped[int] = mapped_column(Integer, unique=True)
    pass_line: Mapped[float] = mapped_column(Float, default=85.0)
    weight_org: Mapped[float] = mapped_column(Float, default=0.4)
    weight_member: Mapped[float] = mapped_column(Float, default=0.3)
    weight_public: Mapped[float] = mapped_column(Float, default=0.2)
    weight_social: Mapped[float] = mapped_column(Float, default=0.1)
    # Drop the highest and lowest scorer total (only applied with 5 or more scorers).
    drop_extremes: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped on every edit of the rubric's content, shown to the clerk as 第 N 版.
    revision: Mapped[int] = mapped_column(Integer, default=1)

    items: Mapped[list[RubricItem]] = relationship(
        back_populates="rubric", cascade="all, delete-orphan", order_by="RubricItem.position"
    )
    vetoes: Mapped[list[VetoItem]] = relationship(
        back_populates="rubric", cascade="all, delete-orphan", order_by="VetoItem.position"
    )


class RubricItem(Record, Base):
    __tablename__ = "rubric_item"
    __table_args__ = (UniqueConstraint("rubric_id", "item_code"),)

    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubric.id", ondelete="CASCADE"), index=True)
    area_code: Mapped[str] = mapped_column(String(24))
    area_name: Mapped[str] = mapped_column(String(40))
    item_code: Mapped[str] = mapped_column(String(40))
    item_name: Mapped[str] = mapped_column(String(80))
    max_points: Mapped[float] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Which ledger fact evidences the item (desktop.rules.evidence); None = scorer's judgment only.
    evidence_key: Mapped[str | None] = mapped_column(String(40))

    rubric: Mapped[Rubric] = relationship(back_populates="items")


class VetoItem(Record, Base):
    __tablename__ = "veto_item"
    __table_args__ = (UniqueConstraint("rubric_id", "name"),)

    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubric.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)

    rubric: Mapped[Rubric] = relationship(back_populates="vetoes")
