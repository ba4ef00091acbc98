"""Scoring sessions on the laptop: check-outs (office), the conflicts a clerk decided, and the
packages a laptop opened.

A check-out is one part of a session (some of its scorers, perhaps its 四评 tallies) written to a
`.bdsession` file for a laptop. The office refuses to change that part while it is out and merges
the laptop's return back. What is not a record of its own (the key returns are opened with, the
baselines a merge compares against, the laptop's copy of the evidence) lives in plain tables the
change log does not copy: a 60,000-cell baseline in every log row of an update would be noise.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Record

__all__ = ["Checkout", "CheckoutConflict", "CheckoutData", "LaptopPackage"]

OPEN, MERGED, CANCELLED = "open", "merged", "cancelled"
CHECKOUT_STATES = (OPEN, MERGED, CANCELLED)


class Checkout(Record, Base):
    """One part of a scoring session checked out to a laptop file (office side)."""

    __tablename__ = "checkout"
    __table_args__ = (Index("ix_checkout_session_state", "session_id", "state"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("scoring_session.id", ondelete="CASCADE"))
    scorers: Mapped[str] = mapped_column(Text)  # JSON list of the part's scorer UUIDs, in grid order
    tallies: Mapped[bool] = mapped_column(Boolean, default=False)  # the session's 四评 tallies travel with it
    file_name: Mapped[str] = mapped_column(String(255))
    left_at: Mapped[datetime] = mapped_column(DateTime)  # UTC, the office's clock
    left_by: Mapped[str] = mapped_column(String(120), default="")
    state: Mapped[str] = mapped_column(String(12), default=OPEN)
    reason: Mapped[str | None] = mapped_column(Text)  # why it was cancelled
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(120))
    # The highest return number merged from any laptop copy, and per copy (JSON {copy UUID: number}):
    # a return numbered below its copy's is an old file replayed, and is refused.
    last_return: Mapped[int] = mapped_column(Integer, default=0)
    returns: Mapped[str] = mapped_column(Text, default="{}")


class CheckoutConflict(Record, Base):
    """A cell (or a tally field) changed on both sides, and which side the clerk kept."""

    __tablename__ = "checkout_conflict"

    checkout_id: Mapped[int] = mapped_column(ForeignKey("checkout.id", ondelete="CASCADE"), index=True)
    return_number: Mapped[int] = mapped_column(Integer)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"))
    scorer_id: Mapped[int | None] = mapped_column(ForeignKey("session_scorer.id", ondelete="CASCADE"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("rubric_item.id", ondelete="RESTRICT"))
    field: Mapped[str | None] = mapped_column(String(40))  # a tally field; None for a score cell
    office_value: Mapped[str] = mapped_column(Text)  # JSON
    laptop_value: Mapped[str] = mapped_column(Text)  # JSON
    kept: Mapped[str] = mapped_column(String(8))  # office / laptop


class CheckoutData(Base):
    """A check-out's bookkeeping by name: `key` (what returns are opened with), `sent` (the baseline
    the package was cut from), `copy:<uuid>` (the baseline after that laptop copy's last merge)."""

    __tablename__ = "checkout_data"

    checkout_id: Mapped[int] = mapped_column(ForeignKey("checkout.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class LaptopPackage(Base):
    """A package opened on this (laptop) database: what its return is made with."""

    __tablename__ = "laptop_package"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checkout_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office: Mapped[str] = mapped_column(String(36))  # the office installation it came from
    copy: Mapped[str] = mapped_column(String(36))  # this laptop's copy of it (returns are numbered per copy)
    session_id: Mapped[int] = mapped_column(ForeignKey("scoring_session.id", ondelete="CASCADE"), index=True)
    scorers: Mapped[str] = mapped_column(Text)  # JSON list of the part's scorer UUIDs
    all_scorers: Mapped[str] = mapped_column(Text)  # JSON list of every scorer name of the session
    tallies: Mapped[bool] = mapped_column(Boolean, default=False)
    file_name: Mapped[str] = mapped_column(String(255))
    left_at: Mapped[str] = mapped_column(String(32))  # as the office wrote it (its clock): shown, never compared
    returns_made: Mapped[int] = mapped_column(Integer, default=0)
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)  # a later package of the same part was opened
    # Digest of the part's cells and tallies as opened or as last returned: anything else on the
    # laptop now is work no return carries yet, which opening a newer package must not overwrite.
    settled: Mapped[str] = mapped_column(String(64))
    key: Mapped[bytes] = mapped_column(LargeBinary)
    evidence: Mapped[bytes] = mapped_column(LargeBinary)  # zlib JSON: the office's evidence lines
