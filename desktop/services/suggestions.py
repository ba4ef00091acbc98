"""采用建议分: fill a scorer's empty cells with the ledger's suggested scores, marked, until the scorer
confirms them (确认建议分, or typing into the cell: services.scoring.save_score).

Only empty cells with a suggestion are filled: a typed score is never replaced and a cell the
ledgers cannot judge stays empty. The suggestions are the ones the grid shows: the ledgers' here,
or on a laptop the office's lines that came with the package. What a mark holds back (the
组织评定, locking, the laptop loop) is in rules.scoring.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError, NotFoundError
from desktop.models import Score, ScoringSession
from desktop.models.scoring import FINALIZED
from desktop.rules.evidence import Evidence
from desktop.services import held, laptop, scoring
from desktop.services.evidence import evidence_for
from desktop.store.workspace import Workspace

Key = scoring.Key


def grid_evidence(ws: Workspace, grid: scoring.Grid) -> dict[tuple[int, int], Evidence]:
    """(branch id, item id) → the evidence and suggestion the grid shows beside its cells."""
    carried = laptop.evidence(ws, grid.session.id)
    if carried is not None:
        return carried
    return evidence_for(ws, grid.session.year, [b for b, _ in grid.branches], grid.rubric.items)


@dataclass(frozen=True)
class Fillable:
    """What 采用建议分 would fill: the empty cells with a suggestion, per branch (grid order)."""

    scorer: str
    cells: dict[Key, float]
    branches: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.cells)


def _fillable(ws: Workspace, session_id: int, scorer_id: int, branch_id: int | None) -> Fillable:
    grid = scoring.load_grid(ws, session_id)
    scorer = dict(grid.scorers).get(scorer_id)
    if scorer is None:
        raise NotFoundError("该评委已不在本评分会中。")
    branches = [(b, name) for b, name in grid.branches if branch_id in (None, b)]
    found = grid_evidence(ws, grid)
    cells: dict[Key, float] = {}
    names: list[str] = []
    item_ids = [item.id for item in grid.rubric.items if item.id is not None]  # a session's rubric is saved
    for b, name in branches:
        for item_id in item_ids:
            suggestion = found.get((b, item_id))
            key = (scorer_id, b, item_id)
            if suggestion is None or suggestion.suggested is None or key in grid.scores:
                continue
            cells[key] = suggestion.suggested
            if name not in names:
                names.append(name)
    return Fillable(scorer, cells, tuple(names))


def fillable(ws: Workspace, session_id: int, scorer_id: int, branch_id: int | None = None) -> Fillable:
    """The empty cells of `scorer_id` (for one branch, or all: None) that have a suggestion."""
    with ws.read():
        return _fillable(ws, session_id, scorer_id, branch_id)


def _open_for(session: Session, session_id: int, scorer_id: int) -> None:
    row = session.get(ScoringSession, session_id)
    if row is None:
        raise NotFoundError("该评分会已不存在。")
    if row.status == FINALIZED:
        raise BranchdeskError("评分会已确认锁定，不能再采用或确认建议分。")
    held.refuse_held_scorer(session, session_id, scorer_id)


def adopt(ws: Workspace, session_id: int, scorer_id: int, branch_id: int | None = None) -> dict[Key, float]:
    """Fill the cells `fillable` names, as they are now (a cell typed meanwhile keeps its score), in
    one unit; returns the cells filled with their scores, each marked as a suggestion."""
    with ws.write() as session:
        _open_for(session, session_id, scorer_id)
        cells = _fillable(ws, session_id, scorer_id, branch_id).cells
        session.add_all(Score(session_id=session_id, scorer_id=s, branch_id=b, item_id=i, points=points, suggested=True)
                        for (s, b, i), points in cells.items())
        return cells


def confirm(ws: Workspace, session_id: int, scorer_id: int, branch_id: int | None = None) -> list[Key]:
    """The scorer keeps the suggested scores as they are (for one branch, or all): the marks go.
    Returns the cells confirmed."""
    with ws.write() as session:
        _open_for(session, session_id, scorer_id)
        query = select(Score).where(Score.session_id == session_id, Score.scorer_id == scorer_id, Score.suggested.is_(True))
        if branch_id is not None:
            query = query.where(Score.branch_id == branch_id)
        confirmed = []
        for score in session.scalars(query):
            score.suggested = False
            confirmed.append((score.scorer_id, score.branch_id, score.item_id))
        return confirmed


def pending(ws: Workspace, session_id: int) -> list[tuple[str, str]]:
    """(scorer, branch) whose suggested scores are not confirmed yet, in the grid's order."""
    with ws.read() as session:
        return scoring.pending_suggestions(session, session_id)

