"""专项绩效奖励及经费倾斜: the amounts they are computed from (pay totals, base funding, 市委 grants),
the calculator over a year's workflow, and the 隶属关系调整 of a branch.

The figures themselves are never stored: desktop.rules.rewards computes them from the workflow
each time they are shown, printed or exported, so a revocation takes its benefits with it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import BranchdeskError, NotFoundError
from desktop.glossary import is_village_or_community
from desktop.models import Branch, BranchPay, CityGrant, Reaffiliation, WorkflowStep
from desktop.rules.collation import branch_order_key
from desktop.rules.rewards import SETTING_LABELS, Figures, Money, Rates, Tiers, YearStep, figures, tiers, unrevoked
from desktop.services import settings
from desktop.store.workspace import Workspace

MAX_FEN = 100_000_000_000  # a billion yuan: no branch's pay or funding comes near it
PARENT_MAX = 120  # branch.parent_org's width


def year_tiers(session: Session, year: int) -> dict[int, Tiers]:
    """Each branch with a workflow step in `year`: what its steps amount to (see rules.rewards)."""
    rows: dict[int, list[tuple]] = {}
    # Columns, not entities: loading a district's ≈ 9,000 steps of a year as ORM objects took most of
    # the calculator's time (the seam filters a column select as it does an entity one).
    for row in session.execute(
            select(WorkflowStep.branch_id, WorkflowStep.state, WorkflowStep.outcome, WorkflowStep.on_date,
                   WorkflowStep.reason)
            .where(WorkflowStep.year == year).order_by(WorkflowStep.branch_id, WorkflowStep.on_date, WorkflowStep.id)):
        rows.setdefault(row[0], []).append(row)
    return {branch_id: tiers([YearStep(*r[1:]) for r in found]) if any(r[1] == "revoked" for r in found)
            else unrevoked(tuple((r[1], r[2]) for r in found)) for branch_id, found in rows.items()}


NOT_STARTED = tiers([])


def active_branches(session: Session) -> list[Any]:
    """The branches the plan, the calculator and the honours list, in the one order they share:
    rows of the columns they read (id, name, kind, parent, election date), not whole records."""
    found = session.execute(select(Branch.id, Branch.name, Branch.branch_kind, Branch.parent_org, Branch.elected_on)
                            .where(Branch.archived_at.is_(None)))
    return sorted(found, key=lambda b: branch_order_key(b.name))


def _rates(ws: Workspace, year: int) -> Rates:
    values = settings.amounts(ws, year)
    return Rates(round(values["standardized_bonus"] * 100), values["standardized_funding_uplift_percent"],
                 values["strongest_bonus_percent"], values["strongest_district_funding_uplift_percent"])


# ---------------------------------------------------------------- amounts


def parse_yuan(text: str | None, label: str) -> int | None:
    """Yuan as typed in a form or on the command line (12345.6) → fen; empty → None (not recorded)."""
    if text is None or not text.strip():
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise BranchdeskError(f"“{label}”应为金额（元），如 12345.60，而不是“{text.strip()}”。") from None
    if not value.is_finite() or value < 0 or value > MAX_FEN // 100 or value != value.quantize(Decimal("0.01")):
        raise BranchdeskError(f"“{label}”应为 0 至 {MAX_FEN // 100} 元之间、最多两位小数的金额。")
    return int(value * 100)


def check_fen(value: int | None, label: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_FEN:
        raise BranchdeskError(f"“{label}”应为 0 至 {MAX_FEN // 100} 元之间的金额。")
    return value


class Keep(Enum):
    """save_pay's "leave this amount as stored" (the window edits one amount at a time)."""

    KEEP = "keep"


KEEP = Keep.KEEP


