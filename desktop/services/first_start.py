"""What the window's start page needs to know: whether the database holds any branch yet, and which
of the two names every printed sheet is signed with are set (services/settings.py holds them)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.models import Branch
from desktop.services import settings
from desktop.store.workspace import Workspace

NAMES = ("subdistrict_name", "issuer_name")  # the start page's first step: 街道名称, 党工委全称


@dataclass(frozen=True)
class StartState:
    has_branches: bool  # archived ones count: the database is in use
    names: dict[str, str | None]  # NAMES → the value holding this year, None when not set

    @property
    def named(self) -> bool:
        return all(self.names.values())


def start_state(ws: Workspace) -> StartState:
    """One read: a branch (deleted ones are not there), and the names holding this year."""
    with ws.read() as session:
        has_branches = session.scalar(select(Branch.id).limit(1)) is not None
        return StartState(has_branches, {key: settings.get(ws, key) for key in NAMES})
