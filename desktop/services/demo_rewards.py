"""Demo step for 创建计划与激励: every branch's 一般保障标准 for the ten years, the 村/社区 teams' annual
pay totals, the 市委组织部's grants to the branches the evaluation step rated 最强 by the 市委, and
the street's rewards amounts, so the calculator shows real figures. This year one community has no
pay total yet, as happens before the figures come in, so the calculator shows what it says then.
Everything is bulk-inserted after the evaluation step, whose workflow it reads.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.glossary import is_village_or_community
from desktop.models import Branch, BranchPay, CityGrant, WorkflowStep

YEARS = 10
GROWTH = 1.03  # funding and pay rise a little every year
DEMO_AMOUNTS = {"standardized_bonus": "3000", "standardized_funding_uplift_percent": "10"}


def _uuid(counters: dict[str, int], table: str, code: int) -> str:
    n = counters.get(table, 0)
    counters[table] = n + 1
    return f"00000000-0000-4000-c{code:03d}-{n:012d}"


def rewards_step(session: Session, ctx) -> None:
    from desktop.services import settings

    rng, first_year = ctx.rng, ctx.today.year - YEARS + 1
    settings.store(session, [settings.Change(key, value, first_year) for key, value in DEMO_AMOUNTS.items()])
    counters: dict[str, int] = {}
    pays: list[dict] = []
    branches = session.execute(select(Branch.id, Branch.branch_kind).order_by(Branch.id)).all()
    villages = [branch_id for branch_id, kind in branches if is_village_or_community(kind)]
    late = villages[-1] if villages else None  # this year's pay total not in yet
    for branch_id, kind in branches:
        village = is_village_or_community(kind)
        base = rng.randrange(20_000, 40_001, 1_000) if village else rng.randrange(5_000, 15_001, 500)
        team = rng.randint(4, 7) * rng.randrange(40_000, 60_001, 500) if village else None
        for offset in range(YEARS):
            year = first_year + offset
            grown = GROWTH ** offset
            pay = round(team * grown / 100) * 100 if team else None
            if branch_id == late and year == ctx.today.year:
                pay = None
            pays.append({"branch_id": branch_id, "year": year, "pay_total_fen": pay * 100 if pay else None,
                         "base_funding_fen": round(base * grown / 100) * 100 * 100,
                         "uuid": _uuid(counters, "branch_pay", 1)})
    session.execute(insert(BranchPay), pays)
    rated = session.execute(select(WorkflowStep.branch_id, WorkflowStep.year, WorkflowStep.on_date)
                            .where(WorkflowStep.state == "rated_city").order_by(WorkflowStep.id)).all()
    grants = [{"branch_id": branch_id, "year": year, "amount_fen": rng.randrange(5_000, 20_001, 1_000) * 100,
               "granted_on": min(date(year, 12, 20), ctx.today), "uuid": _uuid(counters, "city_grant", 2)}
              for branch_id, year, _on in {(b, y): (b, y, o) for b, y, o in rated}.values() if year < ctx.today.year]
    if grants:
        session.execute(insert(CityGrant), grants)
