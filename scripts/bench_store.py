"""What verifying a backup costs, on district demo data (2,000 branches, ten years), and what
carrying meeting attachments costs, on a street demo with small scans attached.

A backup counts only after integrity_check, foreign_key_check and the schema comparison; before,
quick_check alone. Prints each check's time on the database, a whole `backup` (copy + verification),
and the look for unknown stored values that every reading command makes first. With --attachments N
it prints instead, on a street demo: a backup without attachments, the first backup after N scans
were attached (every file copied into the store and hashed), the next day's backup (the store has
them all), `verify` of the live files, and a restore that brings every file back.

Usage: python scripts/bench_store.py [--db PATH]   (without --db a district demo is generated, ~1-2 min)
       python scripts/bench_store.py --attachments 200
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
    parser.add_argument("--attachments", type=int, metavar="N", help="measure backups of a street demo with N scans")
    args = parser.parse_args()
    if args.attachments:
        return attachments(args.attachments)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.db) if args.db else Path(folder) / "district.sqlite3"
        if not args.db:
            db = open_database(str(path))
            print(f"district demo: {timed(lambda: demo.generate(db.workspace, 'district', 1)):.1f} s")
            db.close()
        print(f"database: {path.stat().st_size / 2**20:.0f} MB")
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        for pragma in ("quick_check", "integrity_check", "foreign_key_check"):
            print(f"PRAGMA {pragma}: {best_of(2, lambda pragma=pragma: conn.execute(f'PRAGMA {pragma}').fetchall()):.2f} s")
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


def attachments(count: int) -> int:
    import random
    import shutil

    from sqlalchemy import select

    from desktop.models import Meeting
    from desktop.services import demo, meetings
    from desktop.store import attachment_store, backup, restore
    from desktop.store.database import open_database

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        db = open_database(str(root / "street.sqlite3"))
        demo.generate(db.workspace, "street", 1)
        print(f"street demo: {db.file.stat().st_size / 2**20:.1f} MB")
        plain = best_of(3, lambda: backup.backup_to(db.engine, root / "plain", folder=True))
        print(f"backup without attachments: {plain:.2f} s")

        rng = random.Random(1)
        with db.workspace.read() as session:
            meeting_ids = list(session.scalars(select(Meeting.id).limit(count)))
        scans = root / "scans"
        scans.mkdir()
        total = 0
        for n in range(count):
            source = scans / f"签到表-{n:03d}.jpg"
            source.write_bytes(rng.randbytes(rng.randint(20_000, 200_000)))  # a phone photo or a small PDF
            total += source.stat().st_size
            meetings.add_attachment(db.workspace, meeting_ids[n % len(meeting_ids)], source)
        print(f"{count} attachments, {total / 2**20:.1f} MB")

        daily = root / "backups"
        first = timed(lambda: backup.backup_to(db.engine, daily, folder=True))
        print(f"first backup with attachments (all copied and hashed): {first:.2f} s")
        again = best_of(3, lambda: backup.backup_to(db.engine, daily, folder=True))
        print(f"next backup (every file already in the store): {again:.2f} s")
        refs = attachment_store.references_of(db.file)
        check = best_of(3, lambda: attachment_store.live_problems(db.file, refs))
        print(f"verify of the live attachment files: {check:.2f} s")
        copy = sorted(daily.glob("*.sqlite3"))[0]
        shutil.rmtree(db.file.parent / "attachments")
        back = timed(lambda: restore.restore(db.engine, copy))
        print(f"restore bringing every file back: {back:.2f} s")
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
