"""Writes that must win a race for a number: retried when a unique constraint says another
writer got there first. Units of work themselves are the workspace's (store/workspace.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.errors import BranchdeskError
from desktop.store.workspace import Workspace

T = TypeVar("T")


CONFLICT_ATTEMPTS = 8


def is_unique_violation(error: IntegrityError) -> bool:
    """A unique constraint refused the write (SQLite's message; SQLSTATE 23505 on a server)."""
    original = error.orig
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    return state == "23505" or "UNIQUE constraint failed" in str(original)


def retry_on_conflict(ws: Workspace, work: Callable[[Session], T], attempts: int = CONFLICT_ATTEMPTS) -> T:
    """Run `work` in one unit of work; when a unique constraint refuses it because another writer
    took the same serial or code first, roll back and run it again on the data as it is now.

    Numbers are allocated from what the database holds (max + 1, a random code checked first), and
    only the constraint can tell that a concurrent writer got there between the read and the
    insert, on SQLite and on a server database alike. The same holds for a record the work read
    and then changed while the other writer changed it first (the version check refuses the write:
    on a server, two transactions run side by side). Inside a larger unit the work runs once: only
    the outermost unit can roll back and start again."""
    if ws.in_unit:
        with ws.write() as session:
            return work(session)
    for attempt in range(attempts):
        try:
            with ws.write() as session:
                return work(session)
        except (IntegrityError, StaleDataError) as error:
            if isinstance(error, IntegrityError) and not is_unique_violation(error):
                raise
            if attempt == attempts - 1:
                raise BranchdeskError("其他程序正在同时写入同一批编号，多次重试仍未成功，数据未做改动。请稍后重试。") from None
    raise AssertionError("unreachable")
