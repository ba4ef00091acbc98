"""A second workspace on a database file: what another process (the CLI, another window) sees."""

from __future__ import annotations

from pathlib import Path

from desktop.store.engine import make_engine
from desktop.store.workspace import Workspace, for_database


def second_workspace(path: str | Path, actor: str = "另一台电脑") -> Workspace:
    return for_database(make_engine(str(path)), Path(path), actor=actor)
