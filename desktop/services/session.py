"""The one way services open a unit of work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError

T = TypeVar("T")


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """A session inside one transaction: committed on success, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


CONFLICT_ATTEMPTS = 8


def is_unique_violation(error: IntegrityError) -> bool:
    """A unique constraint refused the write (SQLite's message; SQLSTATE 23505 on a server)."""
    original = error.orig
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    return state == "23505" or "UNIQUE constraint failed" in str(original)


def retry_on_conflict(engine: Engine, work: Callable[[Session], T], attempts: int = CONFLICT_ATTEMPTS) -> T:
    """Run `work` in one unit of work; when a unique constraint refuses it because another writer
    took the same serial or code first, roll back and run it again on the data as it is now.

    Numbers are allocated from what the database holds (max + 1, a random code checked first), and
    only the constraint can tell that a concurrent writer got there between the read and the
    insert, on SQLite and on a server database alike."""
    for attempt in range(attempts):
        try:
            with unit_of_work(engine) as session:
                return work(session)
        except IntegrityError as error:
            if not is_unique_violation(error):
                raise
            if attempt == attempts - 1:
                raise BranchdeskError("其他程序正在同时写入同一批编号，多次重试仍未成功，数据未做改动。请稍后重试。") from None
    raise AssertionError("unreachable")
