"""评分记录表 per scorer: the scores one scorer typed in one scoring session, gathered for the
printed sheet (paper/score_record.py). Named by the session's UUID and the scorer's name, which a
print record keeps, so `verify-paper` rebuilds the same rows later."""

from __future__ import annotations

from typing import Any

from desktop.errors import BranchdeskError, NotFoundError
from desktop.paper.layout import GBT9704_LANDSCAPE, layout_sections
from desktop.paper.score_record import ScorerRow, score_record_sheet
from desktop.paper.sheets import fingerprint
from desktop.services import scoring
from desktop.services.paper import Built
from desktop.store.workspace import Workspace


def session_ref(ws: Workspace, ref: str) -> str:
    """The UUID of a session named by its UUID or its exact title (the command line's --session)."""
    session_id = scoring.find_session(ws, ref)
    return next(s.uuid for s in scoring.list_sessions(ws) if s.id == session_id)


def build(ws: Workspace, params: dict[str, Any]) -> Built:
    year, scorer = params["year"], params["scorer"]
    grid = scoring.load_grid(ws, scoring.find_session(ws, params["session"]))
    info = grid.session
    if info.year != year:
        raise BranchdeskError(f"评分会“{info.title}”是 {info.year} 年度的，不是 {year} 年度。")
    scorer_id = next((i for i, name in grid.scorers if name == scorer), None)
    if scorer_id is None:
        raise NotFoundError(f"评分会“{info.title}”中没有评委“{scorer}”。可选：" + "、".join(n for _i, n in grid.scorers))
    items = [(i.id, i) for i in grid.rubric.items if i.id is not None]  # a session's rubric is saved
    rows = [ScorerRow(name, tuple(grid.scores.get((scorer_id, b, i)) for i, _item in items),
                      frozenset(n for n, (i, _item) in enumerate(items) if (scorer_id, b, i) in grid.suggested))
            for b, name in grid.branches]
    sheet = score_record_sheet(year, info.title, info.held_on, scorer, [(i.item_name, i.max_points) for _id, i in items], rows)
    subject = f"{info.title}，评分人 {scorer}"
    return Built(sheet.title, subject, fingerprint([sheet.fingerprint(), info.uuid, info.held_on, scorer, sheet.subtitle]),
                 lambda: layout_sections([sheet.section()], GBT9704_LANDSCAPE), sheet, GBT9704_LANDSCAPE)

