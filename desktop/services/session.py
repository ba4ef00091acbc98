"""The one way services open a unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """A session inside one transaction: committed on success, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
