"""A -wal companion deleted while a writer has it is named as such, not as a damaged file; the
database file is left as it is, and the printed restore advice works."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services import branches
from desktop.store.database import open_database
from desktop.store.faults import MissingWal

ROOT = Path(__file__).resolve().parents[2]

# Writes through the app's own ws (WAL mode) with checkpoints off, so the writes live in the
# -wal file only, then keeps the database open.
WRITER = textwrap.dedent(
    """
    import sys, time
    from sqlalchemy import event
    from desktop.services import branches
    from desktop.store.database import open_database

    db = open_database(sys.argv[1])
    event.listen(db.engine, "connect", lambda conn, _r: conn.execute("PRAGMA wal_autocheckpoint=0"))
    db.engine.dispose()
    for n in range(5):
        branches.save_branch(db.workspace, {"name": f"新{n}党支部", "branch_kind": "village", "full_members": 5})
    print("written", flush=True)
    time.sleep(600)
    """
)


def test_a_wal_deleted_under_a_writer_is_named_and_restorable(tmp_path, capsys):
    db_file = tmp_path / "main.sqlite3"
    db = open_database(str(db_file))
    branches.save_branch(db.workspace, {"name": "旧党支部", "branch_kind": "village", "full_members": 5})
    db.close()
    assert main(["--db", str(db_file), "backup"]) == 0
    copy = next((tmp_path / "backups").glob("branchdesk-*.sqlite3"))

    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db_file)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert writer.stdout.readline().strip() == "written", writer.stderr.read()
        wal = Path(f"{db_file}-wal")
        assert wal.stat().st_size > 0
        wal.unlink()
        before = db_file.read_bytes()
        capsys.readouterr()

        assert main(["--db", str(db_file), "check"]) == 2
        err = capsys.readouterr().err
        assert "main.sqlite3-wal 不见了" in err and "不是数据库文件本身损坏" in err
        assert f'restore "{copy}"' in err and "文件已损坏" not in err and "I/O" not in err
        assert db_file.read_bytes() == before
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
        writer.stdout.close()
        writer.stderr.close()

    # The writer is gone, its log with it: still named, and the advice can be followed as printed.
    with pytest.raises(MissingWal) as error:
        open_database(str(db_file))
    assert error.value.file == db_file
    assert main(["--db", str(db_file), "restore", str(copy)]) == 0
    db = open_database(str(db_file))
    assert sorted(branches.branch_names(db.workspace)) == ["旧党支部"]
    db.close()
    aside = next(tmp_path.glob("main.sqlite3.corrupt-*[0-9]"))
    assert Path(f"{aside}-shm").exists()  # the index is kept beside the moved-aside file