def save_pay(ws: Workspace, branch_id: int, year: int, pay_total_fen: int | Keep | None,
             base_funding_fen: int | Keep | None) -> None:
    """Record a branch's 班子年待遇报酬总额 and 一般保障标准 of a year (None: not known; KEEP: as stored)."""
    values = {"pay_total_fen": pay_total_fen, "base_funding_fen": base_funding_fen}
    for key, label in (("pay_total_fen", "班子年待遇报酬总额"), ("base_funding_fen", "一般保障标准")):
        if values[key] is not KEEP:
            check_fen(values[key], label)  # type: ignore[arg-type]
    with ws.write() as session:
        if session.get(Branch, branch_id) is None:
            raise NotFoundError("该支部已不存在。")
        row = session.scalar(select(BranchPay).where(BranchPay.branch_id == branch_id, BranchPay.year == year))
        if row is None:
            row = BranchPay(branch_id=branch_id, year=year)
            session.add(row)
        for key, value in values.items():
            if value is not KEEP and getattr(row, key) != value:
                setattr(row, key, value)


def record_grant(ws: Workspace, branch_id: int, year: int, amount_fen: int, granted_on: date) -> None:
    """The 市委组织部's one-off grant to a branch rated 最强 by the 市委 (entered when granted)."""
    if check_fen(amount_fen, "一次性奖补") is None:
        raise BranchdeskError("请填写一次性奖补金额。")
    with ws.write() as session:
        if session.get(Branch, branch_id) is None:
            raise NotFoundError("该支部已不存在。")
        if year_tiers(session, year).get(branch_id, NOT_STARTED).strongest_level != "city":
            raise BranchdeskError(f"该支部 {year} 年未被市委评定为最强党支部（或评定已撤销），不能录入市委组织部一次性奖补。")
        row = session.scalar(select(CityGrant).where(CityGrant.branch_id == branch_id, CityGrant.year == year))
        if row is None:
            row = CityGrant(branch_id=branch_id, year=year)
            session.add(row)
        row.amount_fen, row.granted_on = amount_fen, granted_on


# ---------------------------------------------------------------- the calculator


@dataclass(frozen=True)
class RewardRow:
    branch_id: int
    name: str
    branch_kind: str
    standing: str
    pay_total_fen: int | None
    base_funding_fen: int | None
    figures: Figures
    city_rated: bool = False  # rated 最强 by the 市委 (not revoked): the 市委组织部's grant may be entered
    grant_fen: int | None = None
    granted_on: date | None = None

    def as_json(self) -> dict:
        f = self.figures
        return {"name": self.name, "bonus": _yuan(f.bonus_fen), "bonus_rule": f.bonus_rule,
                "uplift": _yuan(f.uplift_fen), "funding": _yuan(f.funding_fen), "funding_rule": f.funding_rule}


@dataclass(frozen=True)
class YearRewards:
    year: int
    rates: Rates
    rows: tuple[RewardRow, ...]

    @property
    def total_bonus_fen(self) -> int:
        return sum(r.figures.bonus_fen or 0 for r in self.rows)

    @property
    def total_funding_fen(self) -> int:
        return sum(r.figures.funding_fen or 0 for r in self.rows)

    @property
    def missing(self) -> int:
        """Rows whose bonus or funding cannot be computed for an amount nobody recorded."""
        return sum(1 for r in self.rows if r.figures.bonus_fen is None or r.figures.funding_fen is None)

    @property
    def unset_note(self) -> str:
        """The settings left at 0 that some rows' rules name, and how to set them (the amounts are
        set from the command line, per year: not in the 单位设置 dialog)."""
        keys = sorted({key for r in self.rows for key in r.figures.unset}, key=list(SETTING_LABELS).index)
        if not keys:
            return ""
        named = "、".join(f"“{SETTING_LABELS[key]}”" for key in keys)
        how = "；".join(f"branchdesk settings set {key} 值 --year {self.year}" for key in keys)
        return f"本年度{named}为 0，需要时用命令设定：{how}"

    def as_json(self) -> dict:
        return {"year": self.year, "branches": [r.as_json() for r in self.rows],
                "total_bonus": _yuan(self.total_bonus_fen), "total_funding": _yuan(self.total_funding_fen)}


def _yuan(fen: int | None) -> float | None:
    return None if fen is None else round(fen / 100, 2)


