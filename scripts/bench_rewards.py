"""Benchmark of 创建计划与激励 (issue 14) on the district demo (2,000 branches, ten years).

Each service against a baseline measured in the same run:

- `rewards.year_rewards` (what `rewards --year` and the page's calculator run) against raw SQL that
  reads the same rows (active branches, the year's workflow steps, pay totals, grants, settings);
- `honours.honours` against raw SQL reading its rows (branches, the year's steps, twice: the tiers
  and the year's ratings with their dates);
- `plan.year_plan` (the plan's suggestions: what 按数据预填 and the page read) against raw SQL reading
  the rows it judges (branches, trainings, the year's meetings, every step up to the day, open cases,
  evaluations, the year's plan rows), and one `plan.prefill_plan` on a copy of the database;
- the rounds' read (`services.rounds.branch_rounds`, §四(四)) that the registry now does, against the
  registry's own `list_branches`;
- the 创建计划与激励 page's opening (built, shown, both tables read and drawn) against the 支部台账
  tab's, through the window's worker as in the app (Qt offscreen).

    python scripts/bench_rewards.py [--db district.sqlite3] [--year 2026]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.bench_weak import district_database, tab_open, tab_times, timed

LIVE = "SELECT id, name, branch_kind, parent_org, elected_on FROM branch WHERE archived_at IS NULL AND deleted_at IS NULL"
STEPS = ("SELECT branch_id, state, outcome, on_date, reason FROM workflow_step WHERE year = :year AND deleted_at IS NULL "
         "ORDER BY branch_id, on_date, id")
REWARDS = [LIVE, STEPS, "SELECT branch_id, pay_total_fen, base_funding_fen FROM branch_pay WHERE year = :year",
           "SELECT branch_id, amount_fen FROM city_grant WHERE year = :year", "SELECT * FROM setting_year"]
HONOURS = [LIVE, STEPS, STEPS]
PLAN = [
    "SELECT * FROM branch WHERE archived_at IS NULL AND deleted_at IS NULL",
    "SELECT branch_id, year FROM secretary_training",
    "SELECT branch_id, meeting_type, held_on, expected, attended FROM meeting WHERE held_on BETWEEN :start AND :as_of "
    "AND deleted_at IS NULL",
    "SELECT branch_id, year, state, outcome, on_date FROM workflow_step WHERE on_date <= :as_of AND deleted_at IS NULL "
    "ORDER BY branch_id, year, on_date, id",
    "SELECT * FROM weak_case",
    "SELECT * FROM evaluation WHERE year = :year AND deleted_at IS NULL",
    "SELECT * FROM branch_plan WHERE year = :year",
]


def raw(engine, statements: list[str], params: dict) -> int:
    """Every statement's rows fetched on one connection; returns how many rows."""
    from sqlalchemy import text

    with engine.connect() as conn:
        return sum(len(conn.execute(text(sql), params).all()) for sql in statements)


def prefill_on_a_copy(db_file: Path, year: int) -> tuple[float, int]:
    from desktop.services import plan
    from desktop.store.database import open_database

    folder = Path(tempfile.mkdtemp(prefix="bench-rewards-copy-"))
    copy = folder / "copy.sqlite3"
    with sqlite3.connect(db_file) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    db = open_database(str(copy))
    try:
        start = time.perf_counter()
        added = plan.prefill_plan(db.workspace, year)
        return time.perf_counter() - start, added
    finally:
        db.close()
        shutil.rmtree(folder, ignore_errors=True)


def ratio_line(what: str, median: float, base: float, budget: str = "") -> None:
    print(f"  {what}: {median * 1000:.0f} ms, raw SQL {base * 1000:.0f} ms; ratio {median / base:.2f}x{budget}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="an existing district demo database (else one is generated)")
    parser.add_argument("--year", type=int, default=date.today().year)
    args = parser.parse_args()
    from desktop.services import branches, honours, plan, rewards
    from desktop.services.check import default_as_of
    from desktop.services.rounds import branch_rounds

    db = district_database(args.db, "bench-rewards-")
    ws, year = db.workspace, args.year
    as_of = default_as_of(year)
    params = {"year": year, "as_of": as_of.isoformat(), "start": date(year, 1, 1).isoformat()}
    print(f"year {year}, as of {as_of}; median of 7 (page: of 5)")

    _best, median, found = timed(lambda: rewards.year_rewards(ws, year))
    _best, base, _rows = timed(lambda: raw(ws.engine, REWARDS, params))
    print(f"rewards -> {len(found.rows)} branches, {found.missing} with an amount missing")
    ratio_line("year_rewards", median, base, " (budget ≤ 3x)")

    for level in ("street", "autonomous_region"):
        _best, median, listed = timed(lambda level=level: honours.honours(ws, year, level))
        _best, base, _rows = timed(lambda: raw(ws.engine, HONOURS, params))
        print(f"honours {level} -> {sum(r.eligible for r in listed.rows)} eligible")
        ratio_line(f"honours({level})", median, base)

    _best, median, shown = timed(lambda: plan.year_plan(ws, year))
    _best, base, _rows = timed(lambda: raw(ws.engine, PLAN, params))
    due = sum(1 for r in shown.rows if "应开展新一轮建设" in r.suggestion.text)
    print(f"plan -> {len(shown.rows)} rows, {due} prompted into a new round; {shown.count.text}")
    ratio_line("year_plan (the prefill's read)", median, base)
    spent, added = prefill_on_a_copy(Path(db.file), year)
    print(f"  prefill_plan on a copy: {added} rows written in {spent * 1000:.0f} ms (once)")

    def rounds_read():
        with ws.read() as session:
            from sqlalchemy import select

            from desktop.models import Branch

            return branch_rounds(session, as_of, session.execute(select(Branch.id, Branch.elected_on)).all())

    _best, median, rounds = timed(rounds_read)
    _best, registry, _rows = timed(lambda: branches.list_branches(ws, year, as_of))
    from unittest import mock

    from desktop.rules.rounds import NO_RATING

    with mock.patch.object(branches, "branch_rounds", lambda _s, _d, elections: {b: NO_RATING for b, _e in elections}):
        _best, without, _rows = timed(lambda: branches.list_branches(ws, year, as_of))
    print(f"rounds -> {sum(r.due for r in rounds.values())} due a new round, {sum(r.ended for r in rounds.values())} "
          f"ratings ended by a re-election")
    print(f"  branch_rounds: {median * 1000:.0f} ms; list_branches {registry * 1000:.0f} ms with it, "
          f"{without * 1000:.0f} ms without; ratio {registry / without:.2f}x")

    from desktop.ui.registry_tab import RegistryTab

    registry_open, registry_cpu = tab_open(ws, db.file, RegistryTab)
    from desktop.ui.rewards_page import RewardsPage

    def page(context):
        opened = RewardsPage(context)
        opened.set_year(year)
        return opened

    page_open, page_cpu, calculator = tab_times(ws, db.file, page, first=lambda p: bool(p.rewards_model.rows))
    print(f"open, shown with its data (budget ≤ 0.5 s), median of 5: 创建计划与激励 calculator shown {calculator * 1000:.0f} ms, "
          f"both tables {page_open * 1000:.0f} ms (CPU {page_cpu * 1000:.0f} ms); 支部台账 {registry_open * 1000:.0f} ms "
          f"(CPU {registry_cpu * 1000:.0f} ms); ratio {calculator / registry_open:.2f}x (calculator), "
          f"{page_open / registry_open:.2f}x (both) wall")
    db.close()


if __name__ == "__main__":
    main()
