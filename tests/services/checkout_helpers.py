"""Three databases in three data folders (the office, laptop A, laptop B) and what the checkout
tests share: a cheap key stretch, a scoring session, cells typed through the services, dumps."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from desktop.services import scoring
from desktop.store import pairing
from desktop.store.database import Database, open_database
from tests.services.helpers import add_branch

YEAR = 2025
SCORERS = ["甲", "乙", "丙"]
# In the one order of names (rules/collation.py), as a session keeps its branches: dong, guang, he.
BRANCHES = ["东风社区党支部", "光明村党支部", "和平社区党支部"]
CHEAP = pairing.KdfCost(memory_kib=64, iterations=1, lanes=1)


def cheap_kdf(monkeypatch) -> None:
    """The real Argon2id, with a small cost: the tests open many packages."""
    monkeypatch.setattr(pairing, "KDF", CHEAP)


@dataclass
class Place:
    """One computer: its data folder and its database."""

    folder: Path
    db: Database

    @property
    def ws(self):
        return self.db.workspace

    @property
    def file(self) -> Path:
        return self.db.file


_PRISTINE: list[Path] = []


def _pristine() -> Path:
    """One empty database at the head revision, copied for each computer (migrating takes ~0.7 s)."""
    if not _PRISTINE:
        path = Path(tempfile.mkdtemp(prefix="branchdesk-pristine-")) / "empty.sqlite3"
        open_database(str(path)).close()  # closed: self-contained, no -wal beside it
        _PRISTINE.append(path)
    return _PRISTINE[0]


def place(root: Path, name: str) -> Place:
    folder = root / name
    folder.mkdir()
    shutil.copy(_pristine(), folder / "branchdesk.sqlite3")
    return Place(folder, open_database(str(folder / "branchdesk.sqlite3")))


@pytest.fixture
def computers(tmp_path, monkeypatch):
    cheap_kdf(monkeypatch)
    made = [place(tmp_path, name) for name in ("office", "laptop-a", "laptop-b")]
    yield made
    for computer in made:
        computer.db.close()


def seed_office(ws) -> int:
    branch_ids = [add_branch(ws, name) for name in BRANCHES]
    return scoring.create_session(ws, YEAR, "2025年度述职评议考核", date(2025, 12, 20), branch_ids, SCORERS)


def cell(ws, session_id: int, scorer: str, branch: str, item_number: int = 0):
    """The grid key of a cell by names."""
    grid = scoring.load_grid(ws, session_id)
    scorer_id = next(i for i, n in grid.scorers if n == scorer)
    branch_id = next(i for i, n in grid.branches if n == branch)
    return (scorer_id, branch_id, grid.rubric.items[item_number].id)


def type_score(ws, session_id: int, scorer: str, branch: str, item_number: int, points) -> None:
    scoring.save_score(ws, session_id, cell(ws, session_id, scorer, branch, item_number), points)


def scores_by_name(ws, session_id: int) -> dict[tuple[str, str, str], float]:
    grid = scoring.load_grid(ws, session_id)
    scorers, branches = dict(grid.scorers), dict(grid.branches)
    items = {i.id: i.item_code for i in grid.rubric.items}
    return {(scorers[s], branches[b], items[i]): p for (s, b, i), p in grid.scores.items()}


def only_session(ws) -> int:
    sessions = scoring.list_sessions(ws)
    assert len(sessions) == 1
    return sessions[0].id


def dump(path: Path) -> list[str]:
    """Every row of every table, as SQL: equal dumps are equal databases."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
