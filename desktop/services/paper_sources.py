"""Where the paper documents get their data: the single place that knows the other areas' services.

The registry is read directly. Evaluation results (desktop.services.results), the meeting
compliance matrix (desktop.services.compliance) and the year targets come from other areas; they
are imported inside the functions so this module (and every document that does not need them)
works without them, and a missing area gives a clear message instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError
from desktop.models import Branch
from desktop.paper.forms import DEFAULT_RUBRIC, RubricArea
from desktop.paper.sheets import MEETING_LABELS, MeetingComplianceRow
from desktop.rules.setup import term_end
from desktop.services.branches import trained_years_by_branch

# R1 (seed §一): share of branches standardized by the end of each year. The last target holds
# for later years until the clerk sets another.
DEFAULT_TARGETS = {2022: 0.40, 2023: 0.60, 2024: 0.80, 2025: 0.90}


def _missing(area: str) -> BranchdeskError:
    return BranchdeskError(f"本版本尚未包含“{area}”功能，无法生成该表。")


def year_target(engine: Engine, year: int) -> float | None:
    """The year's standardized-share target (0..1), or None before the program started."""
    known = [y for y in DEFAULT_TARGETS if y <= year]
    return DEFAULT_TARGETS[max(known)] if known else None


def year_results(engine: Engine, year: int, branch_ids: Sequence[int] | None = None) -> list[Any]:
    """BranchResult rows of desktop.services.results (issue 4), optionally for some branches only."""
    try:
        from desktop.services.results import year_results as compute
    except ImportError:
        raise _missing("考评结果") from None
    results = compute(engine, year)
    if branch_ids is not None:
        wanted = set(branch_ids)
        results = [r for r in results if r.branch_id in wanted]
    return results


def meeting_rows(engine: Engine, year: int, as_of: date, branch_ids: Sequence[int] | None = None) -> list[MeetingComplianceRow]:
    try:
        from desktop.services.compliance import year_matrix
    except ImportError:
        raise _missing("组织生活") from None
    return rows_from_matrix(year_matrix(engine, year, as_of, branch_ids=branch_ids))


def rows_from_matrix(matrix: Any) -> list[MeetingComplianceRow]:
    """Adapter from the compliance YearMatrix to the sheet's rows.

    ASSUMES (to be confirmed when the meetings area is merged): `matrix.rows` iterates per branch
    objects with `name` and `meetings`, a mapping meeting code -> object with `held` (int),
    `required` (int) and `gaps` (sequence of period labels such as "2025-03", "2025-Q2", "2025").
    """
    rows = []
    for row in matrix.rows:
        counts = {code: (cell.held, cell.required) for code, cell in row.meetings.items()}
        gaps = {code: tuple(cell.gaps) for code, cell in row.meetings.items() if cell.gaps}
        rows.append(MeetingComplianceRow(row.name, counts, gaps))
    return rows


def rubric_for_year(engine: Engine, year: int) -> tuple[RubricArea, ...]:
    """The rubric printed on score sheets: DOMAIN.md's default until the scoring area's versioned
    rubric is wired here (issue 4)."""
    return DEFAULT_RUBRIC


@dataclass(frozen=True)
class BranchBrief:
    id: int
    name: str
    branch_kind: str
    has_committee: bool | None


def branch_briefs(engine: Engine, branch_ids: Sequence[int] | None = None) -> list[BranchBrief]:
    """Active branches by name (or exactly the given ones, archived or not), for forms and certificates."""
    with Session(engine) as session:
        query = select(Branch.id, Branch.name, Branch.branch_kind, Branch.has_committee).order_by(Branch.name)
        if branch_ids is None:
            query = query.where(Branch.archived_at.is_(None))
        else:
            query = query.where(Branch.id.in_(list(branch_ids)))
        return [BranchBrief(*row) for row in session.execute(query)]


# Rubric items the ledgers can evidence, by item code (DEFAULT_RUBRIC numbering).
MEETING_ITEMS = {
    "life.1": ("general_meeting",), "life.2": ("committee_meeting",), "life.3": ("group_meeting",),
    "life.4": ("party_lecture",), "life.5": ("theme_day",), "life.6": ("life_meeting", "member_review"),
    "life.7": ("talk",),
}


def registry_evidence(engine: Engine, year: int, as_of: date, branch_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """Evidence from the registry: setup, term and secretary training, per branch id."""
    with Session(engine) as session:
        trained = trained_years_by_branch(session)
        branches = session.scalars(select(Branch).where(Branch.id.in_(list(branch_ids)))).all()
        result = {}
        for b in branches:
            committee = "设支委会" if b.has_committee else "未设支委会"
            end = term_end(b.elected_on, b.term_years)
            if end is None:
                term = "未登记换届时间"
            elif end < as_of:
                term = f"任期已于 {end:%Y-%m-%d} 届满，逾期未换届"
            else:
                term = f"{b.elected_on:%Y-%m-%d} 选举，任期 {b.term_years} 年，至 {end:%Y-%m-%d}"
            result[b.id] = {
                "setup.1": f"正式党员 {b.full_members} 人、预备党员 {b.probationary_members} 人；{committee}",
                "setup.2": term,
                "setup.3": f"党小组 {b.party_groups or 0} 个",
                "team.2": f"{year} 年书记" + ("已登记参加培训" if year in trained.get(b.id, ()) else "未登记参加培训"),
            }
        return result


def meeting_evidence(rows: Sequence[MeetingComplianceRow]) -> dict[str, dict[str, str]]:
    """Evidence from the meeting logs, per branch name: held/required and the gaps."""
    result = {}
    for row in rows:
        evidence = {}
        for item, codes in MEETING_ITEMS.items():
            parts = []
            for code in codes:
                held, required = row.counts.get(code, (0, 0))
                if not required:
                    continue
                text = f"{MEETING_LABELS[code]}已开 {held}/{required} 次"
                if row.gaps.get(code):
                    text += "，缺 " + "、".join(row.gaps[code])
                parts.append(text)
            if parts:
                evidence[item] = "；".join(parts)
        result[row.branch_name] = evidence
    return result
