"""Known figures for the trend charts: the workflow, results and compliance services answer with
their real dataclasses, filled with figures chosen so each chart's numbers can be checked by hand
(and the UI tests stay fast). The end-to-end paths (CLI, report) run on real demo data instead."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services import compliance, results, workflow
from desktop.services.compliance import MonthRate
from desktop.services.results import BranchResult
from desktop.services.workflow import Standing


def result(branch_id: int, name: str, branch_kind: str, composite: float | None, meets_standard: bool = False,
           strongest_eligible: bool = False, state: str = "not_started", standardized: bool = False) -> BranchResult:
    """A real BranchResult with only what the trend charts read filled in."""
    return BranchResult(branch_id, name, branch_kind, None, None, None, None, composite, meets_standard,
                        strongest_eligible, (), state, standardized, None, False)


@dataclass
class FakeData:
    standings: list[Standing]
    results: dict[int, list[BranchResult]]
    rates: dict[str | None, list[MonthRate]]  # by branch kind (None: street-wide)
    calls: list[tuple] = None

    def __post_init__(self):
        self.calls = []


def install(monkeypatch, data: FakeData) -> FakeData:
    def standing(ws, first_year, last_year):
        data.calls.append(("standing", first_year, last_year))
        return [s for s in data.standings if first_year <= s.year <= last_year]

    def year_results(ws, year):
        data.calls.append(("year_results", year))
        return list(data.results.get(year, []))

    def monthly_rates(ws, first_year, last_year, as_of, branch_kind=None):
        data.calls.append(("monthly_rates", first_year, last_year, branch_kind))
        return [r for r in data.rates.get(branch_kind, []) if first_year <= r.year <= last_year]

    for module, function in ((workflow, standing), (results, year_results), (compliance, monthly_rates)):
        monkeypatch.setattr(module, function.__name__, function)
    return data


def add_branches(ws, kinds: list[str], established=None, archived=None) -> list[int]:
    """Insert branches of the given kinds (named 支部01, 支部02, ...); returns their ids in order."""
    from sqlalchemy import insert, select

    from desktop.models import Branch

    with ws.write() as session:
        start = len(session.scalars(select(Branch.id)).all())
        rows = [
            {"name": f"支部{start + i + 1:02d}", "branch_kind": kind, "full_members": 5, "probationary_members": 0,
             "established_on": established, "archived_at": archived, "uuid": f"00000000-0000-4000-8000-{start + i:012d}"}
            for i, kind in enumerate(kinds)
        ]
        session.execute(insert(Branch), rows)
        return list(session.scalars(select(Branch.id).order_by(Branch.id)).all())[start:]


def street(ws, monkeypatch, year: int = 2025) -> tuple[list[int], FakeData]:
    """Ten branches (4 社区, 3 村, 3 机关) with known standing over 2022..year, known scores and rates,
    in a street with a name (the report prints it)."""
    from desktop.services import settings

    settings.save(ws, [settings.Change("subdistrict_name", "和平街道")])
    ids = add_branches(ws, ["community"] * 4 + ["village"] * 3 + ["government"] * 3)
    standings = []
    for offset, y in enumerate(range(2022, year + 1)):
        for index, branch_id in enumerate(ids):
            done = index < 3 + offset * 2  # 3, 5, 7, 9 standardized
            standings.append(Standing(branch_id, y, "accepted" if done else "applied", done, done and index < 2 + offset))
    scores = [84.99, 85.0, 90.5, 100.0, 72.0, None, 88.0, 95.0, 60.0, 85.5]
    by_year = {year: [result(b, f"支部{i + 1:02d}", "community", s) for i, (b, s) in enumerate(zip(ids, scores, strict=True))]}
    rates = {
        None: [MonthRate(y, m, 20, 15 + m % 5, (15 + m % 5) / 20) for y in range(2022, year + 1) for m in range(1, 13)],
        "community": [MonthRate(y, m, 8, 8 - m % 3, (8 - m % 3) / 8) for y in range(2022, year + 1) for m in range(1, 13)],
    }
    return ids, install(monkeypatch, FakeData(standings, by_year, rates))
