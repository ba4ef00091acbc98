"""What the office may not change while a part of a session is on a laptop.

A check-out holds its scorers' cells of its session and, when it carries them, the 四评 tallies of
the session's branches for its year. Every office write that could touch them asks here first:
the grid's autosave, the tally page, the Excel imports, finalizing or deleting the session, and
editing the year's rubric (the laptop scores against the items it was given). Only open
check-outs hold anything; a merged or cancelled one holds nothing. A laptop database has no
check-outs of its own, so nothing is held there.

The other way round, a session opened on a laptop from a scoring package is the office's: only the
office locks it (after the laptop's scores are merged back) or deletes it.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError
from desktop.models import Checkout, LaptopPackage, ScoringSession, SessionBranch, SessionScorer
from desktop.models.checkout import OPEN
from desktop.store.workspace import local_time


class HeldError(BranchdeskError):
    """The office tried to change what a laptop holds; nothing was written."""


class OfficeOnlyError(BranchdeskError):
    """A laptop tried what only the office does to a session (lock it, delete it); nothing was written."""


# What the laptop says where the office would lock or delete: the refusal, and the buttons' tooltip.
FINALIZE_ON_LAPTOP = "在笔记本上不能确认锁定：请导出评分结果带回办公室，合并后在办公室确认锁定"
DELETE_ON_LAPTOP = "在笔记本上不能删除评分会：评分会属于办公室，请在办公室删除"


def scorer_uuids(checkout: Checkout) -> list[str]:
    return list(json.loads(checkout.scorers))


def where_it_is(checkout: Checkout) -> str:
    left = local_time(checkout.left_at)
    when = f"{left:%Y-%m-%d %H:%M}" if left else "（时间不明）"
    return f"已于 {when} 带出到笔记本（文件“{checkout.file_name}”）"


def _until() -> str:
    return "在该文件带回合并或取消带出之前，办公室不能修改。"


def open_checkouts(session: Session, session_id: int) -> list[Checkout]:
    return list(session.scalars(select(Checkout).where(Checkout.session_id == session_id, Checkout.state == OPEN)
                                .order_by(Checkout.id)))


def holder_of_scorers(session: Session, session_id: int, uuids: set[str], but: int | None = None) -> Checkout | None:
    """The open check-out (other than `but`) holding any of these scorers, or None."""
    for checkout in open_checkouts(session, session_id):
        if checkout.id != but and uuids & set(scorer_uuids(checkout)):
            return checkout
    return None


def refuse_held_scorer(session: Session, session_id: int, scorer_id: int) -> None:
    scorer = session.get(SessionScorer, scorer_id)
    if scorer is None:
        return
    holder = holder_of_scorers(session, session_id, {scorer.uuid})
    if holder is not None:
        raise HeldError(f"评委“{scorer.name}”的评分{where_it_is(holder)}，{_until()}")


def held_scorer_ids(session: Session, session_id: int) -> dict[int, Checkout]:
    """{scorer id: the open check-out holding it} for a whole session (the imports check many rows)."""
    held: dict[int, Checkout] = {}
    checkouts = open_checkouts(session, session_id)
    if not checkouts:
        return held
    ids = dict(session.execute(select(SessionScorer.uuid, SessionScorer.id).where(SessionScorer.session_id == session_id)).all())
    for checkout in checkouts:
        for scorer in scorer_uuids(checkout):
            if scorer in ids:
                held[ids[scorer]] = checkout
    return held


def tallies_holder(session: Session, branch_id: int, year: int, but: int | None = None) -> Checkout | None:
    """The open check-out carrying the year's tallies of a session that includes this branch."""
    query = (select(Checkout).join(ScoringSession, ScoringSession.id == Checkout.session_id)
             .join(SessionBranch, SessionBranch.session_id == Checkout.session_id)
             .where(Checkout.state == OPEN, Checkout.tallies.is_(True), ScoringSession.year == year,
                    SessionBranch.branch_id == branch_id))
    return next((c for c in session.scalars(query) if c.id != but), None)


def held_tally_branches(session: Session, year: int, but: int | None = None) -> dict[int, Checkout]:
    """{branch id: the open check-out (other than `but`) carrying its tallies of `year`}."""
    query = (select(SessionBranch.branch_id, Checkout).join(Checkout, Checkout.session_id == SessionBranch.session_id)
             .join(ScoringSession, ScoringSession.id == Checkout.session_id)
             .where(Checkout.state == OPEN, Checkout.tallies.is_(True), ScoringSession.year == year))
    if but is not None:
        query = query.where(Checkout.id != but)
    return {branch_id: checkout for branch_id, checkout in session.execute(query).all()}


def refuse_held_tallies(session: Session, branch_id: int, year: int) -> None:
    holder = tallies_holder(session, branch_id, year)
    if holder is not None:
        raise HeldError(f"该支部 {year} 年的四评录入{where_it_is(holder)}，{_until()}")


def refuse_session_out(session: Session, session_id: int, doing: str) -> None:
    checkouts = open_checkouts(session, session_id)
    if checkouts:
        raise HeldError(f"该评分会有评分{where_it_is(checkouts[0])}，不能{doing}。请先把评分带回合并，或取消带出。")


def opened_from_package(session: Session, session_id: int) -> bool:
    """True on a laptop, for a session this database has from a scoring package."""
    return session.scalar(select(LaptopPackage.id).where(LaptopPackage.session_id == session_id).limit(1)) is not None


def refuse_on_laptop(session: Session, session_id: int, refusal: str) -> None:
    if opened_from_package(session, session_id):
        raise OfficeOnlyError(f"{refusal}。未做任何改动。")


def refuse_year_out(session: Session, year: int) -> None:
    query = (select(Checkout).join(ScoringSession, ScoringSession.id == Checkout.session_id)
             .where(Checkout.state == OPEN, ScoringSession.year == year).order_by(Checkout.id).limit(1))
    checkout = session.scalar(query)
    if checkout is not None:
        raise HeldError(f"{year} 年有评分{where_it_is(checkout)}，笔记本正按现在的考评细则打分，不能修改细则。"
                        "请先把评分带回合并，或取消带出。")
