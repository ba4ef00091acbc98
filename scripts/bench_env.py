"""What the whole-process benchmarks give their child processes: the code run from its bytecode, as
an installed or PyInstaller build runs it. A shell with PYTHONDONTWRITEBYTECODE (or a tree exported
fresh with `git archive`) would otherwise compile every module again in every run, and the figure
would be the compiler's, not the program's."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path


def from_bytecode(trees: Iterable[Path], env: dict[str, str] | None = None) -> dict[str, str]:
    """Compile each tree's `desktop` package, and return `env` (default: this one) without
    PYTHONDONTWRITEBYTECODE."""
    for tree in trees:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(tree) / "desktop")], check=True)
    env = dict(os.environ if env is None else env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env
