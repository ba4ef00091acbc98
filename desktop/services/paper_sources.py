"""Where the paper documents get their data: the single place that knows the other areas' services.

Each function turns one area's plain data into what a sheet or form prints: evaluation results
(desktop.services.results), the compliance matrix (desktop.services.compliance), the year's target
(desktop.services.targets), the year's rubric (desktop.services.rubric), the ledger evidence
beside each rubric item (desktop.services.evidence) and the names that sign (desktop.services.settings).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select

from desktop.models import Branch
from desktop.paper.forms import RubricArea, RubricItem
from desktop.paper.sheets import MeetingComplianceRow, Signing
from desktop.rules.collation import in_branch_order
from desktop.rules.evidence import Evidence
from desktop.services import evidence, results, rubric, settings, targets
from desktop.services.compliance import YearMatrix, year_matrix
from desktop.services.results import BranchResult
from desktop.store.workspace import Workspace


def year_target(ws: Workspace, year: int) -> float | None:
    """The year's standardized-share target (0..1) as the clerk set it, or None before the plan."""
    target = targets.target_for(ws, year)
    return target.standardized_share if target else None


def issuer(ws: Workspace, year: int) -> str:
    """The committee that issues the year's certificates and sheets; refuses when none is set."""
    return settings.require(ws, "issuer_name", year)


def signing(ws: Workspace, year: int, signed_on: date) -> Signing | None:
    """The year's names for a sheet's signature block (None while no issuer is set)."""
    name = settings.get(ws, "issuer_name", year)
    if name is None:
        return None
    return Signing(name, signed_on, settings.get(ws, "preparer_name", year), settings.get(ws, "reviewer_name", year),
                   settings.get(ws, "district_department_name", year))


def year_results(ws: Workspace, year: int, branch_ids: Sequence[int] | None = None) -> list[BranchResult]:
    return results.year_results(ws, year, None if branch_ids is None else list(branch_ids))


def meeting_rows(ws: Workspace, year: int, as_of: date, branch_ids: Sequence[int] | None = None) -> list[MeetingComplianceRow]:
    return rows_from_matrix(year_matrix(ws, year, as_of, None if branch_ids is None else list(branch_ids)))


def rows_from_matrix(matrix: YearMatrix) -> list[MeetingComplianceRow]:
    """One row per branch: per required meeting type, valid meetings held in the year over the
    meetings the year requires (periods from establishment × the rule's minimum), the periods
    already due and missed, and the periods met over the periods due (the rate: a June print is
    judged on January to May, not on the whole year)."""
    rows = []
    for branch in matrix.branches:
        required = {kind: t for kind, t in branch.types.items() if t.required}
        rows.append(MeetingComplianceRow(
            branch.name,
            {kind: (t.held, t.required_count) for kind, t in required.items()},
            {kind: tuple(t.gaps) for kind, t in required.items() if t.gap_mask},
            (sum(t.met_cells for t in required.values()), sum(t.due_cells for t in required.values())),
        ))
    return rows


@dataclass(frozen=True)
class YearRubric:
    """The year's rubric as the forms print it, and the service's items (for evidence)."""

    areas: tuple[RubricArea, ...]
    view: rubric.RubricView


def rubric_for_year(ws: Workspace, year: int) -> YearRubric:
    """The year's versioned rubric (or what the year starts from, unsaved), grouped by area."""
    view = rubric.rubric_for_year(ws, year)
    areas: dict[str, list[RubricItem]] = {}
    names: dict[str, str] = {}
    for item in view.items:
        names.setdefault(item.area_code, item.area_name)
        areas.setdefault(item.area_code, []).append(RubricItem(item.item_code, item.item_name, item.max_points))
    return YearRubric(tuple(RubricArea(names[code], tuple(items)) for code, items in areas.items()), view)


def rubric_evidence(ws: Workspace, year: int, as_of: date, branch_ids: Sequence[int],
                    year_rubric: YearRubric) -> dict[int, dict[str, Evidence]]:
    """{branch id: {item code: Evidence}} for every evidenced item of the year's rubric."""
    # A year whose rubric is not saved yet has no item ids; positions key the items instead.
    items = tuple(replace(item, id=n) for n, item in enumerate(year_rubric.view.items))
    found = evidence.evidence_for(ws, year, list(branch_ids), items, as_of)
    result: dict[int, dict[str, Evidence]] = {}
    for (branch_id, position), item_evidence in found.items():
        result.setdefault(branch_id, {})[items[position].item_code] = item_evidence
    return result


@dataclass(frozen=True)
class BranchBrief:
    id: int
    name: str
    branch_kind: str
    has_committee: bool | None


def branch_briefs(ws: Workspace, branch_ids: Sequence[int] | None = None) -> list[BranchBrief]:
    """Active branches by name (or exactly the given ones, archived or not), for forms and certificates."""
    with ws.read() as session:
        query = select(Branch.id, Branch.name, Branch.branch_kind, Branch.has_committee)
        query = query.where(Branch.archived_at.is_(None) if branch_ids is None else Branch.id.in_(list(branch_ids)))
        return [BranchBrief(*row) for row in in_branch_order(session.execute(query))]
