"""排查 (screening) of 软弱涣散 branches from the ledgers: every active branch's computed grounds for
a year and an as-of date, with the evidence behind each (desktop.rules.weak).

Five set-based queries — the branches, the months with any meeting in the twelve-month window, the
year's public tallies and review grades, its 街道考评 steps, the year's thresholds — then the pure
rules per branch: a district's 2,000 branches are screened in a fraction of a second
(scripts/bench_weak.py). `check` lists the same grounds through `weak_finder`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Branch, Evaluation, Meeting, WorkflowStep
from desktop.rules.collation import in_branch_order
from desktop.rules.weak import Ground, ScreeningFacts, Thresholds, window
from desktop.rules.weak import screen as screen_branch
from desktop.services.weak_rules import thresholds_in
from desktop.store.workspace import Workspace


@dataclass(frozen=True)
class Candidate:
    branch_id: int
    name: str
    grounds: tuple[Ground, ...]

    def as_json(self) -> dict:
        return {"name": self.name, "grounds": [g.as_json() for g in self.grounds]}


@dataclass(frozen=True)
class Screening:
    year: int
    as_of: date
    thresholds: Thresholds
    candidates: tuple[Candidate, ...]  # only branches with at least one ground, by name

    def as_json(self) -> dict:
        return {"year": self.year, "as_of": self.as_of.isoformat(), "candidates": [c.as_json() for c in self.candidates]}


def _window_bounds(as_of: date) -> tuple[date, date]:
    (first_year, first_month0), (last_year, last_month0) = window(as_of)[0], window(as_of)[-1]
    after = date(last_year + (last_month0 + 1) // 12, (last_month0 + 1) % 12 + 1, 1)
    return date(first_year, first_month0 + 1, 1), date.fromordinal(after.toordinal() - 1)


def _held_months(session: Session, as_of: date, branch_ids: list[int] | None) -> dict[int, set[str]]:
    """The months of the window (the as-of month whole) in which each branch held any meeting."""
    start, end = _window_bounds(as_of)
    query = select(Meeting.branch_id, Meeting.held_month).where(Meeting.held_on.between(start, end)).distinct()
    if branch_ids is not None:
        query = query.where(Meeting.branch_id.in_(branch_ids))
    held: dict[int, set[str]] = defaultdict(set)
    for branch_id, month in session.execute(query):
        held[branch_id].add(month)
    return held


def _failed_assessments(session: Session, year: int, as_of: date) -> dict[int, date]:
    """Branches whose latest 街道考评 of the year, by the as-of date, failed: the day it did."""
    rows = session.execute(
        select(WorkflowStep.branch_id, WorkflowStep.outcome, WorkflowStep.on_date)
        .where(WorkflowStep.year == year, WorkflowStep.state == "assessed", WorkflowStep.on_date <= as_of)
        .order_by(WorkflowStep.branch_id, WorkflowStep.on_date, WorkflowStep.id)
    ).all()
    latest = {branch_id: (outcome, on_date) for branch_id, outcome, on_date in rows}
    return {b: on_date for b, (outcome, on_date) in latest.items() if outcome == "fail"}


def screen_in(session: Session, year: int, as_of: date, branch_ids: list[int] | None = None) -> dict[int, tuple[str, list[Ground]]]:
    """(name, grounds) of every active branch (or of `branch_ids`), grounds possibly empty."""
    thresholds = thresholds_in(session, year)
    query = select(Branch.id, Branch.name, Branch.established_on, Branch.secretary_vacant_since, Branch.elected_on,
                   Branch.term_years).where(Branch.archived_at.is_(None))
    if branch_ids is not None:
        query = query.where(Branch.id.in_(branch_ids))
    branches = in_branch_order(session.execute(query))
    held = _held_months(session, as_of, branch_ids)
    tallies = {row[0]: row[1:] for row in session.execute(
        select(Evaluation.branch_id, Evaluation.public_satisfied, Evaluation.public_basic, Evaluation.public_dissatisfied,
               Evaluation.review_grade).where(Evaluation.year == year))}
    failed = _failed_assessments(session, year, as_of)
    result = {}
    for branch_id, name, established, vacant, elected, term in branches:
        satisfied, basic, dissatisfied, grade = tallies.get(branch_id, (None, None, None, None))
        facts = ScreeningFacts(established, frozenset(held.get(branch_id, ())), vacant, elected, term, satisfied, basic,
                               dissatisfied, grade, failed.get(branch_id))
        result[branch_id] = (name, screen_branch(facts, year, as_of, thresholds))
    return result


def screen(ws: Workspace, year: int, as_of: date, branch_ids: list[int] | None = None) -> Screening:
    """The year's candidates: branches with at least one computed ground, by name."""
    with ws.read() as session:
        found = screen_in(session, year, as_of, branch_ids)
        thresholds = thresholds_in(session, year)
    candidates = tuple(Candidate(b, name, tuple(grounds)) for b, (name, grounds) in found.items() if grounds)
    return Screening(year, as_of, thresholds, candidates)


def computed_grounds(ws: Workspace, branch_id: int, year: int, as_of: date) -> list[str]:
    """The codes a new case of this branch is prefilled with."""
    with ws.read() as session:
        found = screen_in(session, year, as_of, [branch_id])
    return [g.code for g in found.get(branch_id, ("", []))[1]]


def weak_finder(session: Session, year: int, as_of: date) -> dict[int, list[dict]]:
    """`check` findings: one per computed ground, with its code, message and evidence."""
    return {b: [g.as_json() for g in grounds] for b, (_name, grounds) in screen_in(session, year, as_of).items()}
