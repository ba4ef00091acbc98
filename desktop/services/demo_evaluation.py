"""Demo step for the evaluations: ten years of workflow states and tallies for every branch, and a
full scoring session (five scorers, every rubric item) for the latest year.

A branch's quality drives everything about it, so the data hangs together: most branches meet the
standard, some fail, a few are vetoed, and the best are rated 最强. Results are computed here with
the same pure rules the app uses, so every recommended branch really is eligible.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.models import (
    Branch,
    Complaint,
    DepartmentFeedback,
    Evaluation,
    Score,
    ScoringSession,
    SessionBranch,
    SessionScorer,
    WorkflowStep,
)
from desktop.models.scoring import FINALIZED
from desktop.rules import scoring
from desktop.rules.collation import branch_order_key
from desktop.rules.eligibility import StrongestFacts, strongest_bars
from desktop.rules.rubric import DEFAULT_VETOES
from desktop.services import rubric as rubrics
from desktop.services.demo_people import person
from desktop.services.tallies import COUNT_COLUMNS

YEARS = 10
SESSION_SIZE = 300  # branches per scoring session (one 街道's meeting)
DEPARTMENTS = ("街道综治办", "街道民政科", "区市场监管所")
STEP_DAYS = {
    "self_assessed": (3, 15), "applied": (4, 10), "assessed": (6, 20), "accepted": (9, 15),
    "recommended": (10, 20), "rated_district": (11, 20), "rated_city": (12, 15), "revoked": (12, 20),
}


@dataclass
class Rows:
    """Everything the step inserts, gathered first and written in bulk."""

    counters: dict[str, int] = field(default_factory=dict)
    evaluations: list[dict] = field(default_factory=list)
    complaints: list[dict] = field(default_factory=list)
    feedback: list[dict] = field(default_factory=list)
    steps: list[dict] = field(default_factory=list)
    scores: list[dict] = field(default_factory=list)

    def uuid(self, table: str, code: int) -> str:
        n = self.counters.get(table, 0)
        self.counters[table] = n + 1
        return f"00000000-0000-4000-a{code:03d}-{n:012d}"


def _tally(rng: random.Random, quality: float, members: int) -> scoring.Tally:
    participants = max(1, members - rng.choice((0, 0, 0, 1, 2)))
    excellent = min(participants, round(participants * min(1.0, rng.gauss(quality, 0.05))))
    rest = participants - excellent
    basic = min(rest, rng.choice((0, 0, 0, 1, 1, 2)))
    unqualified = 1 if rest - basic > 0 and rng.random() < 0.05 else 0
    voters = rng.randint(20, 60)
    dissatisfied = min(voters, max(0, round(rng.gauss((1 - quality) * voters * 0.5, 1))))
    public_basic = min(voters - dissatisfied, round(voters * rng.uniform(0.05, 0.2)))
    return scoring.Tally(participants, excellent, rest - basic - unqualified, basic, unqualified,
                         voters - dissatisfied - public_basic, public_basic, dissatisfied)


def _grade(rng: random.Random, quality: float) -> str:
    roll = quality + rng.gauss(0, 0.04)
    return "excellent" if roll > 0.9 else "good" if roll > 0.8 else "fair" if roll > 0.65 else "poor"


def _steps(rng: random.Random, rows: Rows, branch_id: int, year: int, meets: bool, eligible: bool,
           today: date, clerk: str) -> None:
    chain = [("self_assessed", None), ("applied", None), ("assessed", "pass" if meets else "fail")]
    if meets:
        chain.append(("accepted", "pass" if rng.random() < 0.97 else "fail"))
        if chain[-1][1] == "pass" and eligible and rng.random() < 0.8:
            chain.append(("recommended", None))
            if rng.random() < 0.85:
                chain.append(("rated_district", None))
                if rng.random() < 0.2:
                    chain.append(("rated_city", None))
                if rng.random() < 0.02:
                    chain.append(("revoked", None))
    for state, outcome in chain:
        on = date(year, *STEP_DAYS[state])
        if on > today:
            break
        rows.steps.append({"branch_id": branch_id, "year": year, "state": state, "outcome": outcome, "on_date": on,
                           "recorded_by": clerk, "uuid": rows.uuid("workflow_step", 7),
                           "reason": "任期内发生违纪问题，按规定撤销" if state == "revoked" else None})


def _evaluation_rows(rng: random.Random, rows: Rows, evaluation_id: int, quality: float) -> tuple[bool, bool]:
    """Complaints and feedback for one evaluation; returns (verified 不满意, department non-compliance)."""
    verified = noncompliant = False
    if rng.random() < 0.25:
        for _ in range(rng.randint(1, 2)):
            is_true = rng.random() < (0.3 if quality < 0.85 else 0.08)
            verified |= is_true
            rows.complaints.append({"evaluation_id": evaluation_id, "verified": is_true,
                                    "text": rng.choice(("楼道照明长期未修", "活动室开放时间少", "办事推诿", "环境整治不及时")),
                                    "uuid": rows.uuid("complaint", 5)})
    for department in rng.sample(DEPARTMENTS, 2):
        compliant = rng.random() > (0.08 if quality < 0.85 else 0.02)
        noncompliant |= not compliant
        rows.feedback.append({"evaluation_id": evaluation_id, "department": department, "compliant": compliant,
                              "text": None if compliant else "消防安全检查存在隐患未整改", "uuid": rows.uuid("feedback", 6)})
    return verified, noncompliant


def _scoring_session(session: Session, rows: Rows, year: int, held_on: date, part: list[tuple[int, float]],
                     items, scorers: list[str], rng: random.Random, clerk: str, several: bool) -> dict[int, float]:
    """One finalized session over `part`; returns each branch's org score (mean of scorer totals)."""
    number = rows.counters.get("scoring_session", 0) + 1
    group = f"（第{number}组）" if several else ""
    meeting = ScoringSession(
        year=year, title=f"{year}年度党支部标准化规范化考评{group}", held_on=held_on, status=FINALIZED,
        finalized_at=datetime.combine(held_on, time(17, 30)), finalized_by=clerk, uuid=rows.uuid("scoring_session", 1))
    session.add(meeting)
    session.flush()
    session_id = meeting.id
    members = [SessionScorer(session_id=session_id, name=name, position=i, uuid=rows.uuid("session_scorer", 2))
               for i, name in enumerate(scorers)]
    session.add_all(members)
    session.flush()
    scorer_ids = [member.id for member in members]
    # Listed in the one order of names, as create_session lists a clerk's session.
    names = dict(session.execute(select(Branch.id, Branch.name).where(Branch.id.in_([b for b, _q in part]))).all())
    session.execute(insert(SessionBranch), [
        {"session_id": session_id, "branch_id": b, "position": i, "uuid": rows.uuid("session_branch", 3)}
        for i, b in enumerate(sorted((b for b, _q in part), key=lambda b: branch_order_key(names[b])))])
    org = {}
    for branch_id, quality in part:
        totals = []
        for scorer_id in scorer_ids:
            lean = rng.gauss(0, 0.03)
            total = 0.0
            for item in items:
                share = min(1.0, max(0.0, rng.gauss(quality + lean, 0.06)))
                points = round(item.max_points * share * 2) / 2
                total += points
                rows.scores.append({"session_id": session_id, "scorer_id": scorer_id, "branch_id": branch_id,
                                    "item_id": item.id, "points": points, "uuid": rows.uuid("score", 4)})
            totals.append(total)
        score = scoring.org_score(totals)
        assert score is not None, "every demo session has its scorers, so every branch has their totals"
        org[branch_id] = score
    return org


