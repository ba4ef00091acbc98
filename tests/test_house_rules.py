"""The house habits of pyproject.toml: ruff ([tool.ruff]) finds nothing in desktop, tests and scripts,
and mypy ([tool.mypy]) finds nothing in desktop outside desktop/ui. Both run from the venv that runs
the tests, so the versions are the ones the test extras pin."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    checked = run("ruff", "check", "--no-fix", "--output-format", "concise", "desktop", "tests", "scripts")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_mypy_finds_nothing():
    # The paths and options are in [tool.mypy]; the cache in .mypy_cache makes a second run quick.
    checked = run("mypy")
    assert checked.returncode == 0, checked.stdout + checked.stderr
