"""Results of a year (考评结果): per branch the four scores, the composite, meets-standard,
最强 eligibility with what bars it (the workflow's verdict and an open 软弱涣散 case included), and
the workflow standing.
A handful of set-based queries, then pure rules: fast enough for a district (2,000 branches) in
well under 2 s.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from desktop.models import Branch, Complaint, DepartmentFeedback, Evaluation, Rubric, RubricItem, Score, ScoringSession, WorkflowStep
from desktop.rules import scoring
from desktop.rules.collation import in_branch_order
from desktop.rules.eligibility import StrongestFacts, strongest_bars
from desktop.rules.rubric import DEFAULT_PASS_LINE
from desktop.rules.workflow import StandingFacts, fold, standardized_verdict, state_label
from desktop.services.tallies import COUNT_COLUMNS
from desktop.services.weak_cases import open_at_year_end
from desktop.store.workspace import Workspace


@dataclass(frozen=True)
class BranchResult:
    branch_id: int
    name: str
    branch_kind: str
    org: float | None
    member: float | None
    public: float | None
    social: float | None
    composite: float | None
    meets_standard: bool | None
    strongest_eligible: bool
    strongest_bars: tuple[str, ...]
    state: str
    standardized: bool
    strongest_level: str | None
    revoked: bool
    review_grade: str | None = None
    has_data: bool = False  # any tally, score or workflow step this year
    veto: str | None = None
    outcome: str | None = None  # of the latest workflow step: a failed 验收 is not 已验收
    state_label: str = ""  # the state as shown everywhere (desktop.rules.workflow.state_label)
    # The workflow's verdict: True accepted, False failed or revoked, None not yet accepted.
    standardized_verdict: bool | None = None
    revoked_on: date | None = None  # the year's latest 撤销, with its reason
    revoked_reason: str | None = None


def _org_scores(session: Session, year: int, drop_extremes: bool) -> dict[int, float]:
    """Mean total of the complete scorers per branch, from the latest session (by date) with at least
    one complete scorer for the branch. A scorer is complete for a branch after scoring every rubric
    item of the year (a suggested score not yet confirmed is not theirs yet); a half-typed row
    would otherwise count its empty cells as 0."""
    held_on = dict(session.execute(select(ScoringSession.id, ScoringSession.held_on).where(ScoringSession.year == year)).all())
    items = session.scalar(select(func.count(RubricItem.id)).join(Rubric).where(Rubric.year == year)) or 0
    # Grouped in the order of the (session, scorer, branch, item) unique index and without a join,
    # SQLite aggregates straight off the index: 5x faster than grouping by the session date too.
    # The count rides on the same aggregate, so completeness costs no second pass.
    rows = session.execute(
        select(Score.session_id, Score.scorer_id, Score.branch_id, func.sum(Score.points), func.count(Score.points),
               func.sum(case((Score.suggested.is_(True), 1), else_=0)))
        .where(Score.session_id.in_(list(held_on)))
        .group_by(Score.session_id, Score.scorer_id, Score.branch_id)
    ).all()
    latest: dict[int, tuple] = {}
    totals: dict[tuple[int, int], list[float]] = defaultdict(list)
    for session_id, _scorer, branch_id, total, scored, suggested in rows:
        # A score only suggested by the ledger is not yet the scorer's judgment (rules.scoring).
        if not scoring.scorer_complete(scoring.confirmed_count(scored, suggested or 0), items):
            continue
        totals[(session_id, branch_id)].append(total)
        key = (held_on[session_id], session_id)
        if branch_id not in latest or key > latest[branch_id]:
            latest[branch_id] = key
    # Never None: a branch is in `latest` once a complete scorer's total is in `totals`.
    return {b: score for b, key in latest.items()
            if (score := scoring.org_score(totals[(key[1], b)], drop_extremes)) is not None}


def _steps(session: Session, year: int) -> dict[int, StandingFacts]:
    rows = session.execute(
        select(WorkflowStep.branch_id, WorkflowStep.state, WorkflowStep.outcome)
        .where(WorkflowStep.year == year).order_by(WorkflowStep.branch_id, WorkflowStep.on_date, WorkflowStep.id)
    ).all()
    grouped: dict[int, list] = defaultdict(list)
    for branch_id, state, outcome in rows:
        grouped[branch_id].append((state, outcome))
    return {branch_id: fold(steps) for branch_id, steps in grouped.items()}


def _revocations(session: Session, year: int) -> dict[int, tuple[date, str | None]]:
    """The latest 撤销 step of each branch in `year`: its date and reason."""
    rows = session.execute(
        select(WorkflowStep.branch_id, WorkflowStep.on_date, WorkflowStep.reason)
        .where(WorkflowStep.year == year, WorkflowStep.state == "revoked").order_by(WorkflowStep.on_date, WorkflowStep.id)
    ).all()
    return {branch_id: (on_date, reason) for branch_id, on_date, reason in rows}


def year_pass_line(ws: Workspace, year: int) -> float:
    """The pass line results are judged on: the year's rubric's, or the default before it exists."""
    with ws.read() as session:
        stored = session.scalar(select(Rubric.pass_line).where(Rubric.year == year))
    return DEFAULT_PASS_LINE if stored is None else stored


def year_results(ws: Workspace, year: int, branch_ids: list[int] | None = None) -> list[BranchResult]:
    """Every active branch (and any archived one with data that year), ordered by name."""
    with ws.read() as session:
        rubric = session.scalar(select(Rubric).where(Rubric.year == year))
        weights = scoring.Weights(rubric.weight_org, rubric.weight_member, rubric.weight_public,
                                  rubric.weight_social) if rubric else scoring.Weights()
        pass_line = rubric.pass_line if rubric else DEFAULT_PASS_LINE
        org_scores = _org_scores(session, year, bool(rubric and rubric.drop_extremes))
        evaluations = {e.branch_id: e for e in session.scalars(select(Evaluation).where(Evaluation.year == year))}
        verified = set(session.scalars(select(Evaluation.branch_id).join(Complaint).where(
            Evaluation.year == year, Complaint.verified.is_(True))))
        noncompliant = set(session.scalars(select(Evaluation.branch_id).join(DepartmentFeedback).where(
            Evaluation.year == year, DepartmentFeedback.compliant.is_(False))))
        steps = _steps(session, year)
        revocations = _revocations(session, year)
        weak_open = open_at_year_end(session, year)
        with_data = set(evaluations) | set(org_scores) | set(steps)
        query = select(Branch.id, Branch.name, Branch.branch_kind)
        query = query.where(or_(Branch.archived_at.is_(None), Branch.id.in_(with_data)))
        if branch_ids is not None:
            query = query.where(Branch.id.in_(branch_ids))
        branches = in_branch_order(session.execute(query))
    results = []
    none_yet = StandingFacts("not_started", False, None, False)
    for branch_id, name, kind in branches:
        evaluation = evaluations.get(branch_id)
        tally = scoring.Tally(**{k: getattr(evaluation, c) for k, c in COUNT_COLUMNS.items()}) if evaluation else scoring.Tally()
        org = evaluation.org_score_override if evaluation and evaluation.org_score_override is not None else org_scores.get(branch_id)
        member, public = scoring.member_score(tally), scoring.public_score(tally)
        social = scoring.social_score(branch_id in noncompliant) if evaluation else None
        total = scoring.composite(org, member, public, social, weights)
        veto = evaluation.veto if evaluation else None
        meets = scoring.meets_standard(total, veto, pass_line)
        standing = steps.get(branch_id, none_yet)
        verdict = standardized_verdict(standing)
        bars = strongest_bars(StrongestFacts(
            meets, evaluation.review_grade if evaluation else None, tally.participants, tally.excellent,
            branch_id in verified, branch_id in noncompliant, verdict, branch_id in weak_open))
        results.append(BranchResult(
            branch_id, name, kind, org, member, public, social, total, meets, not bars, bars,
            standing.state, standing.standardized, standing.strongest_level, standing.revoked,
            evaluation.review_grade if evaluation else None, branch_id in with_data, veto,
            standing.outcome, state_label(standing.state, standing.outcome, standing.standardized), verdict,
            *(revocations.get(branch_id, (None, None)) if standing.revoked else (None, None)),
        ))
    return results


def export_results(ws: Workspace, year: int, path: Path | str) -> Path:
    """The results table as an .xlsx (what the screen shows, in Chinese)."""
    from desktop.excel.evaluations import write_results

    return write_results(path, year, year_results(ws, year))
