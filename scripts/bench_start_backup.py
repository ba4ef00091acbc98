"""What the window's start waits for on a district database: opening it, against opening it and
making the verified daily backup in the same call (as the start did before the backup moved to the
worker). Usage: bench_start_backup.py DISTRICT.sqlite3 (already at the current schema)."""

import shutil
import sys
import tempfile
import time
from pathlib import Path

from desktop.store.database import open_database


def main(src: Path) -> None:
    for label, auto in (("open only (the window's start now)", False), ("open + verified daily backup (the start before)", True)):
        work = Path(tempfile.mkdtemp())
        db_file = work / "district.sqlite3"
        shutil.copy(src, db_file)
        t = time.perf_counter()
        db = open_database(str(db_file), exclusive=True, auto_backup=auto)
        elapsed = time.perf_counter() - t
        db.close()
        print(f"{label}: {elapsed:.2f} s")
        shutil.rmtree(work)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
