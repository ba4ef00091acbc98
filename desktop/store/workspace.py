"""The seam every read and write goes through: a workspace and its units of work.

A Workspace is the database (engine), where its files live (attachments, prints), who is acting
and a clock that gives UTC. A use case is one unit on it: `read()` or `write()`, one transaction
however many records it touches. A unit opened while another is open on the same thread joins it,
so services compose: printing certificates reads results, allocates serials and records prints
in the one transaction its outermost `write()` opened.

What a write changed is taken from the change log the seam writes (store/changelog.py): the
tables it touched are handed to whoever asked with `changes()` (the window's runner announces
them to the views).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import overload

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from desktop.store import changelog

READ, WRITE = "read", "write"


def utc_now() -> datetime:
    """Naive UTC to the second, as SQLite's CURRENT_TIMESTAMP stores it."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@overload
def local_time(stored: datetime) -> datetime: ...
@overload
def local_time(stored: None) -> None: ...
def local_time(stored: datetime | None) -> datetime | None:
    """A stored UTC time in the computer's local time, for display."""
    if stored is None:
        return None
    return stored.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def utc_of(local: datetime) -> datetime:
    """A local wall time (as printed on a page) in stored UTC."""
    return local.astimezone(UTC).replace(tzinfo=None)


class GuiThreadError(RuntimeError):
    """Database work was started on a thread that must never wait for the database."""


@dataclass
class _Open:
    session: Session
    mode: str


@dataclass(eq=False)
class Workspace:
    engine: Engine
    files_root: Path
    actor: str = ""
    clock: Callable[[], datetime] = utc_now
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _forbidden_thread: int | None = field(default=None, repr=False)

    def now(self) -> datetime:
        return self.clock()

    def forbid_thread(self, thread: threading.Thread | None) -> None:
        """Refuse units opened on `thread` (the window's GUI thread: its work goes to the runner)."""
        self._forbidden_thread = None if thread is None else thread.ident

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit: it sees one consistent state and may not write."""
        with self._unit(READ) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write unit: committed when the block ends, rolled back on any error."""
        with self._unit(WRITE) as session:
            yield session

    @property
    def in_unit(self) -> bool:
        return getattr(self._local, "open", None) is not None

    @contextmanager
    def changes(self) -> Iterator[set[str]]:
        """Collect the tables the writes committed inside this block touched (from the change log)."""
        collected: set[str] = set()
        stack = self._collectors()
        stack.append(collected)
        try:
            yield collected
        finally:
            stack.remove(collected)

    def _collectors(self) -> list[set[str]]:
        if not hasattr(self._local, "collectors"):
            self._local.collectors = []
        return self._local.collectors

    @contextmanager
    def _unit(self, mode: str) -> Iterator[Session]:
        current: _Open | None = getattr(self._local, "open", None)
        if current is not None:
            if mode == WRITE and current.mode == READ:
                raise RuntimeError("a write unit cannot be opened inside a read unit")
            yield current.session
            return
        if self._forbidden_thread is not None and threading.get_ident() == self._forbidden_thread:
            raise GuiThreadError("database work on the GUI thread: run it through the window's runner")
        session = changelog.new_session(self, read_only=mode == READ)
        self._local.open = _Open(session, mode)
        try:
            with session:
                session.begin()
                try:
                    yield session
                except BaseException:
                    session.rollback()
                    raise
                if mode == WRITE:
                    session.commit()
                # A read ends with close(): its transaction is rolled back, and the records it
                # loaded stay readable (a rollback would expire them).
                touched = changelog.touched(session)
        finally:
            self._local.open = None
        if touched:
            for collected in self._collectors():
                collected.update(touched)


def for_database(engine: Engine, db_file: Path | None, actor: str = "") -> Workspace:
    """The workspace of a database: its files live beside an SQLite file, in the data folder for a
    server database (paths.data_dir)."""
    from desktop import paths

    return Workspace(engine, paths.files_root(db_file), actor or default_actor())


def default_actor() -> str:
    """Who acts when nobody signed in: the computer's login name."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some service accounts)
        return ""
