"""What the seam's change log costs: the same writes with the log and without it, side by side in one
run (issue 11: at most 20% on a 2,000-row branch import and on the district demo generation).

    python scripts/bench_change_log.py [--runs 5] [--demo-runs 2] [--scale district|street] [--no-demo]

"Without" switches the log off in this process only: the after_flush listener is removed and bulk
inserts are stamped (UUID, version, times) but not logged. Everything else (the workspace, its units,
the tombstone filter, the timestamps) runs as in the app. Modes alternate run by run so that the
machine's load falls on both alike; each database is a fresh file in a temporary folder. The budget is
judged on the medians of CPU time, since on a shared machine wall time also counts other processes'
turns (both are printed). Exits 1 when a ratio is over the budget.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert, select, text

from desktop.models import Branch, SecretaryTraining
from desktop.services import branch_import, demo
from desktop.store import changelog
from desktop.store.changelog import WorkSession
from desktop.store.database import open_database

TODAY = date(2026, 11, 28)
BUDGET = 1.20
BRANCHES = 2000


@contextmanager
def change_log(on: bool) -> Iterator[None]:
    """The log as the app writes it, or none: no after_flush rows, and bulk inserts stamped as
    always but not logged."""
    if on:
        yield
        return
    event.remove(WorkSession, "after_flush", changelog._log)
    logged = changelog._log_bulk
    changelog._log_bulk = lambda *_: None
    try:
        yield
    finally:
        changelog._log_bulk = logged
        event.listen(WorkSession, "after_flush", changelog._log)


def fresh(folder: Path, name: str):
    return open_database(str(folder / f"{name}.sqlite3"))


def log_rows(db) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM change_log")).scalar()


def size_mb(db) -> float:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return db.file.stat().st_size / 1e6


def ledgers(folder: Path) -> tuple[Path, Path]:
    """A 2,000-branch ledger as the registry exports it, and the same ledger with every branch changed."""
    db = fresh(folder, "source")
    rng = random.Random(1)
    with db.workspace.write() as session:
        session.execute(insert(Branch), demo.branch_rows(rng, BRANCHES, TODAY))
        years = [{"branch_id": branch_id, "year": year} for branch_id in session.scalars(select(Branch.id))
                 for year in range(TODAY.year - 9, TODAY.year + 1) if rng.random() < 0.88]
        session.execute(insert(SecretaryTraining), years)  # ten years of trainings, as the demo has
    new = folder / "ledger.xlsx"
    branch_import.export_branches(db.workspace, new)
    with db.workspace.write() as session:
        for branch in session.query(Branch):
            branch.full_members += 1
            branch.notes = "年度核对"
    changed = folder / "ledger-changed.xlsx"
    branch_import.export_branches(db.workspace, changed)
    db.close()
    return new, changed


@contextmanager
def timer(facts: dict) -> Iterator[None]:
    """Wall and CPU seconds of the block, into `facts`."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    facts["seconds"], facts["cpu"] = time.perf_counter() - wall, time.process_time() - cpu


def measure(label: str, runs: int, work: Callable[[Path, bool], dict]) -> dict[bool, list[tuple[float, float]]]:
    """Alternate off/on runs of `work(folder, on)`, which returns its wall and CPU seconds and facts."""
    timings: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for run in range(runs):
        for on in (False, True) if run % 2 == 0 else (True, False):
            with tempfile.TemporaryDirectory() as folder, change_log(on):
                facts = work(Path(folder), on)
            timings[on].append((facts.pop("seconds"), facts.pop("cpu")))
            shown = ", ".join(f"{k} {v}" for k, v in facts.items())
            wall, cpu = timings[on][-1]
            print(f"  {label} run {run + 1}, log {'on ' if on else 'off'}: {wall:6.2f} s, CPU {cpu:6.2f} s  ({shown})", flush=True)
    return timings


def report(label: str, timings: dict[bool, list[tuple[float, float]]]) -> bool:
    """Medians, and the ratio of CPU time: on a shared machine, wall time also counts the other
    processes' turns (shown beside)."""
    (off_wall, off_cpu), (on_wall, on_cpu) = (
        (statistics.median(w for w, _ in timings[on]), statistics.median(c for _, c in timings[on])) for on in (False, True))
    ratio = on_cpu / off_cpu
    verdict = "ok" if ratio <= BUDGET else "OVER"
    print(f"{label:<44} CPU off {off_cpu:6.2f} s  on {on_cpu:6.2f} s  ratio {ratio:.2f} (budget {BUDGET:.2f}) {verdict};"
          f"  wall off {off_wall:6.2f} s  on {on_wall:6.2f} s  ratio {on_wall / off_wall:.2f}")
    return ratio <= BUDGET


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5, help="runs of each import, per mode (median)")
    parser.add_argument("--demo-runs", type=int, default=2, help="runs of the demo generation, per mode (median)")
    parser.add_argument("--scale", choices=sorted(demo.SCALES), default="district")
    parser.add_argument("--no-demo", action="store_true")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores", flush=True)
    source = Path(tempfile.mkdtemp())
    new, changed = ledgers(source)

    def import_new(folder: Path, on: bool) -> dict:
        db = fresh(folder, "import")
        facts: dict = {}
        with timer(facts):
            result = branch_import.import_branches(db.workspace, new)
        assert result.imported == BRANCHES and not result.rejected, result.summary()
        facts["log rows"] = log_rows(db)
        db.close()
        return facts

    def import_changed(folder: Path, on: bool) -> dict:
        db = fresh(folder, "import")
        branch_import.import_branches(db.workspace, new)
        before = log_rows(db)
        facts: dict = {}
        with timer(facts):
            result = branch_import.import_branches(db.workspace, changed)
        assert result.updated == BRANCHES, result.summary()
        facts["log rows"] = log_rows(db) - before
        db.close()
        return facts

    def generate(folder: Path, on: bool) -> dict:
        db = fresh(folder, "demo")
        facts: dict = {}
        with timer(facts):
            demo.generate(db.workspace, args.scale, seed=1, today=TODAY)
        facts.update({"log rows": f"{log_rows(db):,}", "file": f"{size_mb(db):.0f} MB"})
        db.close()
        return facts

    within = [
        report(f"import {BRANCHES:,} new branches (preview + write)", measure("import new", args.runs, import_new)),
        report(f"import {BRANCHES:,} changed branches (preview + write)", measure("import changed", args.runs, import_changed)),
    ]
    if not args.no_demo:
        within.append(report(f"demo generation ({args.scale})", measure("demo", args.demo_runs, generate)))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0 if all(within) else 1


if __name__ == "__main__":
    raise SystemExit(main())
