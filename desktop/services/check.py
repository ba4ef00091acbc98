"""`check`: every finding about every active branch, from every rule set.

Each rule set contributes a finder: (session, year, as_of) -> {branch_id: [finding dicts]}. Later
areas (meetings, evaluations) add theirs to FINDERS; the output shape stays the same.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Branch
from desktop.rules.collation import in_branch_order
from desktop.rules.setup import setup_findings
from desktop.rules.weak import GROUND_LABELS
from desktop.services.branches import facts_of, trained_years_by_branch
from desktop.services.compliance import meeting_finder
from desktop.services.rounds import branch_rounds
from desktop.services.weak_screening import weak_finder
from desktop.store.workspace import Workspace

Finder = Callable[[Session, int, date], dict[int, list[dict]]]


def setup_finder(session: Session, year: int, as_of: date) -> dict[int, list[dict]]:
    trained = trained_years_by_branch(session)
    result = {}
    for branch in session.scalars(select(Branch).where(Branch.archived_at.is_(None))):
        findings = setup_findings(facts_of(branch, trained.get(branch.id, frozenset())), year, as_of)
        result[branch.id] = [{"code": f.code, "message": f.message} for f in findings]
    return result


def round_finder(session: Session, year: int, as_of: date) -> dict[int, list[dict]]:
    """Re-elected after a rating and no new round recorded since (rules.rounds)."""
    elections = session.execute(select(Branch.id, Branch.elected_on).where(Branch.archived_at.is_(None))).all()
    result = {}
    for branch_id, standing in branch_rounds(session, as_of, elections).items():
        if (found := standing.finding()) is not None:
            result[branch_id] = [{"code": found.code, "message": found.message}]
    return result


FINDERS: list[Finder] = [setup_finder, round_finder, meeting_finder, weak_finder]


def default_as_of(year: int, today: date | None = None) -> date:
    """The day a year's findings are judged on: today for this year, 31 December for a past year."""
    today = today or date.today()
    return today if year == today.year else min(date(year, 12, 31), today)


def check(ws: Workspace, year: int, as_of: date) -> dict:
    with ws.read() as session:
        active = in_branch_order(session.execute(select(Branch.id, Branch.name).where(Branch.archived_at.is_(None))))
        found: dict[int, list[dict]] = {branch_id: [] for branch_id, _ in active}
        for finder in FINDERS:
            for branch_id, findings in finder(session, year, as_of).items():
                if branch_id in found:
                    found[branch_id].extend(findings)
    return {
        "year": year,
        "as_of": as_of.isoformat(),
        "branches": [{"name": name, "findings": once(found[branch_id])} for branch_id, name in active],
    }


# The same fact seen by two rule sets: (the registry's finding, the 软弱涣散 ground it also is).
SAME_FACT = (("term_expired", "term_overdue"),)


def once(findings: list[dict]) -> list[dict]:
    """One line per fact: where the registry's finding is also a computed 软弱涣散 ground (an
    expired term), the finding stays and says so, and the ground is not listed again (the
    整顿提升 screening keeps it as its ground)."""
    codes = {f["code"] for f in findings}
    dropped = {ground for finding, ground in SAME_FACT if finding in codes and ground in codes}
    if not dropped:
        return findings
    also = {finding: ground for finding, ground in SAME_FACT if ground in dropped}
    result = []
    for f in findings:
        if f["code"] in dropped:
            continue
        if f["code"] in also:
            note = f"（亦为软弱涣散认定情形“{GROUND_LABELS[also[f['code']]]}”）"
            f = {**f, "message": f["message"].rstrip("。") + note + "。"}
        result.append(f)
    return result
