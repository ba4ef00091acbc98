"""A scoring process killed (SIGKILL) while scores are typed: every acknowledged score is there
after reopening, and the database passes integrity_check."""

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.services import scoring
from desktop.store.database import open_database
from tests.services.helpers import add_branch

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_killed_while_typing_loses_no_acknowledged_score(tmp_path):
    target = str(tmp_path / "scoring.sqlite3")
    db = open_database(target)
    branch_ids = [add_branch(db.workspace, f"第{n}社区党支部") for n in range(10)]
    session_id = scoring.create_session(db.workspace, 2025, "考评", date(2025, 6, 1), branch_ids, ["张三", "李四"])
    db.close()

    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("score_typist.py")), target, str(session_id)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    acknowledged: dict[tuple[int, int, int], float] = {}
    try:
        for line in child.stdout:
            scorer_id, branch_id, item_id, points = line.split()
            acknowledged[(int(scorer_id), int(branch_id), int(item_id))] = float(points)
            if len(acknowledged) >= 200:  # well inside the 560 cells: killed mid-typing
                break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL

    db = open_database(target)
    try:
        stored = scoring.load_grid(db.workspace, session_id).scores
        for key, points in acknowledged.items():
            assert stored.get(key) == points, key
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        db.close()
