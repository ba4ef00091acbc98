"""Benchmark of 软弱涣散 screening (issue 13) on the district demo (2,000 branches, ten years).

Times `weak_screening.screen` (what `weak screen` and the tab run) against one raw SQL statement
that finds the same branches (the six grounds in SQL: the twelve-month window as a gaps-and-islands
query over the months with meetings), checks that both find exactly the same branches, and times
the ledger list and the 动态清零 figures. Then the 整顿提升 tab's opening (built, shown, its 排查 page
read and drawn) against the 支部台账 tab's opening in the same run (built, shown, its 2,000 rows drawn),
both through the window's worker as in the app (Qt offscreen).

    python scripts/bench_weak.py [--db district.sqlite3] [--year 2026] [--as-of 2026-11-30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RAW = """
WITH months(month, last_day) AS (VALUES {months}),
live AS (SELECT id, established_on, secretary_vacant_since, elected_on, term_years FROM branch
         WHERE archived_at IS NULL AND deleted_at IS NULL),
held AS (SELECT DISTINCT branch_id, held_month FROM meeting
         WHERE held_on BETWEEN :start AND :end AND deleted_at IS NULL),
grid AS (SELECT live.id, months.month,
                CASE WHEN (live.established_on IS NULL OR months.last_day >= live.established_on)
                          AND held.branch_id IS NULL THEN 1 ELSE 0 END AS empty
         FROM live CROSS JOIN months
         LEFT JOIN held ON held.branch_id = live.id AND held.held_month = months.month),
islands AS (SELECT id, empty, row_number() OVER (PARTITION BY id ORDER BY month)
                   - row_number() OVER (PARTITION BY id, empty ORDER BY month) AS island FROM grid),
quiet AS (SELECT id FROM islands WHERE empty = 1 GROUP BY id, island HAVING count(*) >= :empty_months),
tally AS (SELECT e.branch_id, e.public_satisfied AS s, e.public_basic AS b, e.public_dissatisfied AS d, e.review_grade
          FROM evaluation e JOIN live ON live.id = e.branch_id WHERE e.year = :year AND e.deleted_at IS NULL),
assessed AS (SELECT branch_id, outcome, row_number() OVER (PARTITION BY branch_id ORDER BY on_date DESC, id DESC) AS n
             FROM workflow_step WHERE year = :year AND state = 'assessed' AND on_date <= :as_of AND deleted_at IS NULL)
SELECT id FROM quiet
UNION SELECT branch_id FROM tally
      WHERE NOT (s IS NULL AND b IS NULL AND d IS NULL) AND coalesce(s, 0) + coalesce(b, 0) + coalesce(d, 0) > 0
        AND (coalesce(s, 0) + coalesce(b, 0)) * 10000 < :hundredths * (coalesce(s, 0) + coalesce(b, 0) + coalesce(d, 0))
UNION SELECT branch_id FROM tally WHERE review_grade = 'poor'
UNION SELECT id FROM live WHERE secretary_vacant_since < :vacancy_cutoff
UNION SELECT id FROM live WHERE term_years > 0 AND date(elected_on, '+' || term_years || ' years') < :as_of
UNION SELECT live.id FROM live JOIN assessed ON assessed.branch_id = live.id AND assessed.n = 1 AND assessed.outcome = 'fail'
"""


def timed(fn, repeat=7):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def raw_screen(engine, year: int, as_of: date, thresholds) -> set[int]:
    from sqlalchemy import text

    from desktop.rules.weak import add_months, window
    from desktop.services.weak_screening import _window_bounds

    start, end = _window_bounds(as_of)
    months = []
    for y, m0 in window(as_of):
        after = date(y + (m0 + 1) // 12, (m0 + 1) % 12 + 1, 1)
        months.append(f"('{y}-{m0 + 1:02d}', '{date.fromordinal(after.toordinal() - 1).isoformat()}')")
    sql = text(RAW.format(months=", ".join(months)))
    params = {"start": start.isoformat(), "end": end.isoformat(), "year": year, "as_of": as_of.isoformat(),
              "empty_months": thresholds.empty_months, "hundredths": int(thresholds.satisfaction_percent * 100),
              "vacancy_cutoff": add_months(as_of, -thresholds.vacancy_months).isoformat()}
    with engine.connect() as conn:
        return {row[0] for row in conn.execute(sql, params)}


def tab_open(ws, db_file, factory, runs: int = 5) -> tuple[float, float]:
    """Median (wall, CPU) seconds from building a tab to its first page shown with its data (a fresh
    tab each run). CPU is the process's, worker thread included: the machine is shared."""
    wall, cpu, _first = tab_times(ws, db_file, factory, runs)
    return wall, cpu


