"""Running a child script until it says it has reached the moment to be killed, then SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def kill_when(ready: str, script: str, *args: str) -> None:
    """Run `script` with `args` in a fresh interpreter and SIGKILL it (no cleanup, no atexit) as soon
    as it prints the line `ready`; fails with the child's error output if it never does."""
    process = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert process.stdout.readline().strip() == ready, process.stderr.read()
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close()
        process.stderr.close()
