"""The paper aggregate: every print is recorded (PrintRecord) and certificates are numbered once.

A PrintRecord's code is printed on the paper (验证码); its fingerprint is the sha256 of the rows the
document was made from, so a later lookup can tell whether the data behind a sheet has changed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Record, Tombstoned

__all__ = ["Certificate", "PrintRecord"]


class PrintRecord(Record, Base):
    __tablename__ = "print_record"

    code: Mapped[str] = mapped_column(String(8), unique=True)
    document_kind: Mapped[str] = mapped_column(String(24), index=True)
    year: Mapped[int | None] = mapped_column(Integer)
    parameters: Mapped[str] = mapped_column(Text)  # JSON: what the rows are recomputed from
    subject: Mapped[str] = mapped_column(String(200))  # for whom / what, in words
    printed_at: Mapped[datetime] = mapped_column(DateTime)
    fingerprint: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    # The layout edition it was printed in (services/prints.py LAYOUTS): a later edition of the same
    # kind of sheet cannot be compared with it row by row.
    layout: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    # The text as printed (paper/contents.py JSON), so that a check can say what changed; None for
    # prints made before it was kept, and for documents that keep only their fingerprint.
    contents: Mapped[str | None] = mapped_column(Text)


class Certificate(Record, Tombstoned, Base):
    """One honour of one branch in one year. The number is kept across reprints."""

    __tablename__ = "certificate"
    __table_args__ = (
        UniqueConstraint("honour", "year", "branch_id"),
        UniqueConstraint("honour", "year", "serial"),
    )

    honour: Mapped[str] = mapped_column(String(16))  # standardized | strongest
    year: Mapped[int] = mapped_column(Integer)
    # RESTRICT: a branch that holds a certificate is history; it can be archived, not deleted.
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    serial: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    first_printed_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
