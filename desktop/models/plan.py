"""The yearly plan and the money that follows the workflow (seed §三(一), §四).

A branch's row of the year's 创建计划 (分类排队 and whether it is planned to reach the standard), its
pay total and base funding of a year (the inputs of the rewards calculator, never its results:
bonuses and uplifts are computed from the workflow when shown), the one-off grants the 市委组织部
gives a 市级最强 branch, and the 隶属关系调整 of a branch with its date.

Amounts are kept in fen (integers): yuan with two decimals, exact in every sum. None of these
travel to a laptop, so none carries a tombstone; they follow their branch's (a deleted branch's
rows are left out wherever its name is read).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Record

__all__ = ["BranchPay", "BranchPlan", "CityGrant", "Reaffiliation"]


class BranchPlan(Record, Base):
    """One branch in the year's 创建计划: its class (advanced / average / lagging) and the plan."""

    __tablename__ = "branch_plan"
    __table_args__ = (UniqueConstraint("branch_id", "year"),)

    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    classification: Mapped[str] = mapped_column(String(12))
    planned: Mapped[bool] = mapped_column(Boolean, default=False)  # 本年度计划达标
    measures: Mapped[str | None] = mapped_column(Text)
    responsible: Mapped[str | None] = mapped_column(String(60))
    notes: Mapped[str | None] = mapped_column(Text)


class BranchPay(Record, Base):
    """班子年待遇报酬总额 (kept for 村/社区 branches) and 一般保障标准 of one branch in one year."""

    __tablename__ = "branch_pay"
    __table_args__ = (UniqueConstraint("branch_id", "year"),)

    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    pay_total_fen: Mapped[int | None] = mapped_column(Integer)
    base_funding_fen: Mapped[int | None] = mapped_column(Integer)


class CityGrant(Record, Base):
    """The 市委组织部's one-off grant to a branch rated 最强 by the 市委, entered when granted."""

    __tablename__ = "city_grant"
    __table_args__ = (UniqueConstraint("branch_id", "year"),)

    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(Integer)
    granted_on: Mapped[date] = mapped_column(Date)


class Reaffiliation(Record, Base):
    """A change of the branch's parent organization (隶属关系调整): its standing continues."""

    __tablename__ = "reaffiliation"

    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    on_date: Mapped[date] = mapped_column(Date)
    old_parent: Mapped[str | None] = mapped_column(String(120))
    new_parent: Mapped[str | None] = mapped_column(String(120))
