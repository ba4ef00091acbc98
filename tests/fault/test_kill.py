"""A process killed mid-write (SIGKILL: no cleanup, no atexit) loses nothing it acknowledged."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Writes forever, alternating a single save and a whole-file import (each one transaction), and
# prints the names it wrote only after the commit returned: those are the acknowledged writes.
WRITER = textwrap.dedent(
    """
    import sys
    from openpyxl import Workbook
    from desktop.services import branches
    from desktop.services.branch_import import import_branches
    from desktop.store.database import open_database

    db = open_database(sys.argv[1], exclusive=True)
    start = int(sys.argv[2])
    folder = sys.argv[3]
    n = start
    while True:
        name = f"保存{n:06d}党支部"
        branches.save_branch(db.workspace, {"name": name, "branch_kind": "government", "full_members": n % 60})
        print(name, flush=True)
        book = Workbook()
        sheet = book.active
        sheet.append(["支部名称", "支部类型", "正式党员数", "备注"])
        names = [f"导入{n:06d}-{k:02d}党支部" for k in range(20)]
        for k, imported in enumerate(names):
            sheet.append([imported, "社区", k + 3, "x" * 500])
        path = f"{folder}/batch.xlsx"
        book.save(path)
        report = import_branches(db.workspace, path)
        assert report.imported == 20, report
        print(*names, sep="\\n", flush=True)
        n += 1
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("acknowledged_before_kill", [1, 45, 200])
def test_sigkill_during_writes_loses_no_acknowledged_write(tmp_path, acknowledged_before_kill):
    db_file = tmp_path / "fault.sqlite3"
    acknowledged: list[str] = []
    for round_number in range(2):  # twice: the second run starts from a killed database
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_file), str(round_number * 100_000), str(tmp_path)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )
        seen = 0
        try:
            for line in process.stdout:
                acknowledged.append(line.strip())
                seen += 1
                if seen >= acknowledged_before_kill:
                    break
            else:
                pytest.fail("writer stopped: " + process.stderr.read())
        finally:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            process.stdout.close()
            process.stderr.close()
        assert process.returncode == -signal.SIGKILL

        conn = sqlite3.connect(db_file)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            stored = {row[0] for row in conn.execute("SELECT name FROM branch")}
        finally:
            conn.close()
        missing = [name for name in acknowledged if name not in stored]
        assert missing == []
        # An import interrupted by the kill left none of its rows: each batch is all 20 or nothing.
        batches: dict[str, int] = {}
        for name in stored:
            if name.startswith("导入"):
                batches[name[2:8]] = batches.get(name[2:8], 0) + 1
        assert set(batches.values()) <= {20}

    # The app opens the killed database normally (lock released by the OS, schema current).
    from desktop.store.database import open_database

    open_database(str(db_file), exclusive=True).close()
