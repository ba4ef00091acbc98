"""Ledger evidence and suggested scores for rubric items, for the branches of a scoring grid.

Registry facts (committee, term, training) are read here; meeting counts come from the compliance
matrix (periods met over periods due, and what is still owed). The scoring grid and the paper score
sheets both use it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop.models import Branch, SecretaryTraining
from desktop.rules.evidence import Evidence, EvidenceFacts, PeriodCounts, period_counts, suggest
from desktop.services.rubric import ItemView
from desktop.store.workspace import Workspace


def meeting_counts(ws: Workspace, year: int, as_of: date, branch_ids: list[int]) -> dict[int, dict[str, PeriodCounts]]:
    """{branch_id: {meeting type: period counts}} for the year up to `as_of`.

    A score in June is judged on January to May (and June if already met); a type that does not
    apply to the branch (no committee, no groups) counts as (0, 0): "not required"."""
    from desktop.services.compliance import year_matrix

    matrix = year_matrix(ws, year, as_of, branch_ids)
    return {branch.branch_id: {kind: period_counts(t) for kind, t in branch.types.items()} for branch in matrix.branches}


def evidence_for(ws: Workspace, year: int, branch_ids: list[int], items: tuple[ItemView, ...],
                 as_of: date | None = None) -> dict[tuple[int, int], Evidence]:
    """(branch_id, item_id) → evidence and suggested score, for every evidenced item."""
    as_of = as_of or min(date.today(), date(year, 12, 31))
    evidenced = [(item.id, item) for item in items if item.evidence_key and item.id is not None]
    if not evidenced or not branch_ids:
        return {}
    with ws.read() as session:
        rows = session.execute(select(Branch.id, Branch.full_members, Branch.has_committee, Branch.elected_on,
                                      Branch.term_years).where(Branch.id.in_(branch_ids))).all()
        trained = set(session.scalars(select(SecretaryTraining.branch_id).where(
            SecretaryTraining.year == year, SecretaryTraining.branch_id.in_(branch_ids))))
    meetings = meeting_counts(ws, year, as_of, list(branch_ids))
    result = {}
    for branch_id, full, committee, elected, term in rows:
        facts = EvidenceFacts(full, committee, elected, term, branch_id in trained, meetings.get(branch_id, {}))
        for item_id, item in evidenced:
            found = suggest(item.evidence_key, facts, item.max_points, year, as_of)
            if found is not None:
                result[(branch_id, item_id)] = found
    return result
