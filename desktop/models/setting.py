"""Settings that belong to the data (issuer name, ...), stored with it as JSON values.

`setting` holds one value per key (settings that are not kept per year). `setting_year` holds the
history of the settings kept per year: each row is a value that holds from `from_year` on, until
a later row for the same key (see desktop.services.settings for how a year finds its value)."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Record


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SettingYear(Record, Base):
    __tablename__ = "setting_year"
    __table_args__ = (UniqueConstraint("key", "from_year"),)

    key: Mapped[str] = mapped_column(String(80))
    from_year: Mapped[int] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(Text)
