"""scripts/bootstrap.sh on a prepared checkout: a second run does nothing (no apt, no pip, same stamp)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".bootstrap-stamp"

pytestmark = pytest.mark.skipif(
    not STAMP.is_file() or Path(sys.prefix).resolve() != VENV.resolve(),
    reason="runs inside the .venv that scripts/bootstrap.sh made",
)


def base_interpreter() -> str:
    return os.path.realpath(getattr(sys, "_base_executable", sys.executable))


def test_a_second_run_does_nothing():
    before = STAMP.stat().st_mtime_ns
    env = dict(os.environ, PYTHON=base_interpreter())
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "bootstrap.sh")], capture_output=True, text=True, env=env, timeout=600
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert STAMP.stat().st_mtime_ns == before
