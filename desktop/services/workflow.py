"""Workflow steps of a branch's creation per year, and the standing of every branch over years.

`standing` is what the trends and targets views read: one query over the steps, folded in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError, NotFoundError
from desktop.models import Branch, WorkflowStep
from desktop.rules.workflow import Standing, Step, fold, transition_problem
from desktop.services.session import unit_of_work


@dataclass(frozen=True)
class StepView:
    id: int
    state: str
    outcome: str | None
    on_date: date
    recorded_by: str
    reason: str | None


def standing(engine: Engine, first_year: int, last_year: int) -> list[Standing]:
    """Each (branch, year) with at least one step in [first_year, last_year]; a pair absent from the
    list has not started. `strongest` = rated at district or city level and not revoked."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(WorkflowStep.branch_id, WorkflowStep.year, WorkflowStep.state, WorkflowStep.outcome)
            .where(WorkflowStep.year.between(first_year, last_year))
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


def steps_of(engine: Engine, branch_id: int, year: int) -> list[StepView]:
    with Session(engine) as session:
        rows = session.scalars(select(WorkflowStep).where(WorkflowStep.branch_id == branch_id, WorkflowStep.year == year)
                               .order_by(WorkflowStep.on_date, WorkflowStep.id))
        return [StepView(r.id, r.state, r.outcome, r.on_date, r.recorded_by, r.reason) for r in rows]


def record_step(engine: Engine, branch_id: int, year: int, state: str, on_date: date, recorded_by: str,
                outcome: str | None = None, reason: str | None = None) -> int:
    """Add the next step, if the rules allow it after the latest one (a branch that does not meet
    the standard, or is barred from 最强, cannot be recommended: the message says why)."""
    if not (recorded_by or "").strip():
        raise BranchdeskError("请填写记录人。")
    meets, bars = None, ()
    if state == "recommended":
        from desktop.services.results import year_results

        found = year_results(engine, year, [branch_id])
        if found:
            meets, bars = found[0].meets_standard, found[0].strongest_bars
            bars = tuple(b for b in bars if b != "not_standardized")
    with unit_of_work(engine) as session:
        if session.get(Branch, branch_id) is None:
            raise NotFoundError("该支部已不存在。")
        last = session.scalars(select(WorkflowStep).where(WorkflowStep.branch_id == branch_id, WorkflowStep.year == year)
                               .order_by(WorkflowStep.on_date.desc(), WorkflowStep.id.desc()).limit(1)).first()
        previous = Step(last.state, last.outcome, last.on_date) if last else None
        problem = transition_problem(previous, Step(state, outcome, on_date), meets_standard=meets, bars=bars,
                                     reason=reason, year=year)
        if problem:
            raise BranchdeskError(problem)
        step = WorkflowStep(branch_id=branch_id, year=year, state=state, on_date=on_date,
                            outcome=outcome if state in ("assessed", "accepted") else None,
                            recorded_by=recorded_by.strip(), reason=(reason or "").strip() or None)
        session.add(step)
        session.flush()
        return step.id
