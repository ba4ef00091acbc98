"""调研摸底 and the yearly 创建计划 (seed §三(一)): every active branch's class and plan of a year,
the suggestion the data makes (findings, last year's result, open 软弱涣散 cases), and the plan's
count against the year's target (R1). The clerk decides: a stored row is never overwritten by a
suggestion, and `prefill_plan` writes suggestions only for branches without a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError, NotFoundError
from desktop.models import Branch, BranchPlan
from desktop.rules.plan import CLASSIFICATIONS, PlanCount, Suggestion, plan_count, suggest
from desktop.rules.rounds import NEW_ROUND
from desktop.services import versions
from desktop.services.rewards import active_branches, year_tiers
from desktop.store.workspace import Workspace

RESPONSIBLE_MAX, TEXT_MAX = 60, 2000


@dataclass(frozen=True)
class PlanEntry:
    """What the clerk decides for one branch (the plan dataset's row, the window's row)."""

    branch_id: int
    classification: str
    planned: bool = False
    measures: str | None = None
    responsible: str | None = None
    notes: str | None = None
    version: int | None = None  # the version the window loaded (None: no check)


@dataclass(frozen=True)
class PlanRow:
    branch_id: int
    name: str
    branch_kind: str
    stored: PlanEntry | None  # None: not decided yet
    suggestion: Suggestion

    @property
    def classification(self) -> str:
        return self.stored.classification if self.stored else self.suggestion.classification

    @property
    def planned(self) -> bool:
        return self.stored.planned if self.stored else self.suggestion.planned

    def as_json(self) -> dict:
        s = self.stored
        return {"name": self.name, "classification": self.classification, "planned": self.planned,
                "decided": s is not None, "measures": s.measures if s else None,
                "responsible": s.responsible if s else None, "notes": s.notes if s else None,
                "suggestion": {"classification": self.suggestion.classification, "planned": self.suggestion.planned,
                               "reasons": list(self.suggestion.reasons)}}


@dataclass(frozen=True)
class YearPlan:
    year: int
    rows: tuple[PlanRow, ...]
    count: PlanCount  # of the decided rows

    @property
    def undecided_note(self) -> str:
        """The count is of the decided rows: how many are not decided, and what the data suggests."""
        undecided = [r for r in self.rows if r.stored is None]
        if not undecided:
            return ""
        suggested = sum(1 for r in undecided if r.suggestion.planned)
        return f"；另有 {len(undecided)} 个未定（数据建议其中 {suggested} 个计划达标，可按数据预填）"

    def as_json(self) -> dict:
        c = self.count
        return {"year": self.year, "planned": c.planned, "total": c.total, "needed": c.needed, "short": c.short,
                "summary": c.text, "branches": [r.as_json() for r in self.rows]}


def _entry(p: BranchPlan) -> PlanEntry:
    return PlanEntry(p.branch_id, p.classification, p.planned, p.measures, p.responsible, p.notes, p.version)


def _stored(session: Session, year: int) -> dict[int, BranchPlan]:
    return {p.branch_id: p for p in session.scalars(select(BranchPlan).where(BranchPlan.year == year))}


def year_plan(ws: Workspace, year: int) -> YearPlan:
    """Every active branch's row of the year's plan, decided or suggested."""
    from desktop.services.check import check, default_as_of
    from desktop.services.targets import target_for
    from desktop.services.weak_cases import list_cases

    with ws.read() as session:  # one unit: the reads of the targets, findings and cases join it
        target = target_for(ws, year)
        checked = check(ws, year, default_as_of(year))["branches"]
        findings = {b["name"]: tuple(f["message"].rstrip("。") for f in b["findings"] if f["code"] != NEW_ROUND)
                    for b in checked}
        rounds = {b["name"]: f["message"].rstrip("。") for b in checked for f in b["findings"] if f["code"] == NEW_ROUND}
        open_cases: dict[int, int] = {}
        for case in list_cases(ws, open_only=True):
            if case.year <= year:
                open_cases.setdefault(case.branch_id, case.year)
        last_year = year_tiers(session, year - 1)
        stored = _stored(session, year)
        rows = tuple(
            PlanRow(b.id, b.name, b.branch_kind, _entry(stored[b.id]) if b.id in stored else None,
                    suggest(last_year.get(b.id), open_cases.get(b.id), findings.get(b.name, ()), rounds.get(b.name)))
            for b in active_branches(session)
        )
    planned = sum(1 for r in rows if r.stored is not None and r.stored.planned)
    return YearPlan(year, rows, plan_count(planned, len(rows), target.standardized_share if target else None))


def _text(value: str | None, label: str, limit: int) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise BranchdeskError(f"“{label}”不能超过 {limit} 个字。")
    return text or None


def check_entry(entry: PlanEntry) -> PlanEntry:
    if entry.classification not in CLASSIFICATIONS:
        raise BranchdeskError("类别应为：" + "、".join(CLASSIFICATIONS.values()))
    return PlanEntry(entry.branch_id, entry.classification, bool(entry.planned), _text(entry.measures, "措施", TEXT_MAX),
                     _text(entry.responsible, "责任人", RESPONSIBLE_MAX), _text(entry.notes, "备注", TEXT_MAX), entry.version)


def apply_entry(session: Session, year: int, entry: PlanEntry, row: BranchPlan | None) -> BranchPlan:
    """Write a checked entry into the caller's unit (the dataset import writes its rows this way)."""
    if row is None:
        row = BranchPlan(branch_id=entry.branch_id, year=year)
        session.add(row)
    values = {"classification": entry.classification, "planned": entry.planned, "measures": entry.measures,
              "responsible": entry.responsible, "notes": entry.notes}
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
    return row


def save_plan(ws: Workspace, year: int, entries: Sequence[PlanEntry]) -> int:
    """Store the clerk's decisions for branches of `year`, all or none; a row changed since the
    window loaded it (its version) is refused. Returns the rows written."""
    checked = [check_entry(e) for e in entries]
    with versions.refused_if_stale(versions.changed_message("年度创建计划")), ws.write() as session:
        stored = _stored(session, year)
        for entry in checked:
            if session.get(Branch, entry.branch_id) is None:
                raise NotFoundError("该支部已不存在。")
            row = stored.get(entry.branch_id)
            if row is not None:
                versions.expect_version(row, entry.version, "年度创建计划")
            stored[entry.branch_id] = apply_entry(session, year, entry, row)
    return len(checked)


def prefill_plan(ws: Workspace, year: int) -> int:
    """Adopt the suggestion (class and plan; its reasons stay the 研判依据 beside it) for every
    active branch that has no row of `year` yet; returns how many."""
    with ws.write() as session:
        plan = year_plan(ws, year)
        added = [r for r in plan.rows if r.stored is None]
        for r in added:
            s = r.suggestion
            apply_entry(session, year, PlanEntry(r.branch_id, s.classification, s.planned), None)
    return len(added)
