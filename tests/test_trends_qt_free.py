"""The trend core (rules, services, charts, report) imports without Qt."""

from __future__ import annotations

import subprocess
import sys


def test_trend_core_leaves_pyside_out():
    code = (
        "import sys\n"
        "import desktop.rules.trends, desktop.rules.targets, desktop.services.trends, desktop.services.targets\n"
        "import desktop.charts.figures, desktop.charts.export, desktop.paper.trends_report\n"
        "import desktop.services.trends_report, desktop.commands.trends\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cli_start_does_not_load_matplotlib():
    code = "import sys, desktop.cli; desktop.cli.build_parser(); print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