def evaluation_step(session: Session, ctx) -> None:
    rng, today = ctx.rng, ctx.today
    rows = Rows()
    clerk = "党建办" + person(rng)
    members = dict(session.execute(select(Branch.id, Branch.full_members + Branch.probationary_members)).all())
    base = {b: rng.gauss(0.80, 0.075) for b in ctx.branch_ids}
    last_year = today.year
    for year in range(last_year - YEARS + 1, last_year + 1):
        rubric = rubrics.ensure_in(session, year)
        growth = (year - (last_year - YEARS + 1)) * 0.012
        started = min(0.97, 0.35 + 0.07 * (year - (last_year - YEARS + 1)))
        qualities = [(b, max(0.5, min(1.0, base[b] + growth + rng.gauss(0, 0.03)))) for b in ctx.branch_ids]
        org: dict[int, float] = {}
        if year == last_year:
            scorers = [person(rng) for _ in range(5)]
            held_on = min(today, date(year, 6, 10))
            for start in range(0, len(qualities), SESSION_SIZE):
                org.update(_scoring_session(session, rows, year, held_on, qualities[start:start + SESSION_SIZE],
                                            rubric.items, scorers, rng, clerk, len(qualities) > SESSION_SIZE))
        for branch_id, quality in qualities:
            if year < last_year and rng.random() > started:
                continue
            tally = _tally(rng, quality, members[branch_id])
            override = None if year == last_year else round(min(100.0, max(40.0, rng.gauss(quality * 100, 3))), 1)
            veto = rng.choice(DEFAULT_VETOES) if rng.random() < 0.015 else None
            grade = _grade(rng, quality)
            evaluation_id = len(rows.evaluations) + 1  # the demo writes into an empty database
            rows.evaluations.append({
                "id": evaluation_id, "branch_id": branch_id, "year": year, "org_score_override": override,
                "review_grade": grade, "veto": veto, "uuid": rows.uuid("evaluation", 8),
                **{column: getattr(tally, name) for name, column in COUNT_COLUMNS.items()},
            })
            verified, noncompliant = _evaluation_rows(rng, rows, evaluation_id, quality)
            composite = scoring.composite(org.get(branch_id, override), scoring.member_score(tally),
                                          scoring.public_score(tally), scoring.social_score(noncompliant),
                                          scoring.Weights(*_weights(rubric)))
            meets = bool(scoring.meets_standard(composite, veto, rubric.pass_line))
            bars = strongest_bars(StrongestFacts(meets, grade, tally.participants, tally.excellent, verified, noncompliant))
            _steps(rng, rows, branch_id, year, meets, not bars, today, clerk)
    for model, data in ((Evaluation, rows.evaluations), (Complaint, rows.complaints),
                        (DepartmentFeedback, rows.feedback), (WorkflowStep, rows.steps), (Score, rows.scores)):
        for start in range(0, len(data), 50_000):
            session.execute(insert(model), data[start:start + 50_000])


def _weights(rubric) -> tuple[float, float, float, float]:
    return rubric.weight_org, rubric.weight_member, rubric.weight_public, rubric.weight_social
