"""The core imports without Qt: the CLI and the rules must work on a machine with no display."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import desktop

CORE_PACKAGES = ("models", "rules", "services", "excel", "store", "commands")


def core_modules() -> list[str]:
    root = Path(desktop.__file__).parent
    names = ["desktop", "desktop.cli", "desktop.errors", "desktop.glossary", "desktop.paths", "desktop.services.settings"]
    for package in CORE_PACKAGES:
        names.append(f"desktop.{package}")
        names += [f"desktop.{package}.{m.name}" for m in pkgutil.iter_modules([str(root / package)])]
    return names


def test_core_modules_leave_pyside6_out_of_sys_modules():
    modules = core_modules()
    assert "desktop.rules.setup" in modules and "desktop.store.backup" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(leaked)\n"
        "raise SystemExit(1 if leaked else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