def tab_times(ws, db_file, factory, runs: int = 5, first=None) -> tuple[float, float, float]:
    """tab_open's medians, and the wall seconds until `first(tab)` holds (a part of it shown)."""
    import os
    import threading

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import desktop.ui  # noqa: F401 - the singleton guard before any Qt call

    # isort: split
    from PySide6.QtWidgets import QApplication

    from desktop.store.workspace import Workspace
    from desktop.ui.collector import MainThreadCollector
    from desktop.ui.context import AppContext

    app = QApplication.instance() or QApplication([])
    collector = MainThreadCollector()
    window_ws = Workspace(ws.engine, ws.files_root, ws.actor, ws.clock)
    window_ws.forbid_thread(threading.main_thread())  # as run_gui: no unit on the GUI thread
    context = AppContext(window_ws, db_file)
    times, cpu, firsts = [], [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        tab = factory(context)
        tab.resize(1366, 700)
        tab.show()
        while first is not None and not first(tab):
            app.processEvents()
            time.sleep(0.001)
        firsts.append(time.perf_counter() - start)
        context.tasks.settle()
        app.processEvents()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        tab.close()
        tab.deleteLater()
        app.processEvents()
        context.tasks.settle()
    context.tasks.wait()
    collector.stop()
    return statistics.median(times), statistics.median(cpu), statistics.median(firsts)


def district_database(path: str | None, prefix: str):
    """The database at `path`, or a district demo (2,000 branches) generated in a temporary folder."""
    from desktop.services import demo
    from desktop.store.database import open_database

    if path:
        return open_database(path)
    db = open_database(str(Path(tempfile.mkdtemp(prefix=prefix)) / "district.sqlite3"))
    start = time.perf_counter()
    demo.generate(db.workspace, "district", 1)
    print(f"demo --scale district: {time.perf_counter() - start:.1f} s")
    return db


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="an existing district demo database (else one is generated)")
    parser.add_argument("--year", type=int, default=date.today().year)
    parser.add_argument("--as-of", type=date.fromisoformat)
    args = parser.parse_args()
    from desktop.services import weak_cases, weak_rules, weak_screening

    as_of = args.as_of or min(date.today(), date(args.year, 12, 31))
    db = district_database(args.db, "bench-weak-")
    ws = db.workspace
    thresholds = weak_rules.thresholds_for_year(ws, args.year)
    best, median, found = timed(lambda: weak_screening.screen(ws, args.year, as_of))
    print(f"screen({args.year}, as of {as_of}) -> {len(found.candidates)} candidates: best {best * 1000:.0f} ms, "
          f"median {median * 1000:.0f} ms")
    raw_best, raw_median, raw = timed(lambda: raw_screen(ws.engine, args.year, as_of, thresholds))
    print(f"raw SQL -> {len(raw)} branches: best {raw_best * 1000:.0f} ms, median {raw_median * 1000:.0f} ms; "
          f"ratio {median / raw_median:.2f}x (median)")
    same = {c.branch_id for c in found.candidates} == raw
    print(f"same branches: {same}")
    best, median, cases = timed(lambda: weak_cases.list_cases(ws))
    print(f"list_cases() -> {len(cases)} cases: median {median * 1000:.0f} ms")
    best, median, _ = timed(lambda: weak_cases.clearing(ws, args.year - 9, args.year))
    print(f"clearing({args.year - 9}..{args.year}): median {median * 1000:.0f} ms")
    from desktop.ui.registry_tab import RegistryTab
    from desktop.ui.weak_tab import WeakTab

    (registry, registry_cpu), (weak, weak_cpu) = tab_open(ws, db.file, RegistryTab), tab_open(ws, db.file, WeakTab)
    print(f"tab open, shown with its data (median of 5; target ≤ 0.5 s): 整顿提升 {weak * 1000:.0f} ms "
          f"(CPU {weak_cpu * 1000:.0f} ms), 支部台账 {registry * 1000:.0f} ms (CPU {registry_cpu * 1000:.0f} ms); "
          f"ratio {weak / registry:.2f}x wall, {weak_cpu / registry_cpu:.2f}x CPU")
    db.close()
    if not same:
        raise SystemExit("the service and the raw SQL disagree")


if __name__ == "__main__":
    main()
