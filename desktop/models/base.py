"""Declarative base and the columns every record carries.

Every record has a UUID and a version counter: scoring sessions will later travel to a laptop and
be merged back by UUID, and the version tells which copy is newer. Times are UTC, stamped by the
workspace's clock in store/changelog.py (the server default only covers rows written by a migration).
Records that travel between databases are Tombstoned: a delete marks them, so that a merge can
tell "deleted here" from "never seen here".
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import DateTime, FromClause, Index, Integer, MetaData, String, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Deterministic constraint names: Alembic batch mode on SQLite needs names to alter constraints.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def new_uuid() -> str:
    return str(uuid.uuid4())


_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def new_uuids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as new_uuid writes them, from one read of the system's
    random source: a bulk insert of 60,000 scores spent a quarter of its time in uuid.uuid4()."""
    raw = os.urandom(16 * count).hex()
    variant = _VARIANT
    return [f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant[h[16]]}{h[17:20]}-{h[20:]}"
            for h in (raw[n:n + 32] for n in range(0, 32 * count, 32))]


class Record:
    """Mixin: surrogate key, UUID, version counter and timestamps."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    if TYPE_CHECKING:  # as DeclarativeBase declares it: every class mixing Record in is mapped
        __table__: ClassVar[FromClause]

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy declared_attr signature
        # SQLAlchemy bumps `version` on every UPDATE and refuses a stale write.
        return {"version_id_col": cls.__table__.c.version}


class Tombstoned:
    """Mixin for records that travel: deleted means marked (when, by whom), never removed. Every
    ORM query leaves marked records out (store/changelog.py); `include_deleted` lets a merge see them."""

    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    deleted_by: Mapped[str | None] = mapped_column(String(120), default=None)


def live_unique(name: str, *columns: str) -> Index:
    """A uniqueness among live records only: a deleted branch's name may be taken again, while its
    tombstone stays for the merge. Partial indexes exist on SQLite and PostgreSQL alike."""
    live = text("deleted_at IS NULL")
    return Index(name, *columns, unique=True, sqlite_where=live, postgresql_where=live)
