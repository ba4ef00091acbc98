"""Workflow steps of a branch's creation per year, and the standing of every branch over years.

`standing` is what the trends and targets views read: one query over the steps, folded in Python.
`record_step` is the one way a step is written, for the window's panel and `workflow record` alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from desktop.errors import BranchdeskError, NotFoundError
from desktop.models import Branch, WorkflowStep
from desktop.rules.collation import in_branch_order
from desktop.rules.weak import STRONGEST_STEPS
from desktop.rules.weak import strongest_caution as caution_of
from desktop.rules.workflow import Standing, Step, fold, standardized_verdict, transition_problem
from desktop.store.workspace import Workspace

RECORDED_BY_MAX = 60  # the column's width


@dataclass(frozen=True)
class StepView:
    id: int
    state: str
    outcome: str | None
    on_date: date
    recorded_by: str
    reason: str | None


@dataclass(frozen=True)
class BranchWorkflow:
    """One branch's year: its latest state and outcome, the workflow's verdict on standardization
    (None while not yet accepted) and every step, oldest first."""

    branch_id: int
    name: str
    state: str
    outcome: str | None
    standardized: bool | None
    steps: tuple[StepView, ...]


def standing(ws: Workspace, first_year: int, last_year: int) -> list[Standing]:
    """Each (branch, year) with at least one step in [first_year, last_year]; a pair absent from the
    list has not started. `strongest` = rated at district or city level and not revoked."""
    # Plain rows on the unit's connection: ORM rows cost a fifth more for ≈ 57,000 steps. A Core
    # select is not filtered by the seam, so deleted steps are left out here (the index covers it).
    with ws.read() as session:
        rows = session.connection().execute(
            select(WorkflowStep.branch_id, WorkflowStep.year, WorkflowStep.state, WorkflowStep.outcome)
            .where(WorkflowStep.year.between(first_year, last_year), WorkflowStep.deleted_at.is_(None))
            .order_by(WorkflowStep.year, WorkflowStep.branch_id, WorkflowStep.on_date, WorkflowStep.id)
        ).all()
    result: list[Standing] = []
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index][:2] != rows[start][:2]:
            facts = fold((r[2], r[3]) for r in rows[start:index])
            result.append(Standing(rows[start][0], rows[start][1], facts.state, facts.standardized,
                                   facts.strongest_level is not None, facts.outcome))
            start = index
    return result


def _view(step: WorkflowStep) -> StepView:
    return StepView(step.id, step.state, step.outcome, step.on_date, step.recorded_by, step.reason)


def steps_of(ws: Workspace, branch_id: int, year: int) -> list[StepView]:
    with ws.read() as session:
        rows = session.scalars(select(WorkflowStep).where(WorkflowStep.branch_id == branch_id, WorkflowStep.year == year)
                               .order_by(WorkflowStep.on_date, WorkflowStep.id))
        return [_view(r) for r in rows]


def year_workflow(ws: Workspace, year: int, branch_ids: list[int] | None = None) -> list[BranchWorkflow]:
    """Every active branch (and any archived one with steps that year), or only `branch_ids`, by name."""
    with ws.read() as session:
        grouped: dict[int, list[StepView]] = {}
        for r in session.scalars(select(WorkflowStep).where(WorkflowStep.year == year)
                                 .order_by(WorkflowStep.branch_id, WorkflowStep.on_date, WorkflowStep.id)):
            grouped.setdefault(r.branch_id, []).append(_view(r))
        query = select(Branch.id, Branch.name).where(or_(Branch.archived_at.is_(None), Branch.id.in_(list(grouped))))
        if branch_ids is not None:
            query = query.where(Branch.id.in_(branch_ids))
        branches = in_branch_order(session.execute(query))
    result = []
    for branch_id, name in branches:
        steps = tuple(grouped.get(branch_id, ()))
        facts = fold((s.state, s.outcome) for s in steps)
        result.append(BranchWorkflow(branch_id, name, facts.state, facts.outcome, standardized_verdict(facts), steps))
    return result


def strongest_caution(ws: Workspace, branch_id: int, year: int, state: str, on_date: date) -> str | None:
    """Why a 最强 step (推荐, 区级/市级评定) deserves a second look though no rule bars it: the
    branch's computed 软弱涣散 grounds on that day (rules.weak.strongest_caution). None for a step
    the rules refuse anyway: the refusal says why. The window asks before recording; `workflow
    record` records and says it."""
    from desktop.services.weak_screening import screen_in

    if state not in STRONGEST_STEPS:
        return None
    meets, bars = _eligibility(ws, branch_id, year, state)
    with ws.read() as session:
        if transition_problem(_previous(session, branch_id, year), Step(state, None, on_date), meets_standard=meets,
                              bars=bars, year=year):
            return None
        found = screen_in(session, year, on_date, [branch_id])
    return caution_of(found.get(branch_id, ("", []))[1])


def _eligibility(ws: Workspace, branch_id: int, year: int, state: str) -> tuple[bool | None, tuple[str, ...]]:
    """For a 推荐: whether the year's results meet the standard, and the bars to 最强 beside that."""
    if state != "recommended":
        return None, ()
    from desktop.services.results import year_results

    found = year_results(ws, year, [branch_id])
    if not found:
        return None, ()
    return found[0].meets_standard, tuple(b for b in found[0].strongest_bars if b != "not_standardized")


def _previous(session, branch_id: int, year: int) -> Step | None:
    last = session.scalars(select(WorkflowStep).where(WorkflowStep.branch_id == branch_id, WorkflowStep.year == year)
                           .order_by(WorkflowStep.on_date.desc(), WorkflowStep.id.desc()).limit(1)).first()
    return Step(last.state, last.outcome, last.on_date) if last else None


def record_step(ws: Workspace, branch_id: int, year: int, state: str, on_date: date, recorded_by: str,
                outcome: str | None = None, reason: str | None = None) -> int:
    """Add the next step, if the rules allow it after the latest one (a branch that does not meet
    the standard, or is barred from 最强, cannot be recommended: the message says why)."""
    if not (recorded_by or "").strip():
        raise BranchdeskError("请填写记录人。")
    if len(recorded_by.strip()) > RECORDED_BY_MAX:
        raise BranchdeskError(f"记录人不能超过 {RECORDED_BY_MAX} 个字。")
    meets, bars = _eligibility(ws, branch_id, year, state)
    with ws.write() as session:
        if session.get(Branch, branch_id) is None:
            raise NotFoundError("该支部已不存在。")
        problem = transition_problem(_previous(session, branch_id, year), Step(state, outcome, on_date),
                                     meets_standard=meets, bars=bars, reason=reason, year=year)
        if problem:
            raise BranchdeskError(problem)
        step = WorkflowStep(branch_id=branch_id, year=year, state=state, on_date=on_date,
                            outcome=outcome if state in ("assessed", "accepted") else None,
                            recorded_by=recorded_by.strip(), reason=(reason or "").strip() or None)
        session.add(step)
        session.flush()
        return step.id
