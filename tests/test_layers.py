"""The import contracts of pyproject.toml ([tool.importlinter]): the layers of docs/architecture.md
hold and no package's modules import each other in a circle."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lint_imports() -> subprocess.CompletedProcess:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    return subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_import_contracts_are_kept():
    run = lint_imports()
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 kept, 0 broken" in run.stdout


def test_a_paper_module_that_reads_a_service_breaks_the_layers(tmp_path):
    """The contract can fail: typesetting that reaches into a service is refused."""
    probe = ROOT / "desktop" / "paper" / "_layer_probe.py"
    probe.write_text("from desktop.services import settings  # noqa: F401\n", encoding="utf-8")
    try:
        run = lint_imports()
    finally:
        probe.unlink()
    assert run.returncode != 0
    assert "desktop.paper is not allowed to import desktop.services" in run.stdout
