"""The change log: one row for every insert, update and delete of a record, written by the seam.

Written by store/changelog.py from the ORM's own flush, never by a service. The audit trail and
the laptop merge read it in `seq` order: `seq` is the order changes were committed in this
database, which no wrong clock on a laptop can disturb.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base

INSERT, UPDATE, DELETE = "insert", "update", "delete"


class ChangeLog(Base):
    __tablename__ = "change_log"
    # sqlite_autoincrement: a sequence number is never reused, even after the newest row is gone.
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tx: Mapped[str] = mapped_column(String(36))  # one UUID per write unit (one use case)
    at: Mapped[datetime] = mapped_column(DateTime)  # UTC
    actor: Mapped[str] = mapped_column(String(120))
    table_name: Mapped[str] = mapped_column(String(64))
    record_uuid: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(8))
    # Stable JSON (sorted keys, no spaces): an insert's values, an update's {field: [old, new]},
    # a delete's last values. A tombstone is logged as a delete with its deleted_at/deleted_by.
    fields: Mapped[str] = mapped_column(Text)
