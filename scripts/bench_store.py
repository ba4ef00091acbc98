"""What verifying a backup costs, on district demo data (2,000 branches, ten years).

A backup counts only after integrity_check, foreign_key_check and the schema comparison; before,
quick_check alone. Prints each check's time on the database, a whole `backup` (copy + verification),
and the look for unknown stored values that every reading command makes first.

Usage: python scripts/bench_store.py [--db PATH]   (without --db a district demo is generated, ~1-2 min)
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def best_of(runs: int, action) -> float:
    return min(timed(action) for _ in range(runs))


def main() -> int:
    from desktop.services import demo
    from desktop.services.stored_values import unknown_values
    from desktop.store import backup
    from desktop.store.database import open_database
    from desktop.store.engine import read_only_uri
    from desktop.store.integrity import actual_schema, verify_file

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="an existing database (default: a new district demo)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.db) if args.db else Path(folder) / "district.sqlite3"
        if not args.db:
            db = open_database(str(path))
            print(f"district demo: {timed(lambda: demo.generate(db.engine, 'district', 1)):.1f} s")
            db.close()
        print(f"database: {path.stat().st_size / 2**20:.0f} MB")
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        for pragma in ("quick_check", "integrity_check", "foreign_key_check"):
            print(f"PRAGMA {pragma}: {best_of(2, lambda: conn.execute(f'PRAGMA {pragma}').fetchall()):.2f} s")
        print(f"schema comparison: {best_of(3, lambda: actual_schema(conn)) * 1000:.1f} ms")
        conn.close()

        db = open_database(str(path))
        copy = Path(folder) / "copy.sqlite3"
        made = timed(lambda: backup.backup_to(db.engine, copy))
        print(f"backup (copy + full verification): {made:.2f} s")
        print(f"verify_file of that copy: {best_of(2, lambda: verify_file(copy)):.2f} s")
        with db.engine.connect() as live:
            scan = best_of(5, lambda: unknown_values(live))
        print(f"unknown stored values, the look before each reading command: {scan * 1000:.0f} ms")
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