def _money(branch: Any, pays: dict[int, Any], grants: dict[int, int], villages: dict[str, Any]) -> Money:
    """A 村/社区 branch's own pay total; a branch under a 村/社区 (its parent names one) the team's."""
    own = pays.get(branch.id)
    base = own.base_funding_fen if own else None
    if is_village_or_community(branch.branch_kind):
        return Money(branch.branch_kind, True, own.pay_total_fen if own else None, base, grants.get(branch.id))
    parent = villages.get(branch.parent_org or "")
    if parent is None:
        return Money(branch.branch_kind, False, None, base, grants.get(branch.id))
    team = pays.get(parent.id)
    return Money(branch.branch_kind, True, team.pay_total_fen if team else None, base, grants.get(branch.id), parent.name)


def year_rewards(ws: Workspace, year: int) -> YearRewards:
    """Every active branch's bonus and funding of `year`, each with its rule."""
    with ws.read() as session:  # one unit: the settings read below joins it
        rates = _rates(ws, year)
        found = year_tiers(session, year)
        branches = active_branches(session)
        pays = {p.branch_id: p for p in session.execute(
            select(BranchPay.branch_id, BranchPay.pay_total_fen, BranchPay.base_funding_fen).where(BranchPay.year == year))}
        granted = {g.branch_id: g for g in session.scalars(select(CityGrant).where(CityGrant.year == year))}
        grants = {branch_id: g.amount_fen for branch_id, g in granted.items()}
        villages: dict[str, Any] = {b.name: b for b in branches if is_village_or_community(b.branch_kind)}
        rows = []
        for b in branches:
            t = found.get(b.id, NOT_STARTED)
            money = _money(b, pays, grants, villages)
            own = pays.get(b.id)
            rows.append(RewardRow(b.id, b.name, b.branch_kind, t.shown, own.pay_total_fen if own else None,
                                  money.base_funding_fen, figures(t, money, rates), t.strongest_level == "city",
                                  money.grant_fen, granted[b.id].granted_on if b.id in granted else None))
    return YearRewards(year, rates, tuple(rows))


@dataclass(frozen=True)
class PayRow:
    name: str
    year: int
    pay_total_fen: int | None
    base_funding_fen: int | None


def pay_rows(ws: Workspace, year: int | None = None) -> list[PayRow]:
    """The recorded pay totals and base funding (of one year, or all), by year then branch."""
    with ws.read() as session:
        query = select(BranchPay, Branch.name).join(Branch, Branch.id == BranchPay.branch_id)
        if year is not None:
            query = query.where(BranchPay.year == year)
        rows = [PayRow(name, p.year, p.pay_total_fen, p.base_funding_fen) for p, name in session.execute(query)]
    return sorted(rows, key=lambda r: (r.year, branch_order_key(r.name)))


# ---------------------------------------------------------------- 隶属关系调整


@dataclass(frozen=True)
class ReaffiliationView:
    id: int
    branch_id: int
    name: str
    on_date: date
    old_parent: str | None
    new_parent: str | None


def reaffiliate(ws: Workspace, branch_id: int, new_parent: str, on_date: date) -> int:
    """Move a branch to another parent organization, keeping its history: the registry names the
    new parent from now on and the change is recorded with its date (its standing continues)."""
    parent = (new_parent or "").strip()
    if not parent:
        raise BranchdeskError("请填写调整后的上级党组织。")
    if len(parent) > PARENT_MAX:
        raise BranchdeskError(f"上级党组织名称不能超过 {PARENT_MAX} 个字。")
    with ws.write() as session:
        branch = session.get(Branch, branch_id)
        if branch is None:
            raise NotFoundError("该支部已不存在。")
        if branch.parent_org == parent:
            raise BranchdeskError(f"该支部的上级党组织已是“{parent}”。")
        record = Reaffiliation(branch_id=branch_id, on_date=on_date, old_parent=branch.parent_org, new_parent=parent)
        session.add(record)
        branch.parent_org = parent
        session.flush()
        return record.id


def reaffiliations(ws: Workspace, branch_id: int | None = None) -> list[ReaffiliationView]:
    with ws.read() as session:
        query = (select(Reaffiliation, Branch.name).join(Branch, Branch.id == Reaffiliation.branch_id)
                 .order_by(Reaffiliation.on_date, Reaffiliation.id))
        if branch_id is not None:
            query = query.where(Reaffiliation.branch_id == branch_id)
        return [ReaffiliationView(r.id, r.branch_id, name, r.on_date, r.old_parent, r.new_parent)
                for r, name in session.execute(query)]
