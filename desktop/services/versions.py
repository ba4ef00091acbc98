"""Refusing lost updates with the version counter every record carries (models/base.py).

A form remembers the version it loaded and passes it back with the save; an import preview keeps
the versions of the records it read (its basis). A save or an apply whose versions are no longer
current is refused with StaleError, so it never overwrites what was written in between.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy.orm.exc import StaleDataError

from desktop.errors import StaleError

CHANGED = "{what}在您打开之后已被修改（例如命令行导入或另一次保存），本次没有保存"


def changed_message(what: str) -> str:
    return CHANGED.format(what=what)


def expect_version(record, version: int | None, what: str) -> None:
    """Refuse a save made from `version` when `record` is at another one. None: no loaded version
    to compare (a caller that does not edit a record it read)."""
    if version is not None and record.version != version:
        raise StaleError(changed_message(what))


@contextmanager
def refused_if_stale(message: str) -> Iterator[None]:
    """SQLAlchemy's own check (UPDATE ... WHERE version = the one read) for a write that slipped in
    between this transaction's read and its write: the same refusal, in Chinese."""
    try:
        yield
    except StaleDataError as error:
        raise StaleError(message) from error


def basis(entries: Iterable[tuple[object, Iterable]]) -> frozenset:
    """What a computation read: for each key, the (id, version) of every record behind it (none
    when the key named no record yet, so a record created meanwhile changes the basis too)."""
    return frozenset((key, tuple(sorted((r.id, r.version) for r in records))) for key, records in entries)
