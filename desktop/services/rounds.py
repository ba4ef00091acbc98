"""动态调整管理 (seed §四(四)): each branch's latest 评定 and whether a re-election ended it
(desktop.rules.rounds), read inside the caller's unit for the registry, `check`, the 支部档案, the
plan and the honours."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop.models import WorkflowStep
from desktop.rules.rewards import YearStep
from desktop.rules.rounds import NO_RATING, RATING_STATES, Rating, Round, round_of, year_rating
from desktop.rules.workflow import PASS

_COLUMNS = (WorkflowStep.branch_id, WorkflowStep.year, WorkflowStep.state, WorkflowStep.outcome, WorkflowStep.on_date)


def _rated(rows) -> dict[tuple[int, int], Rating | None]:
    """Rows (branch, year, state, outcome, on_date) ordered by branch, year, date: each (branch,
    year)'s rating, or None."""
    found: dict[tuple[int, int], list[YearStep]] = {}
    for branch_id, year, state, outcome, on_date in rows:
        found.setdefault((branch_id, year), []).append(YearStep(state, outcome, on_date))
    return {key: year_rating(key[1], steps) for key, steps in found.items()}


def _ordered(query):
    query = query.where(WorkflowStep.state.in_(RATING_STATES))
    return query.order_by(WorkflowStep.branch_id, WorkflowStep.year, WorkflowStep.on_date, WorkflowStep.id)


def year_ratings(session: Session, year: int, branch_ids: Iterable[int]) -> dict[int, Rating]:
    """The rating `year` gave each of `branch_ids` that it rated."""
    rows = session.execute(_ordered(select(*_COLUMNS).where(WorkflowStep.year == year,
                                                            WorkflowStep.branch_id.in_(list(branch_ids))))).all()
    return {key[0]: rating for key, rating in _rated(rows).items() if rating is not None}


def latest_ratings(session: Session, as_of: date) -> dict[int, Rating]:
    """Per branch: its latest rating dated on or before `as_of`."""
    day = WorkflowStep.on_date <= as_of
    # Every rating has a passed 区委验收: read only each branch's latest year with one (a tenth of a
    # district's ten years of steps), and the whole history only of the few whose latest such year
    # ended unrated (standardization revoked, or applied for again after it). The latest years are
    # found in Python: a GROUP BY branch would walk the branch index and read every step's row.
    latest: dict[int, int] = {}
    for branch_id, step_year in session.execute(select(WorkflowStep.branch_id, WorkflowStep.year)
                                                .where(day, WorkflowStep.state == "accepted", WorkflowStep.outcome == PASS)):
        if step_year > latest.get(branch_id, 0):
            latest[branch_id] = step_year
    by_year: dict[int, list[int]] = {}
    for branch_id, step_year in latest.items():
        by_year.setdefault(step_year, []).append(branch_id)
    ratings: dict[int, Rating] = {}
    if not by_year:
        return ratings
    chosen = or_(*((WorkflowStep.year == y) & WorkflowStep.branch_id.in_(ids) for y, ids in by_year.items()))
    unrated = set()
    for (branch_id, _year), rating in _rated(session.execute(_ordered(select(*_COLUMNS).where(day, chosen)))).items():
        if rating is None:
            unrated.add(branch_id)
        else:
            ratings[branch_id] = rating
    if unrated:
        rows = session.execute(_ordered(select(*_COLUMNS).where(day, WorkflowStep.branch_id.in_(unrated)))).all()
        for (branch_id, _year), rating in _rated(rows).items():  # years in order: the last rated one stays
            if rating is not None:
                ratings[branch_id] = rating
    return ratings


def branch_rounds(session: Session, as_of: date, elections: Iterable[tuple[int, date | None]]) -> dict[int, Round]:
    """`elections`: (branch id, its current term's election date) of the branches wanted."""
    ratings = latest_ratings(session, as_of)
    rounds = {branch_id: NO_RATING if branch_id not in ratings else round_of(ratings[branch_id], elected_on, as_of)
              for branch_id, elected_on in elections}
    ended = [branch_id for branch_id, r in rounds.items() if r.ended]
    if ended:  # has a step been recorded since the re-election? (asked only of the few re-elected)
        last_step = dict(session.execute(select(WorkflowStep.branch_id, func.max(WorkflowStep.on_date))
                                         .where(WorkflowStep.on_date <= as_of, WorkflowStep.branch_id.in_(ended))
                                         .group_by(WorkflowStep.branch_id)).all())
        for branch_id in ended:
            r = rounds[branch_id]
            rounds[branch_id] = round_of(r.rating, r.re_elected_on, as_of, last_step.get(branch_id))
    return rounds
