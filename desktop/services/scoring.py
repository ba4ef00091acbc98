"""Scoring sessions (评分会): create, load the grid once, save every typed cell at once, finalize.

`save_score` is the autosave path: one short transaction per cell, committed (SQLite FULL sync)
before it returns, so a score the grid shows as saved survives a kill or a power cut. Given the score
the grid showed, it refuses to overwrite a score changed elsewhere since (ScoreChanged).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.errors import BranchdeskError, NotFoundError, StaleError, ValidationError
from desktop.models import Branch, RubricItem, Score, ScoreChange, ScoringSession, SessionBranch, SessionScorer
from desktop.models.scoring import FINALIZED, OPEN
from desktop.rules.collation import branch_order_key
from desktop.rules.scoring import point_problem, suggestions_refusal
from desktop.services import held
from desktop.services import rubric as rubrics
from desktop.services.session import is_unique_violation
from desktop.store import changelog
from desktop.store.workspace import Workspace, local_time

Key = tuple[int, int, int]  # (scorer_id, branch_id, item_id)
UNCHECKED = object()  # save_score's `shown` when the caller showed no score to compare with


class ScoreChanged(StaleError):
    """A cell's score was changed elsewhere (another window or computer on this file) since the grid
    showed it; nothing was written. `stored` is the score now (None: no score)."""

    def __init__(self, stored: float | None):
        now = "清空" if stored is None else f"改为 {stored:g} 分"
        super().__init__(f"该项分数在您打开之后已在别处{now}（另一个窗口或另一台电脑），本次没有保存")
        self.stored = stored


@dataclass(frozen=True)
class SessionInfo:
    id: int
    year: int
    title: str
    held_on: date
    status: str
    finalized_at: datetime | None
    finalized_by: str | None
    branches: int
    scorers: int
    uuid: str = ""
    on_laptop: bool = False  # opened here from a scoring package: locked and deleted at the office only

    @property
    def finalized(self) -> bool:
        return self.status == FINALIZED


@dataclass
class Grid:
    """Everything a scoring grid shows, loaded in one go."""

    session: SessionInfo
    rubric: rubrics.RubricView
    scorers: list[tuple[int, str]]
    branches: list[tuple[int, str]]
    scores: dict[Key, float] = field(default_factory=dict)
    suggested: set[Key] = field(default_factory=set)  # filled in from the ledger, not yet confirmed


def _info(session: Session, row: ScoringSession) -> SessionInfo:
    branches, scorers = (session.execute(select(func.count()).select_from(model).where(model.session_id == row.id)).scalar_one()
                         for model in (SessionBranch, SessionScorer))
    return SessionInfo(row.id, row.year, row.title, row.held_on, row.status, local_time(row.finalized_at),
                       row.finalized_by, branches, scorers, row.uuid, held.opened_from_package(session, row.id))


def create_session(ws: Workspace, year: int, title: str, held_on: date, branch_ids: list[int],
                   scorers: list[str]) -> int:
    names = [n.strip() for n in scorers if n and n.strip()]
    problems = {}
    if not title.strip():
        problems["title"] = "请填写评分会名称"
    if not names:
        problems["scorers"] = "请至少填写一名评委"
    elif len(set(names)) != len(names):
        problems["scorers"] = "评委姓名重复"
    if not branch_ids:
        problems["branches"] = "请至少选择一个支部"
    if problems:
        raise ValidationError(problems)
    with ws.write() as session:
        rubrics.ensure_in(session, year)
        row = ScoringSession(year=year, title=title.strip(), held_on=held_on, status=OPEN)
        session.add(row)
        session.flush()
        session.add_all(SessionScorer(session_id=row.id, name=n, position=i) for i, n in enumerate(names))
        # The branches in the one order of names, however they were picked: the grid, the laptop's
        # copy and the score templates all list a session's branches by this position.
        wanted = list(dict.fromkeys(branch_ids))
        named = dict(session.execute(select(Branch.id, Branch.name).where(Branch.id.in_(wanted))).all())
        ordered = sorted(wanted, key=lambda b: branch_order_key(named.get(b, "")))
        session.add_all(SessionBranch(session_id=row.id, branch_id=b, position=i) for i, b in enumerate(ordered))
        return row.id


def list_sessions(ws: Workspace, year: int | None = None) -> list[SessionInfo]:
    with ws.read() as session:
        query = select(ScoringSession).order_by(ScoringSession.held_on.desc(), ScoringSession.id.desc())
        if year is not None:
            query = query.where(ScoringSession.year == year)
        return [_info(session, row) for row in session.scalars(query)]


def find_session(ws: Workspace, ref: str) -> int:
    """A session named by its UUID or its exact title (the command line's SESSION)."""
    ref = (ref or "").strip()
    with ws.read() as session:
        rows = list(session.scalars(select(ScoringSession).where((ScoringSession.uuid == ref) | (ScoringSession.title == ref))))
    if not rows:
        raise NotFoundError(f"找不到评分会“{ref}”（按 UUID 或完整名称查找）。可用 session list --year 年度 查看。")
    if len(rows) > 1:
        raise BranchdeskError(f"有 {len(rows)} 个评分会名为“{ref}”，请改用 UUID：" + "、".join(r.uuid for r in rows))
    return rows[0].id


def _session(session: Session, session_id: int) -> ScoringSession:
    row = session.get(ScoringSession, session_id)
    if row is None:
        raise NotFoundError("该评分会已不存在。")
    return row


def load_grid(ws: Workspace, session_id: int) -> Grid:
    with ws.read() as session:
        row = _session(session, session_id)
        info = _info(session, row)
        stored = rubrics.load(session, row.year)
        assert stored is not None, "a session's rubric is made with it (create_session) and locked while it is used"
        rubric = rubrics.view_of(stored, True)
        scorers = session.execute(select(SessionScorer.id, SessionScorer.name)
                                  .where(SessionScorer.session_id == session_id).order_by(SessionScorer.position)).all()
        branches = session.execute(select(Branch.id, Branch.name).join(SessionBranch, SessionBranch.branch_id == Branch.id)
                                   .where(SessionBranch.session_id == session_id).order_by(SessionBranch.position)).all()
        cells = session.execute(select(Score.scorer_id, Score.branch_id, Score.item_id, Score.points, Score.suggested)
                                .where(Score.session_id == session_id)).all()
    scores = {(s, b, i): p for s, b, i, p, _mark in cells}
    suggested = {(s, b, i) for s, b, i, _p, mark in cells if mark}
    return Grid(info, rubric, [(i, name) for i, name in scorers], [(i, name) for i, name in branches], scores, suggested)


def _max_points(session: Session, session_id: int, item_id: int) -> float:
    value = session.scalar(select(RubricItem.max_points).where(RubricItem.id == item_id))
    if value is None:
        raise NotFoundError("考评细则中没有该项目。")
    return value


def _cell(session_id: int, key: Key) -> tuple:
    scorer_id, branch_id, item_id = key
    return (Score.session_id == session_id, Score.scorer_id == scorer_id, Score.branch_id == branch_id,
            Score.item_id == item_id)


def check_shown(ws: Workspace, session_id: int, key: Key, shown: float | None) -> None:
    """ScoreChanged when the cell's stored score is not `shown` (None: empty): checked before a
    locked session's change is explained, so the reason is given for the score that is stored."""
    with ws.read() as session:
        stored = session.scalar(select(Score.points).where(*_cell(session_id, key)))
    if stored != shown:
        raise ScoreChanged(stored)


def save_score(ws: Workspace, session_id: int, key: Key, points: float | None, *,
               changed_by: str | None = None, reason: str | None = None, shown=UNCHECKED) -> None:
    """Store (or clear, with None) one cell. After finalizing, a reason and who are required and
    the change is recorded in score_change. Returns once the write is committed. `shown` is the
    score the grid showed in the cell (None: empty): when the stored one is another, ScoreChanged."""
    # The version check (UPDATE ... WHERE version = the one read) and the live-cell unique index
    # refuse a write that slipped in between this read and this write, from any computer.
    try:
        _save_cell(ws, session_id, key, points, changed_by, reason, shown)
    except StaleDataError:
        raise ScoreChanged(_stored_now(ws, session_id, key)) from None
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        raise ScoreChanged(_stored_now(ws, session_id, key)) from None


def _save_cell(ws: Workspace, session_id: int, key: Key, points: float | None,
               changed_by: str | None, reason: str | None, shown) -> None:
    scorer_id, branch_id, item_id = key
    with ws.write() as session:
        row = _session(session, session_id)
        held.refuse_held_scorer(session, session_id, scorer_id)
        if points is not None:
            problem = point_problem(points, _max_points(session, session_id, item_id))
            if problem:
                raise ValidationError({"points": problem})
        where = _cell(session_id, key)
        old = session.scalar(select(Score).where(*where))
        stored = None if old is None else old.points
        if stored == points:
            if old is not None and old.suggested:
                old.suggested = False  # the scorer typed the suggested score: now it is theirs
            return  # nothing else to write (and nothing to explain after finalizing)
        if shown is not UNCHECKED and stored != shown:
            raise ScoreChanged(stored)
        if row.status == FINALIZED:
            if not (reason or "").strip() or not (changed_by or "").strip():
                raise ValidationError({"reason": "评分会已确认锁定，修改分数须填写原因和修改人"})
            session.add(ScoreChange(
                session_id=session_id, scorer_id=scorer_id, branch_id=branch_id, item_id=item_id,
                old_points=stored, new_points=points,
                reason=(reason or "").strip(), changed_by=(changed_by or "").strip(), changed_at=ws.now()))
        if points is None:
            changelog.delete(session, old)
        elif old is None:
            session.add(Score(session_id=session_id, scorer_id=scorer_id, branch_id=branch_id, item_id=item_id, points=points))
        else:
            old.points, old.suggested = points, False


def pending_suggestions(session: Session, session_id: int, scorer_ids: list[int] | None = None) -> list[tuple[str, str]]:
    """(scorer, branch) with scores filled in from the ledger and not yet confirmed, in the grid's order."""
    query = (select(SessionScorer.name, Branch.name).select_from(Score)
             .join(SessionScorer, SessionScorer.id == Score.scorer_id).join(Branch, Branch.id == Score.branch_id)
             .join(SessionBranch, (SessionBranch.session_id == Score.session_id) & (SessionBranch.branch_id == Score.branch_id))
             .where(Score.session_id == session_id, Score.suggested.is_(True))
             .order_by(SessionScorer.position, SessionBranch.position))
    if scorer_ids is not None:
        query = query.where(Score.scorer_id.in_(scorer_ids))
    return list(dict.fromkeys((scorer, branch) for scorer, branch in session.execute(query)))


def refuse_pending_suggestions(session: Session, session_id: int, doing: str, scorer_ids: list[int] | None = None) -> None:
    """Locking a session, or taking its scores to or from a laptop, waits for the scorers' own word
    on every suggested score (rules.scoring.suggestions_refusal)."""
    refusal = suggestions_refusal(doing, pending_suggestions(session, session_id, scorer_ids))
    if refusal:
        raise BranchdeskError(refusal)


def _stored_now(ws: Workspace, session_id: int, key: Key) -> float | None:
    with ws.read() as session:
        return session.scalar(select(Score.points).where(*_cell(session_id, key)))


def empty_cells(ws: Workspace, session_id: int) -> int:
    """Cells of the session's grid (items × scorers × branches) with no score yet."""
    with ws.read() as session:
        row = _session(session, session_id)
        info = _info(session, row)
        rubric = rubrics.load(session, row.year)
        items = len(rubric.items) if rubric else 0
        scored = session.scalar(select(func.count(Score.id)).where(Score.session_id == session_id)) or 0
    return max(items * info.scorers * info.branches - scored, 0)


def finalize(ws: Workspace, session_id: int, by: str) -> None:
    if not (by or "").strip():
        raise ValidationError({"by": "请填写确认人"})
    with ws.write() as session:
        row = _session(session, session_id)
        if row.status == FINALIZED:
            raise BranchdeskError("该评分会已经确认锁定。")
        held.refuse_on_laptop(session, session_id, held.FINALIZE_ON_LAPTOP)
        held.refuse_session_out(session, session_id, "确认锁定")
        refuse_pending_suggestions(session, session_id, "确认锁定")
        row.status, row.finalized_at, row.finalized_by = FINALIZED, ws.now(), by.strip()


def delete_session(ws: Workspace, session_id: int) -> None:
    """Delete a session that is still open, with its scores (a finalized one is history: kept)."""
    with ws.write() as session:
        row = _session(session, session_id)
        if row.status == FINALIZED:
            raise BranchdeskError("已确认锁定的评分会是考评记录，不能删除。")
        held.refuse_on_laptop(session, session_id, held.DELETE_ON_LAPTOP)
        held.refuse_session_out(session, session_id, "删除")
        for child in (Score, SessionScorer, SessionBranch):
            for record in session.scalars(select(child).where(child.session_id == session_id)):
                changelog.delete(session, record)
        changelog.delete(session, row)


@dataclass(frozen=True)
class ChangeView:
    scorer: str
    branch: str
    item: str
    old_points: float | None
    new_points: float | None
    reason: str
    changed_by: str
    changed_at: datetime


def changes(ws: Workspace, session_id: int) -> list[ChangeView]:
    with ws.read() as session:
        rows = session.execute(
            select(SessionScorer.name, Branch.name, RubricItem.item_name, ScoreChange.old_points, ScoreChange.new_points,
                   ScoreChange.reason, ScoreChange.changed_by, ScoreChange.changed_at)
            .join(SessionScorer, SessionScorer.id == ScoreChange.scorer_id)
            .join(Branch, Branch.id == ScoreChange.branch_id)
            .join(RubricItem, RubricItem.id == ScoreChange.item_id)
            .where(ScoreChange.session_id == session_id).order_by(ScoreChange.id)
        ).all()
    return [ChangeView(*row[:-1], local_time(row[-1])) for row in rows]
