"""The rectification aggregate (整顿提升): 软弱涣散 cases with their grounds and monthly progress, the
screening thresholds per year, the committee's inspections with the branches they visited, and 约谈.

A case's state is not stored: it follows from what is recorded (desktop.rules.weak_cases.state),
so an imported case and one kept in the window cannot disagree with their own dates.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Record, Tombstoned, live_unique

__all__ = ["AdmonitionTalk", "Inspection", "InspectionVisit", "WeakCase", "WeakCaseGround", "WeakCaseProgress", "WeakRule"]


class WeakRule(Record, Base):
    """The screening thresholds from `year` on (until a later year's row): 2024 is judged by 2024."""

    __tablename__ = "weak_rule"

    year: Mapped[int] = mapped_column(Integer, unique=True)
    # 满意率 below this fires, in hundredths of a percent (6000 = 60%): exact at 59.99% and 60%.
    satisfaction_hundredths: Mapped[int] = mapped_column(Integer)
    empty_months: Mapped[int] = mapped_column(Integer)
    vacancy_months: Mapped[int] = mapped_column(Integer)


class WeakCase(Record, Tombstoned, Base):
    """One 软弱涣散 branch in one year (整顿台账): one live case per branch and year."""

    __tablename__ = "weak_case"
    __table_args__ = (live_unique("uq_weak_case_branch_id_year", "branch_id", "year"), Index("ix_weak_case_year", "year"))

    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    identified_on: Mapped[date | None] = mapped_column(Date)  # 认定 day, when known (the sheet has none)
    problems: Mapped[str | None] = mapped_column(Text)  # 具体问题
    measures: Mapped[str | None] = mapped_column(Text)  # 整顿措施
    contact_leader: Mapped[str | None] = mapped_column(String(30))  # 联系领导
    first_secretary: Mapped[str | None] = mapped_column(String(30))  # 第一书记 / 指导员
    responsible: Mapped[str | None] = mapped_column(String(30))  # 责任人
    deadline: Mapped[date | None] = mapped_column(Date)  # 整改时限
    accepted_on: Mapped[date | None] = mapped_column(Date)  # 验收日期
    acceptance: Mapped[str | None] = mapped_column(String(8))  # pass / fail
    closed_on: Mapped[date | None] = mapped_column(Date)  # 销号日期

    grounds: Mapped[list[WeakCaseGround]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True, order_by="WeakCaseGround.id")
    progress: Mapped[list[WeakCaseProgress]] = relationship(
        back_populates="case", cascade="all", passive_deletes=True, order_by="(WeakCaseProgress.noted_on, WeakCaseProgress.id)")


class WeakCaseGround(Record, Base):
    """One 认定情形 of a case (a code of desktop.rules.weak.GROUND_LABELS)."""

    __tablename__ = "weak_case_ground"
    __table_args__ = (UniqueConstraint("case_id", "ground"),)

    case_id: Mapped[int] = mapped_column(ForeignKey("weak_case.id", ondelete="CASCADE"))
    ground: Mapped[str] = mapped_column(String(32), index=True)

    case: Mapped[WeakCase] = relationship(back_populates="grounds")


class WeakCaseProgress(Record, Tombstoned, Base):
    """A dated progress note (月度进展) of a case."""

    __tablename__ = "weak_case_progress"

    case_id: Mapped[int] = mapped_column(ForeignKey("weak_case.id", ondelete="CASCADE"), index=True)
    noted_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)

    case: Mapped[WeakCase] = relationship(back_populates="progress")


class Inspection(Record, Tombstoned, Base):
    """One 督查检查 by the committee: kind + date + topic identify it (import idempotence)."""

    __tablename__ = "inspection"
    __table_args__ = (live_unique("uq_inspection_kind_held_on_topic", "kind", "held_on", "topic"),
                      Index("ix_inspection_held_on", "held_on"))

    kind: Mapped[str] = mapped_column(String(12))  # special / spot / random
    held_on: Mapped[date] = mapped_column(Date)
    # NOT NULL with '' as "no topic": SQL unique constraints treat NULLs as distinct.
    topic: Mapped[str] = mapped_column(String(200), default="", server_default="")
    inspectors: Mapped[str] = mapped_column(String(200))  # 检查人员

    visits: Mapped[list[InspectionVisit]] = relationship(
        back_populates="inspection", cascade="all", passive_deletes=True, order_by="InspectionVisit.id")


class InspectionVisit(Record, Tombstoned, Base):
    """One branch an inspection looked at: what it found, the follow-up required by a deadline,
    and the day the follow-up was done."""

    __tablename__ = "inspection_visit"
    __table_args__ = (live_unique("uq_inspection_visit_inspection_id_branch_id", "inspection_id", "branch_id"),)

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    findings: Mapped[str | None] = mapped_column(Text)  # 发现问题
    follow_up: Mapped[str | None] = mapped_column(Text)  # 整改要求
    deadline: Mapped[date | None] = mapped_column(Date)  # 整改时限
    closed_on: Mapped[date | None] = mapped_column(Date)  # 整改完成日期

    inspection: Mapped[Inspection] = relationship(back_populates="visits")


class AdmonitionTalk(Record, Tombstoned, Base):
    """A 约谈 for poor work (seed §五): who was talked to, by whom, when, why, what was agreed."""

    __tablename__ = "admonition_talk"
    __table_args__ = (Index("ix_admonition_talk_held_on", "held_on"),)

    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    person: Mapped[str] = mapped_column(String(30))
    role: Mapped[str | None] = mapped_column(String(30))  # 书记, 支委 ...
    by_whom: Mapped[str | None] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text)
    agreed: Mapped[str | None] = mapped_column(Text)
