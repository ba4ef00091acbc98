"""动态调整管理 (seed §四(四)): each branch's latest 评定 and whether a re-election ended it
(desktop.rules.rounds), read inside the caller's unit for the registry, `check`, the 支部档案, the
plan and the honours."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import WorkflowStep
from desktop.rules.rewards import YearStep
from desktop.rules.rounds import NO_RATING, Rating, Round, round_of, year_rating


def latest_ratings(session: Session, as_of: date, year: int | None = None) -> tuple[dict[int, Rating], dict[int, date]]:
    """Per branch: its latest rating dated on or before `as_of` (of `year` only, when given), and
    its latest step's date."""
    # Plain rows, as services.workflow.standing reads them: a Core select is not filtered by the
    # seam, so deleted steps are left out here.
    query = (select(WorkflowStep.branch_id, WorkflowStep.year, WorkflowStep.state, WorkflowStep.outcome,
                    WorkflowStep.on_date)
             .where(WorkflowStep.on_date <= as_of, WorkflowStep.deleted_at.is_(None))
             .order_by(WorkflowStep.branch_id, WorkflowStep.year, WorkflowStep.on_date, WorkflowStep.id))
    if year is not None:
        query = query.where(WorkflowStep.year == year)
    rows = session.connection().execute(query).all()
    ratings: dict[int, Rating] = {}
    last_step: dict[int, date] = {}
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index][:2] != rows[start][:2]:
            branch_id, year = rows[start][0], rows[start][1]
            group = rows[start:index]
            rating = year_rating(year, [YearStep(r[2], r[3], r[4]) for r in group])
            if rating is not None:
                ratings[branch_id] = rating  # years come in order: the last one found is the latest
            last = group[-1][4]
            if branch_id not in last_step or last > last_step[branch_id]:
                last_step[branch_id] = last
            start = index
    return ratings, last_step


def branch_rounds(session: Session, as_of: date, elections: Iterable[tuple[int, date | None]]) -> dict[int, Round]:
    """`elections`: (branch id, its current term's election date) of the branches wanted."""
    ratings, last_step = latest_ratings(session, as_of)
    result = {}
    for branch_id, elected_on in elections:
        rating = ratings.get(branch_id)
        result[branch_id] = NO_RATING if rating is None else round_of(rating, elected_on, as_of, last_step.get(branch_id))
    return result
